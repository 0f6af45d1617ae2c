"""Capacity-building needs and offers across the region: by part of the report, and by topic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ctt.catalogue.catalogue import Catalogue
from ctt.catalogue.topics import Area, Topic
from ctt.region.region import Attribution, Region
from ctt.report.model import Item, Node
from ctt.report.sources import NEED, OFFER, Kind, sources
from ctt.report.tagging import tree_topics

# The heading of the needs and offers whose items match no topic (NeedsTable.untagged).
NO_TOPIC_AREA = "No topic matched"


@dataclass(frozen=True)
class Answered:
    """One economy's answer: its items, as written."""

    by: Attribution
    items: list[Node]


@dataclass(frozen=True)
class PartEntries:
    """The needs (or the offers) of one part of the report, economy by economy."""

    part: str  # a section id, "summary" or "offer"
    label: str  # the part's heading: "A.1 Protect Cargo"
    kind: Kind
    title: str  # the answer's title: "Capacity-building needs"
    answered: list[Answered]
    silent: list[Attribution]  # economies whose answer is empty

    @property
    def full_title(self) -> str:
        """The title with its part when it does not say it: "Executive summary: ..."."""
        return self.title if self.title == self.label else f"{self.label}: {self.title}"


@dataclass(frozen=True)
class Mention:
    """An economy that needs (or offers) a topic, and in how many of its needs (offers)."""

    by: Attribution
    count: int


@dataclass(frozen=True)
class TopicRow:
    """A topic, the economies that need it and those that offer it."""

    topic: Topic | None  # None: the needs and offers that match no topic
    needed_by: list[Mention]
    offered_by: list[Mention]

    @property
    def could_help(self) -> bool:
        """Whether an economy offers what another one needs."""
        return any(o.by.economy != n.by.economy for o in self.offered_by for n in self.needed_by)


@dataclass(frozen=True)
class NeedsTable:
    """Needs against offers by topic, grouped by area; then what matches no topic."""

    year: int
    included: list[Attribution]
    areas: list[tuple[Area, list[TopicRow]]]
    untagged: TopicRow

    @property
    def rows(self) -> list[TopicRow]:
        """Every topic's row, in vocabulary order."""
        return [row for _, rows in self.areas for row in rows]


def entries(nodes: Sequence[Node]) -> Iterator[Item]:
    """The needs (or offers) of an answer: each item not under another item (groups are only
    headings over them); an item's sub-items are part of it."""
    for node in nodes:
        if isinstance(node, Item):
            yield node
        else:
            yield from entries(node.items)


def region_parts(region: Region, catalogue: Catalogue) -> list[PartEntries]:
    """For each part of the report, in order, every included economy's needs or offers."""
    parts: dict[tuple[str, Kind], PartEntries] = {}
    for report in region.reports:
        by = Attribution(report.economy, report.year)
        for source in sources(report, catalogue):
            assert source.kind is not None  # sources() without `every` gives needs and offers
            key = (source.part, source.kind)
            if key not in parts:
                parts[key] = PartEntries(
                    source.part, source.part_label, source.kind, source.answer_title, [], []
                )
            if source.items:
                parts[key].answered.append(Answered(by, source.items))
            else:
                parts[key].silent.append(by)
    return list(parts.values())


def needs_table(region: Region, catalogue: Catalogue) -> NeedsTable:
    """Which economies need and which offer each topic, from their latest reports."""
    vocabulary = catalogue.topics
    counts: dict[Kind, Counter[tuple[str | None, Attribution]]] = {
        NEED: Counter(),
        OFFER: Counter(),
    }
    for report in region.reports:
        by = Attribution(report.economy, report.year)
        for source in sources(report, catalogue):
            assert source.kind is not None
            for item in entries(source.items):
                topics: list[str | None] = [*tree_topics(item, vocabulary)] or [None]
                for topic in topics:
                    counts[source.kind][(topic, by)] += 1

    def mentions(kind: Kind, topic: str | None) -> list[Mention]:
        found = counts[kind]
        return [Mention(by, found[(topic, by)]) for by in region.included if (topic, by) in found]

    def row(topic: Topic | None) -> TopicRow:
        key = None if topic is None else topic.id
        return TopicRow(topic, mentions(NEED, key), mentions(OFFER, key))

    areas = [(area, [row(t) for t in topics]) for area, topics in vocabulary.by_area()]
    return NeedsTable(region.year, region.included, areas, row(None))
