"""A problem found in a file, as linters and compilers report them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
# Characters that would break a line, drive a terminal or reorder what it shows (a file name
# may hold any of them).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Text as one printable line: control characters shown as escapes (\\n, \\x1b)."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where it is, how bad, what it is, and the rule that found it."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    rule: str

    def __str__(self) -> str:
        where = f"{one_line(self.path)}:{self.line}:{self.column}"
        return f"{where}: {self.severity}: {one_line(self.message)} [{self.rule}]"


def display_path(path: Path, root: Path) -> str:
    """The path as a user should see it: relative to the repository when inside it."""
    # By name first: a symbolic link is shown where it stands, not where it leads.
    lexical = (Path(os.path.abspath(path)), Path(os.path.abspath(root)))
    for candidate, base in (lexical, (path.resolve(), root.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
