"""The physical lines of a PDF's pages: words grouped into lines, in table cells or the page flow.

pdfplumber (on pdfminer.six) gives the words with their boxes and fonts, the ruled tables of
each page with their cells, and the small shapes some writers (Chromium) draw as list markers.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from ctt.errors import DataError, UsageError

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold", re.I)
# A table smaller than this is a drawing (a box, an underline), not a table of text.
MIN_TABLE_WIDTH = 40.0
MIN_TABLE_HEIGHT = 8.0
# A list marker drawn as a shape: a small dot or square, about as wide as high.
MARKER_SIZE = (1.5, 7.5)


@dataclass(frozen=True)
class Word:
    """One word on a page, with its box and font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(frozen=True)
class Cell:
    """A cell of a ruled table on one page."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(eq=False)
class PdfLine:
    """The words of one page on one baseline, in one table cell or in the page flow."""

    page: int
    words: list[Word]
    cell: Cell | None = None
    marker: float | None = None  # the left of a list marker drawn as a shape before the line
    number: int = 0  # its place in reading order across the pages, from 1

    @property
    def text(self) -> str:
        """The words, one space apart."""
        return " ".join(word.text for word in self.words)

    @property
    def x0(self) -> float:
        """Its left edge."""
        return self.words[0].x0

    @property
    def x1(self) -> float:
        """Its right edge."""
        return self.words[-1].x1

    @property
    def top(self) -> float:
        """Its top."""
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        """Its bottom."""
        return max(word.bottom for word in self.words)

    @property
    def size(self) -> float:
        """The font size of most of its text."""
        sizes: dict[float, int] = {}
        for word in self.words:
            sizes[round(word.size, 1)] = sizes.get(round(word.size, 1), 0) + len(word.text)
        return max(sizes, key=lambda size: sizes[size])

    @property
    def bold(self) -> bool:
        """Whether every word is bold."""
        return all(word.bold for word in self.words)


@dataclass
class Row:
    """A row of a ruled table: the lines of each of its cells, left to right."""

    cells: list[list[PdfLine]]
    top: float
    bottom: float


Block = PdfLine | Row


@dataclass
class Page:
    """One page: its blocks in reading order (flow lines and table rows, top to bottom)."""

    number: int
    width: float
    height: float
    blocks: list[Block] = field(default_factory=list)
    images: int = 0

    def lines(self) -> list[PdfLine]:
        """Every line of the page in reading order."""
        lines: list[PdfLine] = []
        for block in self.blocks:
            if isinstance(block, Row):
                lines.extend(line for cell in block.cells for line in cell)
            else:
                lines.append(block)
        return lines


def read_pages(path: Any, raw: bytes) -> list[Page]:
    """The pages of a PDF, their lines numbered in reading order; a one-line error if unreadable."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    if not raw.lstrip(b"\x00\t\n\r ").startswith(b"%PDF"):
        raise UsageError(f"{path}: not a PDF document (it does not start with %PDF)")
    pages: list[Page] = []
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            pages.extend(_page(page, number) for number, page in enumerate(pdf.pages, start=1))
    except PdfminerException as exc:
        raise _refusal(path, exc.args[0] if exc.args else exc) from None
    # A damaged file makes pdfminer raise many kinds of error (bad streams, missing objects,
    # recursion in a broken page tree); all mean the same here.
    except Exception as exc:
        raise _refusal(path, exc) from None
    lines = [line for read in pages for line in read.lines()]
    for number, line in enumerate(lines, start=1):
        line.number = number
    return pages


def _refusal(path: Any, cause: object) -> DataError | UsageError:
    name = type(cause).__name__
    if "Password" in name or "Encrypt" in name:
        return DataError(f"{path}: the PDF is encrypted: give a copy without a password")
    return UsageError(f"{path}: not a readable PDF document ({name})")


def _page(page: Any, number: int) -> Page:
    words = [
        Word(
            w["text"],
            float(w["x0"]),
            float(w["x1"]),
            float(w["top"]),
            float(w["bottom"]),
            float(w["size"]),
            bool(BOLD_FONT.search(str(w["fontname"]))),
        )
        for w in page.extract_words(extra_attrs=["fontname", "size"])
        if w["text"].strip()
    ]
    result = Page(number, float(page.width), float(page.height), images=len(page.images))
    rows: list[tuple[Cell, ...]] = []
    for table in page.find_tables():
        x0, top, x1, bottom = table.bbox
        if x1 - x0 < MIN_TABLE_WIDTH or bottom - top < MIN_TABLE_HEIGHT:
            continue
        for row in table.rows:
            cells = tuple(Cell(*(float(v) for v in bbox)) for bbox in row.cells if bbox)
            if cells:
                rows.append(cells)
    by_cell: dict[Cell, list[Word]] = {cell: [] for cells in rows for cell in cells}
    flow: list[Word] = []
    for word in words:
        cell = _cell_of(word, by_cell)
        (by_cell[cell] if cell is not None else flow).append(word)
    blocks: list[tuple[float, Block]] = [(line.top, line) for line in _lines(flow, number, None)]
    for cells in rows:
        row = Row(
            [_lines(by_cell[cell], number, cell) for cell in cells],
            min(cell.top for cell in cells),
            max(cell.bottom for cell in cells),
        )
        blocks.append((row.top, row))
    blocks.sort(key=lambda pair: pair[0])
    result.blocks = [block for _, block in blocks]
    _attach_markers(result.lines(), [*page.curves, *page.rects])
    return result


def _cell_of(word: Word, cells: dict[Cell, list[Word]]) -> Cell | None:
    """The smallest cell holding the word's centre."""
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    found = [c for c in cells if c.x0 <= x <= c.x1 and c.top <= y <= c.bottom]
    return min(found, key=lambda c: (c.x1 - c.x0) * (c.bottom - c.top), default=None)


def _lines(words: list[Word], page: int, cell: Cell | None) -> list[PdfLine]:
    """Words grouped into lines: a word joins the line its box overlaps by half its height."""
    lines: list[PdfLine] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines:
            last = lines[-1]
            height = min(word.bottom - word.top, last.bottom - last.top)
            if word.top < last.bottom - height / 2:
                last.words.append(word)
                continue
        lines.append(PdfLine(page, [word], cell))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _attach_markers(lines: list[PdfLine], shapes: list[dict[str, Any]]) -> None:
    """Small dots and squares drawn just left of a line's first word: its list marker."""
    low, high = MARKER_SIZE
    for shape in shapes:
        width, height = float(shape["width"]), float(shape["height"])
        if not (low <= width <= high and low <= height <= high and abs(width - height) < 1.5):
            continue
        middle = (float(shape["top"]) + float(shape["bottom"])) / 2
        x0, x1 = float(shape["x0"]), float(shape["x1"])
        near = [
            line
            for line in lines
            if line.marker is None
            and line.top <= middle <= line.bottom
            and 0 <= line.x0 - x1 <= 3 * line.size
        ]
        if near:
            min(near, key=lambda line: line.x0 - x1).marker = x0
