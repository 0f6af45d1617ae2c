"""Read the lines of a past CTAP report into report and section data, placing what it can."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ctt.authoring.importer.answers import AnswerBuilder, join_continuations
from ctt.authoring.importer.classify import TemplateLines, names_economy, norm
from ctt.authoring.importer.contacts import contact_fields, has_contact_fields, ordered_contact
from ctt.authoring.importer.dates import parse_date
from ctt.authoring.importer.headings import (
    HeadingMatch,
    first_word,
    header_fields,
    match_heading,
    rest_after,
    split_inline_bullets,
    title_year,
)
from ctt.authoring.importer.ledger import Ledger
from ctt.authoring.importer.lines import WORD_COMMENT_MARK, Line
from ctt.authoring.importer.source import Note
from ctt.catalogue.catalogue import REPORT_FILE, Catalogue, Commitment
from ctt.report.shape import blank_report, blank_section

SUMMARY_LISTS = ("forward_work_programme", "capacity_building_needs")


@dataclass
class Parsed:
    """The data of each file of the report, and the notes for the user."""

    documents: dict[str, dict[str, Any]]
    notes: list[Note] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    ledger: Ledger = field(default_factory=Ledger)


class ReportParser(TemplateLines):
    """A state machine over the lines of one report; it records each line in the ledger."""

    def __init__(
        self, catalogue: Catalogue, economy: str, year: int, ledger: Ledger | None = None
    ) -> None:
        super().__init__(catalogue)
        self.ledger = ledger if ledger is not None else Ledger()
        self.notes: list[Note] = []
        self.header: dict[str, str] = {}
        self.report: dict[str, Any] = blank_report(catalogue, economy, year)
        self.sections: dict[str, dict[str, Any]] = {}
        for section in catalogue.sections.values():
            self.sections[section.id] = blank_section(catalogue, section, economy, year)
        # The current place: which file, which list the next lines belong to.
        self.section: str | None = None
        self.mode = "preamble"
        self.buffer: list[Line] = []
        self.contact: dict[str, str] | None = None
        self.unplaced: dict[str, list[str]] = {}
        self.seen: set[str] = set()  # the sections whose heading the source has
        self.whole_report = True  # False: a section's document, which lacks the others

    # The state machine.
    def feed(self, lines: list[Line]) -> Parsed:
        """Place every line; return the documents and the notes."""
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            while index < len(lines) and self._wrapped(line, lines[index]):
                following = lines[index]
                more = (*line.more, *following.numbers)
                line = Line(f"{line.text} {following.text}", line.number, line.bullet, more=more)
                index += 1
            self.line(line)
        self.flush()
        return self.result()

    def line(self, line: Line) -> None:
        """Place one line (several, when bullets were run into it)."""
        for part in split_inline_bullets(line):
            self._place(part)

    def _place(self, line: Line) -> None:
        text = line.text
        if text.startswith(WORD_COMMENT_MARK):
            self.notes.append(Note(line.number, f"skipped a Word comment: {text[1:].strip()!r}"))
            self.ledger.record(line, "skipped")
            return
        if line.bullet and text in ("", "."):
            self.notes.append(Note(line.number, f"skipped an empty bullet {text!r}"))
            self.ledger.record(line, "skipped")
            return
        if self.mode == "preamble" and (fields := header_fields(text)):
            for key, value in fields:
                self.header_line(line.number, key, value)
            self.ledger.record(line, "placed", "report.yaml: header")
            return
        if not line.bullet and self._title(line):
            return
        if self._headings(line):
            return
        if self.is_template(text) and not line.bullet:
            self.ledger.record(line, "template")
            return
        if not line.bullet and self.mode.startswith("summary") and self._summary_label(line):
            return
        if not line.bullet and (section := self.section_of(text)):
            self.flush()
            self.section, self.mode = section.id, "contacts"
            self.seen.add(section.id)
            self.ledger.record(line, "template")
            return
        if not line.bullet and self.pillar_of(text):
            self.flush()
            self.section, self.mode = None, "between"
            self.ledger.record(line, "template")
            return
        if not line.bullet and has_contact_fields(text) and self.mode in ("contacts", "closing"):
            self.contact_line(line)
            return
        self.buffer.append(line)

    def _title(self, line: Line) -> bool:
        """The report's title, perhaps with its year (`2013 APEC COUNTER-TERRORISM ACTION PLAN`)."""
        is_title, year = title_year(line.text)
        if not is_title:
            return False
        if year is not None and year != str(self.report["year"]):
            message = f"the title says {year}, imported as {self.report['year']}"
            self.notes.append(Note(line.number, message))
        self.ledger.record(line, "template")
        return True

    def _headings(self, line: Line) -> bool:
        """A question or heading of the template, and what follows it on its line."""
        text = line.text
        first = first_word(text)
        if first not in self.heading_starts:
            return False
        if self.section is not None:
            for words, key in self.questions:
                if words[0] == first and (found := match_heading(text, words, 5)):
                    self.flush()
                    self.mode = f"answer:{key}"
                    return self._consumed(line, found)
        if line.bullet:
            return False
        if found := match_heading(text, self.leaders_heading, 3):
            if self.section is not None:
                self.flush()
                self.mode = "commitments"
            return self._consumed(line, found)
        for words, key in self.summary_questions:
            if words[0] == first and (found := match_heading(text, words, 5)):
                self.flush()
                self.mode = f"summary:{key}"
                return self._consumed(line, found)
        if found := match_heading(text, self.offer_heading, 4):
            self.flush()
            self.section, self.mode = None, "closing"
            return self._consumed(line, found)
        return False

    def _consumed(self, line: Line, found: HeadingMatch) -> bool:
        """Record a heading as template text; place what follows it on the line."""
        self.ledger.record(line, "template")
        if rest := rest_after(line, found.end):
            self._place(rest)
        return True

    def header_line(self, number: int, key: str, value: str) -> None:
        """A line of the header block: the economy and year are checked against the command."""
        self.header[key] = value
        if key == "calendar year" and value.strip() and value.strip() != str(self.report["year"]):
            message = f"the report says calendar year {value!r}, imported as {self.report['year']}"
            self.notes.append(Note(number, message))
        economy: str = self.report["economy"]
        said = value if key == "economy" and economy in self.catalogue.economies else ""
        if said and not names_economy(self.catalogue, economy, said):
            message = f"the report says economy {value!r}, imported as {economy}"
            self.notes.append(Note(number, message))

    def _summary_label(self, line: Line) -> bool:
        """'A.1 Protect Cargo: text' under question 1 of the executive summary."""
        head, sep, rest = line.text.partition(":")
        section = self.section_of(head + sep)
        if section is None:
            return False
        self.flush()
        self.mode = f"summary:achievements:{section.id}"
        self.ledger.record(line, "template")
        if rest.strip():
            self.buffer.append(Line(rest.strip(), line.number, more=line.more))
        return True

    def contact_line(self, line: Line) -> None:
        """A line with contact fields ('Name: ... Title: ...'); 'Name:' starts a contact."""
        role, fields = contact_fields(line.text)
        kept: list[str] = []
        for field_name, value in fields:
            if field_name == "name":
                self.flush_contact()
                self.contact = {}
                if role and not self.is_template(role):
                    self.contact["role"] = role
                    kept.append(role)
            if self.contact is None:
                self.contact = {}
            if value:
                self.contact[field_name] = value
                kept.append(value)
        file = self._contacts_file()
        self.ledger.record(line, "placed", f"{file}: contacts", file, " ".join(kept))

    def _contacts_file(self) -> str:
        if self.mode == "closing" or self.section is None:
            return REPORT_FILE
        return self.catalogue.sections[self.section].file

    def flush_contact(self) -> None:
        """Finish the contact being read and file it."""
        if not self.contact:
            self.contact = None
            return
        ordered = ordered_contact(self.contact)
        target = (
            self.report["assistance_offer"]["contacts"]
            if self._contacts_file() == REPORT_FILE
            else self.sections[self.section or ""]["contacts"]
        )
        target.append(ordered)
        self.contact = None

    def flush(self) -> None:
        """File the buffered lines where the current mode says they belong."""
        self.flush_contact()
        lines, self.buffer = self.buffer, []
        if not lines:
            return
        mode = self.mode
        if mode == "commitments" and self.section:
            self._commitments(lines)
            return
        target = self._target(mode)
        if target is None:
            self._unplace(self.section, lines)
            return
        items, file, key = target
        for line in lines:
            self.ledger.record(line, "placed", f"{file}: {key}", file, line.text)
        section = self.section if mode.startswith("answer:") else None
        builder = AnswerBuilder(
            self._matcher(section), key == "measures_planned", self.catalogue.commitments
        )
        items.extend(builder.build(lines))

    def _target(self, mode: str) -> tuple[list[Any], str, str] | None:
        """The list the current mode's lines go into, its file and its key."""
        summary = self.report["executive_summary"]
        parts = mode.split(":")
        if parts[0] == "answer" and self.section:
            section = self.catalogue.sections[self.section]
            return self.sections[section.id][parts[1]], section.file, parts[1]
        if parts[0] == "summary" and parts[1] == "achievements" and len(parts) == 3:
            key = f"executive_summary.achievements.{parts[2]}"
            return summary["achievements"][parts[2]], REPORT_FILE, key
        if mode == "summary:achievements":  # an older layout: achievements of no one section
            overall = summary["achievements"].setdefault("overall", [])
            return overall, REPORT_FILE, "executive_summary.achievements.overall"
        if parts[0] == "summary" and parts[1] in SUMMARY_LISTS:
            return summary[parts[1]], REPORT_FILE, f"executive_summary.{parts[1]}"
        if mode == "closing":
            return self.report["assistance_offer"]["items"], REPORT_FILE, "assistance_offer.items"
        return None

    def _matcher(self, section_id: str | None) -> Any:
        def match(text: str) -> Commitment | None:
            if section_id is None or len(text.split()) < 6:
                return None
            return self.catalogue.match_commitment(text, section_id)

        return match

    def _commitments(self, lines: list[Line]) -> None:
        assert self.section is not None
        section = self.catalogue.sections[self.section]
        data = self.sections[self.section]
        for line in join_continuations(lines):
            found = self.catalogue.match_commitment(line.text, self.section)
            if found is None:
                message = f"commitment not in the catalogue, kept as unplaced: {line.text!r}"
                self.notes.append(Note(line.number, message))
                self._unplace(self.section, [line], note=False)
            elif found.id in data["commitments"]:
                message = f"commitment listed twice, kept once: {line.text!r}"
                self.notes.append(Note(line.number, message))
                self.ledger.record(line, "skipped", f"{section.file}: commitments")
            else:
                data["commitments"].append(found.id)
                where = f"{section.file}: commitments"
                self.ledger.record(line, "placed", where, section.file, line.text)

    def _unplace(self, section_id: str | None, lines: list[Line], note: bool = True) -> None:
        where = f"section {section_id}" if section_id else "the report header"
        file = self.catalogue.sections[section_id].file if section_id else REPORT_FILE
        for line in lines:
            if note:
                message = f"could not place, kept as unplaced in {where}: {line.text!r}"
                self.notes.append(Note(line.number, message))
            self.unplaced.setdefault(section_id or REPORT_FILE, []).append(line.text)
            self.ledger.record(line, "unplaced", f"{file}: unplaced", file, line.text)

    def result(self) -> Parsed:
        """The documents by file name, unplaced text kept under `unplaced`."""
        updated = self.header.get("last updated", "")
        if updated and norm(updated) not in ("not stated", "n/a", "-"):
            self.report["last_updated"] = parse_date(updated)
            if self.report["last_updated"] is None:
                self.unplaced.setdefault(REPORT_FILE, []).append(f"LAST UPDATED: {updated}")
        achievements = self.report["executive_summary"]["achievements"]
        if "overall" in achievements:  # first, as the rendering shows it
            overall = achievements.pop("overall")
            self.report["executive_summary"]["achievements"] = {"overall": overall, **achievements}
        documents: dict[str, dict[str, Any]] = {REPORT_FILE: self.report}
        if REPORT_FILE in self.unplaced:
            self.report["unplaced"] = self.unplaced[REPORT_FILE]
        for section in self.catalogue.sections.values():
            data = self.sections[section.id]
            if not data["commitments"]:
                data["commitments"] = [c.id for c in self.catalogue.commitments_of(section.id)]
            if section.id in self.unplaced:
                data["unplaced"] = self.unplaced[section.id]
            documents[section.file] = data
        missing = [s for s in self.catalogue.sections.values() if s.id not in self.seen]
        if missing and self.whole_report:
            names = ", ".join(f"{s.number} {s.title}" for s in missing)
            message = f"the source has no {names}: written with empty answers (an excerpt?)"
            self.notes.append(Note(0, message))
        return Parsed(documents, self.notes, self.header, self.ledger)
