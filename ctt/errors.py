"""The one family of errors a user can cause, each with its exit status."""

from __future__ import annotations

import click

EXIT_OK = 0
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
