"""Write report data as YAML in the house style: block style, one value per line, stable."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from yaml.resolver import Resolver

_RESOLVER = Resolver()
_STR = "tag:yaml.org,2002:str"
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@` \t")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029\ufeff]")


def scalar(value: Any) -> str:
    """One scalar as YAML: plain when that reads back as the same string, else quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _UNSAFE_START or text.endswith(":"):
        return False
    if ": " in text or " #" in text or _CONTROL.search(text):
        return False
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR)


def dump(data: Any, header: str = "") -> str:
    """A mapping as YAML text, keys in the order given, preceded by `header` comment lines."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    _emit(data, 0, lines)
    return "\n".join(lines) + "\n"


def _emit(data: Any, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list) and value:
                lines.append(f"{pad}{key}:")
                _emit(value, indent + 2, lines)
            else:
                lines.append(f"{pad}{key}: {_inline(value)}")
    elif isinstance(data, list):
        for value in data:
            if isinstance(value, dict | list) and value:
                first = len(lines)
                _emit(value, indent + 2, lines)
                lines[first] = f"{pad}- " + lines[first][indent + 2 :]
            else:
                lines.append(f"{pad}- {_inline(value)}")
    else:  # pragma: no cover - callers pass containers
        lines.append(pad + _inline(data))


def _inline(value: Any) -> str:
    if value == []:
        return "[]"
    if value == {}:
        return "{}"
    return scalar(value)
