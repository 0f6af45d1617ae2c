"""Output formats for validation problems: a registry, as linters have."""

from __future__ import annotations

import json
from collections.abc import Callable

from ctt.validate import ValidationResult


def _text(result: ValidationResult) -> str:
    return "\n".join(str(p) for p in result.problems)


def summary_line(result: ValidationResult) -> str:
    """One closing line for people: how many problems in how many files."""
    if result.problems:
        return f"{result.errors} error(s), {result.warnings} warning(s) in {result.files} file(s)"
    return f"{result.files} file(s) checked, no problems"


def _json(result: ValidationResult) -> str:
    rows = [
        {
            "path": p.path,
            "line": p.line,
            "column": p.column,
            "severity": p.severity,
            "rule": p.rule,
            "message": p.message,
        }
        for p in result.problems
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    # GitHub workflow commands: % CR LF must be escaped in messages, also , : in properties.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(result: ValidationResult) -> str:
    lines = []
    for p in result.problems:
        command = "error" if p.severity == "error" else "warning"
        props = f"file={_escape_property(p.path)},line={p.line},col={p.column}"
        title = _escape_property(f"ctt {p.rule}")
        lines.append(f"::{command} {props},title={title}::{_escape_data(p.message)} [{p.rule}]")
    return "\n".join(lines)


REPORTER_BY_NAME: dict[str, Callable[[ValidationResult], str]] = {
    "text": _text,
    "json": _json,
    "github": _github,
}
