"""The characters the hidden-character scan skips without a look are never hidden."""

from __future__ import annotations

from ctt.store import hidden

SKIPPED = [(0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x24F), (0x2010, 0x2027)]


def test_skipped_characters_are_visible() -> None:
    skipped = [chr(c) for low, high in SKIPPED for c in range(low, high + 1)]
    assert [c for c in skipped if hidden.is_hidden(c)] == []
    assert all(hidden._CANDIDATE.match(c) is None for c in skipped)


def test_every_hidden_character_is_a_candidate() -> None:
    every = (chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    found = [c for c in every if hidden.is_hidden(c)]
    assert {"\u200b", "\u202e", "\x07"} <= set(found)  # the loop below is not over nothing
    assert all(hidden._CANDIDATE.match(c) for c in found)
