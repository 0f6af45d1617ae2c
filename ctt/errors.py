"""The one family of errors a user can cause, each with its exit status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ctt.problems import Problem

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class CttError(click.ClickException):
    """A problem the user can fix; shown as one line, never as a traceback."""

    exit_code = EXIT_PROBLEMS

    def show(self, file: object = None) -> None:
        from ctt.problems import one_line

        click.echo(f"ctt: error: {one_line(self.format_message())}", err=True)


class DataError(CttError):
    """The data has a problem (an unreadable catalogue, a report that cannot render)."""

    exit_code = EXIT_PROBLEMS


class UsageError(CttError):
    """The command was used wrongly (unknown economy or year, a bad path)."""

    exit_code = EXIT_USAGE


class ProblemsError(DataError):
    """Data with errors stops a command: shows each error's line, then the one-line message."""

    def __init__(self, message: str, problems: Sequence[Problem]) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def show(self, file: object = None) -> None:
        for problem in self.problems:
            if problem.severity == "error":
                click.echo(str(problem), err=True)
        super().show(file)


class ListingError(DataError):
    """Stops a command after listing what stopped it, one line each, then the message."""

    def __init__(self, message: str, items: Sequence[str]) -> None:
        super().__init__(message)
        self.items = list(items)

    def show(self, file: object = None) -> None:
        from ctt.problems import one_line

        for item in self.items:
            click.echo(one_line(item), err=True)
        super().show(file)
