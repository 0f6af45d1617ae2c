"""Import a past report (the template's plain-text export, a .docx or a PDF) into YAML files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctt import hidden
from ctt.catalogue import REPORT_FILE, Catalogue
from ctt.errors import UsageError
from ctt.importer.lines import Line, clean, text_lines
from ctt.importer.parse import Parsed, ReportParser
from ctt.importer.source import Note, Source

__all__ = ["Note", "Parsed", "Source", "import_file", "read_source"]
# Past reports in Word may hold images; 50 MiB is far beyond any report's text and pictures.
MAX_SOURCE_BYTES = 50 * 1024 * 1024


def decode_text(raw: bytes) -> tuple[str, list[Note]]:
    """The text of a plain-text export: UTF-8 (with or without BOM), UTF-16, or Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), []
    if raw.startswith(b"PK\x03\x04"):
        raise UsageError("this is a .docx (or other zip) file: give it a .docx name")
    if b"\x00" in raw:
        raise UsageError("not a text file (it holds NUL bytes)")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        note = Note(0, "the file is not UTF-8; read it as Windows-1252")
        return raw.decode("cp1252", errors="replace"), [note]


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
        from ctt.importer.docx_lines import docx_lines

        return Source(docx_lines(path, raw), unit="paragraph")
    if path.suffix.lower() == ".pdf":
        from ctt.importer.pdf_lines import pdf_source

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


def import_file(
    path: Path, catalogue: Catalogue, economy: str, year: int, accept_changes: bool = False
) -> Parsed:
    """Read a past report into the data of each file of a ctt report."""
    source = read_source(path, accept_changes)
    notes = source.notes + _drop_hidden(source.lines)
    if not any(line.text for line in source.lines):
        raise UsageError(f"{path}: no text to import")
    parsed = ReportParser(catalogue, economy, year).feed(source.lines)
    parsed.notes[:0] = notes
    if source.metadata:
        parsed.documents[REPORT_FILE] = _with_metadata(parsed.documents[REPORT_FILE], source)
    return parsed


def _with_metadata(report: dict[str, Any], source: Source) -> dict[str, Any]:
    """The report's data with what the reader found outside its text, after its header."""
    ordered: dict[str, Any] = {}
    for key, value in report.items():
        if key == "executive_summary":
            ordered.update(source.metadata)
        ordered[key] = value
    return ordered
