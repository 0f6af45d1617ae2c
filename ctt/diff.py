"""Semantic diff of two reports: contacts, commitments and items, paired as an editor would."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from ctt.model import CONTACT_FIELDS, Contact, Group, Node, Report

SIMILAR = 0.55  # items at least this alike (by words) are the same item, changed
CONTAINED = 0.6  # a part of a split (or merge) has this share of its words in the whole
COVERED = 0.6  # the parts of a split together hold this share of the whole's words
# Pairing unmatched items by their words costs old * new comparisons: beyond these bounds
# (a report rewritten from end to end, or a hostile one) items show as removed and added, so
# that a diff always ends in seconds.
MAX_PAIRINGS = 250_000
MAX_PAIRED_WORDS = 2_000  # a longer item is only matched by its exact text

PUNCTUATION = ".,;:!?()[]\"'“”‘’«»"
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


HEADER = "report"


def _answers(report: Report) -> Iterator[tuple[list[Node], Place]]:
    """The items of every answer of a report, with the answer's place, in reading order."""
    for section in report.sections:
        label = section.definition.label
        for index, answer in enumerate(section.answers, start=1):
            yield answer.items, Place(section.id, label, answer.key, f"{index}. {answer.title}")
    header = "Executive summary"
    yield report.achievements_overall, Place(HEADER, header, "overall", "Main achievements")
    for achievement, section in zip(report.achievements, report.sections, strict=True):
        yield achievement.items, Place(HEADER, header, section.id, achievement.label)
    for key, summary in zip(
        ("forward_work_programme", "capacity_building_needs"), report.summary, strict=True
    ):
        yield summary.items, Place(HEADER, header, key, summary.label)
    yield (
        report.offer_items,
        Place(HEADER, report.offer_title, "assistance_offer", report.offer_title),
    )


def entries(report: Report) -> list[Entry]:
    """Every item of a report with its place, in reading order."""
    found: list[Entry] = []
    for nodes, place in _answers(report):
        _walk(nodes, place, found, [])
    return found


def commitment_headings(report: Report) -> list[Entry]:
    """The heading of every group under a commitment (the economy's words or the catalogue's)."""
    headings: list[Entry] = []
    for nodes, place in _answers(report):
        _walk(nodes, place, [], headings)
    return headings


def _walk(nodes: list[Node], place: Place, found: list[Entry], headings: list[Entry]) -> None:
    for node in nodes:
        if isinstance(node, Group):
            if node.commitment is not None:
                headings.append(Entry(node.heading, place, commitment=node.commitment.id))
            inner = Place(
                place.section, place.section_label, place.answer, place.answer_label,
                (*place.groups, node.heading),
            )  # fmt: skip
            _walk(node.items, inner, found, headings)
        else:
            found.append(Entry(node.text, place, node.timeframe))
            _walk(node.items, place, found, headings)


def heading_changes(old: Report, new: Report) -> list[ItemChange]:
    """Groups under the same commitment, in the same answer, whose heading was reworded."""
    before: dict[tuple[str, str, str | None], list[Entry]] = defaultdict(list)
    for entry in commitment_headings(old):
        before[entry.place.section, entry.place.answer, entry.commitment].append(entry)
    changes = []
    for entry in commitment_headings(new):
        same = before.get((entry.place.section, entry.place.answer, entry.commitment))
        if not same:
            continue  # a new group: its items show as added
        previous = same.pop(0)
        if _key(previous.text) != _key(entry.text):
            words = word_diff(previous.text, entry.text)
            changes.append(ItemChange("changed", [previous], [entry], words))
    return changes


def words(text: str) -> list[str]:
    """The words of a text, for comparing."""
    return text.split()


def _key(text: str) -> str:
    return " ".join(text.split())


def similarity(a: str, b: str) -> float:
    """How alike two texts are, by their words (0 to 1)."""
    return SequenceMatcher(None, words(a.casefold()), words(b.casefold()), autojunk=False).ratio()


def word_diff(old: str, new: str) -> list[tuple[WordOp, str]]:
    """The words of `new` against `old`: kept, added and removed, in order."""
    a, b = words(old), words(new)
    ops: list[tuple[WordOp, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("added", " ".join(b[j1:j2])))
    return ops


@lru_cache(maxsize=65_536)  # each item is compared with many: its words are found once
def _vocabulary(text: str) -> frozenset[str]:
    """The distinct words of a text, without case or surrounding punctuation."""
    return frozenset(w.strip(PUNCTUATION).casefold() for w in words(text)) - {""}


@lru_cache(maxsize=65_536)
def _characters(text: str) -> Counter[str]:
    return Counter(text)


@lru_cache(maxsize=65_536)
def _word_counts(text: str) -> Counter[str]:
    return Counter(words(text.casefold()))


def _similarity_bound(a: str, b: str) -> float:
    """An upper bound of similarity(a, b) (its quick_ratio), from word counts found once."""
    counts_a, counts_b = _word_counts(a), _word_counts(b)
    total = counts_a.total() + counts_b.total()
    return 2.0 * _common(counts_a, counts_b) / total if total else 1.0


def _common(a: Counter[str], b: Counter[str]) -> int:
    """The size of the multiset intersection of two counts (faster than `(a & b).total()`)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(min(count, b[key]) for key, count in a.items() if key in b)


def _quick_ratio(a: str, b: str) -> float:
    """SequenceMatcher(None, a, b).quick_ratio() (an upper bound of its ratio), but from
    character counts found once per text."""
    if not a and not b:
        return 1.0
    return 2.0 * _common(_characters(a), _characters(b)) / (len(a) + len(b))


def _contained(part: str, whole: str) -> float:
    part_words = _vocabulary(part)
    return len(part_words & _vocabulary(whole)) / len(part_words) if part_words else 0.0


def _covered(parts: list[str], whole: str) -> float:
    whole_words = _vocabulary(whole)
    part_words = set().union(*(_vocabulary(part) for part in parts))
    return len(whole_words & part_words) / len(whole_words) if whole_words else 0.0


def match_items(old: list[Entry], new: list[Entry]) -> list[ItemChange]:
    """Pair the items of two reports: same, changed, moved, split, merged, added, removed."""
    changes: list[ItemChange] = []
    old_left = list(range(len(old)))
    new_left = list(range(len(new)))

    # 1. The same text: unchanged where it stands, moved when its place changed.
    by_text: dict[str, list[int]] = defaultdict(list)
    for i in old_left:
        by_text[_key(old[i].text)].append(i)
    unmatched_new = []
    for j in new_left:
        candidates = by_text.get(_key(new[j].text))
        if not candidates:
            unmatched_new.append(j)
            continue
        same_place = [i for i in candidates if _same_answer(old[i], new[j])]
        i = (same_place or candidates)[0]
        candidates.remove(i)
        if not _same_answer(old[i], new[j]):
            changes.append(ItemChange("moved", [old[i]], [new[j]]))
        elif old[i].timeframe != new[j].timeframe:
            changes.append(
                ItemChange("changed", [old[i]], [new[j]], _timeframe_words(old[i], new[j]))
            )
    old_left = sorted(i for rest in by_text.values() for i in rest)
    new_left = unmatched_new

    # 2. Split: one old item now stands as several new ones; merged: the reverse.
    fuzzy = len(old_left) * len(new_left) <= MAX_PAIRINGS
    if fuzzy:
        changes += _splits(old, new, old_left, new_left, "split")
        changes += _splits(new, old, new_left, old_left, "merged")

    # 3. Alike: the same item reworded (and perhaps moved).
    pairs = []
    short_old = [i for i in old_left if len(words(old[i].text)) <= MAX_PAIRED_WORDS]
    short_new = [j for j in new_left if len(words(new[j].text)) <= MAX_PAIRED_WORDS]
    for i in short_old if fuzzy else []:
        for j in short_new:
            if _similarity_bound(old[i].text, new[j].text) < SIMILAR:
                continue
            if _quick_ratio(old[i].text, new[j].text) < SIMILAR:
                continue
            score = similarity(old[i].text, new[j].text)
            if score >= SIMILAR:
                bonus = 0.01 if _same_answer(old[i], new[j]) else 0.0
                pairs.append((score + bonus, i, j))
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        kind: ItemKind = "changed" if _same_answer(old[i], new[j]) else "moved"
        changes.append(ItemChange(kind, [old[i]], [new[j]], word_diff(old[i].text, new[j].text)))
    old_left = [i for i in old_left if i not in used_old]
    new_left = [j for j in new_left if j not in used_new]

    # 4. What is left was removed or added.
    changes += [ItemChange("removed", [old[i]], []) for i in old_left]
    changes += [ItemChange("added", [], [new[j]]) for j in new_left]
    return changes


def _timeframe_words(old: Entry, new: Entry) -> list[tuple[WordOp, str]]:
    ops: list[tuple[WordOp, str]] = [("same", new.text)]
    if old.timeframe:
        ops.append(("removed", f"(timeframe: {old.timeframe})"))
    if new.timeframe:
        ops.append(("added", f"(timeframe: {new.timeframe})"))
    return ops


def _splits(
    wholes: list[Entry],
    parts: list[Entry],
    whole_left: list[int],
    part_left: list[int],
    kind: ItemKind,
) -> list[ItemChange]:
    """Find wholes made of several parts; remove the matched indices from the lists."""
    found = []
    for w in list(whole_left):
        members = [p for p in part_left if _contained(parts[p].text, wholes[w].text) >= CONTAINED]
        if len(members) < 2 or _covered([parts[p].text for p in members], wholes[w].text) < COVERED:
            continue
        whole_left.remove(w)
        for p in members:
            part_left.remove(p)
        member_entries = [parts[p] for p in members]
        if kind == "split":
            found.append(ItemChange("split", [wholes[w]], member_entries))
        else:
            found.append(ItemChange("merged", member_entries, [wholes[w]]))
    return found


def _same_answer(a: Entry, b: Entry) -> bool:
    return a.place.section == b.place.section and a.place.answer == b.place.answer


def _contact_key(contact: Contact) -> str:
    return " ".join(contact.name.casefold().split())


def pair_contacts(old: list[Contact], new: list[Contact]) -> list[tuple[Contact | None, Contact]]:
    """Each new contact with the old one it is (same name, else same email), or None."""
    pairs: list[tuple[Contact | None, Contact]] = []
    remaining = list(old)
    for contact in new:
        match = next((c for c in remaining if _contact_key(c) == _contact_key(contact)), None)
        if match is None and contact.email:
            match = next((c for c in remaining if c.email and c.email == contact.email), None)
        if match is not None:
            remaining.remove(match)
        pairs.append((match, contact))
    return pairs


def diff_contacts(old: list[Contact], new: list[Contact]) -> list[ContactChange]:
    """Contacts added, removed or changed, paired by name (then by email)."""
    changes = []
    pairs = pair_contacts(old, new)
    for match, contact in pairs:
        if match is None:
            changes.append(ContactChange("added", contact.name))
            continue
        fields = [
            (name, getattr(match, name), getattr(contact, name))
            for name in CONTACT_FIELDS
            if getattr(match, name) != getattr(contact, name)
        ]
        if fields:
            changes.append(ContactChange("changed", contact.name, fields))
    paired = [id(match) for match, _ in pairs]
    changes += [ContactChange("removed", c.name) for c in old if id(c) not in paired]
    return changes


def diff_reports(old: Report, new: Report, old_label: str, new_label: str) -> ReportDiff:
    """Every change from `old` to `new`, grouped by section."""
    header = SectionDiff(HEADER, "Report header, executive summary and closing")
    if old.last_updated != new.last_updated:
        header.fields.append(("last_updated", old.last_updated, new.last_updated))
    header.contacts = diff_contacts(old.offer_contacts, new.offer_contacts)
    sections = {HEADER: header}
    old_sections = {s.id: s for s in old.sections}
    for section in new.sections:
        diff = SectionDiff(section.id, section.definition.label)
        previous = old_sections.get(section.id)
        old_contacts = previous.contacts if previous else []
        old_refs = [c.id for c in previous.commitments] if previous else []
        new_refs = [c.id for c in section.commitments]
        diff.contacts = diff_contacts(old_contacts, section.contacts)
        diff.commitments_added = [c for c in new_refs if c not in old_refs]
        diff.commitments_removed = [c for c in old_refs if c not in new_refs]
        sections[section.id] = diff
    for change in match_items(entries(old), entries(new)) + heading_changes(old, new):
        sections[change.place.section].items.append(change)
    ordered = [sections[HEADER], *(sections[s.id] for s in new.sections)]
    return ReportDiff(old_label, new_label, ordered, old, new)
