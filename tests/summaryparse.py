"""Reading needs and offers back: from a report's YAML files (what must appear) and from the
summary's Markdown, HTML and Word files (where and under whom it appears).

Each reader gives {(part, kind, "Economy (year)"): [text, ...]}: part a section id, "summary"
(the executive summary's needs) or "offer" (the closing offer); kind "need" or "offer"; the
texts of the items, group headings and sub-items in document order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import yaml
from docx.table import Table
from paths import REPO_ROOT as ROOT

Key = tuple[str, str, str]
Found = dict[Key, list[str]]

_SECTIONS = yaml.safe_load((ROOT / "schema/sections.yaml").read_text(encoding="utf-8"))
_NAMES = {
    e["id"]: e["name"]
    for e in yaml.safe_load((ROOT / "schema/economies.yaml").read_text(encoding="utf-8"))[
        "economies"
    ]
}
_COMMITMENTS = {
    c["id"]: c["text"]
    for c in yaml.safe_load((ROOT / "schema/commitments.yaml").read_text(encoding="utf-8"))[
        "commitments"
    ]
}
SECTION_FILES = {s["id"]: s["file"] for s in _SECTIONS["sections"]}
_LABELS = {
    (f"{s['number']} {s['title']}" if "." in s["number"] else f"{s['number']}. {s['title']}"): s[
        "id"
    ]
    for s in _SECTIONS["sections"]
}
NEEDS_TITLE = "Capacity-building needs"
OFFERS_TITLE = "Expertise and assistance to offer"
# A heading (or a shaded question row) says which part, or which kind, follows.
_HEADINGS: dict[str, tuple[str | None, str | None]] = {
    **{label: (part, None) for label, part in _LABELS.items()},
    NEEDS_TITLE: (None, "need"),
    OFFERS_TITLE: (None, "offer"),
    f"Executive summary: {NEEDS_TITLE}": ("summary", "need"),
    "Possible assistance and expertise to offer": ("offer", "offer"),
}


def label(economy: str, year: int | str) -> str:
    """How the summary attributes: Japan (2023)."""
    return f"{_NAMES[economy]} ({year})"


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _flatten(items: Any) -> Iterator[str]:
    for item in items or []:
        if isinstance(item, str):
            yield _squeeze(item)
        elif "text" in item:
            yield _squeeze(item["text"])
            yield from _flatten(item.get("items"))
        else:
            yield _squeeze(item.get("heading") or _COMMITMENTS[item["commitment"]])
            yield from _flatten(item.get("items"))


def expected(folder: Path) -> Found:
    """Every need and offer of a report folder, read from its YAML files, under its key."""
    head = yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8"))
    by = label(head["economy"], head["year"])
    found: Found = {}
    for part, name in SECTION_FILES.items():
        data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        for key, kind in (("capacity_building_needs", "need"), ("expertise_offered", "offer")):
            texts = list(_flatten(data[key]))
            if texts:
                found[(part, kind, by)] = texts
    summary = list(_flatten(head["executive_summary"]["capacity_building_needs"]))
    if summary:
        found[("summary", "need", by)] = summary
    offer = list(_flatten(head["assistance_offer"]["items"]))
    if offer:
        found[("offer", "offer", by)] = offer
    return found


class _Reader:
    """Keeps the current part, kind and economy while a document is read in order."""

    def __init__(self) -> None:
        self.part: str | None = None
        self.kind: str | None = None
        self.by: str | None = None
        self.found: Found = {}

    def heading(self, text: str) -> None:
        part, kind = _HEADINGS.get(_squeeze(text), (None, None))
        if part is not None or kind is None:
            self.part = part
        self.kind = kind
        self.by = None

    def item(self, text: str) -> None:
        if self.part and self.kind and self.by:
            self.found.setdefault((self.part, self.kind, self.by), []).append(_squeeze(text))


# Markdown

_MD_HEADING = re.compile(r"^#{2,4} (.*)$")
_MD_BY = re.compile(r"^\*\*(.+):\*\*$")
_MD_ITEM = re.compile(r"^\s*- (.*)$")
_MD_ESCAPE = re.compile(r"\\(.)")


def from_markdown(text: str) -> Found:
    """Needs and offers as the Markdown summary attributes them."""
    reader = _Reader()
    for line in text.splitlines():
        if match := _MD_HEADING.match(line):
            reader.heading(_MD_ESCAPE.sub(r"\1", match.group(1)))
        elif match := _MD_BY.match(line):
            reader.by = _MD_ESCAPE.sub(r"\1", match.group(1))
        elif match := _MD_ITEM.match(line):
            item = match.group(1)
            if item.startswith("**") and item.endswith("**"):
                item = item[2:-2]  # a group heading
            reader.item(_MD_ESCAPE.sub(r"\1", item))
    return reader.found


# HTML


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.reader = _Reader()
        self.texts: list[list[str]] = []  # the text of each open item, innermost last
        self.slots: list[int] = []
        self.items: list[str] = []
        self.stack: list[bool] = []  # per open li or div: whether it is an item

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        css = attr.get("class") or ""
        if tag == "th" and attr.get("id", "").endswith(("-needs", "-offers")):
            part, kind = str(attr["id"]).rsplit("-", 1)
            self._flush()
            self.reader.part, self.reader.kind = part, kind[:-1]
        elif tag == "div" and "contribution" in css.split():
            self._flush()
            self.reader.by = label(str(attr["data-economy"]), str(attr["data-year"]))
        if tag not in ("li", "div"):
            return  # every li and div of the templates is closed; other tags may not be
        opens = (tag == "li" and "group" not in css.split()) or "group-heading" in css.split()
        if opens:
            self.slots.append(len(self.items))
            self.items.append("")
            self.texts.append([])
        self.stack.append(opens)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("li", "div") and self.stack and self.stack.pop():
            self.items[self.slots.pop()] = "".join(self.texts.pop())

    def handle_data(self, data: str) -> None:
        if self.texts:
            self.texts[-1].append(data)

    def _flush(self) -> None:
        for text in self.items:
            self.reader.item(text)
        self.items = []

    def close(self) -> None:
        super().close()
        self._flush()


def from_html(text: str) -> Found:
    """Needs and offers as the HTML summary attributes them (data-economy, data-year)."""
    parser = _Html()
    parser.feed(text)
    parser.close()
    return parser.reader.found


# Word


def paragraphs(document: Any) -> Iterator[tuple[str, str]]:
    """(style, text) of every paragraph in reading order, those in table cells included."""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell appears once per column it spans
                    seen.add(id(cell._tc))
                    for p in cell.paragraphs:
                        yield (p.style.name if p.style is not None else "", p.text)
        else:
            yield (block.style.name if block.style is not None else "", block.text)


def from_docx(path: Path) -> Found:
    """Needs and offers as the Word summary attributes them (by style names)."""
    reader = _Reader()
    for style, text in paragraphs(docx.Document(str(path))):
        if style.startswith("Heading") or style == "CTAP Question":
            reader.heading(text)
        elif style == "CTAP Label" and text.endswith(":"):
            reader.by = text[:-1]
        elif style.startswith(("List Bullet", "CTAP Group Heading")):
            reader.item(text)
    return reader.found
