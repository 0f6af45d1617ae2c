"""Command-line arguments read the same way everywhere: a report's year; validate's and diff's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ctt.errors import UsageError

FIRST_YEAR, LAST_YEAR = 1990, 2100
# Exactly four ASCII digits: str.isdigit() and int() would take "²⁰²⁰", "٢٠٢٠", " 2020", "2_020".
_YEAR = re.compile(r"\A[0-9]{4}\Z")
_SHOWN_CHARS = 40


def parse_year(text: str) -> int:
    """A year as given on the command line (four digits 0-9, 1990 to 2100); else UsageError."""
    if _YEAR.match(text) and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    shown = text if len(text) <= _SHOWN_CHARS else f"{text[:_SHOWN_CHARS]}..."
    raise UsageError(f"{shown!r} is not a year (four digits 0-9, from {FIRST_YEAR} to {LAST_YEAR})")


if TYPE_CHECKING:  # click 8.2 and later type ParamType by its value; 8.1 does not
    _ParamType = click.ParamType[int]
else:
    _ParamType = click.ParamType


class YearType(_ParamType):
    """click's type for a YEAR argument or option: parse_year's rule."""

    name = "year"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        """The year, or click's usage error (exit 2) with parse_year's message."""
        try:
            return parse_year(str(value))
        except UsageError as exc:
            self.fail(exc.message, param, ctx)


YEAR = YearType()


def split_targets(args: tuple[str, ...]) -> tuple[str | None, int | None, list[Path]]:
    """ECONOMY [YEAR] and FILES from the positional arguments of validate."""
    from ctt.store.fsutil import is_file

    names: list[str] = []
    files: list[Path] = []
    for arg in args:
        if arg.endswith((".yaml", ".yml")) or "/" in arg or is_file(Path(arg)):
            files.append(Path(arg))
        else:
            names.append(arg)
    if len(names) > 2:
        raise UsageError(f"too many arguments: {' '.join(names)} (expected ECONOMY [YEAR])")
    economy = names[0] if names else None
    year = parse_year(names[1]) if len(names) == 2 else None
    return economy, year, files


def split_diff_args(args: tuple[str, ...]) -> tuple[str | None, list[int]]:
    """ECONOMY and the years from the positional arguments of diff (the economy first)."""
    names = [a for a in args if not a.isnumeric()]
    years = [parse_year(a) for a in args if a.isnumeric()]
    if len(names) > 1 or names != list(args[: len(names)]):
        raise UsageError(f"expected ECONOMY then years, got: {' '.join(args)}")
    return (names[0] if names else None), years
