"""The region's summary as a Word document, in the look and styles of a rendered report.

The same style names carry the structure (see ctt.render.docx.styles): Title, Heading 1 (pillars,
the reporting economies, the parts across sections, the topic table), Heading 2 (sections of
pillar A); each answer a shaded CTAP Question row over a cell that holds, per economy, a
CTAP Label paragraph "Economy (year):" and its items as List Bullet paragraphs by depth.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document
from docx.shared import Mm
from docx.table import Table

from ctt.dates import in_words
from ctt.region.needs import Mention, PartEntries, TopicRow
from ctt.region.summary import Summary
from ctt.render.docx import styles as st
from ctt.render.docx.document import Flow, Writer
from ctt.render.docx.package import add_page_numbers, open_base, set_properties, stable_bytes

AUTHOR = "APEC Counter-Terrorism Working Group"
NONE = "\u2013"
NO_REPORT = "No report is included."
STATE_COLUMNS = (("Economy", 50), ("Latest report", 25), ("Last updated", 36), ("Status", 0))
TOPIC_COLUMNS = (("Topic", 62), ("Needed by", 56), ("Offered by", 0))


def summary_docx(summary: Summary, reference: Path | None = None) -> bytes:
    """The summary as .docx bytes, the same for the same summary (and reference)."""
    document = open_base(reference)
    SummaryWriter(document).summary(summary)
    add_page_numbers(document)
    set_properties(document, f"{summary.title}: {summary.subtitle}", AUTHOR, summary.date())
    return stable_bytes(document)


def nothing_from(part: PartEntries) -> str | None:
    """The note under a part's answers: who reported nothing, or that no report is in."""
    if part.silent:
        return f"Nothing reported by {'; '.join(by.label for by in part.silent)}."
    return None if part.answered else NO_REPORT


class SummaryWriter:
    """Writes the summary into a document, in the order of the Markdown and HTML versions."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.layout = Writer(document)  # tables and page breaks as a report has them
        self.body = Flow(document)

    def summary(self, summary: Summary) -> None:
        """The whole summary."""
        self.body.add(st.TITLE, summary.title)
        self.body.add(st.OBJECTIVE, f"{summary.subtitle}. {summary.intro}")
        self.states(summary)
        for pillar, blocks in summary.pillars:
            self.layout.page_break()
            self.body.add(st.HEADING.format(1), f"{pillar.letter}. {pillar.title}")
            for block in blocks:
                if len(blocks) > 1:
                    self.body.add(st.HEADING.format(2), block.label)
                self.parts([block.needs, block.offers])
        self.body.add(st.HEADING.format(1), summary.general_title)
        self.parts(summary.general, full=True)
        self.layout.page_break()
        self.topics(summary)

    def states(self, summary: Summary) -> None:
        """Which economies reported, when, and which have not."""
        self.body.add(st.HEADING.format(1), "Reporting economies")
        self.body.add(None, summary.status_line)
        table = self.table(len(summary.states) + 1, STATE_COLUMNS)
        for state, row in zip(summary.states, table.rows[1:], strict=True):
            values = (
                state.economy.name,
                str(state.year or NONE),
                in_words(state.last_updated) if state.last_updated else NONE,
                state.label,
            )
            for cell, value in zip(row.cells, values, strict=True):
                Flow(cell).add(None, value)

    def parts(self, parts: Sequence[PartEntries], full: bool = False) -> None:
        """Answers as the report shows them: a shaded title row over the economies' items."""
        table = self.layout.table(2 * len(parts), 1)
        cells = [row.cells[0] for row in table.rows]
        for index, part in enumerate(parts):
            Flow(cells[2 * index]).add(st.QUESTION, part.full_title if full else part.title)
            flow = Flow(cells[2 * index + 1])
            for answered in part.answered:
                flow.add(st.LABEL, f"{answered.by.label}:")
                flow.nodes(answered.items)
            note = nothing_from(part)
            if note:
                flow.add(st.EMPTY, note)

    def topics(self, summary: Summary) -> None:
        """Needs against offers by topic, grouped by area."""
        self.body.add(st.HEADING.format(1), "Needs and offers by topic")
        self.body.add(None, summary.topics_note)
        areas = summary.table.areas
        rows = 1 + sum(1 + len(topic_rows) for _, topic_rows in areas) + 2
        table = self.table(rows, TOPIC_COLUMNS)
        index = 1
        for title, topic_rows in [
            *((area.title, topic_rows) for area, topic_rows in areas),
            (summary.untagged_area, [summary.table.untagged]),
        ]:
            cells = table.rows[index].cells
            Flow(cells[0].merge(cells[-1])).add(st.QUESTION, title)
            for offset, row in enumerate(topic_rows, start=1):
                self.topic_row(table, index + offset, row, summary.untagged_title)
            index += 1 + len(topic_rows)

    def topic_row(self, table: Table, index: int, row: TopicRow, untagged: str) -> None:
        """A topic (in bold when one economy could help another), who needs and who offers."""
        cells = table.rows[index].cells
        title = untagged if row.topic is None else row.topic.title
        Flow(cells[0]).add(st.LABEL if row.could_help else None, title)
        for cell, mentions in ((cells[1], row.needed_by), (cells[2], row.offered_by)):
            self.mentions(Flow(cell), mentions)

    def mentions(self, flow: Flow, mentions: Sequence[Mention]) -> None:
        """Economies, one per line."""
        for mention in mentions:
            flow.add(None, mention.by.label)
        if not mentions:
            flow.add(st.EMPTY, NONE)

    def table(self, rows: int, columns: Sequence[tuple[str, int]]) -> Table:
        """A CTAP table with a header row and columns of the given widths (0: the rest)."""
        table = self.layout.table(rows, len(columns))
        fixed = sum(width for _, width in columns)
        for column, (label, width) in zip(table.columns, columns, strict=True):
            size = Mm(width) if width else self.document._block_width - Mm(fixed)
            column.width = size
            for cell in column.cells:
                cell.width = size
            Flow(column.cells[0]).add(st.LABEL, label)
        return table
