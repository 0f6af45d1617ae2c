"""Word revision marks: runs inserted or deleted whole or word by word, of one author and date.

Marks are written as Word writes them (ECMA-376 Part 1, 17.13.5): inserted runs inside
`w:ins`, deleted runs inside `w:del` with their text in `w:delText`, each mark with an id of
its own, the author and the date.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from ctt.compare.diff import word_diff

Kind = Literal["ins", "del"]
R, T, TAB, BR = qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br")
PLAIN_RUN = {qn("w:rPr"), T, TAB, BR}  # what a run of plain text holds
DELETED_TAGS = {T: "w:delText", qn("w:instrText"): "w:delInstrText"}
_BREAKS = re.compile(r"([\t\n])")
_WORD = re.compile(r"\s*\S+")  # a word with the spaces before it, as str.split() finds words


class Revisions:
    """Makes revision marks of one author and date, each with the next free id."""

    def __init__(self, author: str, date: str, first_id: int) -> None:
        self.author = author
        self.date = date
        self.next_id = first_id

    def mark(self, tag: str) -> Any:
        """An empty w:ins, w:del or w:pPrChange with its id, author and date."""
        element = OxmlElement(f"w:{tag}")
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element


def content(paragraph: Any) -> list[Any]:
    """A paragraph's children but its properties."""
    return [child for child in paragraph if child.tag != qn("w:pPr")]


def tracked(children: Iterable[Any], kind: Kind, revisions: Revisions) -> list[Any]:
    """Copies of a paragraph's content with every run in it inserted (or deleted)."""
    out: list[Any] = []
    wrapper = None
    for child in children:
        if child.tag == R:
            if wrapper is None:
                wrapper = revisions.mark(kind)
                out.append(wrapper)
            wrapper.append(_as(kind, copy.deepcopy(child)))
            continue
        wrapper = None
        if next(child.iter(R), None) is not None:  # a hyperlink, a content control...
            inner = copy.deepcopy(child)
            for grandchild in list(inner):
                inner.remove(grandchild)
            inner.extend(tracked(list(child), kind, revisions))
            out.append(inner)
        else:
            out.append(copy.deepcopy(child))  # a bookmark, say: no text to track
    return out


def _as(kind: Kind, run: Any) -> Any:
    if kind == "del":
        for element in run.iter(*DELETED_TAGS):
            element.tag = qn(DELETED_TAGS[element.tag])
    return run


@dataclass
class Text:
    """A paragraph of plain runs as text, with the run properties of each character."""

    chars: str
    formats: list[int]  # for each character, its run's index in `props`
    props: list[Any]  # each run's w:rPr (or None)
    keys: list[bytes]  # each run's w:rPr serialised, to compare formats

    def spans(self, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        """(run, start, end) for each stretch of one run's format within [start, end)."""
        while start < end:
            stop = start
            while stop < end and self.formats[stop] == self.formats[start]:
                stop += 1
            yield self.formats[start], start, stop
            start = stop

    def same(self, other: Text, mine: tuple[int, int], theirs: tuple[int, int]) -> bool:
        """Whether two stretches hold the same characters in the same formats."""
        if self.chars[mine[0] : mine[1]] != other.chars[theirs[0] : theirs[1]]:
            return False
        return [self.keys[self.formats[i]] for i in range(*mine)] == [
            other.keys[other.formats[i]] for i in range(*theirs)
        ]


def plain_text(paragraph: Any) -> Text | None:
    """The paragraph as Text, or None when it holds more than runs of text (a field, a break)."""
    text = Text("", [], [], [])
    parts: list[str] = []
    for run in content(paragraph):
        if run.tag != R or any(child.tag not in PLAIN_RUN for child in run):
            return None
        props = run.find(qn("w:rPr"))
        index = len(text.props)
        text.props.append(props)
        text.keys.append(b"" if props is None else etree.tostring(props))
        for child in run:
            if child.tag == T:
                piece = child.text or ""
            elif child.tag == TAB:
                piece = "\t"
            elif child.tag == BR:
                if child.get(qn("w:type"), "textWrapping") != "textWrapping":
                    return None  # a page or column break
                piece = "\n"
            else:
                continue
            parts.append(piece)
            text.formats += [index] * len(piece)
    text.chars = "".join(parts)
    return text


Piece = tuple[str, Text, int, int]  # "same", "ins" or "del"; whose text; where


def word_changes(old_paragraph: Any, new_paragraph: Any, revisions: Revisions) -> list[Any] | None:
    """The new paragraph's content with the words changed since the old one marked, as
    `ctt diff` shows them; None when either is more than runs of text."""
    old, new = plain_text(old_paragraph), plain_text(new_paragraph)
    if old is None or new is None:
        return None
    pieces = _pieces(old, new)
    if pieces is None:
        return None
    out: list[Any] = []
    wrapper, wrapped = None, ""
    for kind, side, start, end in _joined(pieces):
        for index, first, last in side.spans(start, end):
            run = _run(side.props[index], side.chars[first:last], kind == "del")
            if kind == "same":
                out.append(run)
                wrapper = None
                continue
            if wrapper is None or wrapped != kind:
                wrapper, wrapped = revisions.mark(kind), kind
                out.append(wrapper)
            wrapper.append(run)
    return out


def _pieces(old: Text, new: Text) -> list[Piece] | None:
    """word_diff's words mapped back onto both texts, spaces and all."""
    a = [m.span() for m in _WORD.finditer(old.chars)]
    b = [m.span() for m in _WORD.finditer(new.chars)]
    pieces: list[Piece] = []
    i = j = 0
    for op, words in word_diff(old.chars, new.chars):
        count = len(words.split())
        if op == "same":
            if i + count > len(a) or j + count > len(b):
                return None
            for mine, theirs in zip(a[i : i + count], b[j : j + count], strict=True):
                pieces += _pair(old, new, mine, theirs)
            i, j = i + count, j + count
        elif op == "removed":
            if i + count > len(a):
                return None
            pieces.append(("del", old, a[i][0], a[i + count - 1][1]))
            i += count
        else:
            if j + count > len(b):
                return None
            pieces.append(("ins", new, b[j][0], b[j + count - 1][1]))
            j += count
    if i != len(a) or j != len(b):
        return None  # word_diff and this tokenizer disagree: never expected
    tails = (a[-1][1] if a else 0, len(old.chars)), (b[-1][1] if b else 0, len(new.chars))
    return pieces + _pair(old, new, *tails)


def _pair(old: Text, new: Text, mine: tuple[int, int], theirs: tuple[int, int]) -> list[Piece]:
    """A word in both texts: kept, or (when its spaces or format differ) deleted and inserted."""
    if old.same(new, mine, theirs):
        return [("same", new, *theirs)]
    return [("del", old, *mine), ("ins", new, *theirs)]


def _joined(pieces: list[Piece]) -> Iterator[Piece]:
    """Neighbouring pieces of one kind as one; empty ones left out."""
    current: Piece | None = None
    for piece in pieces:
        if piece[2] == piece[3]:
            continue
        if current and current[0] == piece[0] and current[1] is piece[1] and current[3] == piece[2]:
            current = (current[0], current[1], current[2], piece[3])
            continue
        if current is not None:
            yield current
        current = piece
    if current is not None:
        yield current


def _run(props: Any, text: str, deleted: bool) -> Any:
    """A run of text in the given format; tabs and line breaks as Word's own elements."""
    run = OxmlElement("w:r")
    if props is not None:
        run.append(copy.deepcopy(props))
    for part in _BREAKS.split(text):
        if part == "\t":
            run.append(OxmlElement("w:tab"))
        elif part == "\n":
            run.append(OxmlElement("w:br"))
        elif part:
            element = OxmlElement("w:delText" if deleted else "w:t")
            element.text = part
            if part != part.strip():
                element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(element)
    return run
