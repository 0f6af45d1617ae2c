"""Paragraphs rebuilt from the lines of PDF pages: wrapped lines joined, bullets and label rows.

A paragraph's wrapped lines (across a page break too) are joined, hyphenation undone; a table
row of a label and a value is one "Label: value" paragraph, the caption above a contact table
(its role) joined to its Name row as the .docx reader does; a bullet of any glyph (or drawn as
a dot) starts a paragraph of its own.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from ctt.authoring.importer.lines import clean
from ctt.authoring.importer.pdf_layout import Cell, Page, PdfLine, Row, Word

STRONG_GLYPHS = set("•·▪▫■□●○◦‣\u2043➢➤►▶◆◇❖✓✔\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf06e\uf0a8")
WEAK_GLYPHS = {"o", "-", "–", "*"}  # bullets only as a word of their own, before a word
ROW_LABEL = re.compile(
    r"^(Economy|Calendar year|Last updated|Name|Title|Telephone Number|Telephone|Phone|"
    r"Fax Number|Fax|Email Address|E-mail Address|Email|E-mail|Role)\s*:?$",
    re.I,
)
SECTION_LIKE = re.compile(r"^[A-C](?:\.\s?\d)?[.\s]")
ROLE_WORDS = re.compile(r"contact|point|focal|agency|officer|coordinat|responsib", re.I)
SENTENCE_END = re.compile(r"[.;:?!)\]”\"]$")
HYPHENATED = re.compile(r"[a-z]-$")
X_TOLERANCE = 1.5  # points: the same left edge


@dataclass
class Para:
    """A paragraph being rebuilt: its page lines and what they share."""

    lines: list[PdfLine]
    text: str
    bullet: bool = False
    anchor: float = 0.0  # where its marker (or, for text, its first line) starts
    text_x: float | None = None  # where its wrapped lines start, once known
    label_row: bool = False
    level: int | None = None
    group: bool = False

    @property
    def last(self) -> PdfLine:
        """Its last page line so far."""
        return self.lines[-1]


@dataclass
class Assembler:
    """Joins page lines into paragraphs in reading order."""

    vocabulary: Counter[str]
    flow_edge: float
    pitch: dict[float, float]  # the usual distance of two lines of a paragraph, by font size
    paras: list[Para] = field(default_factory=list)
    page_start: bool = True

    def block(self, block: PdfLine | Row, first_on_page: bool) -> None:
        """Read one block of a page."""
        self.page_start = first_on_page
        if isinstance(block, PdfLine):
            self.feed(block)
            return
        labels = _label_row(block)
        if labels is None:
            for cell in block.cells:
                for line in cell:
                    self.feed(line)
                    self.page_start = False
            return
        lines = [line for cell in block.cells for line in cell]
        text = " ".join(f"{label}: {value}".rstrip() for label, value in labels if label or value)
        caption = self.paras[-1] if self.paras else None
        if labels[0][0].casefold() == "name" and caption and _is_caption(caption, block):
            caption.text = f"{caption.text.rstrip(':').rstrip()}: {text}"
            caption.lines.extend(lines)
            caption.label_row = True
            return
        self.paras.append(Para(lines, text, anchor=lines[0].x0, label_row=True))

    def feed(self, line: PdfLine) -> None:
        """One page line: the next line of the paragraph before, or a new paragraph."""
        marker, text_x, words = _bullet(line)
        current = self.paras[-1] if self.paras else None
        if current is not None and marker is None and self.continues(current, line):
            current.text = self.join(current.text, line.text)
            current.lines.append(line)
            if current.text_x is None:
                current.text_x = line.x0
            self.page_start = False
            return
        text = " ".join(word.text for word in words)
        bullet = marker is not None
        anchor = marker if marker is not None else line.x0
        self.paras.append(Para([line], text, bullet, anchor, text_x))
        self.page_start = False

    def continues(self, para: Para, line: PdfLine) -> bool:
        """Whether `line` goes on `para` (a wrapped line, or the rest of it past a page break)."""
        last = para.last
        if para.label_row or not _same_container(last, line):
            return False
        if line.bold != last.bold or abs(line.size - last.size) > 0.6:
            return False
        if line.page == last.page:
            pitch = self.pitch.get(round(last.size, 1), 1.5 * last.size)
            if not 0 < line.top - last.top <= 1.2 * pitch + 0.5:  # no paragraph spacing
                return False
        elif not (line.page == last.page + 1 and self.page_start):
            return False
        if not self._aligned(para, line):
            return False
        if para.bullet:
            return True
        ending = para.text
        return (
            self._wrapped(last, line)
            or (not SENTENCE_END.search(ending) and (line.text[0].islower() or line.text[0] == "("))
            or bool(HYPHENATED.search(ending) and line.text[0].islower())
            or (last.bold and line.page == last.page and not SENTENCE_END.search(ending))
        )

    def _aligned(self, para: Para, line: PdfLine) -> bool:
        expected = para.text_x
        if expected is not None:
            return abs(line.x0 - expected) <= X_TOLERANCE
        if para.bullet:  # a glyph glued to its word: wrapped lines start right of the marker
            return para.anchor < line.x0 <= para.anchor + 4 * line.size
        first = para.lines[0]
        if abs(line.x0 - first.x0) <= X_TOLERANCE:
            return True
        if 0 < first.x0 - line.x0 <= 4 * line.size:  # a first-line indent
            return True
        centre = (first.x0 + first.x1) / 2
        return first.page == line.page and abs((line.x0 + line.x1) / 2 - centre) <= 3

    def _wrapped(self, last: PdfLine, line: PdfLine) -> bool:
        """Whether the next line's first word could not fit at the end of `last`."""
        edge = _cell_edge(last.cell, last) if last.cell is not None else self.flow_edge
        first = line.words[0]
        return last.x1 + 0.3 * last.size + (first.x1 - first.x0) >= edge - 1

    def join(self, text: str, more: str) -> str:
        """Two lines of a paragraph as one: a line-end hyphen is undone unless it is a word's."""
        if text.endswith("\u00ad"):
            return text[:-1] + more
        if HYPHENATED.search(text) and more[:1].islower():
            left = text.rsplit(" ", 1)[-1]
            right = more.split(" ", 1)[0]
            if self._keeps_hyphen(left, right):
                return text + more
            return text[:-1] + more
        if text.endswith("-") and text[-2:-1].strip():  # a line broken after '2017-'
            return text + more
        return f"{text} {more}"

    def _keeps_hyphen(self, left: str, right: str) -> bool:
        """Whether 'non-' + 'scheduled' is a hyphenated word, not 'secu-' + 'rity' split."""
        joined = f"{left[:-1]}{right}".casefold().strip(".,;:()")
        if joined in self.vocabulary:
            return False
        word = right.casefold().strip(".,;:()")
        # The right part is a word of its own when it occurs elsewhere than after this break.
        return f"{left}{right}".casefold() in self.vocabulary or (
            len(word) > 2 and self.vocabulary[word] > 1
        )


def _bullet(line: PdfLine) -> tuple[float | None, float | None, list[Word]]:
    """(where its marker starts, where its text starts, its words without the glyph)."""
    words = line.words
    if line.marker is not None:
        return line.marker, line.x0, words
    first = words[0]
    if len(words) > 1 and set(first.text) <= STRONG_GLYPHS:
        return first.x0, words[1].x0, words[1:]
    if len(first.text) > 1 and first.text[0] in STRONG_GLYPHS and first.text[1].isalnum():
        rest = Word(
            first.text[1:], first.x0, first.x1, first.top, first.bottom, first.size, first.bold
        )
        return first.x0, None, [rest, *words[1:]]
    if (
        len(words) > 1
        and first.text in WEAK_GLYPHS
        and not words[1].text[0].isdigit()
        and words[1].x0 - first.x1 >= 0.15 * first.size
    ):
        return first.x0, words[1].x0, words[1:]
    return None, None, words


def _label_row(row: Row) -> list[tuple[str, str]] | None:
    """(label, value) pairs of a row of label and value cells, e.g. Name | Julio Torres."""
    if len(row.cells) % 2 or not row.cells[0]:
        return None
    pairs = []
    for label_cell, value_cell in zip(row.cells[::2], row.cells[1::2], strict=True):
        label = clean(" ".join(line.text for line in label_cell))
        if not ROW_LABEL.match(label):
            return None
        value = clean(" ".join(line.text for line in value_cell))
        pairs.append((label.rstrip(":").rstrip(), value))
    return pairs


def _is_caption(para: Para, row: Row) -> bool:
    """Whether a paragraph is the caption of the contact table below it (its role)."""
    last = para.last
    if para.bullet or para.label_row or last.cell is not None or len(para.text.split()) > 14:
        return False
    if last.page != row.cells[0][0].page or not 0 <= row.top - last.bottom <= 1.5 * last.size:
        return False
    if SECTION_LIKE.match(para.text) or para.text.isupper():
        return False
    return bool(ROLE_WORDS.search(para.text)) or (last.bold and not para.text.endswith(":"))


def _same_container(a: PdfLine, b: PdfLine) -> bool:
    """Whether two lines are in one cell or both in the flow; past a page break, in one column.

    A table row split over two pages may lose its ruling on the second, whose lines then read
    as page flow: there, a line within the cell's column continues it.
    """
    if a.page == b.page:
        return a.cell == b.cell
    if a.cell is None and b.cell is None:
        return True
    if a.cell is not None and b.cell is not None:
        return abs(a.cell.x0 - b.cell.x0) <= 2 and abs(a.cell.x1 - b.cell.x1) <= 2
    cell, line = (a.cell, b) if a.cell is not None else (b.cell, a)
    assert cell is not None
    return cell.x0 - 2 <= line.x0 and line.x1 <= cell.x1 + 2


def _cell_edge(cell: Cell, line: PdfLine) -> float:
    """The right edge of a cell's text: its border less the padding on its left."""
    padding = max(0.0, line.x0 - cell.x0) if line.x0 - cell.x0 < 12 else 4.0
    return cell.x1 - padding


def line_pitches(pages: list[Page]) -> dict[float, float]:
    """The most usual top-to-top distance of consecutive lines, for each font size."""
    steps: dict[float, Counter[float]] = {}
    for page in pages:
        flow = [block for block in page.blocks if isinstance(block, PdfLine)]
        cells = [cell for block in page.blocks if isinstance(block, Row) for cell in block.cells]
        for sequence in [flow, *cells]:
            for above, below in itertools.pairwise(sequence):
                step = round((below.top - above.top) * 2) / 2
                if above.size == below.size and 0 < step < 3 * above.size:
                    steps.setdefault(round(above.size, 1), Counter())[step] += 1
    return {size: counter.most_common(1)[0][0] for size, counter in steps.items()}
