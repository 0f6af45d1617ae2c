"""Writing ctt's hidden part into a .docx: a bookmark on each paragraph with references, and
the custom XML part that maps them and names the report (see ctt.render.docx.wordrefs for why)."""

from __future__ import annotations

from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ctt.render.docx.wordrefs import MARK_PREFIX, NAMESPACE, Identity, Refs, refs_of, to_xml
from ctt.report.model import Node

ITEM_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
# A fixed data-store id: one ctt part a document, and the same bytes for the same report.
STORE_ID = "{6C7B5E0A-3F1D-4C2B-9A57-C7700C7A0001}"
PROPS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<ds:datastoreItem ds:itemID="' + STORE_ID + '" '
    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
    f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
).encode()


def _marks(paragraph: Paragraph) -> dict[str, Refs]:
    """The bookmarks written so far into the paragraph's document, kept on its part."""
    part: Any = paragraph.part
    marks: dict[str, Refs] | None = getattr(part, "_ctt_marks", None)
    if marks is None:
        marks = part._ctt_marks = {}
    return marks


def mark(paragraph: Paragraph, node: Node) -> None:
    """Put a zero-width bookmark at the start of the paragraph of a node with references."""
    refs = refs_of(node)
    if refs is None:
        return
    marks = _marks(paragraph)
    number = len(marks) + 1
    name = f"{MARK_PREFIX}{number}"
    marks[name] = refs
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    at = 1 if p.pPr is not None else 0
    p.insert(at, start)
    p.insert(at + 1, end)


def attach(document: Document, identity: Identity) -> None:
    """Add the part naming the report and mapping every bookmark to its references; a ctt
    part that came with a reference document is dropped first."""
    main = document.part
    ours = f'xmlns="{NAMESPACE}"'.encode()
    for rid, rel in list(main.rels.items()):
        if rel.reltype != RT.CUSTOM_XML or rel.is_external:
            continue
        if ours in rel.target_part.blob[:1000]:
            del main.rels[rid]
    marks: dict[str, Refs] = getattr(main, "_ctt_marks", {})
    package = main.package
    props_name = package.next_partname("/customXml/itemProps%d.xml")
    props = Part(props_name, ITEM_PROPS, PROPS_XML, package)
    item = package.next_partname("/customXml/item%d.xml")
    part = Part(item, "application/xml", to_xml(identity, marks), package)
    part.relate_to(props, RT.CUSTOM_XML_PROPS)
    main.relate_to(part, RT.CUSTOM_XML)
