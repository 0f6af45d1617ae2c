"""Read the lines of a past CTAP report into report and section data, placing what it can."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ctt.catalogue import REPORT_FILE, Catalogue, Commitment, SectionDef
from ctt.importer.answers import AnswerBuilder, join_continuations
from ctt.importer.lines import WORD_COMMENT_MARK, Line, clean
from ctt.importer.source import Note

CONTACT_LABEL = re.compile(
    r"(Name|Title|Telephone Number|Telephone|Phone|Fax Number|Fax|"
    r"Email Address|E-mail Address|Email|E-mail):",
    re.I,
)
FIELD_BY_LABEL = {
    "name": "name",
    "title": "title",
    "telephone number": "telephone",
    "telephone": "telephone",
    "phone": "telephone",
    "fax number": "fax",
    "fax": "fax",
    "email address": "email",
    "e-mail address": "email",
    "email": "email",
    "e-mail": "email",
}
GENERIC_CONTACT = re.compile(r"^contact points?( \d+)?$", re.I)
SECTION_HEADING = re.compile(r"^([A-C])\.?\s*(\d)?\s*\.?\s+(.+?)\s*:?$")
STOP_WORDS = {"the", "and", "of", "in", "to", "a", "an", "for", "on"}
NOTHING = {"nothing reported.", "nothing reported", "none.", "n/a"}
OLD_HEADER = re.compile(r"^(ECONOMY|CALENDAR YEAR|LAST UPDATED)\s*:\s*(.*)$", re.I)
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}


@dataclass
class Parsed:
    """The data of each file of the report, and the notes for the user."""

    documents: dict[str, dict[str, Any]]
    notes: list[Note] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)


def norm(text: str) -> str:
    """Text for comparison: quotes straightened, case and spacing folded."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return clean(text).casefold()


def _title_key(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", norm(text))
    return frozenset(w[:5] for w in words if w not in STOP_WORDS)


class ReportParser:
    """A state machine over the lines of one report."""

    def __init__(self, catalogue: Catalogue, economy: str, year: int) -> None:
        self.catalogue = catalogue
        self.notes: list[Note] = []
        self.header: dict[str, str] = {}
        self.questions = [(norm(q.text).split()[:5], q.key) for q in catalogue.questions]
        self.summary_questions = {
            key: norm(text) for key, text in catalogue.summary_questions.items()
        }
        self.template = [
            norm(catalogue.objective),
            norm(catalogue.assistance_offer["text"]),
            norm(catalogue.assistance_offer["contact_label"]),
        ]
        self.report: dict[str, Any] = {
            "economy": economy,
            "year": year,
            "last_updated": None,
            "executive_summary": {
                "achievements": {s: [] for s in catalogue.sections},
                "forward_work_programme": [],
                "capacity_building_needs": [],
            },
            "assistance_offer": {"contacts": [], "items": []},
        }
        self.sections: dict[str, dict[str, Any]] = {}
        for section in catalogue.sections.values():
            data: dict[str, Any] = {
                "section": section.id,
                "economy": economy,
                "year": year,
                "contacts": [],
                "commitments": [],
            }
            data.update({key: [] for key in catalogue.answer_keys})
            self.sections[section.id] = data
        # The current place: which file, which list the next lines belong to.
        self.section: str | None = None
        self.mode = "preamble"
        self.buffer: list[Line] = []
        self.contact: dict[str, str] | None = None
        self.contact_role: str | None = None
        self.unplaced: dict[str, list[str]] = {}

    # Recognising the structure lines.
    def section_of(self, text: str) -> SectionDef | None:
        """The section a heading names ('A.1 Protect Cargo:', 'HALTING TERRORIST FINANCING:')."""
        if len(text.split()) > 14:
            return None
        match = SECTION_HEADING.match(text)
        key = _title_key(match.group(3) if match else text.rstrip(":"))
        for section in self.catalogue.sections.values():
            if match:
                number = match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
                if number != section.number:
                    continue
            if _title_key(section.title) == key:
                return section
        return None

    def pillar_of(self, text: str) -> str | None:
        """The pillar a heading names, when that pillar has several sections (A)."""
        match = SECTION_HEADING.match(text)
        key = _title_key(match.group(3) if match else text.rstrip(":"))
        for pillar in self.catalogue.pillars.values():
            if _title_key(pillar.title) == key:
                return pillar.id
        return None

    def question_of(self, text: str) -> str | None:
        """The answer key of a question heading."""
        words = norm(text).split()
        for prefix, key in self.questions:
            if words[:5] == prefix:
                return key
        return None

    def summary_question_of(self, text: str) -> str | None:
        """The executive summary question a line asks ('1. Summary of ...')."""
        body = norm(re.sub(r"^\d\.\s*", "", text))
        for key, question in self.summary_questions.items():
            if len(body) >= 30 and (question.startswith(body) or body.startswith(question[:40])):
                return key
        return None

    def is_template(self, text: str) -> bool:
        """Instruction text of the template, which the rendering prints itself."""
        body = norm(text).rstrip(":").strip()
        if body in ("executive summary", "apec counter-terrorism action plan"):
            return True
        if body.startswith("leaders' and ministers' commitments"):
            return True
        if body in NOTHING:
            return True
        if body.startswith("objective:"):
            body = body.removeprefix("objective:").strip()
        return len(body) > 12 and any(body in template for template in self.template)

    # The state machine.
    def feed(self, lines: list[Line]) -> Parsed:
        """Place every line; return the documents and the notes."""
        for line in lines:
            self.line(line)
        self.flush()
        return self.result()

    def line(self, line: Line) -> None:
        """Place one line."""
        text = line.text
        if text.startswith(WORD_COMMENT_MARK):
            self.notes.append(Note(line.number, f"skipped a Word comment: {text[1:].strip()!r}"))
            return
        if line.bullet and text in ("", "."):
            self.notes.append(Note(line.number, f"skipped an empty bullet {text!r}"))
            return
        if self.mode == "preamble" and (header := OLD_HEADER.match(text)):
            self.header_line(line.number, header.group(1).lower(), header.group(2).strip())
            return
        if not line.bullet and norm(text).startswith("leaders' and ministers' commitments"):
            if self.section is not None:
                self.flush()
                self.mode = "commitments"
            return
        if self.is_template(text) and not line.bullet:
            return
        if (key := self.question_of(text)) and self.section is not None:
            self.flush()
            self.mode = f"answer:{key}"
            return
        if not line.bullet and (summary := self.summary_question_of(text)):
            self.flush()
            self.mode = f"summary:{summary}"
            return
        if not line.bullet and norm(text).startswith("possible assistance and expertise"):
            self.flush()
            self.section, self.mode = None, "closing"
            return
        if not line.bullet and self.mode.startswith("summary") and self._summary_label(line):
            return
        if not line.bullet and (section := self.section_of(text)):
            self.flush()
            self.section, self.mode = section.id, "contacts"
            return
        if not line.bullet and self.pillar_of(text):
            self.flush()
            self.section, self.mode = None, "between"
            return
        if not line.bullet and CONTACT_LABEL.search(text) and self.mode in ("contacts", "closing"):
            self.contact_line(text)
            return
        self.buffer.append(line)

    def header_line(self, number: int, key: str, value: str) -> None:
        """A line of the header block: the economy and year are checked against the command."""
        self.header[key] = value
        if key == "calendar year" and value.strip() and value.strip() != str(self.report["year"]):
            message = f"the report says calendar year {value!r}, imported as {self.report['year']}"
            self.notes.append(Note(number, message))
        if key == "economy" and value:
            economy = self.catalogue.economies.get(self.report["economy"])
            if economy is not None and norm(value) not in (norm(economy.name), economy.id):
                message = f"the report says economy {value!r}, imported as {economy.id}"
                self.notes.append(Note(number, message))

    def _summary_label(self, line: Line) -> bool:
        """'A.1 Protect Cargo: text' under question 1 of the executive summary."""
        head, sep, rest = line.text.partition(":")
        section = self.section_of(head + sep)
        if section is None:
            return False
        self.flush()
        self.mode = f"summary:achievements:{section.id}"
        if rest.strip():
            self.buffer.append(Line(rest.strip(), line.number))
        return True

    def contact_line(self, text: str) -> None:
        """A line with contact fields ('Name: ... Title: ...'); 'Name:' starts a contact."""
        parts = CONTACT_LABEL.split(text)
        prefix = parts[0].strip().rstrip(":").strip()
        for label, value in zip(parts[1::2], parts[2::2], strict=True):
            field_name = FIELD_BY_LABEL[label.lower()]
            value = clean(value).strip("_ ").strip()
            if field_name == "name":
                self.flush_contact()
                self.contact = {}
                role = prefix if prefix and not GENERIC_CONTACT.match(prefix) else None
                if role and not self.is_template(role):
                    self.contact["role"] = role
            if self.contact is None:
                self.contact = {}
            if value:
                self.contact[field_name] = value

    def flush_contact(self) -> None:
        """Finish the contact being read and file it."""
        if not self.contact:
            self.contact = None
            return
        contact = self.contact
        if "title" not in contact and ", " in contact.get("name", ""):
            contact["name"], contact["title"] = contact["name"].split(", ", 1)
        fields = ("role", "name", "title", "telephone", "fax", "email")
        ordered = {k: contact[k] for k in fields if k in contact}
        if "name" not in ordered:
            ordered = {"name": "", **ordered}
        target = (
            self.report["assistance_offer"]["contacts"]
            if self.mode == "closing" or self.section is None
            else self.sections[self.section]["contacts"]
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
        matcher = self._matcher(self.section)
        if mode == "commitments" and self.section:
            self._commitments(lines)
        elif mode.startswith("answer:") and self.section:
            key = mode.split(":", 1)[1]
            builder = AnswerBuilder(matcher, planned=key == "measures_planned")
            self.sections[self.section][key].extend(builder.build(lines))
        elif mode.startswith("summary:"):
            parts = mode.split(":")
            builder = AnswerBuilder(self._matcher(None), planned=False)
            summary = self.report["executive_summary"]
            if parts[1] == "achievements" and len(parts) == 3:
                summary["achievements"][parts[2]].extend(builder.build(lines))
            elif parts[1] in ("forward_work_programme", "capacity_building_needs"):
                summary[parts[1]].extend(builder.build(lines))
            else:
                self._unplace(None, lines)
        elif mode == "closing":
            builder = AnswerBuilder(self._matcher(None), planned=False)
            self.report["assistance_offer"]["items"].extend(builder.build(lines))
        else:
            self._unplace(self.section, lines)

    def _matcher(self, section_id: str | None) -> Any:
        def match(text: str) -> Commitment | None:
            if section_id is None or len(text.split()) < 6:
                return None
            return self.catalogue.match_commitment(text, section_id)

        return match

    def _commitments(self, lines: list[Line]) -> None:
        assert self.section is not None
        data = self.sections[self.section]
        for line in join_continuations(lines):
            found = self.catalogue.match_commitment(line.text, self.section)
            if found is None:
                message = f"commitment not in the catalogue, kept as unplaced: {line.text!r}"
                self.notes.append(Note(line.number, message))
                self.unplaced.setdefault(self.section, []).append(line.text)
            elif found.id not in data["commitments"]:
                data["commitments"].append(found.id)

    def _unplace(self, section_id: str | None, lines: list[Line]) -> None:
        where = f"section {section_id}" if section_id else "the report header"
        for line in lines:
            message = f"could not place, kept as unplaced in {where}: {line.text!r}"
            self.notes.append(Note(line.number, message))
            self.unplaced.setdefault(section_id or REPORT_FILE, []).append(line.text)

    def result(self) -> Parsed:
        """The documents by file name, unplaced text kept under `unplaced`."""
        updated = self.header.get("last updated", "")
        if updated and norm(updated) not in ("not stated", "n/a", "-"):
            self.report["last_updated"] = parse_date(updated)
            if self.report["last_updated"] is None:
                self.unplaced.setdefault(REPORT_FILE, []).append(f"LAST UPDATED: {updated}")
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
        return Parsed(documents, self.notes, self.header)


def parse_date(text: str) -> str | None:
    """An ISO date from '2020-10-15', '15 October 2020', 'October 15, 2020' or '15/10/2020'."""
    text = clean(text).rstrip(".")
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = (int(g) for g in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})", text):
        day, month, year = int(match[1]), MONTHS.get(match[2].lower(), 0), int(match[3])
    elif match := re.fullmatch(r"([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})", text):
        month, day, year = MONTHS.get(match[1].lower(), 0), int(match[2]), int(match[3])
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
