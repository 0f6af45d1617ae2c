"""What the .docx reader makes of a document: paragraphs, tracked changes and what it met."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

# Tracked changes whose text Word removes when they are accepted.
REMOVING = frozenset({"deletion", "move away", "paragraph mark deletion", "paragraph mark move"})
ANCHOR_CHARS = 200  # of the text a comment is anchored to, enough to recognise it
CHANGE_CHARS = 400  # of the text of a tracked change, enough to list it
SAMPLES = 5  # texts kept of each kind left out (placeholders, field codes)
# Far beyond any report (the longest real ones have a few thousand paragraphs and 100 KB of
# text), and what the parser places in well under a minute: more is refused, not read on.
MAX_PARAGRAPHS = 100_000
MAX_TEXT_CHARS = 8 * 1024 * 1024
MAX_PARAGRAPH_EVENTS = 1_000_000  # XML elements, twice: one paragraph is parsed whole


class TooLarge(Exception):
    """The document holds more than any report does: it is refused, not read on."""


@dataclass(eq=False)
class Change:
    """A tracked change: its kind ('insertion', 'deletion', 'move here'...), author and text."""

    kind: str
    author: str
    text: str = ""
    start: int = 0  # where its text begins in the paragraph's parts, to merge neighbours
    end: int = 0

    @property
    def removes(self) -> bool:
        """Whether accepting it takes its text out."""
        return self.kind in REMOVING

    def add(self, text: str) -> None:
        """Keep the start of the text, enough to list the change."""
        if len(self.text) < CHANGE_CHARS:
            self.text += text


@dataclass(eq=False)
class NoteRef:
    """A footnote or endnote reference: which note, the mark shown, whether it was deleted."""

    kind: str  # "footnote" or "endnote"
    id: str
    mark: str
    deleted: bool = False


@dataclass(eq=False, slots=True)
class Para:
    """One paragraph as Word shows it with every tracked change accepted, or several joined."""

    text: str = ""
    style: str = ""
    numbered: bool = False
    changes: tuple[Change, ...] = ()
    mark: Change | None = None  # a tracked change of the paragraph mark
    boxes: tuple[Para, ...] = ()  # the text boxes anchored in it
    refs: tuple[NoteRef, ...] = ()
    dropped: str = ""  # why its text is left out ("placeholder text of a content control")
    left_out: str = ""  # deleted or placeholder text Word does not show
    joined: tuple[Para, ...] = ()  # the paragraphs this one joins
    number: int = 0
    gap: int = 0  # further empty paragraphs this empty one stands for
    marks: tuple[str, ...] = ()  # the names of ctt's bookmarks in it (see ctt.render.docx.wordrefs)

    @property
    def paras(self) -> tuple[Para, ...]:
        """The source paragraphs of this unit: itself, or those it joins."""
        return self.joined or (self,)

    @property
    def empty(self) -> bool:
        """Nothing in it at all: no text, nothing left out, nothing anchored, no change."""
        return not (
            self.text
            or self.left_out
            or self.changes
            or self.mark
            or self.boxes
            or self.refs
            or self.dropped
            or self.joined
        )

    def walk(self) -> Iterator[Para]:
        """Every source paragraph in it, those of its text boxes included."""
        for para in self.paras:
            yield para
            for box in para.boxes:
                yield from box.walk()


def joined(paras: list[Para], text: str | None = None) -> Para:
    """Paragraphs read as one: Word's join of a deleted paragraph mark, a label | value row."""
    kept = [para for para in paras if not para.dropped]
    last = paras[-1]
    return Para(
        text="".join(para.text for para in kept) if text is None else text,
        style=last.style,  # the mark that remains is the last one, and it holds the style
        numbered=last.numbered,
        joined=tuple(source for para in paras for source in para.paras),
        # Word removes a bookmark with the text it marks: those of paragraphs left empty go.
        marks=tuple(mark for para in kept if para.text for mark in para.marks),
    )


@dataclass(eq=False)
class Anchor:
    """The text a Word comment is anchored to, and the paragraph where it starts."""

    para: Para | None = None
    text: str = ""

    def add(self, text: str) -> None:
        """Keep the start of the anchored text."""
        if len(self.text) < ANCHOR_CHARS:
            self.text += text


@dataclass
class Reading:
    """What reading one document gathers beside its paragraphs."""

    styles: dict[str, str] = field(default_factory=dict)
    read: Counter[str] = field(default_factory=Counter)  # containers whose text was read
    not_read: Counter[str] = field(default_factory=Counter)  # pictures, charts: no text
    descriptions: list[str] = field(default_factory=list)  # pictures' alternative text
    formatting: int = 0  # tracked formatting changes
    anchors: dict[str, Anchor] = field(default_factory=dict)
    open: dict[str, Anchor] = field(default_factory=dict)  # comment ranges not yet ended
    waiting: list[Anchor] = field(default_factory=list)  # begun before the next paragraph
    marks: Counter[str] = field(default_factory=Counter)  # footnotes and endnotes numbered
    placeholders: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # text inside field codes, left out
    loose_changes: list[Change] = field(default_factory=list)  # of rows without paragraphs
    paragraphs: int = 0
    chars: int = 0

    def count(self, para: Para) -> None:
        """Count a paragraph read; refuse a document larger than any report."""
        self.paragraphs += 1
        self.chars += len(para.text)
        if self.paragraphs > MAX_PARAGRAPHS:
            raise TooLarge(f"more than {MAX_PARAGRAPHS:,} paragraphs")
        if self.chars > MAX_TEXT_CHARS:
            raise TooLarge(f"more than {MAX_TEXT_CHARS // (1024 * 1024)} MiB of text")

    def anchor(self, comment: str) -> Anchor:
        """The anchor of a comment, made on first sight."""
        return self.anchors.setdefault(comment, Anchor())

    def sample(self, texts: list[str], text: str) -> None:
        """Count a text left out, keeping the first few."""
        texts.append(text if len(texts) < SAMPLES else "")
