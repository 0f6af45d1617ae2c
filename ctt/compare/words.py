"""Comparing texts by their words: how alike, which words changed, and quick upper bounds."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from ctt.compare.changes import WordOp

PUNCTUATION = ".,;:!?()[]\"'“”‘’«»"


def words(text: str) -> list[str]:
    """The words of a text, for comparing."""
    return text.split()


def text_key(text: str) -> str:
    """A text with its spacing folded: two texts with the same key are the same text."""
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


def similarity_bound(a: str, b: str) -> float:
    """An upper bound of similarity(a, b) (its quick_ratio), from word counts found once."""
    counts_a, counts_b = _word_counts(a), _word_counts(b)
    total = counts_a.total() + counts_b.total()
    return 2.0 * _common(counts_a, counts_b) / total if total else 1.0


def _common(a: Counter[str], b: Counter[str]) -> int:
    """The size of the multiset intersection of two counts (faster than `(a & b).total()`)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(min(count, b[key]) for key, count in a.items() if key in b)


def quick_ratio(a: str, b: str) -> float:
    """SequenceMatcher(None, a, b).quick_ratio() (an upper bound of its ratio), but from
    character counts found once per text."""
    if not a and not b:
        return 1.0
    return 2.0 * _common(_characters(a), _characters(b)) / (len(a) + len(b))


def contained(part: str, whole: str) -> float:
    """The share of the words of `part` that `whole` has."""
    part_words = _vocabulary(part)
    return len(part_words & _vocabulary(whole)) / len(part_words) if part_words else 0.0


def covered(parts: list[str], whole: str) -> float:
    """The share of the words of `whole` that the parts together have."""
    whole_words = _vocabulary(whole)
    part_words = set().union(*(_vocabulary(part) for part in parts))
    return len(whole_words & part_words) / len(whole_words) if whole_words else 0.0
