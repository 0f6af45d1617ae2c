"""Items tagged with topics: every item of an answer, its topics and why it has them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from ctt.catalogue.catalogue import Catalogue
from ctt.catalogue.topics import Tag, Vocabulary
from ctt.check.validate import Validator
from ctt.report.load import build_checked
from ctt.report.model import Item, Node, Report
from ctt.report.sources import Source, sources
from ctt.store.repo import ReportRef, Repository
from ctt.store.yamlfile import DataPath, YamlDocument

IndexPath = tuple[int, ...]


@dataclass(frozen=True)
class TaggedItem:
    """An item, where it is, and its topics with the reason for each."""

    source: Source
    index: IndexPath  # its place in the answer: (2, 1) is the first sub-item of the second item
    line: int  # its line in the file; 0 when not known
    text: str
    tags: list[Tag]
    own: bool  # True when the item's own `topics:` set them

    @property
    def number(self) -> str:
        """The place in the answer as printed: 2.1."""
        return ".".join(str(i) for i in self.index)

    @property
    def data_path(self) -> DataPath:
        """Where the item is in its file."""
        return data_path(self.source.path, self.index)


def item_tags(item: Item, vocabulary: Vocabulary) -> list[Tag]:
    """An item's topics: its own `topics:`, else the topics its text matches."""
    return vocabulary.tags(item.text, item.topics)


def walk(nodes: Sequence[Node], prefix: IndexPath = ()) -> Iterator[tuple[IndexPath, Item]]:
    """Every item at any depth (groups are looked into), with its 1-based place."""
    for number, node in enumerate(nodes, start=1):
        place = (*prefix, number)
        if isinstance(node, Item):
            yield place, node
        yield from walk(node.items, place)


def tree_topics(node: Node, vocabulary: Vocabulary) -> list[str]:
    """The topics of an item and of everything under it (of a group: of its items)."""
    found: set[str] = set()
    for _, item in walk([node]):
        found.update(tag.topic.id for tag in item_tags(item, vocabulary))
    return [t for t in vocabulary.topics if t in found]


def data_path(base: DataPath, index: IndexPath) -> DataPath:
    """The data path of the item at `index` in the answer at `base`."""
    path: list[str | int] = list(base)
    for depth, number in enumerate(index):
        if depth:
            path.append("items")
        path.append(number - 1)
    return tuple(path)


def explain(
    report: Report,
    catalogue: Catalogue,
    documents: Mapping[str, YamlDocument] | None = None,
    every: bool = False,
) -> list[TaggedItem]:
    """Every item of the report's needs and offers (with `every`, of all its answers),
    tagged; with the report's documents, each with its line."""
    tagged = []
    for source in sources(report, catalogue, every):
        doc = (documents or {}).get(source.file)
        for index, item in walk(source.items):
            line = doc.mark(data_path(source.path, index)).line if doc is not None else 0
            tags = item_tags(item, catalogue.topics)
            tagged.append(TaggedItem(source, index, line, item.text, tags, item.topics is not None))
    return tagged


def load_tagged(
    repo: Repository, catalogue: Catalogue, ref: ReportRef, every: bool = False
) -> list[TaggedItem]:
    """Check a report and tag its items; ReportInvalid (with its problems) when it has errors."""
    check = Validator(repo, catalogue).check_report(ref)
    report = build_checked(check, catalogue)
    return explain(report, catalogue, check.documents, every)
