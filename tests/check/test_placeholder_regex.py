"""The placeholder scan, matched from a TBD's B for speed, finds what the plain rule finds."""

from __future__ import annotations

import random
import re

from ctt.check.lint import scan_text

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
