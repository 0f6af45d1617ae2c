"""Load a YAML file safely, keeping the line and column of every value."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

# The loader is libyaml's (C) parser and composer; only plain YAML types are accepted.
_Loader: type[yaml.CSafeLoader] = yaml.CSafeLoader
_CONSTRUCTOR = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
MAX_DEPTH = 200  # far beyond any real report; stops pathological nesting early

Key = str | int
DataPath = tuple[Key, ...]


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass
class YamlDocument:
    """A loaded YAML file: its data and where each value stands in the file."""

    path: Path
    data: Any
    marks: dict[DataPath, Mark] = field(default_factory=dict)
    key_marks: dict[DataPath, Mark] = field(default_factory=dict)

    def mark(self, path: DataPath) -> Mark:
        """Where the value at `path` is, or its nearest ancestor that exists."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, Mark(1, 1))

    def key_mark(self, path: DataPath) -> Mark:
        """Where the key naming the value at `path` is (the value itself for list items)."""
        return self.key_marks.get(path) or self.mark(path)


class YamlError(Exception):
    """A file that cannot be read as YAML data; carries the rule id and position."""

    def __init__(self, rule: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def decode(raw: bytes) -> str:
    """Decode a file's bytes as UTF-8 (a BOM is allowed), or raise YamlError."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError("encoding", "file is encoded as UTF-16; save it as UTF-8")
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise YamlError("encoding", "file holds NUL bytes: not a text file", line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            "encoding", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, column
        ) from None
    return text.removeprefix("\ufeff")


def _syntax_error(exc: yaml.YAMLError, text: str) -> YamlError:
    mark = getattr(exc, "problem_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    context = getattr(exc, "context", None)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        problem = "tab character where YAML expects spaces (indent with spaces)"
    elif context:
        problem = f"{problem} ({context})"
    return YamlError("yaml-syntax", f"invalid YAML: {problem}", line, column)


def parse(text: str, path: Path) -> YamlDocument:
    """Parse YAML text into plain data with marks; raise YamlError on any problem."""
    if not text.strip():
        raise YamlError("empty-file", "file is empty")
    try:
        root = yaml.compose(text, Loader=_Loader)  # CSafeLoader: no object tags
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text) from None
    if root is None:
        raise YamlError("empty-file", "file holds no data (only comments)")
    return _build(root, path)


def load(path: Path) -> YamlDocument:
    """Read and parse a YAML file; raise YamlError (with OSError mapped) on any problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError("unreadable", f"cannot read file: {exc.strerror or exc}") from None
    return parse(decode(raw), path)


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == _STR:
        return node.value
    if node.tag == "tag:yaml.org,2002:timestamp":
        value = _CONSTRUCTOR.construct_yaml_timestamp(node)
        if isinstance(value, datetime.date):
            return node.value  # keep dates as the text written, e.g. 2020-10-15
    return _CONSTRUCTOR.construct_object(node, deep=False)


def _build(root: yaml.Node, path: Path) -> YamlDocument:
    """Turn a node tree into data, iteratively (no recursion limit), checking as it goes."""
    doc = YamlDocument(path=path, data=None)
    seen: set[int] = set()
    holder: dict[Key, Any] = {}
    # Each entry: a node, its data path, its depth, and the container and slot it fills.
    stack: list[tuple[yaml.Node, DataPath, int, Any, Key]] = [(root, (), 0, holder, "root")]
    while stack:
        node, data_path, depth, parent, slot = stack.pop()
        if id(node) in seen:
            raise YamlError(
                "yaml-alias", "YAML anchors and aliases (&name, *name) are not allowed", *_pos(node)
            )
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise YamlError("yaml-depth", f"nesting deeper than {MAX_DEPTH} levels", *_pos(node))
        doc.marks[data_path] = _mark(node)
        value: Any
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", *_pos(node))
            try:
                value = _scalar(node)
            except (ValueError, yaml.YAMLError):
                value = node.value
        elif isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", *_pos(node))
            value = [None] * len(node.value)
            for index in reversed(range(len(node.value))):
                stack.append((node.value[index], (*data_path, index), depth + 1, value, index))
        elif isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", *_pos(node))
            value = {}
            first_seen: dict[Key, Mark] = {}
            children = []
            for key_node, value_node in node.value:
                key = _key(key_node)
                if key in first_seen:
                    first = first_seen[key]
                    raise YamlError(
                        "duplicate-key",
                        f"duplicate key {key!r} (first defined at line {first.line}); "
                        "YAML would silently keep only the last one",
                        *_pos(key_node),
                    )
                first_seen[key] = _mark(key_node)
                doc.key_marks[(*data_path, key)] = _mark(key_node)
                value[key] = None
                children.append((value_node, (*data_path, key), depth + 1, value, key))
            stack.extend(reversed(children))
        else:  # pragma: no cover - compose yields only the three node kinds
            raise YamlError("yaml-syntax", "unsupported YAML node", *_pos(node))
        parent[slot] = value
    doc.data = holder["root"]
    return doc


def _key(node: yaml.Node) -> Key:
    if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
        value = _scalar(node)
        if isinstance(value, bool) or value is None:
            return str(node.value)
        if isinstance(value, int | str):
            return value
        return str(node.value)
    raise YamlError("yaml-syntax", "mapping keys must be plain scalars", *_pos(node))


def _pos(node: yaml.Node) -> tuple[int, int]:
    mark = _mark(node)
    return mark.line, mark.column
