"""Command-line arguments that every command reads the same way: a report's year."""

from __future__ import annotations

import re
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
