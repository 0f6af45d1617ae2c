"""The template's own lines in a past report, and the content that shares a line with them.

Reports run text together in many ways: a bullet on the line of a question, the header block
on one line, a heading wrapped over two lines. These functions find where the template's text
ends so that what follows it is kept as content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ctt.authoring.importer.lines import Line, clean

WORD = re.compile(r"\S+")
ENUMERATOR = re.compile(r"^\(?(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)]$")
SENTENCE_BREAK = re.compile(r"[:?.](?=\s|$)")
# A bullet glyph inside a line, with space around it: bullets run into the line before.
INLINE_BULLET = re.compile(r"\s+[•\uf0b7▪●■➢►]\s+")
HEADER_LABEL = re.compile(r"\b(ECONOMY|CALENDAR YEAR|LAST UPDATED)\s*:", re.I)
PLAN_TITLE = re.compile(
    r"^(?:(?P<before>\d{4})\s+)?apec\s+counter[\s-]*terrorism\s+action\s+plan"
    r"(?:\s*\(ctap\))?(?:\s*[-–:,]?\s*(?P<after>\d{4}))?\s*:?$",
    re.I,
)


_NON_WORD = re.compile(r"[\W_]+")


def fold(word: str) -> str:
    """A word for comparison with the template: case, quotes and punctuation folded."""
    return _NON_WORD.sub("", word.casefold())


def first_word(text: str) -> str:
    """The first folded word of a line, after an enumerator: a quick test before matching."""
    for word in WORD.finditer(text):
        folded = fold(word.group())
        if folded and not ENUMERATOR.match(word.group()):
            return folded
    return ""


def template_words(text: str) -> list[str]:
    """The folded words of a template text."""
    return [w for w in (fold(m.group()) for m in WORD.finditer(text)) if w]


@dataclass
class HeadingMatch:
    """Where a template heading ends in a line, and the template words still to come."""

    end: int
    pending: list[str]
    diverged: bool = False


def match_heading(text: str, template: list[str], min_words: int) -> HeadingMatch | None:
    """The template heading at the start of `text` (after an enumerator such as `1.`).

    Returns None unless at least `min_words` words (or the whole template) match. When the
    line diverges from the template's wording (an older layout) after five words or more, the
    heading runs to the end of its sentence; when the line ends before the template does,
    `pending` holds the words a wrapped second line should carry.
    """
    matched, last_end, exhausted, first = 0, 0, True, True
    for word in WORD.finditer(text):  # lazily: a long line is read only as far as it matches
        if first and ENUMERATOR.match(word.group()):
            first = False
            continue
        first = False
        folded = fold(word.group())
        if folded and folded != template[matched]:
            exhausted = False
            break
        last_end = word.end()
        matched += bool(folded)
        if matched == len(template):
            return HeadingMatch(last_end, [])
    if matched < min(min_words, len(template)):
        return None
    if exhausted:
        return HeadingMatch(len(text), template[matched:])
    if matched < max(min_words, 5):
        return None
    found = SENTENCE_BREAK.search(text, last_end)
    return HeadingMatch(found.end() if found else len(text), [], diverged=True)


def rest_after(line: Line, end: int) -> Line | None:
    """What follows a heading on its line, as a line of its own (or None)."""
    rest = line.text[end:].strip().lstrip(":.-–—").strip()
    if not rest:
        return None
    from ctt.authoring.importer.lines import BULLET

    bullet = BULLET.match(rest)
    body = clean(rest[bullet.end() :]) if bullet else rest
    return Line(
        body, line.number, bullet=bool(bullet) or line.bullet, more=line.more, refs=line.refs
    )


def split_inline_bullets(line: Line) -> list[Line]:
    """A line with bullets run into it, as one line per bullet."""
    if not INLINE_BULLET.search(line.text):
        return [line]
    head, *bullets = INLINE_BULLET.split(line.text)
    parts = [Line(clean(text), line.number, bullet=True, more=line.more) for text in bullets]
    if head.strip():
        first = Line(clean(head), line.number, line.bullet, line.level, line.style)
        first.blank_before, first.more, first.refs = line.blank_before, line.more, line.refs
        parts.insert(0, first)
    return [part for part in parts if part.text]


def header_fields(text: str) -> list[tuple[str, str]] | None:
    """`ECONOMY: X CALENDAR YEAR: Y LAST UPDATED: Z`, on one line or alone: (label, value)."""
    found = list(HEADER_LABEL.finditer(text))
    if not found or found[0].start() != 0:
        return None
    fields = []
    for current, following in zip(found, [*found[1:], None], strict=True):
        value = text[current.end() : following.start() if following else len(text)]
        fields.append((current.group(1).lower(), clean(value)))
    return fields


def title_year(text: str) -> tuple[bool, str | None]:
    """Whether a line is the report's title, and the year it names (`2013 APEC CTAP`)."""
    match = PLAN_TITLE.match(clean(text))
    if match is None:
        return False, None
    return True, match.group("before") or match.group("after")
