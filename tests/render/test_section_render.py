"""ctt render --section: one section's document for the agency that writes it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from conftest import Run

RunCtt = Callable[..., Run]
TITLE = "Chile 2020 — A.1 Protect Cargo"
A1_ITEM = "The AEO program was implemented on 01/12/2018"
A2_HEADING = "A.2 Protect Port Facilities and Ships Engaged in International Voyages"


def render(root: Path, run_ctt: RunCtt, out: Path, *args: str) -> list[str]:
    run = run_ctt(root, "render", "chile", "2020", "--out", str(out), *args)
    assert run.exit_code == 0, run.output
    return [Path(line).name for line in run.stdout.splitlines()]


def texts(path: Path) -> list[tuple[str, str]]:
    """(style, text) of every paragraph of a .docx, the body's and the tables', in order."""
    document = docx.Document(str(path))
    found = []
    for block in document.element.body.iterchildren():
        for p in block.iter(docx.oxml.ns.qn("w:p")):
            paragraph = docx.text.paragraph.Paragraph(p, document)
            style = paragraph.style.name if paragraph.style is not None else ""
            found.append((style, paragraph.text))
    return found


def test_a_section_in_every_format(chile_repo: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    names = render(chile_repo, run_ctt, tmp_path, "--section", "a1")
    assert names == ["chile-2020-a1.md", "chile-2020-a1.html", "chile-2020-a1.docx"]
    md = (tmp_path / "chile-2020-a1.md").read_text(encoding="utf-8")
    assert md.startswith(f"# {TITLE}\n")
    html = (tmp_path / "chile-2020-a1.html").read_text(encoding="utf-8")
    assert f'<h1 class="title">{TITLE}</h1>' in html
    paragraphs = texts(tmp_path / "chile-2020-a1.docx")
    assert paragraphs[0] == ("Title", TITLE)
    assert ("Heading 2", "A.1 Protect Cargo") in paragraphs
    for text in (md, html, "\n".join(t for _, t in paragraphs)):
        assert "Carlos A. Escudero Collante" in text and "cescudero@aduana.cl" in text
        assert "Implement the APEC Framework for Secure Trade (2005)." in text
        assert A1_ITEM in text
        assert "EXPERTISE AND/OR ASSISTANCE" in text.upper()
        assert A2_HEADING not in text and "Executive summary" not in text


def test_a_section_is_laid_out_as_in_the_report(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    render(chile_repo, run_ctt, tmp_path, "--section", "a3")
    render(chile_repo, run_ctt, tmp_path)
    section = (tmp_path / "chile-2020-a3.md").read_text(encoding="utf-8")
    body = section[section.index("#### Contact points") :]
    report = (tmp_path / "chile-2020.md").read_text(encoding="utf-8")
    assert body in report
    start = report.index("### A.3 Protect International Aviation")
    assert report.index(body) > start
    paragraphs = texts(tmp_path / "chile-2020-a3.docx")
    whole = texts(tmp_path / "chile-2020.docx")
    first = paragraphs.index(("Heading 2", "A.3 Protect International Aviation"))
    at = whole.index(("Heading 2", "A.3 Protect International Aviation"))
    assert whole[at : at + len(paragraphs) - first] == paragraphs[first:]


def test_a_section_alone_in_its_pillar(chile_repo: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    assert render(chile_repo, run_ctt, tmp_path, "--section", "b", "--format", "docx") == [
        "chile-2020-b.docx"
    ]
    paragraphs = texts(tmp_path / "chile-2020-b.docx")
    assert paragraphs[0] == ("Title", "Chile 2020 — B. Halting Terrorist Financing")
    assert ("Heading 1", "B. Halting Terrorist Financing") in paragraphs
    assert not [text for style, text in paragraphs if style == "Heading 2"]


def test_the_public_version_of_a_section(chile_repo: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    names = render(chile_repo, run_ctt, tmp_path, "--section", "a1", "--redact", "contacts")
    assert names == [f"chile-2020-a1-public.{ext}" for ext in ("md", "html", "docx")]
    for name in names[:2]:
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "Carlos A. Escudero Collante" in text
        assert "cescudero@aduana.cl" not in text and "2134630" not in text
    shown = "\n".join(text for _, text in texts(tmp_path / names[2]))
    assert "Carlos A. Escudero Collante" in shown and "cescudero@aduana.cl" not in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--section", "a9"], "unknown section 'a9' (known: a1, a2, a3, a4, a5, b, c)"),
        (["--all", "--section", "a1"], "--all renders every year"),
    ],
)
def test_misuse_exits_2(chile_repo: Path, run_ctt: RunCtt, args: list[str], message: str) -> None:
    if "--all" in args:
        run = run_ctt(chile_repo, "render", "chile", *args)
    else:
        run = run_ctt(chile_repo, "render", "chile", "2020", *args)
    assert run.exit_code == 2, run.output
    assert message in run.stderr


def test_only_the_sections_own_errors_stop_it(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    folder = chile_repo / "economies" / "chile" / "2020"
    a2 = folder / "a2-protect-port-facilities-and-ships.yaml"
    a2.write_text(a2.read_text(encoding="utf-8").replace("measures_planned:", "measures_plan:"))
    run = run_ctt(chile_repo, "render", "chile", "2020", "--section", "a2", "--out", str(out))
    assert run.exit_code == 1, run.output
    assert (
        "a2-protect-port-facilities-and-ships.yaml" in run.stderr and "[unknown-key]" in run.stderr
    )
    assert not out.exists()
    assert render(chile_repo, run_ctt, out, "--section", "a1", "--format", "md") == [
        "chile-2020-a1.md"
    ]
