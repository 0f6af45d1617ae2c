"""One section as a Word document, laid out as in the whole report, that says which it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ctt.render.docx import refs as docx_refs
from ctt.render.docx import styles as st
from ctt.render.docx.document import PLAN_TITLE, Flow, Writer
from ctt.render.docx.package import add_page_numbers, open_base, set_properties, stable_bytes
from ctt.render.docx.wordrefs import Identity
from ctt.render.section import SectionDocument


def render_section_docx(doc: SectionDocument, reference: Path | None = None) -> bytes:
    """The section document as .docx bytes: its title names the economy, year and section,
    and ctt's hidden part says the same, for `ctt import --section` to check."""
    document = open_base(reference)
    writer = Writer(document)
    writer.body.add(st.TITLE, doc.title)
    table = writer.table(2, 2)
    for row, (label, value) in zip(
        table.rows, (("Economy", doc.economy.name), ("Calendar year", str(doc.year))), strict=True
    ):
        Flow(row.cells[0]).add(st.LABEL, label)
        Flow(row.cells[1]).add(None, value)
    writer.body.add(st.HEADING.format(1), f"{doc.pillar.letter}. {doc.pillar.title}")
    if doc.pillar_has_sections:
        writer.body.add(st.HEADING.format(2), doc.section.definition.label)
    writer.section(doc.section)
    identity = Identity(doc.economy.id, doc.year, doc.section.id, doc.redacted)
    docx_refs.attach(document, identity)
    add_page_numbers(document)
    date = dt.datetime(doc.year, 1, 1, tzinfo=dt.UTC)
    set_properties(document, f"{PLAN_TITLE}: {doc.title}", doc.economy.name, date)
    return stable_bytes(document)
