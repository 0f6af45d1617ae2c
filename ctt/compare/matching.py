"""Pairing the items of two reports as an editor would: same, changed, moved, split, merged,
added and removed; and the groups whose heading or commitment changed."""

from __future__ import annotations

from collections import defaultdict

from ctt.compare.changes import Entry, ItemChange, ItemKind, WordOp
from ctt.compare.words import (
    contained,
    covered,
    quick_ratio,
    similarity,
    similarity_bound,
    text_key,
    word_diff,
    words,
)

SIMILAR = 0.55  # items at least this alike (by words) are the same item, changed
CONTAINED = 0.6  # a part of a split (or merge) has this share of its words in the whole
COVERED = 0.6  # the parts of a split together hold this share of the whole's words
# Pairing unmatched items by their words costs old * new comparisons: beyond these bounds
# (a report rewritten from end to end, or a hostile one) items show as removed and added, so
# that a diff always ends in seconds.
MAX_PAIRINGS = 250_000
MAX_PAIRED_WORDS = 2_000  # a longer item is only matched by its exact text

REFERENCES = ("commitments", "topics")  # what an item refers to beyond its words
DETAILS = ("timeframe", *REFERENCES)


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
        if text_key(previous.text) != text_key(entry.text):
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
        same_answer(old, new)
        and text_key(old.text) == text_key(new.text)
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


def match_items(old: list[Entry], new: list[Entry]) -> list[ItemChange]:
    """Pair the items of two reports: same, changed, moved, split, merged, added, removed."""
    changes, old_left, new_left = _same_text(old, new)
    if len(old_left) * len(new_left) <= MAX_PAIRINGS:
        changes += _splits(old, new, old_left, new_left, "split")
        changes += _splits(new, old, new_left, old_left, "merged")
        changes += _alike(old, new, old_left, new_left)
    # What is left was removed or added.
    changes += [ItemChange("removed", [old[i]], []) for i in old_left]
    changes += [ItemChange("added", [], [new[j]]) for j in new_left]
    return changes


def _same_text(old: list[Entry], new: list[Entry]) -> tuple[list[ItemChange], list[int], list[int]]:
    """Items of the same text: unchanged where they stand, moved when their place changed;
    with the indices of the old and new items left unpaired."""
    changes: list[ItemChange] = []
    by_text: dict[str, list[int]] = defaultdict(list)
    for i in range(len(old)):
        by_text[text_key(old[i].text)].append(i)
    unmatched_new = []
    for j in range(len(new)):
        candidates = by_text.get(text_key(new[j].text))
        if not candidates:
            unmatched_new.append(j)
            continue
        same_place = [i for i in candidates if same_answer(old[i], new[j])]
        i = (same_place or candidates)[0]
        candidates.remove(i)
        if not same_answer(old[i], new[j]):
            refs = detail_words(old[i], new[j], REFERENCES)
            ops: list[tuple[WordOp, str]] = [("same", new[j].text), *refs] if refs else []
            changes.append(ItemChange("moved", [old[i]], [new[j]], ops))
        elif details := detail_words(old[i], new[j], DETAILS):
            ops = [("same", new[j].text), *details]
            changes.append(ItemChange("changed", [old[i]], [new[j]], ops))
    old_left = sorted(i for rest in by_text.values() for i in rest)
    return changes, old_left, unmatched_new


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
        members = [p for p in part_left if contained(parts[p].text, wholes[w].text) >= CONTAINED]
        if len(members) < 2 or covered([parts[p].text for p in members], wholes[w].text) < COVERED:
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


def _alike(
    old: list[Entry], new: list[Entry], old_left: list[int], new_left: list[int]
) -> list[ItemChange]:
    """The same items reworded (and perhaps moved), the most alike paired first; remove the
    paired indices from the lists."""
    changes = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = _alike_pairs(old, new, old_left, new_left)
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        kind: ItemKind = "changed" if same_answer(old[i], new[j]) else "moved"
        ops = word_diff(old[i].text, new[j].text) + detail_words(old[i], new[j], REFERENCES)
        changes.append(ItemChange(kind, [old[i]], [new[j]], ops))
    old_left[:] = [i for i in old_left if i not in used_old]
    new_left[:] = [j for j in new_left if j not in used_new]
    return changes


def _alike_pairs(
    old: list[Entry], new: list[Entry], old_left: list[int], new_left: list[int]
) -> list[tuple[float, int, int]]:
    """Every pair of items alike enough, with its score (a little more in the same answer)."""
    pairs = []
    short_old = [i for i in old_left if len(words(old[i].text)) <= MAX_PAIRED_WORDS]
    short_new = [j for j in new_left if len(words(new[j].text)) <= MAX_PAIRED_WORDS]
    for i in short_old:
        for j in short_new:
            if similarity_bound(old[i].text, new[j].text) < SIMILAR:
                continue
            if quick_ratio(old[i].text, new[j].text) < SIMILAR:
                continue
            score = similarity(old[i].text, new[j].text)
            if score >= SIMILAR:
                bonus = 0.01 if same_answer(old[i], new[j]) else 0.0
                pairs.append((score + bonus, i, j))
    return pairs


def same_answer(a: Entry, b: Entry) -> bool:
    """Whether two items stand in the same answer of the same section."""
    return a.place.section == b.place.section and a.place.answer == b.place.answer
