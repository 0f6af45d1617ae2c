"""What a diff is made of: items with their places, and the changes of items, contacts,
sections and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ctt.report.model import Report

ItemKind = Literal["added", "removed", "changed", "moved", "split", "merged"]
WordOp = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class Place:
    """Where an item stands: its section, its answer, and the groups above it."""

    section: str
    section_label: str
    answer: str
    answer_label: str
    groups: tuple[str, ...] = ()

    def describe(self) -> str:
        """'A.1 Protect Cargo, 2. Further measures planned'."""
        return f"{self.section_label}, {self.answer_label}"


@dataclass(frozen=True)
class Entry:
    """One item of a report, flattened with its place."""

    text: str
    place: Place
    timeframe: str | None = None
    commitment: str | None = None  # set for the heading of a group under this commitment
    commitments: tuple[str, ...] = ()  # an item's `commitments:`
    topics: tuple[str, ...] | None = None  # an item's own `topics:` (None: its words decide)


@dataclass
class ItemChange:
    """What happened to one item (or, for splits and merges, to several)."""

    kind: ItemKind
    old: list[Entry]
    new: list[Entry]
    words: list[tuple[WordOp, str]] = field(default_factory=list)

    @property
    def place_entry(self) -> Entry:
        """The entry whose place the change is shown at: the new one, or the old if removed."""
        return (self.new or self.old)[0]

    @property
    def place(self) -> Place:
        """Where the change is shown: the new place, or the old one for a removal."""
        return self.place_entry.place


@dataclass
class ContactChange:
    """A contact point added, removed, or with fields changed."""

    kind: Literal["added", "removed", "changed"]
    name: str
    fields: list[tuple[str, str | None, str | None]] = field(default_factory=list)


@dataclass
class SectionDiff:
    """The changes of one section (or of the report's header, summary and closing)."""

    id: str
    label: str
    contacts: list[ContactChange] = field(default_factory=list)
    commitments_added: list[str] = field(default_factory=list)
    commitments_removed: list[str] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)
    fields: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anything in the section changed."""
        return bool(
            self.contacts
            or self.commitments_added
            or self.commitments_removed
            or self.items
            or self.fields
        )

    def count(self, kind: str) -> int:
        """How many item changes of a kind."""
        return sum(change.kind == kind for change in self.items)


@dataclass
class ReportDiff:
    """Every change from one report to another, section by section."""

    old: str
    new: str
    sections: list[SectionDiff]
    # The reports compared, for the formats that show the new one (Word's tracked changes).
    old_report: Report | None = field(default=None, repr=False, compare=False)
    new_report: Report | None = field(default=None, repr=False, compare=False)

    @property
    def changed(self) -> bool:
        """True when the reports differ."""
        return any(section.changed for section in self.sections)

    def changed_sections(self) -> list[SectionDiff]:
        """Only the sections with changes."""
        return [section for section in self.sections if section.changed]
