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


@dataclass(eq=False)
class Para:
    """One paragraph as Word shows it with every tracked change accepted, or several joined."""

    text: str = ""
    style: str = ""
    numbered: bool = False
    changes: list[Change] = field(default_factory=list)
    mark: Change | None = None  # a tracked change of the paragraph mark
    boxes: list[Para] = field(default_factory=list)  # the text boxes anchored in it
    refs: list[NoteRef] = field(default_factory=list)
    dropped: str = ""  # why its text is left out ("placeholder text of a content control")
    left_out: str = ""  # deleted or placeholder text Word does not show
    outside: str = ""  # the element holding text outside any paragraph
    joined: list[Para] = field(default_factory=list)  # the paragraphs this one joins
    number: int = 0

    @property
    def paras(self) -> list[Para]:
        """The source paragraphs of this unit: itself, or those it joins."""
        return self.joined or [self]

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
        joined=[source for para in paras for source in para.paras],
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

    def anchor(self, comment: str) -> Anchor:
        """The anchor of a comment, made on first sight."""
        return self.anchors.setdefault(comment, Anchor())

    def sample(self, texts: list[str], text: str) -> None:
        """Count a text left out, keeping the first few."""
        texts.append(text if len(texts) < SAMPLES else "")
