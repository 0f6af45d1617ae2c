"""A loaded YAML file as data with its node tree, for the line and column of any value;
the error a file that cannot be read as YAML data raises; scalar values as ctt reads them."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

_CONSTRUCTOR = SafeConstructor()
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
SCALAR_TAGS = {
    STR_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
MAX_DEPTH = 200  # far beyond any real report; stops pathological nesting early
# 100 times the largest real section file: a larger file is refused before it is parsed.
MAX_FILE_BYTES = 2 * 1024 * 1024
# A number is a plain decimal integer (2020): what YAML 1.1 also reads as one (0x7E4, 0o3744,
# 03744, 2_020, base-60 33:40) or as a float (2020.0, 1e3, .inf) stays text as written, so that
# `year: 2020.0` is refused, not read as 2020. A longer number stays text too: Python refuses
# to print an integer of 4300 digits or more.
_PLAIN_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_MAX_NUMBER_CHARS = 100
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}

Key = str | int
DataPath = tuple[Key, ...]


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass
class YamlDocument:
    """A loaded YAML file: its data, and its node tree to say where each value stands.

    Positions are looked up only when a problem needs one, so loading stays as cheap as
    building the data.
    """

    path: Path
    data: Any
    root: yaml.Node | None = None
    text: str = ""

    def _walk(self, path: DataPath) -> tuple[yaml.Node | None, yaml.Node | None]:
        """The node at `path` (or its nearest existing ancestor) and the key node naming it."""
        node, key_node = self.root, None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                # A plain text key (nearly all) is its value: compared without converting it.
                found = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if (k.value == part if k.tag == STR_TAG else same_key(k, part))
                    ),
                    None,
                )
                if found is None:
                    return node, None
                key_node, node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return node, None
                key_node, node = None, node.value[part]
            else:
                return node, None
        return node, key_node

    def node(self, path: DataPath) -> yaml.Node | None:
        """The node of the value at `path`, or of its nearest ancestor that exists."""
        return self._walk(path)[0]

    def mark(self, path: DataPath) -> Mark:
        """Where the value at `path` is, or its nearest ancestor that exists."""
        node, _ = self._walk(path)
        return mark_of(node) if node is not None else Mark(1, 1)

    def key_mark(self, path: DataPath) -> Mark:
        """Where the key naming the value at `path` is (the value itself for list items)."""
        node, key_node = self._walk(path)
        if key_node is not None and path:
            return mark_of(key_node)
        return mark_of(node) if node is not None else Mark(1, 1)


def same_key(node: yaml.Node, key: Key) -> bool:
    try:
        return key_of(node) == key
    except YamlError:
        return False


class YamlError(Exception):
    """A file that cannot be read as YAML data; carries the rule id and position."""

    def __init__(self, rule: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column


def mark_of(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def scalar_value(node: yaml.ScalarNode) -> Any:
    if node.tag == STR_TAG:
        return node.value
    if node.tag == "tag:yaml.org,2002:timestamp":
        value = _CONSTRUCTOR.construct_yaml_timestamp(node)
        if isinstance(value, datetime.date):
            return node.value  # keep dates as the text written, e.g. 2020-10-15
    if node.tag in _NUMBER_TAGS and (
        len(node.value) > _MAX_NUMBER_CHARS or not _PLAIN_INTEGER.fullmatch(node.value)
    ):
        return node.value
    try:
        return _CONSTRUCTOR.construct_object(node, deep=False)
    except (ValueError, OverflowError):  # e.g. a base-60 float too large for a float
        return node.value


def key_of(node: yaml.Node) -> Key:
    if isinstance(node, yaml.ScalarNode) and node.tag == _MERGE:
        raise YamlError(
            "yaml-alias",
            "merge key '<<' is not allowed (nor anchors and aliases)",
            *position_of(node),
        )
    if isinstance(node, yaml.ScalarNode) and node.tag in SCALAR_TAGS:
        value = scalar_value(node)
        if isinstance(value, bool) or value is None:
            return str(node.value)
        if isinstance(value, int | str):
            return value
        return str(node.value)
    raise YamlError("yaml-syntax", "mapping keys must be plain scalars", *position_of(node))


def position_of(node: yaml.Node) -> tuple[int, int]:
    mark = mark_of(node)
    return mark.line, mark.column
