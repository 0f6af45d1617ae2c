"""What a Word document carries for ctt out of the reader's sight: references and identity.

An item's `commitments:`, `topics:` and `carried_over:`, and the commitment of a group shown in
the economy's own words, are not printed. So that they survive a round trip through Word, each
paragraph that has some starts with a zero-width bookmark `ctt_N`, and one custom XML part
(customXml/itemN.xml) maps every bookmark to its references and says which report (and, for a
section document, which section) the document is. Bookmarks, because Word and LibreOffice keep
one with its paragraph when the text is edited, moved or saved again; one part beside them,
because a bookmark name must be unique, of letters, digits and underscores and at most 40
characters, while commitment ids have hyphens, run to 35 characters, repeat from item to item,
and an item may have several.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from ctt.report.model import Group, Node

NAMESPACE = "urn:x-ctt:word:1"
MARK_PREFIX = "ctt_"
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID = 100  # far beyond any id in the catalogue


@dataclass(frozen=True)
class Refs:
    """What an item or a group refers to beyond its words."""

    commitments: tuple[str, ...] = ()
    topics: tuple[str, ...] | None = None  # None: tagged by its words
    group: str | None = None  # the commitment of a group
    carried_over: int | None = None  # the year a planned measure was carried over from

    def merged(self, other: Refs) -> Refs:
        """Both references together (two paragraphs joined into one), each id once."""
        topics = None
        if self.topics is not None or other.topics is not None:
            topics = tuple(dict.fromkeys((*(self.topics or ()), *(other.topics or ()))))
        return Refs(
            tuple(dict.fromkeys((*self.commitments, *other.commitments))),
            topics,
            self.group or other.group,
            self.carried_over or other.carried_over,
        )


@dataclass(frozen=True)
class Identity:
    """Which report a document is: economy, year, and the section of a section document."""

    economy: str
    year: int
    section: str | None = None
    redacted: bool = False  # the public version: contact points without telephone, email


def refs_of(node: Node) -> Refs | None:
    """The references of an item or group, or None when it has none."""
    if isinstance(node, Group):
        return Refs(group=node.commitment.id) if node.commitment is not None else None
    if not node.commitments and node.topics is None and node.carried_over is None:
        return None
    commitments = tuple(c.id for c in node.commitments)
    return Refs(commitments, _tuple(node.topics), None, node.carried_over)


def _tuple(values: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


def to_xml(identity: Identity, marks: Mapping[str, Refs]) -> bytes:
    """The custom XML part: the identity, then each bookmark's references."""
    attributes = {"economy": identity.economy, "year": str(identity.year)}
    if identity.section is not None:
        attributes["section"] = identity.section
    if identity.redacted:
        attributes["redacted"] = "contacts"
    head = "".join(f" {key}={quoteattr(value)}" for key, value in attributes.items())
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f"<ctt xmlns={quoteattr(NAMESPACE)}{head}>",
    ]
    for name, refs in marks.items():
        fields = {"name": name}
        if refs.group is not None:
            fields["group"] = refs.group
        if refs.commitments:
            fields["commitments"] = " ".join(refs.commitments)
        if refs.topics is not None:
            fields["topics"] = " ".join(refs.topics)
        if refs.carried_over is not None:
            fields["carried_over"] = str(refs.carried_over)
        lines.append("<mark" + "".join(f" {k}={quoteattr(v)}" for k, v in fields.items()) + "/>")
    lines.append("</ctt>")
    return "\n".join(lines).encode("utf-8")


@dataclass
class Carried:
    """What a document's ctt part says: its identity and each bookmark's references."""

    identity: Identity | None
    marks: dict[str, Refs]
    problems: list[str]

    def refs(self, names: Iterable[str]) -> Refs | None:
        """The references of a paragraph's bookmarks, together; None when they have none."""
        found = [self.marks[name] for name in names if name in self.marks]
        if not found:
            return None
        merged = found[0]
        for refs in found[1:]:
            merged = merged.merged(refs)
        return merged


def read_carried(root: Any, marks: Iterable[Any]) -> Carried:
    """The ctt part from its root element's attributes and its `mark` elements."""
    carried = Carried(None, {}, [])
    year = root.get("year", "")
    economy, section = root.get("economy", ""), root.get("section")
    known = section is None or _is_id(section)
    if _is_id(economy) and year.isdigit() and len(year) == 4 and known:
        redacted = root.get("redacted") == "contacts"
        carried.identity = Identity(economy, int(year), section, redacted)
    elif economy or year or section:
        carried.problems.append("its ctt part names no report that could be: ignored")
    for mark in marks:
        name = mark.get("name", "")
        if not name.startswith(MARK_PREFIX):
            continue
        topics, group = mark.get("topics"), mark.get("group", "")
        if group and not _is_id(group):
            carried.problems.append(f"left out a reference that is not an id: {group[:60]!r}")
        year = mark.get("carried_over", "")
        carried.marks[name] = Refs(
            _ids(mark.get("commitments", ""), carried.problems),
            None if topics is None else _ids(topics, carried.problems),
            group if _is_id(group) else None,
            int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None,
        )
    return carried


def _is_id(text: str) -> bool:
    return len(text) <= MAX_ID and ID.fullmatch(text) is not None


def _ids(text: str, problems: list[str]) -> tuple[str, ...]:
    ids = []
    for word in text.split():
        if _is_id(word):
            ids.append(word)
        else:
            problems.append(f"left out a reference that is not an id: {word[:60]!r}")
    return tuple(dict.fromkeys(ids))
