"""A click group that imports a command's module only when that command is used.

`ctt --help` lists every command with the first paragraph of its help, kept in a table here,
so that it imports none of the command modules (tests/cli/test_lazy.py keeps the table and the
commands' own help in step); `ctt validate` imports only the module of validate.
"""

from __future__ import annotations

from importlib import import_module
from typing import NamedTuple

import click


class Lazy(NamedTuple):
    """Where a command lives, and the first paragraph of its help for the list of commands."""

    module: str
    function: str
    summary: str


class LazyGroup(click.Group):
    """A group whose commands are found in a table and imported on first use."""

    def __init__(self, *args: object, lazy: dict[str, Lazy], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, those in the table and those added, sorted as click sorts them."""
        return sorted({*self.lazy, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported now if it was not yet."""
        if cmd_name in self.lazy and cmd_name not in self.commands:
            entry = self.lazy[cmd_name]
            command = getattr(import_module(entry.module), entry.function)
            if not isinstance(command, click.Command):
                raise TypeError(f"{entry.module}.{entry.function} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, as click writes it, from the table's summaries."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.lazy and name not in self.commands:
                shown = click.Command(name, help=self.lazy[name].summary)
            else:
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                shown = command
            rows.append((name, shown.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
