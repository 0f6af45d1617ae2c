"""The lines of a past report, from its plain-text export (or a .docx), classified lightly."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ctt.render.docx.wordrefs import Refs

BULLET = re.compile(r"^(?:[·•▪◦●■□➢►\-–*]|o(?=[ \t]))[ \t\u00a0]*")
WORD_COMMENT_MARK = "\ufffd"


@dataclass
class Line:
    """One paragraph of the source: its text, whether it is a bullet, and its origin."""

    text: str
    number: int
    bullet: bool = False
    level: int | None = None  # explicit nesting depth, when the source has one (docx)
    style: str | None = None  # a docx paragraph style that carries meaning
    blank_before: bool = False
    more: tuple[int, ...] = ()  # the numbers of further source units joined into this one
    refs: Refs | None = None  # an item's commitments and topics a .docx keeps out of sight

    @property
    def numbers(self) -> tuple[int, ...]:
        """Every source unit this line holds text of."""
        return (self.number, *self.more)


def clean(text: str) -> str:
    """Whitespace collapsed (tabs, non-breaking spaces, runs of spaces)."""
    return " ".join(text.split())


def text_lines(text: str) -> list[Line]:
    """The non-blank lines of a plain-text export, bullets recognised, CR/LF normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    lines: list[Line] = []
    blank = False
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip(" \t\u00a0\f\v")
        if not stripped:
            blank = True
            continue
        match = BULLET.match(stripped)
        body = stripped[match.end() :] if match else stripped
        lines.append(Line(clean(body), number, bullet=bool(match), blank_before=blank))
        blank = False
    return lines
