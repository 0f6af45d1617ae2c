"""The report as objects, built from validated files, for rendering and comparing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ctt.catalogue.catalogue import REPORT_FILE, Catalogue, Commitment, Economy, Pillar, SectionDef
from ctt.report.shape import ACHIEVEMENTS, ASSISTANCE_OFFER, CONTACT_FIELDS, SUMMARY, SUMMARY_LISTS
from ctt.store.yamlfile import YamlDocument

REDACTED_FIELDS = ("telephone", "fax", "email")


@dataclass
class Contact:
    """A contact point; fields that were not given are None."""

    name: str
    role: str | None = None
    title: str | None = None
    telephone: str | None = None
    fax: str | None = None
    email: str | None = None


@dataclass
class Item:
    """A measure, need or offer; may carry sub-items, commitments, a timeframe, a carry-over."""

    text: str
    items: list[Node] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    timeframe: str | None = None
    carried_over: int | None = None  # the year of the report it was carried over from
    kind: str = "item"
    topics: list[str] | None = None  # its own `topics:` (ids), which replace keyword tagging

    @property
    def timeframe_note(self) -> str | None:
        """The timeframe, when the text does not already say it."""
        if self.timeframe and _squeeze(self.timeframe) not in _squeeze(self.text):
            return self.timeframe
        return None


@dataclass
class Group:
    """A heading (or a commitment) with the items grouped under it."""

    heading: str
    items: list[Node] = field(default_factory=list)
    commitment: Commitment | None = None
    kind: str = "group"


Node = Item | Group


def _squeeze(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass
class Answer:
    """One question of a section and its answer (an empty list when there is none)."""

    key: str
    title: str
    question: str
    items: list[Node]


@dataclass
class Section:
    """One section of a report."""

    definition: SectionDef
    pillar: Pillar
    contacts: list[Contact]
    commitments: list[Commitment]
    answers: list[Answer]

    @property
    def id(self) -> str:
        """The section's id, e.g. a1."""
        return self.definition.id


@dataclass
class SummaryEntry:
    """An answer of the executive summary."""

    label: str
    items: list[Node]


@dataclass
class Report:
    """A whole report, ready to render."""

    economy: Economy
    year: int
    last_updated: str | None
    objective: str
    achievements_question: str
    achievements: list[SummaryEntry]
    summary: list[SummaryEntry]
    sections: list[Section]
    offer_title: str
    offer_contact_label: str
    offer_text: str
    offer_contacts: list[Contact]
    offer_items: list[Node]
    # Achievements that an older layout lists without a section (`achievements.overall`).
    achievements_overall: list[Node] = field(default_factory=list)
    # The archived document it was imported from (a PDF's cover page): symbol, meeting...
    source_document: dict[str, str] | None = None
    redacted: bool = False  # the public version: contacts without telephone, fax, email

    @property
    def source_line(self) -> str | None:
        """The source document in one line: its symbol, who submitted it where and when."""
        doc = self.source_document or {}
        submitted = f"submitted by {doc['submitted_by']}" if doc.get("submitted_by") else ""
        if doc.get("meeting"):
            meeting = doc["meeting"]
            meeting = meeting if meeting.lower().startswith("the ") else f"the {meeting}"
            submitted = f"{submitted} to {meeting}".strip()
        parts = [
            doc.get("symbol") or doc.get("title"),
            submitted,
            doc.get("venue"),
            doc.get("dates"),
        ]
        line = ", ".join(part for part in parts if part)
        return line or None

    def pillars(self) -> list[tuple[Pillar, list[Section]]]:
        """Sections grouped by pillar, in order."""
        grouped: list[tuple[Pillar, list[Section]]] = []
        for section in self.sections:
            if not grouped or grouped[-1][0].id != section.pillar.id:
                grouped.append((section.pillar, []))
            grouped[-1][1].append(section)
        return grouped


def build_nodes(raw: Any, catalogue: Catalogue) -> list[Node]:
    """Items from validated data."""
    nodes: list[Node] = []
    for entry in raw or []:
        if isinstance(entry, str):
            nodes.append(Item(entry))
        elif "text" in entry:
            nodes.append(
                Item(
                    entry["text"],
                    build_nodes(entry.get("items"), catalogue),
                    [catalogue.commitments[c] for c in entry.get("commitments", [])],
                    None if entry.get("timeframe") is None else str(entry["timeframe"]),
                    entry.get("carried_over"),
                    topics=entry.get("topics"),
                )
            )
        else:
            commitment = catalogue.commitments.get(entry.get("commitment", ""))
            heading = entry.get("heading") or (commitment.text if commitment else "")
            nodes.append(Group(heading, build_nodes(entry.get("items"), catalogue), commitment))
    return nodes


def _contacts(raw: Any, redact: bool) -> list[Contact]:
    contacts = []
    for entry in raw or []:
        values = {k: entry.get(k) for k in CONTACT_FIELDS}
        if redact:
            for key in REDACTED_FIELDS:
                values[key] = None
        contacts.append(Contact(**values))
    return contacts


def build_section(
    definition: SectionDef, data: Any, catalogue: Catalogue, redact: bool = False
) -> Section:
    """One section from its validated file's data; `redact` drops telephone, fax and email."""
    answers = [
        Answer(q.key, q.title, q.text, build_nodes(data[q.key], catalogue))
        for q in catalogue.questions
    ]
    return Section(
        definition,
        catalogue.pillars[definition.pillar],
        _contacts(data["contacts"], redact),
        [catalogue.commitments[c] for c in data["commitments"]],
        answers,
    )


def build_report(
    documents: dict[str, YamlDocument], catalogue: Catalogue, redact: bool = False
) -> Report:
    """The report from its validated files; `redact` drops telephone, fax and email."""
    head = documents[REPORT_FILE].data
    summary = head[SUMMARY]
    sections = [
        build_section(definition, documents[definition.file].data, catalogue, redact)
        for definition in catalogue.sections.values()
    ]
    questions = catalogue.summary_questions
    offer = head[ASSISTANCE_OFFER]
    return Report(
        economy=catalogue.economies.get(head["economy"])
        or Economy(head["economy"], head["economy"]),
        year=head["year"],
        last_updated=head["last_updated"],
        objective=catalogue.objective,
        achievements_question=questions[ACHIEVEMENTS],
        achievements=[
            SummaryEntry(s.label, build_nodes(summary[ACHIEVEMENTS][s.id], catalogue))
            for s in catalogue.sections.values()
        ],
        achievements_overall=build_nodes(summary[ACHIEVEMENTS].get("overall", []), catalogue),
        summary=[
            SummaryEntry(questions[key], build_nodes(summary[key], catalogue))
            for key in SUMMARY_LISTS
        ],
        sections=sections,
        offer_title=catalogue.assistance_offer["title"],
        offer_contact_label=catalogue.assistance_offer["contact_label"],
        offer_text=catalogue.assistance_offer["text"],
        offer_contacts=_contacts(offer["contacts"], redact),
        offer_items=build_nodes(offer["items"], catalogue),
        source_document=head.get("source_document"),
        redacted=redact,
    )
