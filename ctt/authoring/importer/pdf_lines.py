"""The lines of a PDF report, shaped as the parser reads them (see `pdf_source`).

Each page line of the PDF is numbered in reading order across the pages; every one ends up in
a Line (its number, or among its `more`) or accounted for: running heads and feet, the
archive's cover page (read into `source_document`), a table of contents.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ctt.authoring.importer.lines import Line, clean
from ctt.authoring.importer.pdf_furniture import (
    capitals,
    read_cover,
    repeated_headings,
    running_heads,
    table_of_contents,
)
from ctt.authoring.importer.pdf_layout import Page, PdfLine, Row, read_pages
from ctt.authoring.importer.pdf_paragraphs import X_TOLERANCE, Assembler, Para, line_pitches
from ctt.authoring.importer.source import Accounted, Note, Source
from ctt.errors import DataError

HEADER_LABEL = re.compile(r"\s+(?=(?:CALENDAR YEAR|LAST UPDATED)\s*:)", re.I)


def pdf_source(path: Any, raw: bytes) -> Source:
    """The lines of a PDF report, its running heads and cover page accounted for."""
    pages = read_pages(path, raw)
    if not any(page.lines() for page in pages):
        if any(page.images for page in pages):
            raise DataError(
                f"{path}: the PDF has no text layer (a scan?): run OCR on it, or import the "
                "document it was made from"
            )
        raise DataError(f"{path}: the PDF holds no text")
    notes = [
        Note(0, f"page {page.number} has no text (an image only?): nothing imported from it")
        for page in pages
        if page.images and not page.lines()
    ]
    metadata: dict[str, object] = {}
    cover, accounted = read_cover(pages[0])  # first: its symbol may head every page too
    if cover:
        metadata["source_document"] = cover
        _remove(pages, {entry.number for entry in accounted})
    heads = running_heads(pages)
    accounted += [Accounted(line.number, clean(line.text), "running-head") for line in heads]
    if heads:
        example = clean(heads[0].text)
        message = f"dropped {len(heads)} running head/foot line(s) of the pages, e.g. {example!r}"
        notes.append(Note(0, message))
    _remove(pages, {line.number for line in heads})
    repeats = repeated_headings(pages)
    repeated = [line for run in repeats for line in run]
    accounted += [Accounted(line.number, clean(line.text), "running-head") for line in repeated]
    if repeats:
        example = clean(" ".join(line.text for line in repeats[0]))
        message = f"dropped {len(repeats)} question(s) repeated over a page break"
        notes.append(Note(repeated[0].number, f"{message}, e.g. {example!r}"))
    _remove(pages, {line.number for line in repeated})
    lines, contents = table_of_contents(_lines(pages))
    if contents:
        message = f"dropped a table of contents ({len(contents)} line(s) naming the headings)"
        notes.append(Note(contents[0].number, message))
    return Source(lines, notes, accounted + contents, metadata, unit="line")


def _remove(pages: list[Page], numbers: set[int]) -> None:
    for page in pages:
        kept: list[PdfLine | Row] = []
        for block in page.blocks:
            if isinstance(block, Row):
                block.cells = [
                    [ln for ln in cell if ln.number not in numbers] for cell in block.cells
                ]
                if any(block.cells):
                    kept.append(block)
            elif block.number not in numbers:
                kept.append(block)
        page.blocks = kept


def _lines(pages: list[Page]) -> list[Line]:
    all_lines = [line for page in pages for line in page.lines()]
    vocabulary = Counter(
        word.text.casefold().strip(".,;:()") for ln in all_lines for word in ln.words
    )
    flow = [line.x1 for line in all_lines if line.cell is None]
    assembler = Assembler(vocabulary, max(flow, default=0.0), line_pitches(pages))
    for page in pages:
        for index, block in enumerate(page.blocks):
            assembler.block(block, index == 0)
    paras = assembler.paras
    _levels(paras, _body_size(all_lines))
    lines: list[Line] = []
    for para in paras:
        numbers = [line.number for line in para.lines]
        text = clean(para.text)
        line = Line(text, numbers[0], para.bullet, para.level, "group" if para.group else None)
        line.more = tuple(numbers[1:])
        lines.extend(_split_header(line))
    return lines


def _body_size(lines: list[PdfLine]) -> float:
    sizes: dict[float, int] = {}
    for line in lines:
        for word in line.words:
            sizes[round(word.size, 1)] = sizes.get(round(word.size, 1), 0) + len(word.text)
    return max(sizes, key=lambda size: sizes[size], default=0.0)


def _levels(paras: list[Para], body: float) -> None:
    """Bullet levels by indentation, and bold lines heading a list as group headings."""
    heads_list = False
    for para in reversed(paras):
        bold = all(line.bold for line in para.lines)
        para.group = (
            not para.bullet
            and not para.label_row
            and bold
            and abs(para.last.size - body) <= 0.6
            and not capitals(para.text)  # the template's questions and headings
            and heads_list
        )
        heads_list = para.bullet or para.group
    stack: list[Para] = []
    children: dict[int, float] = {}  # a group heading's first item: where its items start
    for para in paras:
        if not (para.bullet or para.group):
            stack = []
            continue
        while stack and not _holds(stack[-1], para, children.get(id(stack[-1]))):
            stack.pop()
        if stack:
            children.setdefault(id(stack[-1]), para.anchor)
        stack.append(para)
        para.level = len(stack)


def _holds(parent: Para, para: Para, items_at: float | None) -> bool:
    """Whether `para` is inside `parent`: further right, or an item of a heading above it.

    A heading's items may start at its own left edge (a bold line over a list) or further
    right (our renderings indent them): the first item says which, for all that follow.
    """
    tolerance = X_TOLERANCE / 2
    if parent.anchor < para.anchor - tolerance:
        return True
    if not parent.group or para.group:
        return False
    if items_at is None:
        return abs(para.anchor - parent.anchor) <= tolerance
    return para.anchor >= items_at - tolerance


def _split_header(line: Line) -> list[Line]:
    """'ECONOMY: X CALENDAR YEAR: Y LAST UPDATED: Z' on one line as the three header lines."""
    if not re.match(r"^ECONOMY\s*:", line.text, re.I):
        return [line]
    parts = HEADER_LABEL.split(line.text)
    return [Line(part, line.number, more=line.more) for part in parts]
