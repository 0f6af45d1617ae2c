"""Read one section's document (ctt's own, edited in Word; a section cut from a report; a text
export) into that section's data only, checking that it is the section it is said to be.

The document is read as a report is (tracked changes, comments, the ledger). What it says of
itself must name the economy, year and section given, or the import is refused unless forced:
ctt's hidden part, its title ("Chile 2020 — A.1 Protect Cargo"), its Economy and Calendar year
rows, and the section heading it has. Text of any other part of a report is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctt.authoring.importer import keep_lost, read_lines
from ctt.authoring.importer.classify import names_economy
from ctt.authoring.importer.headings import header_fields
from ctt.authoring.importer.ledger import Ledger
from ctt.authoring.importer.lines import Line
from ctt.authoring.importer.parse import Parsed, ReportParser
from ctt.authoring.importer.source import Kind, Note
from ctt.catalogue.catalogue import REPORT_FILE, Catalogue, SectionDef
from ctt.errors import DataError, ListingError

SECTION_TITLE = re.compile(r"^(?P<economy>.+?)\s+(?P<year>\d{4})\s*[—–-]\s*(?P<label>.+)$")
SHOWN_LINES = 5  # of the text found outside the section, enough to recognise it


@dataclass
class SectionImport:
    """The data of one section's file, read from its document, and what the reading noted."""

    file: str
    data: dict[str, Any]
    ledger: Ledger
    notes: list[Note] = field(default_factory=list)


@dataclass
class _Claims:
    """Where the document says it is another economy, year or section than the one given."""

    catalogue: Catalogue
    economy: str
    year: int
    section: SectionDef
    mismatches: list[str] = field(default_factory=list)

    def economy_is(self, said: str, where: str) -> None:
        if not names_economy(self.catalogue, self.economy, said):
            self.mismatches.append(f"{where} says economy {said!r}")

    def year_is(self, said: str, where: str) -> None:
        if said.strip() != str(self.year):
            self.mismatches.append(f"{where} says year {said!r}")

    def section_is(self, said: SectionDef | None, text: str, where: str) -> None:
        if said is None or said.id != self.section.id:
            self.mismatches.append(f"{where} says section {text!r}")


def import_section(
    path: Path,
    catalogue: Catalogue,
    economy: str,
    year: int,
    section_id: str,
    accept_changes: bool = False,
    force: bool = False,
) -> SectionImport:
    """Read a section's document; DataError when it is not that section's (unless `force`)
    or holds text of other parts of a report."""
    section = catalogue.sections[section_id]
    source, ledger = read_lines(path, accept_changes)
    notes = list(source.notes)
    claims = _Claims(catalogue, economy, year, section)
    identity = source.identity
    if identity is not None:
        if identity.redacted:
            raise DataError(
                f"{path}: the public version, its contact points without telephone, fax and "
                "email: importing it would drop them; import the full version"
            )
        where = "its hidden ctt part"
        claims.economy_is(identity.economy, where)
        claims.year_is(str(identity.year), where)
        if identity.section is not None:
            found = catalogue.sections.get(identity.section)
            claims.section_is(found, identity.section, where)
    parser = ReportParser(catalogue, economy, year, ledger)
    parser.whole_report = False
    lines = _head(source.lines, parser, claims, notes)
    if not any(not line.bullet and parser.section_of(line.text) for line in lines):
        lines = [Line(section.label, 0), *lines]  # no heading: the section given
    parsed = parser.feed(lines)
    seen = [s for s in catalogue.sections.values() if s.id in parser.seen]
    if len(seen) > 1:
        labels = ", ".join(s.label for s in seen)
        raise DataError(
            f"{path}: holds {len(seen)} sections ({labels}): import a whole report without "
            "--section, or one section's document"
        )
    chosen = seen[0] if seen else section
    if chosen.id != section.id:
        claims.section_is(chosen, chosen.label, "its heading")
    if claims.mismatches:
        expected = f"{economy} {year} {section.label}"
        if not force:
            raise ListingError(
                f"{path} is not the document of {expected}: give the right one, or --force to "
                "import it as that",
                [f"{path}: {mismatch}" for mismatch in claims.mismatches],
            )
        notes += [Note(0, f"{m}; imported as {expected} (--force)") for m in claims.mismatches]
    data = _section_data(parsed, chosen, section, path)
    ledger.verify({section.file: data}, catalogue)
    parsed.documents[section.file] = data
    keep_lost(parsed, section.file)
    return SectionImport(section.file, data, ledger, notes + parsed.notes)


def _head(
    lines: list[Line], parser: ReportParser, claims: _Claims, notes: list[Note]
) -> list[Line]:
    """The lines after the document's title and header rows, whose claims are checked."""
    index = 0
    while index < len(lines) and _head_line(lines[index], parser, claims, notes):
        index += 1
    return lines[index:]


def _head_line(line: Line, parser: ReportParser, claims: _Claims, notes: list[Note]) -> bool:
    """Whether a line is the title or a header row; its claims checked, its use recorded."""
    if line.bullet:
        return False
    match = SECTION_TITLE.match(line.text)
    found = parser.section_of(match["label"]) if match else None
    if match is not None and found is not None:
        claims.economy_is(match["economy"], "its title")
        claims.year_is(match["year"], "its title")
        claims.section_is(found, match["label"], "its title")
        parser.ledger.record(line, "template")
        return True
    fields = header_fields(line.text)
    if not fields:
        return False
    kind: Kind = "template"
    for key, value in fields:
        if key == "economy":
            claims.economy_is(value, "its Economy row")
        elif key == "calendar year":
            claims.year_is(value, "its Calendar year row")
        elif value:
            kind = "skipped"
            message = f"left out {key} {value!r}: report.yaml's, not imported with --section"
            notes.append(Note(line.number, message))
    parser.ledger.record(line, kind)
    return True


def _section_data(
    parsed: Parsed, found: SectionDef, section: SectionDef, path: Path
) -> dict[str, Any]:
    """The section's data, with text the parser could not place in it (before its heading)
    kept under its `unplaced`; DataError when text went to other parts of a report."""
    data = parsed.documents[found.file]
    data["section"] = section.id
    ledger = parsed.ledger
    ledger.refile(found.file, section.file, ("placed", "unplaced", "skipped"))
    ledger.refile(REPORT_FILE, section.file, ("unplaced",))  # text before the heading
    stray = ledger.elsewhere(section.file)
    if stray:
        shown = [f"{path}: {ledger.unit} {number}: {text[:80]!r}" for number, text in stray]
        more = [f"... and {len(shown) - SHOWN_LINES} more"] if len(shown) > SHOWN_LINES else []
        raise ListingError(
            f"{path}: {len(stray)} {ledger.unit}(s) of other parts of a report (the executive "
            "summary, another section, the closing offer): import a whole report without "
            "--section",
            shown[:SHOWN_LINES] + more,
        )
    before = parsed.documents[REPORT_FILE].get("unplaced", [])
    if before:
        data["unplaced"] = [*before, *data.get("unplaced", [])]
    return data
