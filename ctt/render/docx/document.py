"""A report as a Word document in the official CTAP layout, built with Word styles only.

The structure is carried by style names (see ctt.render.docx.styles), so that an economy can restyle
the document and `ctt import` can read it back: headings are Heading 1 (pillars, the executive
summary, the closing offer) and Heading 2 (sections of pillar A); answers are List Bullet
paragraphs by depth, group headings CTAP Group Heading paragraphs by depth, one paragraph per
item with its text verbatim and an optional " (timeframe: X)" run in the CTAP Timeframe style.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.shared import Mm
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ctt.dates import first_day, in_words
from ctt.render.docx import refs as docx_refs
from ctt.render.docx import styles as st
from ctt.render.docx.package import add_page_numbers, open_base, set_properties, stable_bytes
from ctt.render.docx.wordrefs import Identity
from ctt.report.model import Contact, Group, Node, Report, Section
from ctt.report.shape import NO_CONTACT, NOTHING_REPORTED

PLAN_TITLE = "APEC Counter-Terrorism Action Plan"  # a report's title (a summary's: SUMMARY_TITLE)
COMMITMENTS_ROW = "Leaders\u2019 and Ministers\u2019 commitments"
NO_COMMITMENTS = "No commitments listed."
CONTACT_LABEL = "Contact Point"
CONTACT_ROWS = (
    ("Name", "name"),
    ("Title", "title"),
    ("Telephone Number", "telephone"),
    ("Fax Number", "fax"),
    ("Email Address", "email"),
)
LABEL_WIDTH = Mm(45)
# Characters XML 1.0 cannot hold (YAML's "\x07" escapes can produce them): shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_docx(report: Report, reference: Path | None = None) -> bytes:
    """The report as .docx bytes, the same for the same report (and reference)."""
    return stable_bytes(build_docx(report, reference))


def build_docx(report: Report, reference: Path | None = None) -> Document:
    """The report as a Word document in memory (`ctt diff --format docx` merges two)."""
    document = open_base(reference)
    Writer(document).report(report)
    docx_refs.attach(document, Identity(report.economy.id, report.year, None, report.redacted))
    add_page_numbers(document)
    set_properties(
        document,
        f"{PLAN_TITLE}: {report.economy.name} {report.year}",
        report.economy.name,
        report_date(report),
    )
    return document


def report_date(report: Report) -> dt.datetime:
    """The document's date: the report's last update (a month's first day), else 1 January."""
    day = first_day(report.last_updated) or dt.date(report.year, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def clean(text: str) -> str:
    """Report text as a Word document can hold it."""
    return _NOT_XML.sub("\ufffd", text)


def style_id(container: Any, name: str) -> str:
    """The id of a style by its name, looked up once per document."""
    part = container.part
    ids: dict[str, str] | None = getattr(part, "_ctt_style_ids", None)
    if ids is None:
        ids = {style.name: style.style_id for style in part.styles}
        part._ctt_style_ids = ids
    return ids[name]


def add_run(paragraph: Paragraph, text: str, style: str) -> None:
    """A run of text in a character style."""
    run = paragraph.add_run(text)
    run._r.style = style_id(paragraph, style)


class Flow:
    """Paragraphs appended in order to the document body or to a table cell."""

    def __init__(self, container: Document | _Cell) -> None:
        self.container = container
        # A new cell holds one empty paragraph: the first paragraph written goes into it.
        self.fresh = container.paragraphs[0] if isinstance(container, _Cell) else None

    def add(self, style: str | None, text: str = "") -> Paragraph:
        """A paragraph in `style` (None: the default, Normal), holding `text` as one run."""
        paragraph: Paragraph
        if self.fresh is not None:
            paragraph, self.fresh = self.fresh, None
        else:
            paragraph = self.container.add_paragraph()
        if style is not None:
            # Set the style id directly: python-docx looks a style up by name through every
            # style of the document on each assignment, which made rendering slow.
            paragraph._p.style = style_id(self.container, style)
        if text:
            paragraph.add_run(clean(text))
        return paragraph

    def nodes(self, items: Sequence[Node], depth: int = 1) -> None:
        """Items as List Bullet paragraphs by depth, group headings in their own styles."""
        for node in items:
            if isinstance(node, Group):
                paragraph = self.add(st.group_style(depth), node.heading)
            else:
                paragraph = self.add(st.bullet_style(depth), node.text)
                if node.timeframe_note:
                    note = f" (timeframe: {clean(node.timeframe_note)})"
                    add_run(paragraph, note, st.TIMEFRAME)
            docx_refs.mark(paragraph, node)  # its commitments and topics, kept out of sight
            self.nodes(node.items, depth + 1)

    def answer(self, items: Sequence[Node]) -> None:
        """An answer's items, or a visible "Nothing reported."."""
        if items:
            self.nodes(items)
        else:
            self.add(st.EMPTY, NOTHING_REPORTED)


class Writer:
    """Writes a report into a document, in the order of the official template."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.body = Flow(document)

    def report(self, report: Report) -> None:
        """The whole report."""
        self.header(report)
        self.summary(report)
        for pillar, sections in report.pillars():
            self.page_break()
            self.body.add(st.HEADING.format(1), f"{pillar.letter}. {pillar.title}")
            for index, section in enumerate(sections):
                if len(sections) > 1:
                    if index:
                        self.page_break()
                    self.body.add(st.HEADING.format(2), section.definition.label)
                self.section(section)
        self.page_break()
        self.body.add(st.HEADING.format(1), report.offer_title)
        self.contacts(report.offer_contacts, report.offer_contact_label)
        self.body.answer(report.offer_items)
        self.body.add(st.NOTE, report.offer_text)

    def header(self, report: Report) -> None:
        """Title, the header block and the objective."""
        self.body.add(st.TITLE, PLAN_TITLE)
        rows = [("Economy", report.economy.name), ("Calendar year", str(report.year))]
        table = self.table(len(rows) + 1 + bool(report.source_line), 2)
        for row, (label, value) in zip(table.rows, rows, strict=False):
            Flow(row.cells[0]).add(st.LABEL, label)
            Flow(row.cells[1]).add(None, value)
        last = table.rows[len(rows)].cells
        Flow(last[0]).add(st.LABEL, "Last updated")
        if report.last_updated:
            Flow(last[1]).add(None, in_words(report.last_updated))
        else:
            Flow(last[1]).add(st.EMPTY, "not stated")
        if report.source_line:
            source = table.rows[-1].cells
            Flow(source[0]).add(st.LABEL, "Source document")
            Flow(source[1]).add(None, report.source_line)
        objective = self.body.add(st.OBJECTIVE)
        add_run(objective, "Objective:", st.STRONG)
        objective.add_run(f" {clean(report.objective)}")

    def summary(self, report: Report) -> None:
        """The executive summary: its three questions, the first one per section."""
        self.body.add(st.HEADING.format(1), "Executive summary")
        table = self.table(2 + 2 * len(report.summary), 1)
        cells = [row.cells[0] for row in table.rows]
        Flow(cells[0]).add(st.QUESTION, f"1. {report.achievements_question}")
        achievements = Flow(cells[1])
        if report.achievements_overall:
            achievements.answer(report.achievements_overall)
        for entry in report.achievements:
            achievements.add(st.LABEL, f"{entry.label}:")
            achievements.answer(entry.items)
        for number, entry in enumerate(report.summary, start=2):
            Flow(cells[2 * number - 2]).add(st.QUESTION, f"{number}. {entry.label}")
            Flow(cells[2 * number - 1]).answer(entry.items)

    def section(self, section: Section) -> None:
        """Contact points, then the table of commitments and the five answers."""
        self.contacts(section.contacts, CONTACT_LABEL)
        table = self.table(2 + 2 * len(section.answers), 1)
        cells = [row.cells[0] for row in table.rows]
        Flow(cells[0]).add(st.QUESTION, COMMITMENTS_ROW)
        commitments = Flow(cells[1])
        for commitment in section.commitments:
            commitments.add(st.bullet_style(1), commitment.text)
        if not section.commitments:
            commitments.add(st.EMPTY, NO_COMMITMENTS)
        for index, answer in enumerate(section.answers, start=1):
            Flow(cells[2 * index]).add(st.QUESTION, answer.question)
            Flow(cells[2 * index + 1]).answer(answer.items)

    def contacts(self, contacts: Sequence[Contact], label: str) -> None:
        """One captioned two-column table per contact point; every field has its row."""
        if not contacts:
            self.body.add(st.EMPTY, NO_CONTACT)
        for contact in contacts:
            self.body.add(st.CONTACT, contact.role or label)
            table = self.table(len(CONTACT_ROWS), 2)
            for row, (field_label, key) in zip(table.rows, CONTACT_ROWS, strict=True):
                Flow(row.cells[0]).add(st.LABEL, field_label)
                Flow(row.cells[1]).add(None, getattr(contact, key) or "")
        if contacts:
            self.body.add(None)  # an empty paragraph: Word would join touching tables

    def table(self, rows: int, cols: int) -> Table:
        """A table in the CTAP Table style; a label column, when there are two."""
        table: Table = self.document.add_table(rows=rows, cols=cols)
        table.style = self.document.styles[st.TABLE]
        if cols == 2:
            widths = (LABEL_WIDTH, self.document._block_width - LABEL_WIDTH)
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width
                for cell in column.cells:
                    cell.width = width
        return table

    def page_break(self) -> None:
        """Each pillar, section and the closing offer start a new page, as in the template."""
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
