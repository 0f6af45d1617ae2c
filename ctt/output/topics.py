"""How a report's items were tagged, and the vocabulary itself, as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ctt.catalogue.topics import SET_BY_ITEM, Tag, Vocabulary
from ctt.report.tagging import TaggedItem
from ctt.terminal import report_text

MAX_TEXT = 90  # characters of an item's text shown on a terminal line
NO_TOPIC = "no topic"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


def tagged_text(title: str, items: list[TaggedItem], folder: str) -> str:
    """Per answer, each item (its place, line and text) and each of its topics with the reason."""
    tagged = sum(bool(i.tags) for i in items)
    own = sum(i.own for i in items)
    lines = [
        f"{title}: {len(items)} item(s), {tagged} with topics ({own} set by topics:), "
        f"{len(items) - tagged} with none"
    ]
    current = None
    width = max((len(i.number) for i in items), default=1)
    for item in items:
        where = (item.source.part_label, item.source.answer_title)
        if where != current:
            current = where
            heading = where[0] if where[0] == where[1] else f"{where[0]}: {where[1]}"
            lines += ["", f"{heading} ({folder}/{item.source.file})"]
        lines.append(f"  {item.number:<{width}}  line {item.line}: {_short(item.text)}")
        pad = " " * (width + 4)
        if item.own and not item.tags:
            lines.append(f"{pad}{NO_TOPIC} ({SET_BY_ITEM} [])")
        elif not item.tags:
            lines.append(f"{pad}{NO_TOPIC}")
        lines += [f"{pad}{tag.topic.id}: {tag.reason}" for tag in item.tags]
    return report_text("\n".join(lines))


def _tag_json(tag: Tag) -> dict[str, Any]:
    return {
        "id": tag.topic.id,
        "title": tag.topic.title,
        "area": tag.topic.area,
        "by": "keyword" if tag.keyword is not None else "topics",
        "keyword": tag.keyword,
        "matched": tag.matched,
    }


def tagged_json(title: str, items: list[TaggedItem], folder: str) -> str:
    """A list of items: where each is, its text, its topics and why."""
    return json.dumps(
        [
            {
                "part": item.source.part,
                "part_label": item.source.part_label,
                "answer": item.source.answer,
                "file": f"{folder}/{item.source.file}",
                "line": item.line,
                "number": item.number,
                "text": item.text,
                "own_topics": item.own,
                "topics": [_tag_json(tag) for tag in item.tags],
            }
            for item in items
        ],
        indent=2,
        ensure_ascii=False,
    )


TAGGED_FORMAT_BY_NAME: dict[str, Callable[[str, list[TaggedItem], str], str]] = {
    "text": tagged_text,
    "json": tagged_json,
}


def vocabulary_text(vocabulary: Vocabulary) -> str:
    """The topics by area, each with its id, title and keywords."""
    lines: list[str] = []
    for area, topics in vocabulary.by_area():
        if lines:
            lines.append("")
        lines.append(f"{area.title} [{area.id}]")
        for topic in topics:
            lines.append(f"  {topic.id}: {topic.title}")
            lines.append(f"      keywords: {', '.join(topic.keywords)}")
    return report_text("\n".join(lines))


def vocabulary_json(vocabulary: Vocabulary) -> str:
    """The areas, each with its topics and their keywords."""
    return json.dumps(
        [
            {
                "id": area.id,
                "title": area.title,
                "topics": [
                    {"id": t.id, "title": t.title, "keywords": list(t.keywords)} for t in topics
                ],
            }
            for area, topics in vocabulary.by_area()
        ],
        indent=2,
        ensure_ascii=False,
    )


VOCABULARY_FORMAT_BY_NAME: dict[str, Callable[[Vocabulary], str]] = {
    "text": vocabulary_text,
    "json": vocabulary_json,
}
