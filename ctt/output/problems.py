"""Output formats for validation problems: a registry, as linters have."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from ctt.check.validate import ValidationResult
from ctt.problems import Problem, one_line


def _text(result: ValidationResult) -> str:
    return "\n".join(str(p) for p in result.problems)


def summary_line(result: ValidationResult, hidden: int = 0) -> str:
    """One closing line for people: how many problems in how many files (and how many of
    them --quiet did not print)."""
    if result.problems:
        warnings = f"{result.warnings} warning(s)"
        if hidden:
            warnings += " (not shown: --quiet)"
        return f"{result.errors} error(s), {warnings} in {result.files} file(s)"
    return f"{result.files} file(s) checked, no problems"


def errors_only(result: ValidationResult) -> ValidationResult:
    """The result with its warnings left out (--quiet)."""
    shown = [p for p in result.problems if p.severity == "error"]
    return ValidationResult(shown, result.files)


def _counts(problems: list[Problem], key: Callable[[Problem], str]) -> list[str]:
    table: dict[str, Counter[str]] = {}
    for problem in problems:
        table.setdefault(key(problem), Counter())[problem.severity] += 1
    width = max(len(one_line(name)) for name in table)
    return [
        f"  {one_line(name):<{width}}  {c['error']} error(s), {c['warning']} warning(s)"
        for name, c in sorted(table.items())
    ]


def counts_text(result: ValidationResult) -> str:
    """--summary: how many problems per file and per rule, instead of every line."""
    if not result.problems:
        return ""
    by_file = _counts(result.problems, lambda p: p.path)
    by_rule = _counts(result.problems, lambda p: p.rule)
    return "\n".join(["by file:", *by_file, "by rule:", *by_rule])


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
