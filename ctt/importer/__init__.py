"""Import a past report (the template's plain-text export, or a .docx) into YAML files."""

from __future__ import annotations

from pathlib import Path

from ctt.catalogue import Catalogue
from ctt.errors import UsageError
from ctt.importer.lines import Line, text_lines
from ctt.importer.parse import Note, Parsed, ReportParser

__all__ = ["Note", "Parsed", "import_file", "read_lines"]


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


def read_lines(path: Path) -> tuple[list[Line], list[Note]]:
    """The lines of a report file, by its kind (.docx, or text)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".docx":
        from ctt.importer.docx_lines import docx_lines

        return docx_lines(path, raw), []
    text, notes = decode_text(raw)
    return text_lines(text), notes


def import_file(path: Path, catalogue: Catalogue, economy: str, year: int) -> Parsed:
    """Read a past report into the data of each file of a ctt report."""
    lines, notes = read_lines(path)
    if not any(line.text for line in lines):
        raise UsageError(f"{path}: no text to import")
    parsed = ReportParser(catalogue, economy, year).feed(lines)
    parsed.notes[:0] = notes
    return parsed
