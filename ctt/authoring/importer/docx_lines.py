"""The lines of a .docx report: every paragraph in reading order, from the XML as Word shows it.

The document is parsed once, as a stream (memory stays bounded, time linear); styles are
looked up once. Text boxes follow the paragraph they are anchored in, footnotes and endnotes
the paragraph that references them. Pending tracked changes stop the import unless they are
accepted; comments, what holds no text and what is left out are all reported in notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ctt.authoring.importer.docx_blocks import read_stories
from ctt.authoring.importer.docx_carried import carried_part
from ctt.authoring.importer.docx_model import Change, NoteRef, Para, Reading, TooLarge
from ctt.authoring.importer.docx_parts import STRICT_W, Event, Package, W, open_package, style_names
from ctt.authoring.importer.docx_report import summary_notes
from ctt.authoring.importer.lines import BULLET, Line, clean
from ctt.authoring.importer.source import Accounted, Note, Source
from ctt.errors import ListingError, UsageError
from ctt.render.docx import styles as st
from ctt.render.docx.wordrefs import Carried

LIST_STYLE = re.compile(r"^List (?:Bullet|Number|Paragraph)(?: (\d+))?$", re.I)
GROUP_STYLE = re.compile(rf"^{re.escape(st.GROUP_HEADING)}(?: (\d+))?$", re.I)
CONTACT_STYLE = st.CONTACT.casefold()
QUOTED_CHARS = 60
NoteKey = tuple[str, str]


def docx_source(path: Path, raw: bytes, accept_changes: bool = False) -> Source:
    """Every paragraph of the document as a line or accounted for; refuses pending changes."""
    from ctt.render.docx.package import check_unpacked_size

    shown = str(path)
    check_unpacked_size(raw, shown)
    pack = open_package(raw, shown)
    try:
        return _read(pack, shown, accept_changes)
    except TooLarge as exc:
        raise UsageError(f"{shown}: {exc}, far beyond any report: not imported") from None


def _read(pack: Package, shown: str, accept_changes: bool) -> Source:
    reading = Reading(styles=style_names(pack))
    stories = _notes(pack, reading)
    events = _document(pack.events(pack.main), shown)
    bodies = list(read_stories(events, f"{W}body", reading))
    if not bodies:
        raise UsageError(f"{shown}: not a Word .docx document (the document has no body)")
    order = Order(stories, reading)
    order.visit(bodies[0][1])
    notes = order.rest()
    carried = carried_part(pack) or Carried(None, {}, [])
    source = Source([], notes, unit="paragraph", identity=carried.identity)
    source.notes += [Note(0, problem) for problem in carried.problems]
    source.lines = _lines(order.units, source, carried)
    changes = [
        (para.number, change)
        for unit in order.units
        for para in unit.paras
        for change in (*para.changes, *([para.mark] if para.mark else []))
    ]
    changes += [(0, change) for change in reading.loose_changes]
    if changes and not accept_changes:
        raise _pending(shown, changes)
    source.notes += [Note(number, _accepted(change)) for number, change in changes]
    source.notes += _comments(pack, reading)
    source.notes += summary_notes(reading, _running_heads(pack))
    source.notes.sort(key=lambda note: note.line)
    return source


def _document(events: Iterator[Event], shown: str) -> Iterator[Event]:
    """The events of the main part, once its root shows it is a WordprocessingML document."""
    first = True
    for event, element in events:
        if first:
            first = False
            if element.tag == f"{STRICT_W}document":
                raise UsageError(
                    f"{shown}: saved as Strict Open XML, which is not read: save it in Word as "
                    "a Word Document (.docx), then import that"
                )
            if element.tag != f"{W}document":
                raise UsageError(f"{shown}: not a Word .docx document (its main part is not one)")
        yield event, element


def _notes(pack: Package, reading: Reading) -> dict[NoteKey, list[Para]]:
    """The footnotes and endnotes by kind and id (separators left aside)."""
    stories: dict[NoteKey, list[Para]] = {}
    for kind in ("footnote", "endnote"):
        for part in pack.parts(f"{kind}s")[:1]:
            for attributes, units in read_stories(pack.events(part), f"{W}{kind}", reading):
                if attributes.get(f"{W}type", "normal") == "normal":
                    stories[(kind, attributes.get(f"{W}id", ""))] = units
    return stories


class Order:
    """Numbers the paragraphs in reading order: text boxes and notes after their anchors."""

    def __init__(self, stories: dict[NoteKey, list[Para]], reading: Reading) -> None:
        self.stories = stories
        self.reading = reading
        self.units: list[Para] = []
        self.number = 0

    def visit(self, units: Sequence[Para]) -> None:
        """Number these units and what hangs on them."""
        for unit in units:
            for para in unit.paras:
                self.number += 1
                para.number = self.number
                self.number += para.gap
            self.units.append(unit)
            for para in unit.paras:
                self.visit(para.boxes)
                for ref in para.refs:
                    self.note(ref)

    def note(self, ref: NoteRef) -> None:
        story = self.stories.pop((ref.kind, ref.id), None)
        if story is None:
            return
        self.reading.read[ref.kind] += 1
        first = next((unit for unit in story if clean(unit.text)), None)
        if first is not None and ref.mark:
            first.text = f"[{ref.mark}] {first.text}"
        if ref.deleted:
            for unit in story:
                for para in unit.walk():
                    para.dropped = f"a {ref.kind} whose reference was deleted"
        self.visit(story)

    def rest(self) -> list[Note]:
        """The notes referenced nowhere, read at the end, with a note each."""
        notes = []
        remaining = list(self.stories.items())
        self.stories.clear()
        for (kind, _), story in remaining:
            start = self.number + 1
            self.reading.read[kind] += 1
            self.visit(story)
            message = f"a {kind} referenced nowhere in the text: read at the end"
            notes.append(Note(start, message))
        return notes


@dataclass
class _Role:
    """A contact's caption ('CTAP Contact' style), joined to the Name row that follows."""

    text: str
    numbers: list[int]
    blank: bool

    def line(self) -> Line:
        return Line(self.text, self.numbers[0], blank_before=self.blank, more=(*self.numbers[1:],))


def _lines(units: list[Para], source: Source, carried: Carried) -> list[Line]:
    """The lines of the units, with their references; what is left out is accounted for,
    with a note."""
    lines: list[Line] = []
    blank = False
    role: _Role | None = None
    for unit in units:
        numbers = [para.number for para in unit.paras if _kept(para, source)]
        text = clean(unit.text)
        if not numbers or not text:
            blank = True
            continue
        if unit.style.casefold() == CONTACT_STYLE:
            if role is not None:
                lines.append(role.line())
            role, blank = _Role(text, numbers, blank), False
            continue
        if role is not None and text.startswith("Name:"):
            text, numbers, blank = f"{role.text}: {text}", role.numbers + numbers, role.blank
        elif role is not None:
            lines.append(role.line())
        role = None
        line = _line(text, unit.style, unit.numbered, numbers[0])
        line.more = tuple(numbers[1:])
        line.refs = carried.refs(unit.marks)
        line.blank_before = blank
        lines.append(line)
        blank = False
    if role is not None:
        lines.append(role.line())
    return lines


def _kept(para: Para, source: Source) -> bool:
    """Whether the paragraph's text is in a line; if it is left out, account for it."""
    text, left_out = clean(para.text), clean(para.left_out)
    if not para.dropped and text:
        return True
    if para.dropped and (text or left_out):
        reason = para.dropped
    elif left_out and any(change.removes for change in para.changes):
        reason = "a paragraph of deleted text only (the deletion accepted)"
    elif left_out:
        reason = "a paragraph of placeholder text only (an empty content control)"
    else:
        return False  # an empty paragraph
    source.accounted.append(Accounted(para.number, text or left_out, "skipped"))
    source.notes.append(Note(para.number, f"left out {reason}: {quoted(text or left_out)}"))
    return False


def _line(text: str, style: str, numbered: bool, number: int) -> Line:
    if match := GROUP_STYLE.match(style):
        return Line(text, number, level=int(match.group(1) or 1), style="group")
    if match := LIST_STYLE.match(style):
        level = int(match.group(1) or 1) if style.lower().startswith(st.BULLET.lower()) else None
        return Line(text, number, bullet=True, level=level)
    if numbered:
        return Line(text, number, bullet=True)
    if bullet := BULLET.match(text):  # a typed bullet glyph
        return Line(text[bullet.end() :], number, bullet=True)
    return Line(text, number)


def quoted(text: str, limit: int = QUOTED_CHARS) -> str:
    """Text in quotes, shortened to `limit` characters."""
    text = clean(text)
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'


def _who(change: Change) -> str:
    return change.author or "an unknown author"


def _pending(shown: str, changes: list[tuple[int, Change]]) -> ListingError:
    items = [
        f"{shown}: paragraph {number}: tracked {change.kind} by {_who(change)}: "
        f"{quoted(change.text)}"
        for number, change in changes
    ]
    count = f"{len(changes)} pending tracked change{'s' if len(changes) != 1 else ''}"
    return ListingError(
        f"{shown}: {count}: accept or reject them in Word, or import with --accept-changes "
        "to take them as Word accepts them",
        items,
    )


def _accepted(change: Change) -> str:
    what = f"accepted tracked {change.kind} by {_who(change)}: {quoted(change.text)}"
    if change.kind.startswith("paragraph mark") and change.removes:
        return f"{what} (joined to the next paragraph)"
    return f"{what} (left out)" if change.removes else what


def _comments(pack: Package, reading: Reading) -> list[Note]:
    """Each Word comment, with the text it is anchored to; none becomes report text."""
    notes = []
    for part in pack.parts("comments")[:1]:
        for attributes, units in read_stories(pack.events(part), f"{W}comment", Reading()):
            text = " / ".join(
                clean(para.text) for unit in units for para in unit.walk() if clean(para.text)
            )
            author = attributes.get(f"{W}author") or "an unknown author"
            anchor = reading.anchors.get(attributes.get(f"{W}id", ""))
            number = anchor.para.number if anchor is not None and anchor.para else 0
            on = f" on {quoted(anchor.text)}" if anchor is not None and clean(anchor.text) else ""
            notes.append(Note(number, f'comment by {author}{on}: "{text}"'))
    return notes


def _running_heads(pack: Package) -> list[tuple[str, str]]:
    """The text of the page headers and footers, which is not report text."""
    texts: list[tuple[str, str]] = []
    for kind, root in (("header", "hdr"), ("footer", "ftr")):
        for part in pack.parts(kind):
            for _, units in read_stories(pack.events(part), f"{W}{root}", Reading()):
                text = " / ".join(clean(u.text) for u in units if clean(u.text))
                if text and (kind, text) not in texts:
                    texts.append((kind, text))
    return texts
