"""YAML slips: text that YAML reads otherwise than its writer meant, explained with the fix."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from ctt.store.yamldoc import DataPath, YamlDocument

# The keys an item (detailed or group) may have: a single other key is text read as a key.
ITEM_KEYS = frozenset(
    {"text", "items", "commitments", "timeframe", "carried_over", "topics", "heading", "commitment"}
)
# The keys of a file's top level (section and report files).
TOP_KEYS = frozenset(
    {
        "section",
        "economy",
        "year",
        "contacts",
        "commitments",
        "measures_undertaken",
        "measures_planned",
        "capacity_building_activities",
        "capacity_building_needs",
        "expertise_offered",
        "unplaced",
        "last_updated",
        "source_document",
        "executive_summary",
        "assistance_offer",
    }
)
_LIST_KEYS = ("items", "forward_work_programme", "capacity_building_needs")
_KEY_LINE = re.compile(r"^( *)(?:- +)?([A-Za-z_][\w-]*):(?: |$)")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _item_lists(data: Any, answer_keys: frozenset[str]) -> Iterator[tuple[DataPath, list[Any]]]:
    """Every list of items (answers, achievements, sub-items) with its data path."""
    stack: list[tuple[DataPath, Any, bool]] = [((), data, False)]
    while stack:
        path, value, is_list = stack.pop()
        if is_list and isinstance(value, list):
            yield path, value
            for index, item in enumerate(value):
                if isinstance(item, dict) and isinstance(item.get("items"), list):
                    stack.append(((*path, index, "items"), item["items"], True))
        elif isinstance(value, dict):
            for key, child in value.items():
                in_list = key in answer_keys or key in _LIST_KEYS or path[-1:] == ("achievements",)
                stack.append(((*path, key), child, in_list))


def unquoted_colons(doc: YamlDocument, answer_keys: frozenset[str]) -> list[tuple[DataPath, str]]:
    """Items written `- Customs: the new system went live`: read as a one-key mapping."""
    found = []
    for path, items in _item_lists(doc.data, answer_keys):
        for index, item in enumerate(items):
            if not (isinstance(item, dict) and len(item) == 1):
                continue
            key, value = next(iter(item.items()))
            if key in ITEM_KEYS or not isinstance(value, str | int):
                continue
            node = doc.node((*path, index))
            if not isinstance(node, yaml.MappingNode):
                continue
            key_node, value_node = node.value[0]
            same_line = key_node.start_mark.line == value_node.start_mark.line
            if key_node.style or value_node.style or not same_line:
                continue
            fixed = _quoted(f"{key_node.value}: {value_node.value}")
            message = (
                f'a measure\'s text holds ": ", so YAML read it as a key: quote the text: - {fixed}'
            )
            found.append(((*path, index), message))
    return found


def folded_items(doc: YamlDocument) -> list[tuple[int, int]]:
    """Lines starting with '- ' that YAML folded into the plain text above them."""
    if doc.root is None:
        return []
    # Only a plain scalar over several lines can hold one: walking the nodes costs less than
    # a regular expression over the text (which backtracks on every line).
    lines: list[str] = []
    found = []
    stack = [doc.root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.style:
                continue
            first, last = node.start_mark.line, node.end_mark.line
            if last > first:
                lines = lines or doc.text.splitlines()
                for number in range(first + 1, min(last + 1, len(lines))):
                    stripped = lines[number].lstrip(" ")
                    if stripped.startswith("- "):
                        found.append((number + 1, len(lines[number]) - len(stripped) + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in node.value)
    return sorted(found)


FOLDED_MESSAGE = (
    "this line starts with '- ' but is part of the text above: indent it like the other items, "
    "or quote the text"
)


Explained = tuple[str, str, int, int]


def explain_syntax(problem: str, text: str, line: int, column: int) -> Explained | None:
    """A syntax error's cause and fix, when it is a known slip: rule, message, line, column."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    current = lines[line - 1]
    dash = _dash_without_space(lines, line)
    if dash is not None:
        return dash
    key = _KEY_LINE.match(current)
    if problem == "mapping values are not allowed in this context":
        if key is None or column - 1 > key.end(2):
            return "unquoted-colon", _colon_in_text(current), line, column
        return "yaml-syntax", _misplaced_key(lines, line, key), line, key.start(2) + 1
    if problem in ("did not find expected key", "did not find expected '-' indicator") and key:
        return "yaml-syntax", _misplaced_key(lines, line, key), line, key.start(2) + 1
    return None


def _colon_in_text(current: str) -> str:
    match = re.match(r"^( *(?:- +)?)(?:([A-Za-z_][\w-]*): +)?(.*)$", current)
    assert match is not None  # the pattern matches any line
    lead, key, rest = match.groups()
    if key is not None and key not in ITEM_KEYS | TOP_KEYS:
        key, rest = None, f"{key}: {rest}"
    fixed = f"{lead}{key}: {_quoted(rest)}" if key else f"{lead}{_quoted(rest)}"
    return f'a text holds ": ", so YAML read it as a key: quote the text: {fixed.strip()}'


def _misplaced_key(lines: list[str], line: int, key: re.Match[str]) -> str:
    name = key.group(2)
    column = key.start(2) + 1
    if name in TOP_KEYS and column > 1 and name not in ITEM_KEYS:
        return (
            f"'{name}:' is a key of the file but is indented under the list above: "
            "move it to column 1"
        )
    previous = _previous_line(lines, line)
    if previous is not None and name in ITEM_KEYS:
        item = re.match(r"^ *- +(?![\"'])([^:#]+?)\s*$", previous)
        if item is not None:
            return (
                f"'{name}:' stands under a plain item, which cannot hold keys: write the item "
                f"as '- text: {item.group(1)}' with '{name}:' beneath 'text:'"
            )
    sibling = _KEY_LINE.match(previous or "")
    if sibling is not None and sibling.start(2) + 1 != column:
        where = sibling.start(2) + 1
        return (
            f"'{name}:' is indented unlike '{sibling.group(2)}:' above it: indent it to column "
            f"{where}, as that key is"
        )
    return f"'{name}:' is not indented like the keys beside it: check its indentation"


def _previous_line(lines: list[str], line: int) -> str | None:
    for index in range(line - 2, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return lines[index]
    return None


def _dash_without_space(lines: list[str], line: int) -> Explained | None:
    """'-item': a dash without a space is text, not a list item (on this line or just above)."""
    for index in (line - 1, line - 2):
        if index < 0:
            continue
        match = re.match(r"^( *)-([^\s\-][^\n]*)$", lines[index])
        if match is not None:
            fixed = f"- {match.group(2)}"
            message = f"'-' without a space after it does not start a list item: write {fixed!r}"
            return "yaml-syntax", message, index + 1, len(match.group(1)) + 1
    return None


def dash_hint(value: Any) -> str:
    """For a string where a list was wanted: the fix when it was written '-item'."""
    if isinstance(value, str) and re.match(r"-[^\s\-]", value):
        first = value.split(" - ")[0]
        return f": '-' without a space after it does not start a list item: write '- {first[1:]}'"
    return ""
