"""A .docx read with every tracked change accepted, or every one rejected, as ECMA-376 says:
written for the tests from the standard, independently of ctt's own code."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = {f"{W}t": None, f"{W}delText": None, f"{W}tab": "\t", f"{W}br": "\n"}


def document_xml(path: Path) -> Any:
    """The parsed word/document.xml of a .docx."""
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def paragraphs(path: Path, accept: bool = True) -> list[tuple[str | None, str]]:
    """(style id, text) of every paragraph, of the body and its table cells in reading order,
    once every change is accepted (or rejected). A document without changes reads as it is."""
    body = document_xml(path).find(f"{W}body")
    found: list[tuple[str | None, str]] = []
    _story(body, accept, found)
    return found


def _story(story: Any, accept: bool, found: list[tuple[str | None, str]]) -> None:
    # Accepting drops deleted content, rows and paragraph marks; rejecting, inserted ones.
    gone = f"{W}del" if accept else f"{W}ins"
    joining: str | None = None  # text of paragraphs whose mark goes, joining the next
    for block in story:
        if block.tag == f"{W}tbl":
            rows = [row for row in block.findall(f"{W}tr") if row.find(f"{W}trPr/{gone}") is None]
            assert joining is None or not rows, f"a paragraph mark cannot join a table: {joining!r}"
            for row in rows:
                for cell in row.findall(f"{W}tc"):
                    _story(cell, accept, found)
        elif block.tag == f"{W}p":
            text = (joining or "") + _text(block, gone)
            if block.find(f"{W}pPr/{W}rPr/{gone}") is not None:
                joining = text
                continue
            found.append((_style(block, accept), text))
            joining = None
    assert joining is None, f"the mark ending a story cannot go: {joining!r}"


def _text(paragraph: Any, gone: str) -> str:
    out = []
    for element in paragraph.iter(*TEXT):
        if any(ancestor.tag == gone for ancestor in element.iterancestors()):
            continue
        out.append(TEXT[element.tag] or element.text or "")
    return "".join(out)


def _style(paragraph: Any, accept: bool) -> str | None:
    props = paragraph.find(f"{W}pPr")
    if props is None:
        return None
    change = props.find(f"{W}pPrChange/{W}pPr")
    if not accept and change is not None:
        props = change
    style = props.find(f"{W}pStyle")
    return None if style is None else style.get(f"{W}val")
