"""Lint shortcuts find what the plain rules find: placeholders matched from a TBD's B, and
duplicate items compared without splitting texts already spaced plainly."""

from __future__ import annotations

import random
import re

from ctt.check.lint import item_key, scan_text

# The rule as first written: every match starts at its first character.
PLAIN = re.compile(
    r"[_Tt\[](?:(?<=_)__+|(?<=[Tt])(?<!\w[Tt])[Bb][DdCc]\b"
    r"|(?<=\[)\s*[Ii][Nn][Ss][Ee][Rr][Tt]\b[^\]]{0,300}\])"
)


def _plain(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in PLAIN.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        line_start = text.rfind("\n", 0, start) + 1
        if re.match(r"[ \t]*#", text[line_start:]):
            continue
        found.append(
            (line, start - line_start + 1, f"template placeholder {match.group(0)!r} left in")
        )
    return found


def _scanned(text: str) -> list[tuple[int, int, str]]:
    return [
        (line, col, msg) for line, col, _, msg, rule in scan_text(text) if rule == "placeholder"
    ]


def test_placeholders_as_the_plain_rule_finds_them() -> None:
    texts = ["TBD", "xTBD", " tbc.", "[insert name]", "___", "a_TBD", "TBDx", "[ INSERT x TBD]"]
    texts += ["TTBD", "_TBD", "é TBD", "TBD TBC tbd", "[insert\n]", "bTBD", "[TBD]", "# TBD\nTBC"]
    rng = random.Random(2020)
    alphabet = "TtBbDdCc_[] insertINSERTx\n.é#"
    texts += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20000)
    ]
    assert [t for t in texts if _scanned(t) != _plain(t)] == []


def test_item_keys_as_the_plain_rule_makes_them() -> None:
    rng = random.Random(7)
    alphabet = "aB ß\t\n\u00a0\u3000\u2028\x1cİx"
    texts = ["", " ", "a  b", " a", "a ", "A b", "Straße", "a\u00a0b"]
    texts += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(50000)
    ]
    assert [t for t in texts if item_key(t) != " ".join(t.casefold().split())] == []
