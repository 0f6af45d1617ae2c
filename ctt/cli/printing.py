"""How commands print: paths as the user gave them, notes, skipped reports, progress bars."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from ctt.region.region import Skipped

T = TypeVar("T")


def shown(path: Path) -> str:
    """A path as printed: relative to the working directory when it is below it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def use_colour(color: str = "auto") -> bool:
    """Whether to colour standard output: always, never, or auto (a terminal, no NO_COLOR)."""
    return color == "always" or (
        color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )


def progress_items(items: Iterable[T], length: int, label: str) -> Iterator[T]:
    """Items, with a progress bar on a terminal (standard error); nothing when piped."""
    if not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


def print_skipped(skipped: list[Skipped]) -> None:
    """The reports left out, each with its errors, on standard error."""
    from ctt.terminal import one_line

    for entry in skipped:
        for problem in entry.problems:
            click.echo(str(problem), err=True)
        click.echo(f"ctt: error: {one_line(entry.reason)}", err=True)
