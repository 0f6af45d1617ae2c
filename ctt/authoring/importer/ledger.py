"""The import ledger: every unit of the source (line, paragraph) accounted for, checked.

The parser records what it did with each line: placed (with the file and key it went to),
recognised as the template's own text, dropped as a running head, skipped with a note, or
kept as unplaced. The ledger then checks the claims that matter against what is written: the
words of every placed or unplaced line must be found in the data of its file. A unit with no
record, or whose words are not there, is *lost*: the import says so and exits 1.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ctt.authoring.importer.source import Accounted, Kind

if TYPE_CHECKING:
    from ctt.authoring.importer.lines import Line
    from ctt.catalogue.catalogue import Catalogue

# The order in which a unit's records decide its one category: a unit with a placed part and
# a template part (a question with an answer on the same line) counts as placed.
PRECEDENCE: tuple[str, ...] = ("lost", "unplaced", "placed", "skipped", "running-head", "template")
TALLY_ORDER: tuple[str, ...] = ("placed", "template", "running-head", "skipped", "unplaced", "lost")
TALLY_NAMES = {"running-head": "running heads"}
KEPT = ("placed", "unplaced")  # the records whose text is in the data written
_TOKEN = re.compile(r"\w+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def tokens(text: str) -> list[str]:
    """The words of a text, case folded: what the check compares."""
    return _TOKEN.findall(text.translate(_QUOTES).casefold())


@dataclass
class Record:
    """What the parser did with (part of) one or more units."""

    kind: Kind
    where: str = ""
    file: str | None = None  # the file whose data must hold `piece`
    piece: str | None = None  # the text placed, checked word by word
    found: bool = True


@dataclass
class Entry:
    """One unit of the source and what became of it."""

    number: int
    text: str
    kind: str
    where: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The entry as the `--ledger` file writes it."""
        return {"number": self.number, "kind": self.kind, "where": self.where, "text": self.text}


class Ledger:
    """The units of one source and the records of what the import did with each."""

    def __init__(self, unit: str = "line") -> None:
        self.unit = unit
        self.texts: dict[int, str] = {}
        self.records: dict[int, list[Record]] = {}

    def add_units(self, lines: Iterable[Line], accounted: Iterable[Accounted]) -> None:
        """Register the source's units: the lines for the parser, and what the reader did."""
        for line in lines:
            for number in line.numbers:
                self.texts.setdefault(number, line.text if number == line.number else "")
        for item in accounted:
            self.texts.setdefault(item.number, item.text)
            self.records.setdefault(item.number, []).append(Record(item.kind, item.where))

    def record(
        self,
        line: Line,
        kind: Kind,
        where: str = "",
        file: str | None = None,
        piece: str | None = None,
    ) -> None:
        """Say what became of a line (and of every unit joined into it)."""
        entry = Record(kind, where, file, piece)
        for number in line.numbers:
            self.records.setdefault(number, []).append(entry)

    def refile(self, old: str, new: str, kinds: tuple[str, ...]) -> None:
        """Say that the text of `kinds` placed in file `old` goes to `new` instead."""
        for records in self.records.values():
            for record in records:
                if record.file == old and record.kind in kinds:
                    record.file = new
                    record.where = new + record.where.removeprefix(old)

    def elsewhere(self, file: str) -> list[tuple[int, str]]:
        """The units whose text is said to go to a file other than `file`."""
        found = []
        for number, records in sorted(self.records.items()):
            places = {r.file or r.where.partition(":")[0] for r in records if r.kind in KEPT}
            if places - {file} and number in self.texts:
                found.append((number, self.texts[number]))
        return found

    def verify(self, documents: dict[str, dict[str, Any]], catalogue: Catalogue) -> None:
        """Check each placed piece's words against the data of its file."""
        available = {name: Counter(_words_of(data, catalogue)) for name, data in documents.items()}
        seen: set[int] = set()
        for records in self.records.values():
            for record in records:
                if record.piece is None or record.file is None or id(record) in seen:
                    continue
                seen.add(id(record))
                counter = available.get(record.file, Counter())
                wanted = Counter(tokens(record.piece))
                record.found = all(counter[word] >= count for word, count in wanted.items())
                if record.found:
                    counter.subtract(wanted)

    def entries(self) -> list[Entry]:
        """Every unit in order, with its one category and where its text went."""
        result = []
        for number in sorted(self.texts):
            records = self.records.get(number, [])
            kinds = {"lost" if not r.found else r.kind for r in records} or {"lost"}
            kind = next(k for k in PRECEDENCE if k in kinds)
            where = list(dict.fromkeys(r.where for r in records if r.where))
            result.append(Entry(number, self.texts[number], kind, where))
        return result

    def as_json(self, source: str) -> str:
        """The full ledger, for `ctt import --ledger FILE`."""
        import json

        lines = [entry.as_json() for entry in self.entries()]
        data = {"source": source, "unit": self.unit, "tally": dict(self.tally()), "lines": lines}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def tally(self) -> Counter[str]:
        """How many units fell in each category."""
        return Counter(entry.kind for entry in self.entries())

    def summary(self) -> str:
        """`812 lines: 640 placed, 160 template, 4 running heads, 8 unplaced, 0 lost`."""
        counts = self.tally()
        parts = [
            f"{counts[k]} {TALLY_NAMES.get(k, k)}"
            for k in TALLY_ORDER
            if counts[k] or k in ("placed", "unplaced", "lost")
        ]
        return f"{sum(counts.values())} {self.unit}s: {', '.join(parts)}"


def _words_of(data: Any, catalogue: Catalogue) -> Iterator[str]:
    """Every word the data of one file holds, with the catalogue text of each commitment id."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if key in ("commitments", "topics") and "text" in value:
                    continue  # an item's references: a .docx keeps them out of its text
                if key in ("commitment", "commitments"):
                    ids = child if isinstance(child, list) else [child]
                    for commitment_id in ids:
                        found = catalogue.commitments.get(str(commitment_id))
                        if found is not None:
                            yield from tokens(found.text)
                elif key == "timeframe":  # the "(timeframe: ...)" the source may have said
                    yield "timeframe"
                    stack.append(child)
                elif key not in ("economy", "year", "section"):
                    stack.append(child)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            yield from tokens(value)
