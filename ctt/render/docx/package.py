"""The .docx around the content: the base document, page setup, footer, properties, stable bytes."""

from __future__ import annotations

import datetime as dt
import io
import lzma
import os
import zipfile
import zlib
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm

from ctt.errors import UsageError
from ctt.render.docx import styles as st
from ctt.store.fsutil import is_file

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# A .docx is a zip: more than this unpacked is not a report but a "zip bomb" (python-docx
# would unpack every part into memory).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# Styles of python-docx's default template that ctt replaces by its own look (no blue theme
# colours, no title border): they are removed so that ensure_styles adds ctt's versions.
RESTYLED = (st.TITLE, st.HEADING.format(1), st.HEADING.format(2))
BODY_FONT = "Times New Roman"
HEADING_FONT = "Arial"


def open_base(reference: Path | None) -> Document:
    """The document to build in: the reference's (emptied) or python-docx's with ctt's look."""
    if reference is None:
        document = docx.Document()
        _house_look(document)
        return document
    if not is_file(reference):
        problem = "not a file" if os.path.exists(reference) else "no such file"
        raise UsageError(f"--reference-docx {reference}: {problem}")
    check_unpacked_size(reference, f"--reference-docx {reference}")
    try:
        document = docx.Document(str(reference))
        _clear_body(document)
        document.element.body.get_or_add_sectPr()  # page setup: Word's default if none
        st.ensure_styles(document)
    # python-docx raises many kinds of error for a file that is not a Word document
    # (a bad zip, a missing part, a wrong content type, broken XML, a document without a
    # body or with broken styles): all mean the same here.
    except Exception as exc:
        raise UsageError(f"--reference-docx {reference}: not a Word .docx document") from exc
    return document


def check_unpacked_size(source: Path | bytes, shown: str) -> None:
    """Refuse a zip that unpacks to more than MAX_UNPACKED_BYTES, counting what it really
    unpacks to (the sizes a zip declares may lie), or one with a part that cannot be
    unpacked; a file that is no zip at all is left to the reader, which says so."""
    try:
        pack = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return
    total = 0
    with pack:
        for info in pack.infolist():
            try:
                total += _unpacked_size(pack, info, MAX_UNPACKED_BYTES - total)
            except UNREADABLE_PART as exc:
                reason = _unreadable_reason(info, exc)
                raise UsageError(
                    f"{shown}: not a readable Word document: {info.filename}: {reason}"
                ) from None
            if total > MAX_UNPACKED_BYTES:
                limit = MAX_UNPACKED_BYTES // (1024 * 1024)
                raise UsageError(
                    f"{shown}: unpacks to more than {limit} MiB, far beyond any Word "
                    "document: not read"
                )


# What unpacking a damaged, encrypted or oddly compressed part of a zip raises.
UNREADABLE_PART = (
    zipfile.BadZipFile,  # a bad CRC, a damaged header
    zlib.error,  # a damaged deflate stream
    lzma.LZMAError,
    EOFError,  # the data ends early
    OSError,  # a damaged bzip2 stream
    ValueError,
    RuntimeError,  # an encrypted part
    NotImplementedError,  # a compression method zipfile does not have
)


def _unpacked_size(pack: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """How many bytes a part unpacks to, reading no more than one chunk past `budget`."""
    size = 0
    with pack.open(info) as member:
        while size <= budget and (chunk := member.read(1024 * 1024)):
            size += len(chunk)
    return size


def _unreadable_reason(info: zipfile.ZipInfo, exc: Exception) -> str:
    if info.flag_bits & 0x1:
        return "it is encrypted (save the document without a password)"
    if isinstance(exc, NotImplementedError):
        return f"compressed with a method Word does not use (method {info.compress_type})"
    return f"its data is damaged ({str(exc).strip() or type(exc).__name__})"


def _clear_body(document: Document) -> None:
    """Remove the reference's content, keeping its last section (page setup, headers, footers)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _house_look(document: Document) -> None:
    """ctt's own look when there is no reference: the HTML rendering's fonts, A4 pages."""
    for name in RESTYLED:
        document.styles[name].delete()
    st.ensure_styles(document)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            _set_fonts(r_pr, BODY_FONT)
    for name in (*RESTYLED, st.QUESTION):
        style = document.styles[name]
        style.font.name = HEADING_FONT
    document.styles[st.TITLE].font.all_caps = True
    heading = document.styles[st.HEADING.format(1)]
    heading.font.all_caps = True
    rule = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="1" w:color="auto"/>'
        "</w:pBdr>"
    )
    heading.element.get_or_add_pPr().insert_element_before(rule, "w:shd", "w:tabs", "w:spacing")
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    section.left_margin, section.right_margin = Mm(18), Mm(18)


def _set_fonts(r_pr: BaseOxmlElement, font: str) -> None:
    """Fixed fonts instead of the theme's, which would win over any font a style names."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        return
    for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), font)


def add_page_numbers(document: Document) -> None:
    """'Page N of M' in the footer, unless the reference's footer already numbers its pages."""
    footer = document.sections[-1].footer
    if not footer.is_linked_to_previous and st.has_page_field(footer._element):
        return
    footer.is_linked_to_previous = False
    paragraphs = footer.paragraphs
    paragraph = paragraphs[-1] if paragraphs and not paragraphs[-1].text else footer.add_paragraph()
    paragraph.style = document.styles[st.FOOTER]
    paragraph.add_run("Page ")
    paragraph._p.append(st.page_field("PAGE"))
    paragraph.add_run(" of ")
    paragraph._p.append(st.page_field("NUMPAGES"))


def set_properties(document: Document, title: str, author: str, date: dt.datetime) -> None:
    """Fixed document properties: nothing from the machine or the moment of rendering."""
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = ""
    props.comments = ""
    props.subject = ""
    props.keywords = "APEC; CTAP; counter-terrorism"
    props.category = ""
    props.revision = 1
    props.created = date
    props.modified = date
    for printed in props._element.findall(qn("cp:lastPrinted")):
        props._element.remove(printed)


def stable_bytes(document: Document) -> bytes:
    """The saved document as a zip whose entries have a fixed date and a stable order."""
    raw = io.BytesIO()
    document.save(raw)
    source = zipfile.ZipFile(raw)
    names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(name))
    return out.getvalue()
