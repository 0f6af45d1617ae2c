"""A progress bar on standard error, only when a person is watching a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def on_terminal() -> bool:
    """Both streams are a terminal: not a pipe, a file, a test or a CI log."""
    return sys.stdout.isatty() and sys.stderr.isatty()


@contextmanager
def progress(length: int, label: str) -> Iterator[Callable[[int], None]]:
    """A function that advances a bar of `length` steps (a no-op off a terminal)."""
    if not on_terminal() or length < 2:
        yield lambda steps: None
        return
    import click

    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update
