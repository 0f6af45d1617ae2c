"""Semantic diff of two reports: contacts, commitments and items, paired as an editor would.

The parts live in their own modules (what a diff is made of, a report's items flattened, pairing
by words, contacts); this one puts them together by section, and names what callers use.
"""

from __future__ import annotations

from ctt.compare.changes import (
    ContactChange,
    Entry,
    ItemChange,
    ItemKind,
    ReportDiff,
    SectionDiff,
    WordOp,
)
from ctt.compare.contacts import diff_contacts, pair_contacts
from ctt.compare.entries import HEADER, Answers, flatten, report_answers, section_answers
from ctt.compare.matching import MAX_PAIRINGS, heading_changes, match_items
from ctt.compare.words import word_diff
from ctt.report.model import Report, Section

# What other modules take from here, besides the two diffs.
__all__ = [
    "MAX_PAIRINGS",
    "ContactChange",
    "Entry",
    "ItemChange",
    "ItemKind",
    "ReportDiff",
    "SectionDiff",
    "WordOp",
    "diff_reports",
    "diff_section",
    "pair_contacts",
    "word_diff",
]


def _section_diff(previous: Section | None, section: Section) -> SectionDiff:
    """A section's contact points and commitments, before its items are compared."""
    diff = SectionDiff(section.id, section.definition.label)
    old_contacts = previous.contacts if previous else []
    old_refs = [c.id for c in previous.commitments] if previous else []
    new_refs = [c.id for c in section.commitments]
    diff.contacts = diff_contacts(old_contacts, section.contacts)
    diff.commitments_added = [c for c in new_refs if c not in old_refs]
    diff.commitments_removed = [c for c in old_refs if c not in new_refs]
    return diff


def _item_changes(old: Answers, new: Answers) -> list[ItemChange]:
    old_items, old_headings = flatten(old)
    new_items, new_headings = flatten(new)
    return match_items(old_items, new_items) + heading_changes(old_headings, new_headings)


def diff_section(old: Section, new: Section, old_label: str, new_label: str) -> ReportDiff:
    """Every change from one version of a section to another."""
    diff = _section_diff(old, new)
    diff.items = _item_changes(section_answers(old), section_answers(new))
    return ReportDiff(old_label, new_label, [diff])


def diff_reports(old: Report, new: Report, old_label: str, new_label: str) -> ReportDiff:
    """Every change from `old` to `new`, grouped by section."""
    header = SectionDiff(HEADER, "Report header, executive summary and closing")
    if old.last_updated != new.last_updated:
        header.fields.append(("last_updated", old.last_updated, new.last_updated))
    header.contacts = diff_contacts(old.offer_contacts, new.offer_contacts)
    sections = {HEADER: header}
    old_sections = {s.id: s for s in old.sections}
    for section in new.sections:
        sections[section.id] = _section_diff(old_sections.get(section.id), section)
    for change in _item_changes(report_answers(old), report_answers(new)):
        sections[change.place.section].items.append(change)
    ordered = [sections[HEADER], *(sections[s.id] for s in new.sections)]
    return ReportDiff(old_label, new_label, ordered, old, new)
