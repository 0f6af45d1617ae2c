"""Load a YAML file safely, keeping the line and column of every value."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import yaml

from ctt.store.yamldoc import (
    MAP_TAG,
    SCALAR_TAGS,
    SEQ_TAG,
    STR_TAG,
    key_of,
    mark_of,
    position_of,
    same_key,
    scalar_value,
)
from ctt.store.yamldoc import MAX_DEPTH as MAX_DEPTH
from ctt.store.yamldoc import MAX_FILE_BYTES as MAX_FILE_BYTES
from ctt.store.yamldoc import DataPath as DataPath
from ctt.store.yamldoc import Key as Key
from ctt.store.yamldoc import Mark as Mark
from ctt.store.yamldoc import YamlDocument as YamlDocument
from ctt.store.yamldoc import YamlError as YamlError
from ctt.store.yamlerrors import decode as decode
from ctt.store.yamlerrors import syntax_error

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
                return STR_TAG
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


class _SharedNode(YamlError):
    """A node met twice in the tree: an alias (its position is found from the events)."""


def parse(text: str, path: Path) -> YamlDocument:
    """Parse YAML text into plain data with marks; raise YamlError on any problem."""
    if not text.strip():
        raise YamlError("empty-file", "file is empty")
    try:
        root = yaml.compose(text, Loader=_Loader)  # CSafeLoader: no object tags
    except yaml.YAMLError as exc:
        raise syntax_error(exc, text) from None
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
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise YamlError("unreadable", "not a regular file (a pipe, device or folder)")
            # Up to one byte more than the limit, to tell that it is too large; asked for by
            # the file's size (a buffer of the limit's size for every file costs), and one
            # byte more to see that it grew meanwhile.
            limit = MAX_FILE_BYTES + 1
            data = handle.read(min(info.st_size + 1, limit))
            if info.st_size < len(data) < limit:
                data += handle.read(limit - len(data))
            return data
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise YamlError("unreadable", f"cannot read file: {message}") from None


def load(path: Path) -> YamlDocument:
    """Read and parse a YAML file; raise YamlError (with OSError mapped) on any problem."""
    return parse(decode(read(path)), path)


def _build(root: yaml.Node, path: Path, shared: bool = True) -> YamlDocument:
    """Turn a node tree into data, iteratively (no recursion limit), checking as it goes.

    `shared`: whether a node may appear twice (an alias); not when the text has no `&`.
    Long because it runs for every node of every file: one loop, with no call per node.
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
                    *position_of(node),
                )
            seen.add(id(node))
        if depth > MAX_DEPTH:
            raise YamlError(
                "yaml-depth", f"nesting deeper than {MAX_DEPTH} levels", *position_of(node)
            )
        value: Any
        if isinstance(node, scalar_node):
            if node.tag == STR_TAG:
                value = node.value
            elif node.tag not in SCALAR_TAGS:
                raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", *position_of(node))
            else:
                try:
                    value = scalar_value(node)
                except (ValueError, yaml.YAMLError):
                    value = node.value
        elif isinstance(node, sequence_node):
            if node.tag != SEQ_TAG:
                raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", *position_of(node))
            value = [None] * len(node.value)
            inline = not shared and depth < MAX_DEPTH
            for index in range(len(node.value) - 1, -1, -1):
                child = node.value[index]
                if inline and child.tag == STR_TAG and isinstance(child, scalar_node):
                    value[index] = child.value
                else:
                    stack.append((child, depth + 1, value, index))
        elif isinstance(node, mapping_node):
            if node.tag != MAP_TAG:
                raise YamlError("yaml-tag", f"tag {node.tag!r} is not allowed", *position_of(node))
            value = {}
            for key_node, _ in node.value:
                key = key_node.value if key_node.tag == STR_TAG else key_of(key_node)
                if key in value:
                    _duplicate(node, key_node, key)
                value[key] = None
            inline = not shared and depth < MAX_DEPTH
            for key_node, value_node in reversed(node.value):
                key = key_node.value if key_node.tag == STR_TAG else key_of(key_node)
                if inline and value_node.tag == STR_TAG and isinstance(value_node, scalar_node):
                    value[key] = value_node.value  # the common case, without the stack
                else:
                    stack.append((value_node, depth + 1, value, key))
        else:  # pragma: no cover - compose yields only the three node kinds
            raise YamlError("yaml-syntax", "unsupported YAML node", *position_of(node))
        parent[slot] = value
    return YamlDocument(path=path, data=holder["root"], root=root)


def _duplicate(mapping: yaml.MappingNode, key_node: yaml.Node, key: Key) -> None:
    first = next(k for k, _ in mapping.value if same_key(k, key))
    raise YamlError(
        "duplicate-key",
        f"duplicate key {key!r} (first defined at line {mark_of(first).line}); "
        "YAML would silently keep only the last one",
        *position_of(key_node),
    )
