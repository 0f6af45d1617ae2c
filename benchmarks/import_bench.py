"""Import benchmark: a large plain-text export and a large .docx, imported by `ctt import`.

Usage: python benchmarks/import_bench.py [--text-mib 8] [--paragraphs 40000] [--limit]

Both sources are Chile's 2020 report (the seed) repeated with varied lines, so that the parser
places most of them. Each import runs as its own process, as a user runs it; the figures are
seconds per MiB of source (unpacked, for the .docx) and peak memory. --limit adds a .docx that
unpacks to just under the 256 MiB limit. Nothing is written into this repository.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests/data/seed/chile-2020-ctap.txt"
MIB = 1024 * 1024
DOCUMENT = "word/document.xml"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def seed_lines(copy: int) -> Iterator[str]:
    """The seed's lines, the longer ones varied by copy so that no two copies are alike."""
    for number, line in enumerate(SEED.read_text(encoding="utf-8").splitlines()):
        if len(line.split()) > 8 and number % 3 == copy % 3:
            yield f"{line.rstrip()} (revised {copy})"
        else:
            yield line


def write_text(path: Path, mib: float) -> None:
    """A plain-text export of at least `mib` MiB."""
    size, copy = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while size < mib * MIB:
            for line in seed_lines(copy):
                size += out.write(line + "\n")
            copy += 1


def _paragraphs(copy: int) -> Iterator[str]:
    """The seed's lines as Word paragraphs, in runs with formatting as Word writes them."""
    for line in seed_lines(copy):
        text = line.strip().lstrip("·").strip()
        if not text:
            yield "<w:p/>"
            continue
        style = '<w:pPr><w:pStyle w:val="ListBullet"/></w:pPr>' if line.strip()[0] == "·" else ""
        words = escape(text).split(" ")
        half = len(words) // 2
        runs = (
            f'<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/></w:rPr>'
            f'<w:t xml:space="preserve">{" ".join(part)} </w:t></w:r>'
            for part in (words[:half], words[half:])
            if part
        )
        yield f"<w:p>{style}{''.join(runs)}</w:p>"


def _copies() -> Iterator[str]:
    """The seed's paragraphs, copy after copy, without end."""
    copy = 0
    while True:
        yield from _paragraphs(copy)
        copy += 1


def write_docx(path: Path, paragraphs: int = 0, unpacked_mib: float = 0) -> int:
    """A .docx of the seed repeated: `paragraphs` paragraphs, or up to `unpacked_mib` unpacked;
    returns the paragraphs written. The package around the body is python-docx's own."""
    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    written = size = 0
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        others = [info for info in source.infolist() if info.filename != DOCUMENT]
        budget = unpacked_mib * MIB - sum(info.file_size for info in others) - 1024
        for info in others:
            out.writestr(info, source.read(info))
        with out.open(DOCUMENT, "w", force_zip64=True) as body:
            body.write(f"<w:document {W}><w:body>".encode())
            for paragraph in _copies():
                raw = paragraph.encode()
                if (paragraphs and written >= paragraphs) or (
                    unpacked_mib and size + len(raw) >= budget
                ):
                    break
                body.write(raw)
                size += len(raw)
                written += 1
            body.write(b"<w:sectPr/></w:body></w:document>")
    return written


def unpacked(path: Path) -> int:
    with zipfile.ZipFile(path) as pack:
        return sum(info.file_size for info in pack.infolist())


def bench_import(
    measure: Callable[..., Any], work: Path, text_mib: float, paragraphs: int, limit: bool
) -> None:
    """Time `ctt import` of each source into a fresh repository; print seconds per MiB."""
    repo = work / "import-repo"
    for name in ("schema", "templates"):
        shutil.copytree(ROOT / name, repo / name)
    sources: list[tuple[str, Path, int]] = []
    text = work / "big.txt"
    write_text(text, text_mib)
    sources.append(("plain text", text, text.stat().st_size))
    big = work / "big.docx"
    count = write_docx(big, paragraphs=paragraphs)
    sources.append((f".docx, {count} paragraphs", big, unpacked(big)))
    if limit:
        largest = work / "limit.docx"
        count = write_docx(largest, unpacked_mib=255.5)
        sources.append(
            (f".docx at the 256 MiB limit, {count} paragraphs", largest, unpacked(largest))
        )
    economies = repo / "economies"
    for label, path, size in sources:
        argv = [sys.executable, "-m", "ctt", "--root", str(repo), "import", str(path), "chile"]
        figure = measure(
            f"ctt import, {label} ({size / MIB:.1f} MiB)",
            [*argv, "2020"],
            work,
            1,
            prepare=lambda: shutil.rmtree(economies, ignore_errors=True),
        )
        outcome = {0: "imported", 1: "imported, with problems to review", 2: "refused"}
        print(
            f"      {outcome.get(figure.exit_code, 'failed')}: "
            f"{figure.seconds / (size / MIB):.2f} s/MiB, "
            f"{path.stat().st_size / MIB:.1f} MiB on disk, peak {figure.peak_mb:.0f} MB"
        )


def main() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import measure  # run.py imports this module: imported here, not at the top

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-mib", type=float, default=8)
    parser.add_argument("--paragraphs", type=int, default=40000)
    parser.add_argument("--limit", action="store_true", help="add a .docx at the 256 MiB limit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ctt-import-bench-") as tmp:
        bench_import(measure, Path(tmp), args.text_mib, args.paragraphs, args.limit)


if __name__ == "__main__":
    main()
