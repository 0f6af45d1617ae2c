"""Import a past report (the template's plain-text export, a .docx or a PDF) into YAML files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctt.authoring.importer.ledger import Ledger
from ctt.authoring.importer.lines import Line, clean, text_lines
from ctt.authoring.importer.parse import Parsed, ReportParser
from ctt.authoring.importer.source import Note, Source
from ctt.catalogue.catalogue import REPORT_FILE, Catalogue
from ctt.errors import UsageError
from ctt.store import hidden

__all__ = ["Note", "Parsed", "Source", "import_file", "read_source"]
# Past reports in Word may hold images; 50 MiB is far beyond any report's text and pictures.
MAX_SOURCE_BYTES = 50 * 1024 * 1024


def decode_text(raw: bytes) -> tuple[str, list[Note]]:
    """The text of a plain-text export: UTF-8 (with or without BOM) or UTF-16.

    Where a line's bytes are not UTF-8 (one pasted from an old Windows document), that line,
    and only that line, is read as Windows-1252, with a note: never mojibake for the rest.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise UsageError(f"not valid UTF-16 text (byte {exc.start}: {exc.reason})") from None
    if raw.startswith(b"PK\x03\x04"):
        raise UsageError("this is a .docx (or other zip) file: give it a .docx name")
    if raw.startswith(b"%PDF-"):
        raise UsageError("this is a PDF file: give it a .pdf name")
    if b"\x00" in raw:
        raise UsageError("not a text file (it holds NUL bytes)")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    lines, notes = [], []
    for number, line in enumerate(raw.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
            notes.append(Note(number, "this line is not UTF-8: read it as Windows-1252"))
    return "\n".join(lines), notes


def read_source(path: Path, accept_changes: bool = False) -> Source:
    """The lines of a report file, by its kind (.docx, .pdf or text)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_SOURCE_BYTES:
        limit = MAX_SOURCE_BYTES // (1024 * 1024)
        raise UsageError(f"{path}: larger than {limit} MiB, far beyond any report: not read")
    if path.suffix.lower() == ".docx":
        from ctt.authoring.importer.docx_lines import docx_source

        return docx_source(path, raw, accept_changes)
    if path.suffix.lower() == ".pdf":
        from ctt.authoring.importer.pdf_lines import pdf_source

        return pdf_source(path, raw)
    text, notes = decode_text(raw)
    return Source(text_lines(text), notes)


def _drop_hidden(lines: list[Line]) -> list[Note]:
    """Remove hidden characters (Word leaves soft hyphens, direction marks...), noting each."""
    notes = []
    for line in lines:
        line.text, removed = hidden.strip_hidden(line.text)
        if removed:
            line.text = clean(line.text)
            what = ", ".join(dict.fromkeys(removed))
            notes.append(Note(line.number, f"removed {len(removed)} hidden character(s): {what}"))
    return notes


def read_lines(path: Path, accept_changes: bool = False) -> tuple[Source, Ledger]:
    """The source's lines, hidden characters removed (noted), and a ledger of its units."""
    source = read_source(path, accept_changes)
    source.notes += _drop_hidden(source.lines)
    if not any(line.text for line in source.lines):
        raise UsageError(f"{path}: no text to import")
    ledger = Ledger(source.unit)
    ledger.add_units(source.lines, source.accounted)
    return source, ledger


def import_file(
    path: Path, catalogue: Catalogue, economy: str, year: int, accept_changes: bool = False
) -> Parsed:
    """Read a past report into the data of each file of a ctt report."""
    source, ledger = read_lines(path, accept_changes)
    if source.identity is not None and source.identity.section is not None:
        section = source.identity.section
        raise UsageError(
            f"{path}: the document of section {section} only: import it with --section {section}"
        )
    parsed = ReportParser(catalogue, economy, year, ledger).feed(source.lines)
    parsed.notes[:0] = source.notes
    if source.metadata:
        parsed.documents[REPORT_FILE] = _with_metadata(parsed.documents[REPORT_FILE], source)
    ledger.verify(parsed.documents, catalogue)
    keep_lost(parsed)
    return parsed


def keep_lost(parsed: Parsed, file: str = REPORT_FILE) -> None:
    """A line the import lost track of (a bug) is still kept, under the `unplaced` of
    report.yaml (or of the one file written)."""
    data = parsed.documents[file]
    for entry in parsed.ledger.entries():
        if entry.kind == "lost" and entry.text:
            data.setdefault("unplaced", []).append(entry.text)
            message = f"ctt lost track of this text (a bug), kept as unplaced: {entry.text!r}"
            parsed.notes.append(Note(entry.number, message))


def _with_metadata(report: dict[str, Any], source: Source) -> dict[str, Any]:
    """The report's data with what the reader found outside its text, after its header."""
    ordered: dict[str, Any] = {}
    for key, value in report.items():
        if key == "executive_summary":
            ordered.update(source.metadata)
        ordered[key] = value
    return ordered
