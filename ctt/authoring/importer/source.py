"""What a reader makes of a source file: its lines, what it accounted for itself, notes, metadata.

Every reader (plain text, .docx, PDF) returns a `Source`. Each unit of the source (a line of
text, a Word paragraph, a line of a PDF page) is either in `lines`, for the parser to place,
or in `accounted`, for what the reader dealt with itself (a running head dropped, a cover
page read into metadata, an empty paragraph of a deleted revision...). The import ledger
checks that every unit is one or the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ctt.authoring.importer.lines import Line
from ctt.render.docx.wordrefs import Identity

# placed: its text went into a file (`where` names the file and key); template: the
# template's own text (questions, labels, headings), which the renderer prints itself;
# running-head: a page header or footer repeated on every page; skipped: an artefact dropped
# with a note (an empty bullet, a comment mark).
Kind = Literal["placed", "template", "running-head", "skipped", "unplaced"]


@dataclass
class Note:
    """Something the import could not place, or cleaned, for the user to review."""

    line: int
    message: str


@dataclass
class Accounted:
    """A unit of the source that the reader dealt with itself, and how."""

    number: int
    text: str
    kind: Kind
    where: str = ""


@dataclass
class Source:
    """A source file read into lines for the parser."""

    lines: list[Line]
    notes: list[Note] = field(default_factory=list)
    accounted: list[Accounted] = field(default_factory=list)
    # report.yaml keys the reader found outside the report's text (a PDF's cover page).
    metadata: dict[str, object] = field(default_factory=dict)
    # what a line number counts in this source, for messages: "line", "paragraph".
    unit: str = "line"
    # which report a .docx says it is, in ctt's own hidden part (a rendered document)
    identity: Identity | None = None
