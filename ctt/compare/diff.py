"""Semantic diff of two reports: contacts, commitments and items, paired as an editor would."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from ctt.report.model import Contact, Group, Node, Report, Section
from ctt.report.shape import CONTACT_FIELDS

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
REFERENCES = ("commitments", "topics")  # what an item refers to beyond its words
DETAILS = ("timeframe", *REFERENCES)


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


HEADER = "report"


Answers = Iterator[tuple[list[Node], Place]]


def _section_answers(section: Section) -> Answers:
    """The items of each answer of a section, with the answer's place."""
    label = section.definition.label
    for index, answer in enumerate(section.answers, start=1):
        yield answer.items, Place(section.id, label, answer.key, f"{index}. {answer.title}")


def _answers(report: Report) -> Answers:
    """The items of every answer of a report, with the answer's place, in reading order."""
    for section in report.sections:
        yield from _section_answers(section)
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


def _flatten(answers: Answers) -> tuple[list[Entry], list[Entry]]:
    """Every item with its place, in reading order; and every group's heading."""
    found: list[Entry] = []
    headings: list[Entry] = []
    for nodes, place in answers:
        _walk(nodes, place, found, headings)
    return found, headings


def entries(report: Report) -> list[Entry]:
    """Every item of a report with its place, in reading order."""
    return _flatten(_answers(report))[0]


def commitment_headings(report: Report) -> list[Entry]:
    """The heading of every group under a commitment (the economy's words or the catalogue's)."""
    return [entry for entry in _flatten(_answers(report))[1] if entry.commitment]


def _walk(nodes: list[Node], place: Place, found: list[Entry], headings: list[Entry]) -> None:
    for node in nodes:
        if isinstance(node, Group):
            commitment = node.commitment.id if node.commitment is not None else None
            headings.append(Entry(node.heading, place, commitment=commitment))
            inner = Place(
                place.section, place.section_label, place.answer, place.answer_label,
                (*place.groups, node.heading),
            )  # fmt: skip
            _walk(node.items, inner, found, headings)
        else:
            topics = None if node.topics is None else tuple(node.topics)
            refs = tuple(c.id for c in node.commitments)
            found.append(Entry(node.text, place, node.timeframe, None, refs, topics))
            _walk(node.items, place, found, headings)


def heading_changes(old: list[Entry], new: list[Entry]) -> list[ItemChange]:
    """Groups under the same commitment, in the same answer, whose heading was reworded; and
    groups whose heading stayed while their commitment changed, came or went."""
    before: dict[tuple[str, str, str | None], list[Entry]] = defaultdict(list)
    for entry in old:
        if entry.commitment:
            before[entry.place.section, entry.place.answer, entry.commitment].append(entry)
    changes = []
    unpaired = []
    for entry in new:
        same = before.get((entry.place.section, entry.place.answer, entry.commitment))
        if not entry.commitment or not same:
            unpaired.append(entry)  # a new group: its items show as added
            continue
        previous = same.pop(0)
        if _key(previous.text) != _key(entry.text):
            words = word_diff(previous.text, entry.text)
            changes.append(ItemChange("changed", [previous], [entry], words))
    left = [entry for entry in old if not entry.commitment]
    left += [entry for rest in before.values() for entry in rest]
    for entry in unpaired:
        was = next((e for e in left if _same_group(e, entry)), None)
        if was is not None:
            left.remove(was)
            ops = [("same", entry.text), *_changed("commitment", was.commitment, entry.commitment)]
            changes.append(ItemChange("changed", [was], [entry], ops))
    return changes


def _same_group(old: Entry, new: Entry) -> bool:
    """The same heading in the same answer, under another commitment (or none)."""
    return (
        _same_answer(old, new)
        and _key(old.text) == _key(new.text)
        and old.commitment != new.commitment
    )


def _details(entry: Entry) -> dict[str, str]:
    """An item's timeframe and references, as the diff shows them."""
    shown = {}
    if entry.timeframe:
        shown["timeframe"] = entry.timeframe
    if entry.commitments:
        shown["commitments"] = ", ".join(entry.commitments)
    if entry.topics is not None:
        shown["topics"] = ", ".join(entry.topics) or "none"
    return shown


def detail_words(old: Entry, new: Entry, keys: tuple[str, ...]) -> list[tuple[WordOp, str]]:
    """`(timeframe: X)`, `(commitments: ...)`, `(topics: ...)` removed and added, of `keys`."""
    before, after = _details(old), _details(new)
    ops: list[tuple[WordOp, str]] = []
    for key in keys:
        ops += _changed(key, before.get(key), after.get(key))
    return ops


def _changed(key: str, before: str | None, after: str | None) -> list[tuple[WordOp, str]]:
    if before == after:
        return []
    ops: list[tuple[WordOp, str]] = []
    if before:
        ops.append(("removed", f"({key}: {before})"))
    if after:
        ops.append(("added", f"({key}: {after})"))
    return ops


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
            refs = detail_words(old[i], new[j], REFERENCES)
            ops: list[tuple[WordOp, str]] = [("same", new[j].text), *refs] if refs else []
            changes.append(ItemChange("moved", [old[i]], [new[j]], ops))
        elif details := detail_words(old[i], new[j], DETAILS):
            ops = [("same", new[j].text), *details]
            changes.append(ItemChange("changed", [old[i]], [new[j]], ops))
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
        ops = word_diff(old[i].text, new[j].text) + detail_words(old[i], new[j], REFERENCES)
        changes.append(ItemChange(kind, [old[i]], [new[j]], ops))
    old_left = [i for i in old_left if i not in used_old]
    new_left = [j for j in new_left if j not in used_new]

    # 4. What is left was removed or added.
    changes += [ItemChange("removed", [old[i]], []) for i in old_left]
    changes += [ItemChange("added", [], [new[j]]) for j in new_left]
    return changes


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
    old_items, old_headings = _flatten(old)
    new_items, new_headings = _flatten(new)
    return match_items(old_items, new_items) + heading_changes(old_headings, new_headings)


def diff_section(old: Section, new: Section, old_label: str, new_label: str) -> ReportDiff:
    """Every change from one version of a section to another."""
    diff = _section_diff(old, new)
    diff.items = _item_changes(_section_answers(old), _section_answers(new))
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
    for change in _item_changes(_answers(old), _answers(new)):
        sections[change.place.section].items.append(change)
    ordered = [sections[HEADER], *(sections[s.id] for s in new.sections)]
    return ReportDiff(old_label, new_label, ordered, old, new)
