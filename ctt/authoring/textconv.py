"""A report file as readable text, for `git diff` and `git log -p` (a git textconv driver)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctt.catalogue.catalogue import Catalogue
from ctt.dates import in_words
from ctt.errors import UsageError
from ctt.report.shape import (
    ACHIEVEMENTS,
    ASSISTANCE_OFFER,
    CONTACT_FIELDS,
    SUMMARY,
    SUMMARY_LISTS,
)
from ctt.store import yamlfile
from ctt.store.repo import LINKED_OUT, Repository
from ctt.terminal import report_text

# A contact point is shown as "role: name", then a line for each of its other fields.
CONTACT_DETAIL_LINES = tuple(f for f in CONTACT_FIELDS if f not in ("role", "name"))


def convert(path: Path, repo: Repository | None, catalogue: Catalogue | None) -> str:
    """What `ctt textconv` prints: a report file as text, any other file as it is; escaped.

    A file is opened as validate opens one: a regular file (no pipe, no device) of at most
    2 MiB, not through a link that leads out of the repository; else a UsageError.
    """
    if repo is not None and repo.escapes(path):
        raise UsageError(f"{path}: {LINKED_OUT}")
    try:
        raw = yamlfile.read(path)
    except yamlfile.YamlError as exc:
        raise UsageError(f"{path}: {exc.message}") from None
    try:
        data = yamlfile.parse(yamlfile.decode(raw), path).data
    except yamlfile.YamlError as exc:
        if exc.rule == "file-too-large":
            raise UsageError(f"{path}: {exc.message}") from None
        data = None  # not YAML, or not UTF-8: shown as it is
    text = to_text(data, catalogue)
    return report_text(text if text is not None else raw.decode("utf-8", "replace"))


def to_text(data: Any, catalogue: Catalogue | None) -> str | None:
    """The readable text of a report or section file's data; None if it is not one."""
    if not isinstance(data, dict):
        return None
    lines: list[str] = []
    if "section" in data:
        _section(data, catalogue, lines)
    elif SUMMARY in data or ASSISTANCE_OFFER in data:
        _report(data, catalogue, lines)
    else:
        return None
    return "\n".join(lines) + "\n"


def _section(data: dict[str, Any], catalogue: Catalogue | None, lines: list[str]) -> None:
    section_id = str(data.get("section"))
    definition = catalogue.sections.get(section_id) if catalogue else None
    title = definition.label if definition else f"Section {section_id}"
    lines.append(f"{title} ({data.get('economy')} {data.get('year')})")
    _contacts(data.get("contacts"), lines)
    lines += ["", "Leaders' and Ministers' commitments"]
    for ref in _list(data.get("commitments")):
        commitment = catalogue.commitments.get(str(ref)) if catalogue else None
        lines.append(f"  - {ref}: {commitment.text}" if commitment else f"  - {ref}")
    questions = [(q.key, q.title) for q in catalogue.questions] if catalogue else []
    keys = [key for key, _ in questions] or [k for k in data if isinstance(data[k], list)]
    titles = dict(questions)
    for number, key in enumerate(keys, start=1):
        if key in ("contacts", "commitments"):
            continue
        lines += ["", f"{number}. {titles.get(key, key)}"]
        _answer(data.get(key, "(missing)"), catalogue, lines)
    _unplaced(data, lines)


def _report(data: dict[str, Any], catalogue: Catalogue | None, lines: list[str]) -> None:
    lines.append(f"Report {data.get('economy')} {data.get('year')}")
    updated = data.get("last_updated")
    lines.append(f"Last updated: {in_words(updated) if updated else 'not stated'}")
    summary = data.get(SUMMARY)
    summary = summary if isinstance(summary, dict) else {}
    lines += ["", "Executive summary: achievements"]
    achievements = summary.get(ACHIEVEMENTS)
    for section_id, answer in (achievements if isinstance(achievements, dict) else {}).items():
        definition = catalogue.sections.get(str(section_id)) if catalogue else None
        lines.append(f"  {definition.label if definition else section_id}:")
        _answer(answer, catalogue, lines, depth=2)
    for key in SUMMARY_LISTS:
        lines += ["", f"Executive summary: {key.replace('_', ' ')}"]
        _answer(summary.get(key, "(missing)"), catalogue, lines)
    offer = data.get(ASSISTANCE_OFFER)
    offer = offer if isinstance(offer, dict) else {}
    lines += ["", "Possible assistance and expertise to offer"]
    _contacts(offer.get("contacts"), lines)
    _answer(offer.get("items", "(missing)"), catalogue, lines)
    _unplaced(data, lines)


def _contacts(contacts: Any, lines: list[str]) -> None:
    lines += ["", "Contact points"]
    for contact in _list(contacts):
        if not isinstance(contact, dict):
            lines.append(f"  - {contact}")
            continue
        role = f"{contact['role']}: " if contact.get("role") else ""
        lines.append(f"  - {role}{contact.get('name', '')}")
        lines += [f"    {key}: {contact[key]}" for key in CONTACT_DETAIL_LINES if contact.get(key)]


def _answer(answer: Any, catalogue: Catalogue | None, lines: list[str], depth: int = 1) -> None:
    if isinstance(answer, str):
        lines.append("  " * depth + answer)
        return
    if not answer:
        lines.append("  " * depth + "(nothing reported)")
        return
    _items(_list(answer), catalogue, lines, depth)


def _items(items: list[Any], catalogue: Catalogue | None, lines: list[str], depth: int) -> None:
    pad = "  " * depth
    for item in items:
        if not isinstance(item, dict):
            lines.append(f"{pad}- {item}")
            continue
        if "text" in item:
            extra = [f"{k}: {item[k]}" for k in ("timeframe", "carried_over") if k in item]
            refs = item.get("commitments")
            if refs:
                extra.append("commitments: " + ", ".join(map(str, _list(refs))))
            if "topics" in item:  # its own topics, which replace those its words match
                extra.append("topics: " + (", ".join(map(str, _list(item["topics"]))) or "none"))
            suffix = f"  [{'; '.join(extra)}]" if extra else ""
            lines.append(f"{pad}- {item['text']}{suffix}")
        else:
            lines.append(f"{pad}# {_group_heading(item, catalogue)}")
        _items(_list(item.get("items")), catalogue, lines, depth + 1)


def _group_heading(group: dict[str, Any], catalogue: Catalogue | None) -> str:
    """A group's heading as rendered (its own, else its commitment's text), and its commitment."""
    ref = group.get("commitment")
    if ref is None:
        return str(group.get("heading") or "(no heading)")
    commitment = catalogue.commitments.get(str(ref)) if catalogue else None
    heading = group.get("heading") or (commitment.text if commitment else "commitment")
    return f"{heading}  [commitment: {ref}]"


def _unplaced(data: dict[str, Any], lines: list[str]) -> None:
    if data.get("unplaced"):
        lines += ["", "Unplaced (from import)"]
        lines += [f"  - {text}" for text in _list(data["unplaced"])]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
