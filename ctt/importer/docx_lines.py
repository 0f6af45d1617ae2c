"""The lines of a .docx report: paragraphs and table cells in order, with list levels."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from ctt.errors import UsageError
from ctt.importer.lines import BULLET, Line, clean

LIST_STYLE = re.compile(r"^List (?:Bullet|Number|Paragraph)(?: (\d+))?$")
GROUP_STYLE = re.compile(r"^CTAP Group Heading(?: (\d+))?$")
ROW_LABELS = re.compile(
    r"^(Economy|Calendar year|Last updated|Name|Title|Telephone Number|Fax Number|"
    r"Email Address|Role)$",
    re.I,
)
CONTACT_STYLE = "CTAP Contact"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_lines(path: Any, raw: bytes) -> list[Line]:
    """Every non-empty paragraph of the document, in reading order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from ctt.docx_package import check_unpacked_size

    check_unpacked_size(raw, str(path))
    try:
        document = docx.Document(io.BytesIO(raw))
        paragraphs = list(_paragraphs(document))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UsageError(f"{path}: not a Word .docx document ({exc})") from None
    # Broken XML, a document without a body, an unexpected element: python-docx raises many
    # kinds of error for a file that is not (quite) a Word document; all mean the same here.
    except Exception as exc:
        raise UsageError(f"{path}: not a Word .docx document ({type(exc).__name__})") from None
    lines: list[Line] = []
    blank = False
    role = ""  # a contact's caption ("CTAP Contact"), joined to its Name row
    for number, (text, style, numbered) in enumerate(paragraphs, start=1):
        text = clean(text)
        if not text:
            blank = True
            continue
        if style == CONTACT_STYLE:
            role = text
            continue
        if role and text.startswith("Name:"):
            text, role = f"{role}: {text}", ""
        line = _line(text, style, numbered, number)
        line.blank_before = blank
        lines.append(line)
        blank = False
    return lines


def _line(text: str, style: str, numbered: bool, number: int) -> Line:
    if match := GROUP_STYLE.match(style):
        return Line(text, number, level=int(match.group(1) or 1), style="group")
    if match := LIST_STYLE.match(style):
        level = int(match.group(1) or 1) if style.startswith("List Bullet") else None
        return Line(text, number, bullet=True, level=level)
    if numbered:
        return Line(text, number, bullet=True)
    if bullet := BULLET.match(text):  # a typed bullet glyph
        return Line(text[bullet.end() :], number, bullet=True)
    return Line(text, number)


def _paragraphs(document: Any) -> Iterator[tuple[str, str, bool]]:
    """(text, style name, has list numbering) for each paragraph, tables row by row."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(parent: Any, elements: Any) -> Iterator[tuple[str, str, bool]]:
        for element in elements:
            if element.tag == f"{W}p":
                paragraph = Paragraph(element, parent)
                style = paragraph.style.name if paragraph.style is not None else ""
                numbered = element.find(f"{W}pPr/{W}numPr") is not None
                yield paragraph.text, style or "", numbered
            elif element.tag == f"{W}tbl":
                yield from rows(Table(element, parent))

    def rows(table: Any) -> Iterator[tuple[str, str, bool]]:
        for row in table.rows:
            cells = _unique_cells(row)
            texts = [clean(cell.text) for cell in cells]
            if len(cells) == 2 and ROW_LABELS.match(texts[0]):
                yield f"{texts[0]}: {texts[1]}", "", False  # a label | value row
                continue
            for cell in cells:
                yield from walk(cell, cell._tc.iterchildren())

    yield from walk(document, document.element.body.iterchildren())


def _unique_cells(row: Any) -> list[Any]:
    """The cells of a row, a merged cell once."""
    seen: set[int] = set()
    cells = []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells
