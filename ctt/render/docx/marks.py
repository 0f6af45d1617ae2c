"""Paragraph marks of a merged story: which are tracked, and the properties each one carries.

A deleted paragraph mark (`w:pPr/w:rPr/w:del`) joins its paragraph to the next one once the
change is accepted; an inserted one does so once it is rejected. The mark ending a cell or
the body has nothing to join, and LibreOffice does not join across a table either (not even
a deleted one), so the mark before a table or the end is never tracked: where changes end
there, the last deleted and the last inserted paragraph share one paragraph whose mark stays,
or each mark moves up one paragraph, as Word records deleting the last paragraphs of a cell.
A paragraph's properties live in its mark, so each one gets those of the paragraph it ends
once every change is accepted, and `w:pPrChange` keeps those it ends once they are rejected.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from typing import Any, Literal

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from ctt.render.docx.revisions import Revisions

Mark = Literal["kept", "ins", "del"]
PPR, RPR = qn("w:pPr"), qn("w:rPr")
# Paragraph properties a w:pPrChange does not repeat (its w:pPr is a CT_PPrBase).
NOT_IN_CHANGE = {RPR, qn("w:sectPr"), qn("w:pPrChange")}


@dataclass(eq=False)
class Para:
    """A paragraph of a merged story: its content, and what became of its mark."""

    content: list[Any]
    mark: Mark


def settled(story: list[Any]) -> list[Any]:
    """The story's blocks with no tracked mark before a table or at its end."""
    result: list[Any] = []
    run: list[Para] = []
    for block in [*story, None]:
        if isinstance(block, Para):
            run.append(block)
            continue
        result += _settled_run(run)
        run = []
        if block is not None:
            result.append(block)
    return result


def _settled_run(run: list[Para]) -> list[Para]:
    """Paragraphs between two tables (or the story's ends), the last one's mark kept."""
    tail = len(run)
    while tail and run[tail - 1].mark != "kept":
        tail -= 1
    changed = run[tail:]
    if not changed:
        return run
    deleted = [i for i, para in enumerate(changed) if para.mark == "del"]
    inserted = [i for i, para in enumerate(changed) if para.mark == "ins"]
    if deleted and inserted and deleted[-1] < inserted[0]:
        # The last deleted and the last inserted paragraph share one, whose mark stays.
        last_old, last_new = changed[deleted[-1]], changed[inserted[-1]]
        shared = Para(last_old.content + last_new.content, "kept")
        return [para for para in run if para not in (last_old, last_new)] + [shared]
    if tail:
        # Each mark moves up one paragraph: the one before the changes joins the first.
        chain = run[tail - 1 :]
        for para, following in itertools.pairwise(chain):
            para.mark = following.mark
        chain[-1].mark = "kept"
    # Else every paragraph between two tables is inserted (or each deleted): none can go.
    return run


def written(
    story: list[Any], accepted: list[Any], rejected: list[Any], revisions: Revisions
) -> list[Any]:
    """The story with its paragraphs written out: `accepted` are the paragraphs of the story
    once every change is accepted, in order, and `rejected` once every one is rejected."""
    after, before = iter(accepted), iter(rejected)
    blocks = []
    for block in story:
        if not isinstance(block, Para):
            blocks.append(block)
            continue
        new = next(after) if block.mark in ("kept", "ins") else None
        old = next(before) if block.mark in ("kept", "del") else None
        blocks.append(_paragraph(block, new, old, revisions))
    if next(after, None) is not None or next(before, None) is not None:
        raise AssertionError("the tracked changes do not account for every paragraph")
    return blocks


def _paragraph(para: Para, new: Any, old: Any, revisions: Revisions) -> Any:
    """A paragraph: the properties of the one its mark ends, its mark's change, its content."""
    source = (new if new is not None else old).find(PPR)
    props = copy.deepcopy(source) if source is not None else OxmlElement("w:pPr")
    if para.mark != "kept":
        mark = props.find(RPR)
        if mark is None:
            mark = OxmlElement("w:rPr")
            props.append(mark)
        mark.insert(0, revisions.mark(para.mark))
    if new is not None and old is not None:
        earlier = old.find(PPR)
        if _xml(earlier) != _xml(source):
            change = revisions.mark("pPrChange")
            inner = OxmlElement("w:pPr")
            if earlier is not None:
                inner.extend(copy.deepcopy(c) for c in earlier if c.tag not in NOT_IN_CHANGE)
            change.append(inner)
            props.append(change)
    paragraph = OxmlElement("w:p")
    if len(props):
        paragraph.append(props)
    paragraph.extend(para.content)
    return paragraph


def _xml(element: Any) -> bytes:
    return b"" if element is None else bytes(etree.tostring(element))
