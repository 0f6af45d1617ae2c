"""Turn the lines of one answer into items: bullets, lead-ins, headings and commitment groups."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ctt.authoring.importer.lines import Line
from ctt.catalogue.catalogue import Commitment
from ctt.render.docx.wordrefs import Refs

SENTENCE_END = re.compile(r"[.;:?!)\]”\"]$")
LEAD_IN_MIN_WORDS = 6
TIMEFRAME_NOTE = re.compile(r"\s*\(timeframe: ([^()]*)\)$")
YEAR = r"(?:19|20)\d\d"
RANGE_AT_END = re.compile(rf"\(\s*({YEAR})\s*[-–]\s*({YEAR})\s*\)\.?$")
YEAR_AT_END = re.compile(rf"\(\s*({YEAR})\s*\)\.?$")
ONWARDS = re.compile(
    rf"(?:from\s+)?({YEAR})\s+(?:and\s+the\s+years\s+that\s+follow|onwards|and\s+beyond)", re.I
)
ANY_YEAR = re.compile(rf"\b({YEAR})\b")

Item = str | dict[str, Any]
CommitmentMatcher = Callable[[str], Commitment | None]


def timeframe_of(text: str) -> str | None:
    """The timeframe a planned measure states: '(2020 - 2021)', 'by 2021', 'during 2020'."""
    if match := RANGE_AT_END.search(text):
        return f"{match.group(1)} - {match.group(2)}"
    if match := YEAR_AT_END.search(text):
        return str(match.group(1))
    if match := ONWARDS.search(text):
        return f"{match.group(1)} onwards"
    years: list[str] = sorted(set(ANY_YEAR.findall(text)))
    if len(years) == 1:
        return years[0]
    if years:
        return f"{years[0]} - {years[-1]}"
    return None


def join_continuations(lines: list[Line]) -> list[Line]:
    """Join a line that a line break split mid-sentence onto the line before it (linear time)."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and _continues(groups[-1][0], groups[-1][-1].text, line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [_merge(group) for group in groups]


def _merge(group: list[Line]) -> Line:
    first = group[0]
    if len(group) == 1:
        return first
    text = " ".join(line.text for line in group)
    more = tuple(n for line in group for n in line.numbers)[1:]
    refs = [line.refs for line in group if line.refs is not None]
    return Line(
        text,
        first.number,
        first.bullet,
        first.level,
        first.style,
        first.blank_before,
        more,
        _merged(refs),
    )


def _merged(refs: list[Refs]) -> Refs | None:
    if not refs:
        return None
    merged = refs[0]
    for other in refs[1:]:
        merged = merged.merged(other)
    return merged


def _continues(first: Line, ending: str, line: Line) -> bool:
    """Whether `line` goes on the sentence of the line begun by `first`, which ends `ending`."""
    if line.bullet or line.style or first.style or not line.text or not ending:
        return False
    starts_low = line.text[0].islower() or line.text[0] == "("
    return starts_low and not SENTENCE_END.search(ending)


class AnswerBuilder:
    """Builds the items of one answer from its lines."""

    def __init__(
        self,
        match_commitment: CommitmentMatcher,
        planned: bool,
        commitments: Mapping[str, Commitment] | None = None,
    ) -> None:
        self.match_commitment = match_commitment
        self.planned = planned
        self.commitments = commitments or {}  # the catalogue's, for a group's reference

    def build(self, lines: list[Line]) -> list[Item]:
        """The items; explicit levels (from a docx) when present, else the text rules."""
        lines = [line for line in join_continuations(lines) if line.text]
        if any(line.style == "group" or (line.level or 0) > 1 for line in lines):
            return self._explicit(lines)
        return self._inferred(lines)

    def item(self, text: str) -> Item:
        """A plain item, with its timeframe when it is a planned measure."""
        note = TIMEFRAME_NOTE.search(text)
        if note:
            return {"text": text[: note.start()], "timeframe": note.group(1)}
        if self.planned and (timeframe := timeframe_of(text)):
            return {"text": text, "timeframe": timeframe}
        return text

    def entry(self, line: Line) -> Item:
        """An item of a line, with the references a .docx kept for it."""
        return _with_refs(self.item(line.text), line.refs)

    def group(self, line: Line, text: str) -> dict[str, Any] | None:
        """A group under the commitment a .docx kept for the line, or whose text it is."""
        reference = line.refs.group if line.refs is not None else None
        if reference is not None and reference not in self.commitments:
            return {"commitment": reference, "heading": text, "items": []}  # validate says
        found = self.commitments[reference] if reference else self.match_commitment(line.text)
        return None if found is None else _commitment_group(found, text)

    # Text exports: structure inferred from bullets, headings and lead-in lines.
    def _inferred(self, lines: list[Line]) -> list[Item]:
        kinds: list[str] = [""] * len(lines)
        for index in reversed(range(len(lines))):  # each line's kind depends on the next's
            kinds[index] = self._kind(lines, index, kinds)
        root: list[Item] = []
        top: list[Item] = root  # the current commitment or parent group's items
        current: list[Item] = root  # where bullets go
        for line, kind in zip(lines, kinds, strict=True):
            if kind == "commitment":
                found = self.group(line, _heading(line.text))
                assert found is not None  # that is what made it a commitment line
                root.append(found)
                top = current = found["items"]
            elif kind == "parent":
                group: dict[str, Any] = {"heading": _heading(line.text), "items": []}
                root.append(group)
                top = current = group["items"]
            elif kind == "heading":
                group = {"heading": _heading(line.text), "items": []}
                top.append(group)
                current = group["items"]
            elif kind == "lead-in":
                lead = _with_refs({"text": line.text}, line.refs)
                assert isinstance(lead, dict)
                lead["items"] = []
                top.append(lead)
                current = lead["items"]
            elif kind == "bullet":
                current.append(self.entry(line))
            else:  # a paragraph: an item at the level of its group, ending any list
                top.append(self.entry(line))
                current = top
        return [_simplify(item) for item in root]

    def _kind(self, lines: list[Line], index: int, kinds: list[str]) -> str:
        line = lines[index]
        if line.bullet:
            return "bullet"
        if (line.refs is not None and line.refs.group) or self.match_commitment(line.text):
            return "commitment"
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is None:
            return "paragraph"
        if following.bullet:
            words = len(line.text.split())
            if line.text.endswith(":") and words >= LEAD_IN_MIN_WORDS:
                return "lead-in"
            return "heading"
        if kinds[index + 1] == "heading":
            return "parent"
        return "paragraph"

    # Our own .docx: every paragraph carries its depth and whether it is a group heading.
    def _explicit(self, lines: list[Line]) -> list[Item]:
        root: list[Item] = []
        stack: list[tuple[int, list[Item]]] = [(0, root)]
        for line in lines:
            level = line.level or 1
            while len(stack) > 1 and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1]
            if line.style == "group":
                group = self.group(line, line.text) or {"heading": line.text, "items": []}
                parent.append(group)
                stack.append((level, group["items"]))
            else:
                item = self.entry(line)
                entry: dict[str, Any] = item if isinstance(item, dict) else {"text": item}
                entry.setdefault("items", [])
                parent.append(entry)
                stack.append((level, entry["items"]))
        return [_simplify(item) for item in root]


def _commitment_group(commitment: Commitment, text: str) -> dict[str, Any]:
    """A group under a commitment, with the economy's heading when it words it otherwise."""
    own = commitment.own_words(text)
    heading = {} if own is None else {"heading": own}
    return {"commitment": commitment.id, **heading, "items": []}


def _with_refs(item: Item, refs: Refs | None) -> Item:
    """The item with its `commitments:`, `topics:` and `carried_over:`, after its text and
    timeframe."""
    if refs is None or (not refs.commitments and refs.topics is None and not refs.carried_over):
        return item
    entry: dict[str, Any] = dict(item) if isinstance(item, dict) else {"text": item}
    if refs.commitments:
        entry["commitments"] = list(refs.commitments)
    if refs.topics is not None:
        entry["topics"] = list(refs.topics)
    if refs.carried_over is not None:
        entry["carried_over"] = refs.carried_over
    return entry


def _heading(text: str) -> str:
    return text[:-1].rstrip() if text.endswith(":") else text


def _simplify(item: Item) -> Item:
    """Drop empty sub-lists; an item with only text is a plain string."""
    if isinstance(item, str):
        return item
    if "items" in item:
        item["items"] = [_simplify(child) for child in item["items"]]
        if not item["items"] and "text" in item:
            del item["items"]
    if set(item) == {"text"}:
        return str(item["text"])
    return item
