"""What a PDF prints around the report: running heads and feet, and the archive's cover page."""

from __future__ import annotations

import re

from ctt.authoring.importer.lines import Line, clean
from ctt.authoring.importer.pdf_layout import Page, PdfLine, Row
from ctt.authoring.importer.source import Accounted

# Lines this far from the top or bottom edge may be a running head or foot.
MARGIN = 0.12
# How many lines at each end of a page may be one.
EDGE_LINES = 2
PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–]?\s*\d{1,3}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,3})?$|^[ivxlc]{1,6}$", re.I
)
DIGITS = re.compile(r"\d+")

KEYS = ("symbol", "agenda_item", "title", "purpose", "submitted_by", "meeting", "venue", "dates")
COVER_FIELDS = {
    "symbol": re.compile(
        r"^(?:document\s+(?:no\.?|number|symbol)\s*:?\s*)?(\d{4}/[A-Z0-9]+(?:/[A-Z0-9.-]+)+)$",
        re.I,
    ),
    "agenda_item": re.compile(r"^agenda\s+item\s*(?:no\.?)?\s*:?\s*(.+)$", re.I),
    "purpose": re.compile(r"^purpose\s*:\s*(.+)$", re.I),
    "submitted_by": re.compile(r"^submitted\s+by\s*:\s*(.+)$", re.I),
}
MEETING = re.compile(
    r"\b(meeting|workshop|dialogue|conference|forum|symposium|seminar|session)\b", re.I
)
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATES = re.compile(
    rf"^(?:\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{MONTH}(?:\s*[-–]\s*\d{{1,2}}\s+{MONTH})?"
    rf"|{MONTH}\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?,?)\s+\d{{4}}$",
    re.I,
)


def running_heads(pages: list[Page]) -> list[PdfLine]:
    """Lines at the top or bottom of the pages that are page numbers or repeat on many pages."""
    candidates: list[PdfLine] = []
    for page in pages:
        flow = [block for block in page.blocks if not isinstance(block, Row)]
        top = [line for line in flow[:EDGE_LINES] if line.top < MARGIN * page.height]
        bottom = [line for line in flow[-EDGE_LINES:] if line.bottom > (1 - MARGIN) * page.height]
        candidates.extend(dict.fromkeys([*top, *bottom]))
    pages_of: dict[str, set[int]] = {}
    for line in candidates:
        pages_of.setdefault(_shape(line.text), set()).add(line.page)
    needed = max(2, (len(pages) + 1) // 2)
    return [
        line
        for line in candidates
        if PAGE_NUMBER.match(clean(line.text)) or len(pages_of[_shape(line.text)]) >= needed
    ]


def repeated_headings(pages: list[Page]) -> list[list[PdfLine]]:
    """Table headings a browser prints again at the top of a page, over the answer running on.

    A run of bold lines in capitals (the template's questions) that opens a page and is the
    same as the last such run of the pages before it: a report never asks the same question
    twice in a row, so a question opening a page is otherwise a new one.
    """
    repeated: list[list[PdfLine]] = []
    last: str | None = None
    for page in pages:
        for start, run in _heading_runs(page.lines()):
            text = clean(" ".join(line.text for line in run)).casefold()
            if start == 0 and text == last:
                repeated.append(run)
            last = text
    return repeated


def _heading_runs(lines: list[PdfLine]) -> list[tuple[int, list[PdfLine]]]:
    """Runs of consecutive bold lines in capitals, of one size, in one cell or in the flow:
    (index of the first, lines)."""
    runs: list[tuple[int, list[PdfLine]]] = []
    for index, line in enumerate(lines):
        if not (line.bold and capitals(line.text)):
            continue
        if runs:
            start, run = runs[-1]
            last = run[-1]
            if (
                start + len(run) == index
                and last.cell == line.cell
                and abs(last.size - line.size) <= 0.6
            ):
                run.append(line)
                continue
        runs.append((index, [line]))
    return runs


def capitals(text: str) -> bool:
    """Whether most of the text's letters are capitals ('MEASURES PLANNED (indicate ...)')."""
    letters = [char for char in text if char.isalpha()]
    return sum(char.isupper() for char in letters) > 0.6 * len(letters)


def _shape(text: str) -> str:
    """Text with its numbers blanked: 'Page 3 of 9' and 'Page 4 of 9' repeat one shape."""
    return DIGITS.sub("#", clean(text).casefold())


def read_cover(page: Page) -> tuple[dict[str, str], list[Accounted]]:
    """The archive's cover page (symbol, agenda item, title, purpose, submitter, meeting)."""
    lines = page.lines()
    texts = [clean(line.text) for line in lines]
    found: dict[str, int] = {}  # key: index of its line
    for index, text in enumerate(texts):
        for key, pattern in COVER_FIELDS.items():
            if key not in found and pattern.match(text):
                found[key] = index
    if len(found) < 2:
        return {}, []
    values: dict[str, list[int]] = {key: [index] for key, index in found.items()}
    heading_end = max((found[k] for k in ("symbol", "agenda_item") if k in found), default=-1)
    title_end = min((found[k] for k in ("purpose", "submitted_by") if k in found), default=-1)
    if heading_end < title_end:
        values["title"] = [i for i in range(heading_end + 1, title_end) if i not in found.values()]
    # The meeting's box closes the cover: its name, then its place and dates, in a row.
    for index in range(max(found.values()) + 1, len(texts)):
        box = _meeting_key(texts[index], values)
        if box is None:
            break
        values[box] = [index]
    metadata: dict[str, str] = {}
    accounted: list[Accounted] = []
    for key in KEYS:
        if not values.get(key):
            continue
        joined = " ".join(texts[i] for i in values[key])
        match = COVER_FIELDS[key].match(joined) if key in COVER_FIELDS else None
        metadata[key] = match.group(1).strip() if match else joined
        where = f"report.yaml: source_document.{key}"
        accounted.extend(Accounted(lines[i].number, texts[i], "placed", where) for i in values[key])
    return metadata, accounted


def _meeting_key(text: str, values: dict[str, list[int]]) -> str | None:
    """Which line of the meeting's box this is, if it is one."""
    if len(text.split()) > 12:
        return None
    if "dates" not in values and DATES.match(text):
        return "dates"
    if "meeting" not in values and MEETING.search(text):
        return "meeting"
    if "meeting" in values and "venue" not in values and "," in text:
        return "venue"
    return None


CONTENTS = {"contents", "table of contents"}
LEADER_AND_PAGE = re.compile(r"[\s.…·_]*\d*$")


def table_of_contents(lines: list[Line]) -> tuple[list[Line], list[Accounted]]:
    """A table of contents taken out: its title and each entry naming a heading that follows."""
    starts = [i for i, line in enumerate(lines) if _entry(line.text) in CONTENTS]
    if not starts:
        return lines, []
    start = starts[0]
    entries = [_entry(line.text) for line in lines]
    end = start + 1
    while end < len(lines) and entries[end] and entries[end] in set(entries[end + 1 :]):
        end += 1
    if end == start + 1:
        return lines, []
    accounted = [
        Accounted(number, clean(line.text), "template")
        for line in lines[start:end]
        for number in line.numbers
    ]
    return lines[:start] + lines[end:], accounted


def _entry(text: str) -> str:
    """A heading as a table of contents lists it: dot leaders and page number dropped."""
    return clean(LEADER_AND_PAGE.sub("", text)).rstrip(":").casefold()
