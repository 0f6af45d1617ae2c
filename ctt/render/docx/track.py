"""Two renderings of a report made into one Word document whose tracked changes lead from the
old to the new: accepting them all gives the new rendering, rejecting them all the old.

Both come from the same renderer, so they differ only where the reports do. The blocks of the
body and of each table cell (paragraphs, tables, a contact point's caption with its table) are
aligned; what both hold stays, merged where it changed: a paragraph word by word, a table row
by row and cell by cell. The rest is deleted or inserted whole: its runs in `w:del` or `w:ins`,
its paragraph marks (see ctt.render.docx.marks), its table rows in `w:trPr`. An item is changed in
place only where the semantic diff says it was reworded; moved, split and merged items are
deleted where they were and inserted where they are.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from ctt.compare.diff import MAX_PAIRINGS
from ctt.render.docx.marks import Para, settled, written
from ctt.render.docx.revisions import Kind, Revisions, content, tracked, word_changes

P, TBL, TR, TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
STYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"
# Text as python-docx writes it: a tab and a line break as elements of their own.
TEXT: dict[str, str | None] = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n"}
RUN_STYLE = f"{qn('w:rPr')}/{qn('w:rStyle')}"


@dataclass(frozen=True)
class Hints:
    """What the semantic diff knows and the documents do not, with the styles to read them."""

    reworded: frozenset[tuple[str, str]]  # (old, new) text of items changed in place
    renamed: Mapping[str, str]  # a contact point's old name (normalised) to its new one
    item_styles: frozenset[str]  # style ids of items and group headings
    caption_style: str  # style id of the caption above a contact point's table
    timeframe_style: str  # style id of an item's "(timeframe: ...)" run


@dataclass(frozen=True)
class Unit:
    """Blocks aligned as one: a paragraph, a table, or a contact point's caption and table."""

    blocks: tuple[Any, ...]
    key: tuple[Any, ...]


@dataclass(frozen=True)
class Pairing:
    """A unit of the old story, of the new one, or of both."""

    old: Unit | None
    new: Unit | None


@dataclass
class Merger:
    """Merges stories (the body, table cells) of the old and new renderings."""

    revisions: Revisions
    hints: Hints
    # Keyed by the element itself, which keeps lxml's proxy (and so its identity) alive.
    _xml: dict[Any, bytes] = field(default_factory=dict)
    _items: dict[Any, str] = field(default_factory=dict)

    def body(self, old_body: Any, new_body: Any) -> None:
        """Replace the new body's blocks by the merged ones (its section properties stay)."""
        old, new = blocks(old_body), blocks(new_body)
        merged = self.story(old, new)
        for block in new:
            new_body.remove(block)
        end = new_body.find(qn("w:sectPr"))
        for block in merged:
            if end is None:
                new_body.append(block)
            else:
                end.addprevious(block)

    def story(self, old: list[Any], new: list[Any]) -> list[Any]:
        """The merged blocks of a story, from its old and new blocks."""
        out: list[Any] = []
        gap_old: list[Unit] = []
        gap_new: list[Unit] = []
        for item in [*self.align(self.units(old, True), self.units(new, False)), None]:
            if item is not None and (item.old is None or item.new is None):
                gap_old += [item.old] if item.old is not None else []
                gap_new += [item.new] if item.new is not None else []
                continue
            if gap_old or gap_new:
                self.gap(gap_old, gap_new, out)
                gap_old, gap_new = [], []
            if item is not None:
                out += self.kept(item)
        accepted, rejected = paragraphs_of(new), paragraphs_of(old)
        return written(settled(out), accepted, rejected, self.revisions)

    def units(self, story: list[Any], old: bool) -> list[Unit]:
        """The story's blocks as units, keyed for aligning."""
        units: list[Unit] = []
        index = 0
        while index < len(story):
            block = story[index]
            following = story[index + 1] if index + 1 < len(story) else None
            if block.tag == P and _style(block) == self.hints.caption_style and _table(following):
                name = _normal(cell_text(following, 0, 1))
                if old:
                    name = self.hints.renamed.get(name, name)
                units.append(Unit((block, following), ("contact", name)))
                index += 2
                continue
            if block.tag == TBL:
                columns = len(block.find(TR).findall(TC)) if block.find(TR) is not None else 0
                units.append(Unit((block,), ("table", columns, cell_text(block, 0, 0))))
            else:
                units.append(Unit((block,), ("p", self.xml(block))))
            index += 1
        return units

    def align(self, old: list[Unit], new: list[Unit]) -> Iterator[Pairing]:
        """The units of both stories in order, paired where they are the same unit."""
        matcher = SequenceMatcher(None, [u.key for u in old], [u.key for u in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                yield from (Pairing(o, n) for o, n in zip(old[i1:i2], new[j1:j2], strict=True))
            else:
                yield from self.pair_gap(old[i1:i2], new[j1:j2])

    def pair_gap(self, old: list[Unit], new: list[Unit]) -> Iterator[Pairing]:
        """Units that differ, paired in order where one was changed into the other."""
        if len(old) * len(new) > MAX_PAIRINGS:  # an answer rewritten: removed and added
            yield from (Pairing(unit, None) for unit in old)
            yield from (Pairing(None, unit) for unit in new)
            return
        start = 0
        for unit in old:
            match = next((j for j in range(start, len(new)) if self.same(unit, new[j])), None)
            if match is None:
                yield Pairing(unit, None)
                continue
            yield from (Pairing(None, n) for n in new[start:match])
            yield Pairing(unit, new[match])
            start = match + 1
        yield from (Pairing(None, n) for n in new[start:])

    def same(self, old: Unit, new: Unit) -> bool:
        """Whether a new unit is the old one changed: the same table, a contact point (whose
        fields then changed), a paragraph of the same style that is not an item, or an item
        reworded in place."""
        if old.key[0] == new.key[0] == "contact":
            return True
        if old.key[0] != "p" or new.key[0] != "p":
            return old.key == new.key
        before, after = old.blocks[0], new.blocks[0]
        if self.xml(before.find(qn("w:pPr"))) != self.xml(after.find(qn("w:pPr"))):
            return False
        if _style(after) not in self.hints.item_styles:
            return True
        return (self.item_text(before), self.item_text(after)) in self.hints.reworded

    def gap(self, old: list[Unit], new: list[Unit], out: list[Any]) -> None:
        """Units deleted and inserted between two that stay. The deleted ones go after the
        last inserted table, so that each stretch of paragraphs between two tables keeps one
        that stays (see ctt.render.docx.marks): a contact point added where there was none comes
        before the "No contact point given." it replaces."""
        olds = [block for unit in old for block in self.whole(unit.blocks, "del")]
        news = [block for unit in new for block in self.whole(unit.blocks, "ins")]
        split = max((i + 1 for i, b in enumerate(news) if not isinstance(b, Para)), default=0)
        out += news[:split] + olds + news[split:]

    def kept(self, item: Pairing) -> list[Any]:
        """A unit in both stories, merged."""
        assert item.old is not None and item.new is not None
        merged: list[Any] = []
        for before, after in zip(item.old.blocks, item.new.blocks, strict=True):
            if after.tag == P:
                merged.append(Para(self.merged_content(before, after), "kept"))
            else:
                merged.append(self.table(before, after))
        return merged

    def merged_content(self, before: Any, after: Any) -> list[Any]:
        """A paragraph's content changed from the old to the new: by words where it can be."""
        if self.xml(before) == self.xml(after):
            return [copy.deepcopy(child) for child in content(after)]
        words = word_changes(before, after, self.revisions)
        if words is not None:
            return words
        return [
            *tracked(content(before), "del", self.revisions),
            *tracked(content(after), "ins", self.revisions),
        ]

    def table(self, before: Any, after: Any) -> Any:
        """A table in both stories, merged row by row and cell by cell."""
        if self.xml(before) == self.xml(after):
            return copy.deepcopy(after)
        table = OxmlElement("w:tbl")
        table.extend(copy.deepcopy(child) for child in after if child.tag != TR)
        old_rows, new_rows = before.findall(TR), after.findall(TR)
        if len(old_rows) == len(new_rows):
            pairs: list[tuple[Any, Any]] = list(zip(old_rows, new_rows, strict=True))
        else:
            pairs = list(_aligned_rows(old_rows, new_rows))
        for old_row, new_row in pairs:
            if new_row is None:
                table.append(self.tracked_row(old_row, "del"))
            elif old_row is None:
                table.append(self.tracked_row(new_row, "ins"))
            elif len(old_row.findall(TC)) != len(new_row.findall(TC)):
                table.append(self.tracked_row(old_row, "del"))
                table.append(self.tracked_row(new_row, "ins"))
            else:
                table.append(self.row(old_row, new_row))
        return table

    def row(self, before: Any, after: Any) -> Any:
        """A row in both tables: each cell's story merged."""
        row = OxmlElement("w:tr")
        row.extend(copy.deepcopy(child) for child in after if child.tag != TC)
        for old_cell, new_cell in zip(before.findall(TC), after.findall(TC), strict=True):
            cell = OxmlElement("w:tc")
            cell.extend(copy.deepcopy(child) for child in new_cell if child.tag not in (P, TBL))
            cell.extend(self.story(blocks(old_cell), blocks(new_cell)))
            row.append(cell)
        return row

    def tracked_row(self, row: Any, kind: Kind) -> Any:
        """A row inserted or deleted whole: the row, and everything in its cells."""
        result = OxmlElement("w:tr")
        props = row.find(qn("w:trPr"))
        props = copy.deepcopy(props) if props is not None else OxmlElement("w:trPr")
        props.append(self.revisions.mark(kind))
        result.append(props)
        for child in row:
            if child.tag != TC:
                if child.tag != qn("w:trPr"):
                    result.append(copy.deepcopy(child))
                continue
            cell = OxmlElement("w:tc")
            cell.extend(copy.deepcopy(c) for c in child if c.tag not in (P, TBL))
            story = blocks(child)
            pieces = self.whole(story, kind)
            last = next((p for p in reversed(pieces) if isinstance(p, Para)), None)
            if last is not None:
                last.mark = "kept"  # the mark ending a cell is never tracked
            # Where the row is not, only that last paragraph stands (and is not seen).
            every = paragraphs_of(story)
            accepted, rejected = (every, every[-1:]) if kind == "ins" else (every[-1:], every)
            cell.extend(written(pieces, accepted, rejected, self.revisions))
            result.append(cell)
        return result

    def whole(self, story: tuple[Any, ...] | list[Any], kind: Kind) -> list[Any]:
        """Blocks inserted or deleted whole."""
        out: list[Any] = []
        for block in story:
            if block.tag == P:
                out.append(Para(tracked(content(block), kind, self.revisions), kind))
            else:
                table = OxmlElement("w:tbl")
                table.extend(copy.deepcopy(child) for child in block if child.tag != TR)
                table.extend(self.tracked_row(row, kind) for row in block.findall(TR))
                out.append(table)
        return out

    def item_text(self, paragraph: Any) -> str:
        """An item's text as the report gives it: without its "(timeframe: ...)" run."""
        if paragraph in self._items:
            return self._items[paragraph]
        texts = []
        for run in paragraph.iter(qn("w:r")):
            run_style = run.find(RUN_STYLE)
            if run_style is None or run_style.get(qn("w:val")) != self.hints.timeframe_style:
                texts += [TEXT[part.tag] or part.text or "" for part in run.iter(*TEXT)]
        self._items[paragraph] = "".join(texts)
        return self._items[paragraph]

    def xml(self, element: Any) -> bytes:
        """An element serialised, to compare (each one once)."""
        if element is None:
            return b""
        if element not in self._xml:
            self._xml[element] = etree.tostring(element)
        return self._xml[element]


def blocks(story: Any) -> list[Any]:
    """The paragraphs and tables of a story, in order."""
    return [child for child in story if child.tag in (P, TBL)]


def paragraphs_of(story: list[Any]) -> list[Any]:
    """A story's own paragraphs (not those in its tables)."""
    return [block for block in story if block.tag == P]


def cell_text(table: Any, row: int, column: int) -> str:
    """The text of one cell ("" when there is no such cell)."""
    rows = table.findall(TR)
    cells = rows[row].findall(TC) if row < len(rows) else []
    return _text(cells[column]) if column < len(cells) else ""


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _style(paragraph: Any) -> str | None:
    found = paragraph.find(STYLE)
    return None if found is None else found.get(qn("w:val"))


def _table(block: Any) -> bool:
    return block is not None and block.tag == TBL


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


def _aligned_rows(old: list[Any], new: list[Any]) -> Iterator[tuple[Any, Any]]:
    """Rows of two tables paired by their first cell (a label: Economy, Name...)."""
    keys = [[_row_key(row) for row in rows] for rows in (old, new)]
    matcher = SequenceMatcher(None, keys[0], keys[1], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from zip(old[i1:i2], new[j1:j2], strict=True)
        else:
            yield from ((row, None) for row in old[i1:i2])
            yield from ((None, row) for row in new[j1:j2])


def _row_key(row: Any) -> str:
    first = row.find(TC)
    return "" if first is None else _text(first)
