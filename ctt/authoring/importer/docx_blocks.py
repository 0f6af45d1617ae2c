"""The paragraphs of a Word story (the body, a footnote, a text box) in reading order.

A `BlockReader` is fed the start and end events of the story's elements, as a part is parsed
(each paragraph is read when it ends, then freed, so memory stays bounded) or as a text box
already in memory is walked. It keeps tables (a label | value row as one line, a merged cell
once), content controls and custom XML at block, row and cell level, and joins a paragraph
whose mark was deleted to the next, as Word does when the deletion is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ctt.authoring.importer.docx_model import (
    MAX_PARAGRAPH_EVENTS,
    Change,
    Para,
    Reading,
    TooLarge,
    joined,
)
from ctt.authoring.importer.docx_parts import Event, W, release, w_names
from ctt.authoring.importer.docx_runs import FORMAT_CHANGES, MC, ParagraphReader, Story, choice
from ctt.authoring.importer.lines import clean

ROW_LABELS = re.compile(
    r"^(Economy|Calendar year|Last updated|Name|Title|Telephone Number|Fax Number|"
    r"Email Address|Role)$",
    re.I,
)
P, TBL, TR, TC = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc"
SDT, SDT_CONTENT, CUSTOM_XML = f"{W}sdt", f"{W}sdtContent", f"{W}customXml"
PROPERTIES = w_names("tblPr tblGrid tblPrEx trPr tcPr sectPr sdtPr sdtEndPr customXmlPr")
MARKUP = w_names(
    "bookmarkStart bookmarkEnd proofErr permStart permEnd moveFromRangeStart "
    "moveFromRangeEnd moveToRangeStart moveToRangeEnd customXmlInsRangeStart "
    "customXmlInsRangeEnd customXmlDelRangeStart customXmlDelRangeEnd "
    "customXmlMoveFromRangeStart customXmlMoveFromRangeEnd customXmlMoveToRangeStart "
    "customXmlMoveToRangeEnd"
)
ROW_CHANGES = {f"{W}ins": "table row insertion", f"{W}del": "table row deletion"}
CELL_CHANGES = {f"{W}cellIns": "table cell insertion", f"{W}cellDel": "table cell deletion"}
STRUCTURE = {SDT: "content control", CUSTOM_XML: "custom XML element"}


class Sink:
    """Where the paragraphs of a story or a cell go; a paragraph with a deleted mark waits."""

    def __init__(self) -> None:
        self.units: list[Para] = []
        self.held: list[Para] = []

    def add(self, para: Para) -> None:
        """Add a paragraph, joined to those whose mark was deleted before it."""
        if para.mark is not None and para.mark.removes:
            self.held.append(para)
            return
        if self.held:
            para, self.held = joined([*self.held, para]), []
        elif para.empty and self.units and self.units[-1].empty:
            self.units[-1].gap += 1  # a run of empty paragraphs is kept as one
            return
        self.units.append(para)

    def close(self) -> list[Para]:
        """The units; a paragraph left waiting (nothing after it to join) stays as it is."""
        if self.held:
            self.units.append(joined(self.held))
            self.held = []
        return self.units


@dataclass(eq=False)
class Cell:
    """A table cell read: its units, and a tracked insertion or deletion of the cell."""

    units: list[Para] = field(default_factory=list)
    change: Change | None = None


@dataclass(eq=False)
class Row:
    """A table row being read."""

    cells: list[Cell] = field(default_factory=list)
    change: Change | None = None


class BlockReader:
    """Reads the block content of one story from its parse events."""

    def __init__(self, reading: Reading, free: bool) -> None:
        self.reading = reading
        self.free = free  # parsed as a stream: free each element once it is read
        self.story = Story()
        self.sinks = [Sink()]
        self.rows: list[Row | None] = []  # one a table open: the row being read
        self.frames: list[bool] = []  # one a content control or custom XML open: placeholder?
        self.depth = 0  # paragraphs open (a text box's are inside another)
        self.opaque = 0  # depth inside an element read whole when it ends
        self.events = 0  # of the element being parsed whole: bounded, as memory is

    def feed(self, event: str, element: Any) -> None:
        """Take one parse event."""
        tag = element.tag
        if self.depth or self.opaque:
            self.events += 1
            if self.events > MAX_PARAGRAPH_EVENTS:
                raise TooLarge(f"a paragraph of more than {MAX_PARAGRAPH_EVENTS // 2:,} elements")
        if self.depth:
            if tag == P:
                self.depth += 1 if event == "start" else -1
                if not self.depth:
                    self.paragraph(element)
            return
        if self.opaque:
            self.opaque += 1 if event == "start" else -1
            if not self.opaque:
                self.other(element)
            return
        if not isinstance(tag, str):
            return
        if event == "start":
            self.start(tag)
            return
        if tag == TC:
            self.end_cell()
        elif tag == TR:
            self.end_row()
        elif tag == TBL and self.rows:
            self.end_row()
            self.rows.pop()
        elif tag in STRUCTURE and self.frames:
            self.frames.pop()
        self.release(element)

    def start(self, tag: str) -> None:
        if tag == P:
            self.depth = 1
        elif tag == TBL:
            self.rows.append(None)
        elif tag == TR:
            self.end_row()  # a row left open by a malformed table ends here
            if not self.rows:
                self.rows.append(None)
            self.rows[-1] = Row()
        elif tag == TC:
            self.row().cells.append(Cell())
            self.sinks.append(Sink())
        elif tag in STRUCTURE:
            self.reading.read[STRUCTURE[tag]] += 1
            self.frames.append(False)
        elif tag != SDT_CONTENT:
            self.opaque = 1

    def row(self) -> Row:
        """The row being read, made if a cell comes without one."""
        if not self.rows:
            self.rows.append(None)
        if self.rows[-1] is None:
            self.rows[-1] = Row()
        row = self.rows[-1]
        assert row is not None
        return row

    def paragraph(self, element: Any) -> None:
        reader = ParagraphReader(self.reading, self.story)
        para = reader.read(element)
        boxes = (unit for box in reader.boxes for unit in read_element(self.reading, box))
        para.boxes = tuple(boxes)
        self.reading.count(para)
        self.events = 0
        self.add(para)
        self.release(element)

    def add(self, para: Para) -> None:
        if True in self.frames:  # an empty content control shows its placeholder text
            para.dropped = "the placeholder text of an empty content control"
            para.left_out, para.text = para.text, ""
            self.reading.sample(self.reading.placeholders, para.left_out)
        self.sinks[-1].add(para)

    def other(self, element: Any) -> None:
        """An element outside paragraphs, read whole when it ends."""
        tag = element.tag
        self.events = 0
        if tag in PROPERTIES:
            self.properties(element)
        elif tag == f"{W}commentRangeStart":
            anchor = self.reading.anchor(element.get(f"{W}id", ""))
            self.reading.open[element.get(f"{W}id", "")] = anchor
            self.reading.waiting.append(anchor)
        elif tag == f"{W}commentRangeEnd":
            self.reading.open.pop(element.get(f"{W}id", ""), None)
        elif tag == f"{W}altChunk":
            self.reading.not_read["embedded document (altChunk)"] += 1
        elif tag not in MARKUP:
            self.outside(element)
        self.release(element)

    def properties(self, element: Any) -> None:
        """Tracked changes of rows and cells; a content control showing its placeholder."""
        tag = element.tag
        self.reading.formatting += sum(1 for _ in element.iter(*FORMAT_CHANGES, *FORMATTING))
        if tag == f"{W}sdtPr" and self.frames:
            self.frames[-1] = element.find(f"{W}showingPlcHdr") is not None
        elif tag == f"{W}trPr":
            for change_tag, kind in ROW_CHANGES.items():
                if (change := element.find(change_tag)) is not None:
                    self.row().change = Change(kind, change.get(f"{W}author", ""))
        elif tag == f"{W}tcPr" and self.row().cells:
            for change_tag, kind in CELL_CHANGES.items():
                if (change := element.find(change_tag)) is not None:
                    self.row().cells[-1].change = Change(kind, change.get(f"{W}author", ""))

    def outside(self, element: Any) -> None:
        """Content outside any paragraph: blocks inside it read in place, text as its own."""
        if element.tag == f"{MC}AlternateContent":
            branch = choice(element)
            children = list(branch) if branch is not None else []
        elif next(element.iter(P, TBL), None) is not None:
            children = list(element)
        else:
            para = ParagraphReader(self.reading, self.story).read(element, outside=True)
            if clean(para.text):
                self.reading.read["run outside any paragraph"] += 1
                self.add(para)
            return
        free, self.free = self.free, False  # a walk in memory must not free what it walks
        for child in children:
            for event, inner in etree.iterwalk(child, events=("start", "end")):
                self.feed(event, inner)
        self.free = free

    def end_cell(self) -> None:
        if len(self.sinks) > 1:
            units = self.sinks.pop().close()
            cell = self.row().cells[-1]
            cell.units = units
            if cell.change is not None:
                _attach(self.reading, units, cell.change)

    def end_row(self) -> None:
        if not self.rows or self.rows[-1] is None:
            return
        row, self.rows[-1] = self.rows[-1], None
        units = _label_value(row) or [unit for cell in row.cells for unit in cell.units]
        if row.change is not None:
            _attach(self.reading, units, row.change)
        sink = self.sinks[-1]
        sink.close()  # a paragraph waiting to join before a table stays as it is
        sink.units.extend(units)

    def release(self, element: Any) -> None:
        if self.free:
            release(element)

    def close(self) -> list[Para]:
        """The story's units, once its last event is fed."""
        while len(self.sinks) > 1:
            self.end_cell()
        while self.rows:
            self.end_row()
            self.rows.pop()
        return self.sinks[0].close()


FORMATTING = tuple(
    w_names("tblPrChange tblPrExChange trPrChange tcPrChange tblGridChange cellMerge")
)


def _label_value(row: Row) -> list[Para]:
    """A row 'Name | value' as the one line 'Name: value', as the template's tables hold."""
    if len(row.cells) != 2:
        return []
    label_cell, value_cell = row.cells
    label = clean(" ".join(unit.text for unit in label_cell.units if not unit.dropped))
    if not ROW_LABELS.match(label):
        return []
    value = clean(" ".join(unit.text for unit in value_cell.units if not unit.dropped))
    return [joined([*label_cell.units, *value_cell.units], f"{label}: {value}")]


def _attach(reading: Reading, units: list[Para], change: Change) -> None:
    """A change of a whole row or cell: listed at its first paragraph; a deletion drops all."""
    change.add(" | ".join(clean(unit.text) for unit in units if clean(unit.text)))
    paras = [para for unit in units for para in unit.walk()]
    if paras:
        paras[0].changes = (change, *paras[0].changes)
    else:
        reading.loose_changes.append(change)
    if change.kind.endswith("deletion"):
        for para in paras:
            where = change.kind.removesuffix(" deletion")
            para.dropped = f"a paragraph in a {where} deleted by {change.author}"


def read_element(reading: Reading, element: Any) -> list[Para]:
    """The units of a story already in memory (a text box's content)."""
    reader = BlockReader(reading, free=False)
    for child in element:
        for event, inner in etree.iterwalk(child, events=("start", "end")):
            reader.feed(event, inner)
    return reader.close()


def read_stories(
    events: Iterator[Event], container: str, reading: Reading
) -> Iterator[tuple[dict[str, str], list[Para]]]:
    """Each story of a part (the body, each footnote): its attributes and units."""
    reader: BlockReader | None = None
    attributes: dict[str, str] = {}
    for event, element in events:
        if element.tag == container:
            if event == "start":
                reader, attributes = BlockReader(reading, free=True), dict(element.attrib)
            elif reader is not None:
                yield attributes, reader.close()
                reader = None
                release(element)
        elif reader is not None:
            reader.feed(event, element)
