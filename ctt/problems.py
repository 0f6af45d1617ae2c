"""A problem found in a file, as linters and compilers report them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ctt.terminal import one_line

__all__ = ["Problem", "Severity", "display_path", "one_line"]

Severity = Literal["error", "warning"]


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
    if path.is_absolute() and ".." not in path.parts:  # cheaply, a path built from the root
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    # By name first: a symbolic link is shown where it stands, not where it leads.
    lexical = (Path(os.path.abspath(path)), Path(os.path.abspath(root)))
    for candidate, base in (lexical, (path.resolve(), root.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
