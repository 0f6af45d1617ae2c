"""The topic vocabulary (schema/topics.yaml) and the keyword rules that tag an item's text."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ctt.errors import DataError

TOPICS_FILE = "topics.yaml"
SET_BY_ITEM = "set by topics:"


@dataclass(frozen=True)
class Area:
    """A cross-cutting area of the Counter-Terrorism and Secure Trade Strategy."""

    id: str
    title: str


@dataclass(frozen=True)
class Topic:
    """A topic of needs and offers: its id, title, area and keywords."""

    id: str
    title: str
    area: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Tag:
    """A topic an item has, and why: the keyword that matched, or the item's own `topics:`."""

    topic: Topic
    keyword: str | None = None  # None: set by the item's `topics:`
    matched: str | None = None  # the words of the text the keyword matched, as written

    @property
    def reason(self) -> str:
        """Why the item has this topic, in words."""
        if self.keyword is None:
            return SET_BY_ITEM
        return f'keyword "{self.keyword}" matched "{self.matched}"'


@dataclass(frozen=True)
class Vocabulary:
    """The areas and topics, in the order schema/topics.yaml lists them."""

    areas: dict[str, Area] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)

    def by_area(self) -> list[tuple[Area, list[Topic]]]:
        """The topics grouped by area, in order."""
        return [
            (area, [t for t in self.topics.values() if t.area == area.id])
            for area in self.areas.values()
        ]

    def tags(self, text: str, own: Sequence[str] | None = None) -> list[Tag]:
        """The topics of an item: its own `topics:` when given, else those its text matches."""
        if own is not None:
            return [Tag(self.topics[t]) for t in own if t in self.topics]
        found = []
        for topic in self.topics.values():
            for keyword in topic.keywords:
                match = keyword_pattern(keyword).search(text)
                if match is not None:
                    found.append(Tag(topic, keyword, " ".join(match.group(0).split())))
                    break
        return found


def build_vocabulary(data: Any) -> Vocabulary:
    """The vocabulary from schema-checked data; DataError for a repeated id or unknown area."""
    areas: dict[str, Area] = {}
    for entry in data["areas"]:
        _add(areas, Area(entry["id"], entry["title"]))
    topics: dict[str, Topic] = {}
    for entry in data["topics"]:
        topic = Topic(entry["id"], entry["title"], entry["area"], tuple(entry["keywords"]))
        if topic.area not in areas:
            raise DataError(f"topic {topic.id}: unknown area {topic.area!r} [catalogue]")
        _add(topics, topic)
    return Vocabulary(areas, topics)


def _add(into: dict[str, Any], entry: Area | Topic) -> None:
    if entry.id in into:
        raise DataError(f"{TOPICS_FILE}: id {entry.id!r} is defined twice [catalogue]")
    into[entry.id] = entry


# Between the words of a keyword: a space, a hyphen or nothing ("cyber security" matches
# "cybersecurity"); any run of white space in the text counts as one space.
_JOIN = r"[\s\-\u2010\u2011]*"


@functools.cache
def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as a regular expression: whole words, any case, a plural on the last word."""
    words = [w for w in re.split(r"[\s\-]+", keyword) if w]
    *head, last = words or [keyword]
    if len(last) > 1 and last[-1] in "yY":
        tail = re.escape(last[:-1]) + "(?:ys?|ies)"
    else:
        tail = re.escape(last) + "(?:e?s)?"
    body = _JOIN.join([*(re.escape(w) for w in head), tail])
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
