"""Load a YAML file safely, keeping the line and column of every value."""

from __future__ import annotations

import datetime
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import SafeConstructor

_CONSTRUCTOR = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {
    _STR,
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
# Where an anchor (&name) may stand: at a line's start or after an indicator, before a name.
# Only a file with such a text is parsed again, for its events, to find the anchor.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]", re.M)


class _Loader(yaml.CSafeLoader):
    """libyaml's (C) parser and composer, resolving tags faster: most scalars (keys, text)
    start with a character no implicit resolver starts with, so they are strings at once;
    the rest are resolved once per distinct short value. Only plain YAML types are accepted."""

    _resolved: ClassVar[dict[tuple[str, bool], str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0] or (value and value[0] not in _RESOLVER_STARTS):
                return _STR
            if len(value) > 64:
                return _BASE_RESOLVE(self, kind, value, implicit)
            key = (value, implicit[1])
            tag = self._resolved.get(key)
            if tag is None:
                if len(self._resolved) > 10_000:
                    self._resolved.clear()
                tag = self._resolved[key] = _BASE_RESOLVE(self, kind, value, implicit)
            return tag
        return _BASE_RESOLVE(self, kind, value, implicit)


_RESOLVER_STARTS = frozenset(c for c in yaml.CSafeLoader.yaml_implicit_resolvers if c)
_BASE_RESOLVE: Callable[..., Any] = yaml.CSafeLoader.resolve

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
                found = next(((k, v) for k, v in node.value if _same_key(k, part)), None)
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
        return _mark(node) if node is not None else Mark(1, 1)

    def key_mark(self, path: DataPath) -> Mark:
        """Where the key naming the value at `path` is (the value itself for list items)."""
        node, key_node = self._walk(path)
        if key_node is not None and path:
            return _mark(key_node)
        return _mark(node) if node is not None else Mark(1, 1)


def _same_key(node: yaml.Node, key: Key) -> bool:
    try:
        return _key(node) == key
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


class _SharedNode(YamlError):
    """A node met twice in the tree: an alias (its position is found from the events)."""


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def decode(raw: bytes) -> str:
    """Decode a file's bytes as UTF-8 (a BOM is allowed), or raise YamlError."""
    if len(raw) > MAX_FILE_BYTES:
        message = (
            f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, far beyond any report "
            "file: not read"
        )
        raise YamlError("file-too-large", message)
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise YamlError("encoding", "file is encoded as UTF-32; save it as UTF-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        raise YamlError("encoding", "file is encoded as UTF-16; save it as UTF-8")
    if b"\x00" in raw:
        line, column = _byte_position(raw, raw.index(b"\x00"))
        raise YamlError("encoding", "file holds NUL bytes: not a text file", line, column)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        raise YamlError(
            "encoding", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, column
        ) from None
    return text.removeprefix("\ufeff")


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: nearly every other byte is zero (text in Latin script)."""
    sample = raw[:1024]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    even, odd = sample[0::2], sample[1::2]
    for zeros, other in ((odd, even), (even, odd)):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) <= 0.1 * len(other):
            return True
    return False


def _byte_position(raw: bytes, index: int) -> tuple[int, int]:
    """The 1-based line and column (in characters, as YAML errors count) of a byte offset."""
    start = raw.rfind(b"\n", 0, index) + 1
    column = len(raw[start:index].decode("utf-8", errors="replace").removeprefix("\ufeff"))
    return raw.count(b"\n", 0, index) + 1, column + 1


# libyaml's wording of the mistakes people make most, with what to do about them.
_CHECK_LINES = "check the indentation and quotes of this line and the ones above"
_HINTS = {
    "mapping values are not allowed in this context": "put text that contains ': ' in quotes",
    "did not find expected key": _CHECK_LINES,
    "did not find expected '-' indicator": _CHECK_LINES,
    "found character that cannot start any token": (
        "put text that starts with a special character in quotes"
    ),
}


def _syntax_error(exc: yaml.YAMLError, text: str) -> YamlError:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_error(exc, text)
    mark = getattr(exc, "problem_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        message = (
            "invalid YAML: a tab where YAML expects spaces (it indents with spaces only): "
            "replace the tab with spaces"
        )
        return YamlError("yaml-syntax", message, line, column)
    if problem.startswith("exceeded maximum nesting depth"):  # libyaml stops at 1000 levels
        return YamlError("yaml-depth", f"nesting deeper than {MAX_DEPTH} levels", line, column)
    if problem == "but found another document":
        message = "invalid YAML: a second document ('---') in one file; a file holds one document"
        return YamlError("yaml-syntax", message, line, column)
    from ctt.store.slips import explain_syntax  # only for a file that fails

    explained = explain_syntax(problem, text, line, column)
    if explained is not None:
        rule, message, line, column = explained
        prefix = "invalid YAML: " if rule == "yaml-syntax" else ""
        return YamlError(rule, prefix + message, line, column)
    if problem in _HINTS:
        problem = f"{problem}; {_HINTS[problem]}"
    if context and context_mark is not None and context_mark.line + 1 != line:
        if problem == "found unexpected end of stream":
            # The file ended inside an unclosed quote or bracket: point at where it opened.
            line, column = context_mark.line + 1, context_mark.column + 1
            problem = f"{problem} ({context} that starts here: is a quote or bracket not closed?)"
        else:
            start = f"line {context_mark.line + 1}, column {context_mark.column + 1}"
            problem = f"{problem} ({context} that starts at {start})"
    elif context:
        problem = f"{problem} ({context})"
    return YamlError("yaml-syntax", f"invalid YAML: {problem}", line, column)


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> YamlError:
    """A character YAML does not allow in a file (a control character): where it is."""
    from ctt.store import hidden

    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    index = max(text.find(char), 0)
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    message = f"{hidden.message(char)} (YAML does not allow it in a file)"
    return YamlError(hidden.RULE, message, line, column)


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
    try:
        doc = _build(root, path, shared="&" in text)  # no anchor, no alias: no shared node
    except _SharedNode as exc:
        raise _alias_error(text) or exc from None
    if "&" in text and _MAYBE_ANCHOR.search(text):  # the plain search first: far cheaper
        _refuse_anchor(text)
    doc.text = text
    return doc


def _refuse_anchor(text: str) -> None:
    """An anchor with no alias repeating it is refused too, as the README says, at the anchor."""
    for event in yaml.parse(text, Loader=_Loader):
        name = getattr(event, "anchor", None)
        if isinstance(name, str):
            message = (
                f"anchor &{name}: YAML anchors and aliases (&name, *name) are not allowed; "
                "remove it"
            )
            raise YamlError("yaml-alias", message, *_event_pos(event))


def _alias_error(text: str) -> YamlError | None:
    """Name the first alias and its anchor (the node tree knows neither; only the events do)."""
    anchors: dict[str, Mark] = {}
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            name = event.anchor
            where = f" (&{name} at line {anchors[name].line})" if name in anchors else ""
            message = (
                f"alias *{name} repeats the value anchored{where}: YAML anchors and aliases "
                "(&name, *name) are not allowed; write the value out"
            )
            return YamlError("yaml-alias", message, *_event_pos(event))
        anchor = getattr(event, "anchor", None)
        if isinstance(anchor, str):
            anchors[anchor] = Mark(*_event_pos(event))
    return None


def _event_pos(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def read(path: Path) -> bytes:
    """A file's bytes; YamlError when it cannot be read."""
    try:
        # Non-blocking: a named pipe (or a link to one) must not hang the open; refused below.
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise YamlError("unreadable", "not a regular file (a pipe, device or folder)")
            return handle.read(MAX_FILE_BYTES + 1)  # enough to tell that it is too large
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise YamlError("unreadable", f"cannot read file: {message}") from None


def load(path: Path) -> YamlDocument:
    """Read and parse a YAML file; raise YamlError (with OSError mapped) on any problem."""
    return parse(decode(read(path)), path)


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == _STR:
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


def _build(root: yaml.Node, path: Path, shared: bool = True) -> YamlDocument:
    """Turn a node tree into data, iteratively (no recursion limit), checking as it goes.

    `shared`: whether a node may appear twice (an alias); not when the text has no `&`.
    """
    seen: set[int] = set()
    holder: dict[Key, Any] = {}
    # Each entry: a node, its depth, and the container and slot its value fills.
    stack: list[tuple[yaml.Node, int, Any, Key]] = [(root, 0, holder, "root")]
    scalar_node, sequence_node, mapping_node = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
    while stack:
        node, depth, parent, slot = stack.pop()
        if shared:
            if id(node) in seen:
                raise _SharedNode(
                    "yaml-alias",
                    "YAML anchors and aliases (&name, *name) are not allowed",
                    *_pos(node),
                )
            seen.add(id(node))
        if depth > MAX_DEPTH:
            raise YamlError("yaml-depth", f"nesting deeper than {MAX_DEPTH} levels", *_pos(node))
        value: Any
        if isinstance(node, scalar_node):
            if node.tag == _STR:
                value = node.value
            elif node.tag not in _SCALAR_TAGS:
                raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", *_pos(node))
            else:
                try:
                    value = _scalar(node)
                except (ValueError, yaml.YAMLError):
                    value = node.value
        elif isinstance(node, sequence_node):
            if node.tag != _SEQ:
                raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", *_pos(node))
            value = [None] * len(node.value)
            inline = not shared and depth < MAX_DEPTH
            for index in range(len(node.value) - 1, -1, -1):
                child = node.value[index]
                if inline and child.tag == _STR and isinstance(child, scalar_node):
                    value[index] = child.value
                else:
                    stack.append((child, depth + 1, value, index))
        elif isinstance(node, mapping_node):
            if node.tag != _MAP:
                raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", *_pos(node))
            value = {}
            for key_node, _ in node.value:
                key = key_node.value if key_node.tag == _STR else _key(key_node)
                if key in value:
                    _duplicate(node, key_node, key)
                value[key] = None
            inline = not shared and depth < MAX_DEPTH
            for key_node, value_node in reversed(node.value):
                key = key_node.value if key_node.tag == _STR else _key(key_node)
                if inline and value_node.tag == _STR and isinstance(value_node, scalar_node):
                    value[key] = value_node.value  # the common case, without the stack
                else:
                    stack.append((value_node, depth + 1, value, key))
        else:  # pragma: no cover - compose yields only the three node kinds
            raise YamlError("yaml-syntax", "unsupported YAML node", *_pos(node))
        parent[slot] = value
    return YamlDocument(path=path, data=holder["root"], root=root)


def _duplicate(mapping: yaml.MappingNode, key_node: yaml.Node, key: Key) -> None:
    first = next(k for k, _ in mapping.value if _same_key(k, key))
    raise YamlError(
        "duplicate-key",
        f"duplicate key {key!r} (first defined at line {_mark(first).line}); "
        "YAML would silently keep only the last one",
        *_pos(key_node),
    )


def _key(node: yaml.Node) -> Key:
    if isinstance(node, yaml.ScalarNode) and node.tag == _MERGE:
        raise YamlError(
            "yaml-alias", "merge key '<<' is not allowed (nor anchors and aliases)", *_pos(node)
        )
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
