"""Command-line arguments: one rule for a year in every command, and no argument a user can
type ends in an internal error (exit 3) or a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest

from ctt.arguments import YEAR, parse_year
from ctt.errors import UsageError

RunCtt = Callable[..., Any]


def digits(year: str, zero: str) -> str:
    """A year written in another script's digits (which run from `zero` to its nine)."""
    return "".join(chr(ord(zero) + int(digit)) for digit in year)


FULLWIDTH = "\uff10"  # str.isdigit() and int() take these, as they take Arabic-Indic ones
ROMAN_2020 = "\u216f\u216f\u2169\u2169"  # MMXX in Roman numeral characters (Nl)


def one_error_line(stderr: str) -> str:
    """The only line of stderr, which must be `ctt: error: ...`."""
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ctt: error: "), stderr
    return lines[0]


@pytest.mark.parametrize("text", ["1990", "2020", "2100"])
def test_a_year_is_four_ascii_digits(text: str) -> None:
    assert parse_year(text) == int(text)
    assert YEAR.convert(text, None, None) == int(text)


@pytest.mark.parametrize(
    "text",
    ["²⁰²⁰", "٢٠٢٠", digits("2020", FULLWIDTH), "߂߀߂߀", "2020\n", " 2020", "+2020", "2_020",
     "20200", "202", "1989", "2101", "", "0x7E4", ROMAN_2020, "2020\u202e", "x" * 10_000],
)  # fmt: skip
def test_anything_else_is_not_a_year(text: str) -> None:
    with pytest.raises(UsageError, match="is not a year") as raised:
        parse_year(text)
    assert len(raised.value.message) < 120  # a huge argument is not echoed whole
    with pytest.raises(click.BadParameter, match="is not a year"):
        YEAR.convert(text, None, None)


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "peru", "²⁰²⁰"],
        ["diff", "peru", "²⁰²⁰", "2021"],
        ["diff", "peru", "2021", "٢٠٢١"],
        ["diff", "peru", ROMAN_2020, "2021"],
        ["render", "peru", "٢٠٢١"],
        ["render", "peru", digits("2021", FULLWIDTH)],
        ["new", "peru", "²⁰²²"],
        ["new", "peru", "2022", "--from", "٢٠٢١"],
        ["status", "peru", "²⁰²¹"],
        ["summary", "٢٠٢١"],
        ["needs", "²⁰²¹"],
        ["coverage", "٢٠٢١"],
        ["topics", "peru", "²⁰²¹"],
        ["import", "{source}", "peru", "٢٠٢١"],
        ["render", "peru", "2021\n"],
    ],
    ids=lambda args: "-".join(args[:2]),
)
def test_a_year_in_other_digits_is_misuse(
    repo: Path, run_ctt: RunCtt, tmp_path: Path, args: list[str]
) -> None:
    """Every command refuses it with one line, exit 2: int() would take it, or fail in a crash."""
    source = tmp_path / "export.txt"
    source.write_text("APEC Counter-Terrorism Action Plan\n", encoding="utf-8")
    run = run_ctt(repo, *(arg.format(source=source) for arg in args))
    assert run.exit_code == 2, run.output
    assert "is not a year" in one_error_line(run.stderr)
    assert run.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "testland"],
        ["status", "testland"],
        ["render", "--all", "testland"],
        ["topics", "testland", "2021"],
        ["new", "testland", "2022"],
        ["import", "{source}", "testland", "2022"],
    ],
    ids=lambda args: args[0],
)
def test_unknown_economy_is_said_the_same_way_by_every_command(
    repo: Path, run_ctt: RunCtt, tmp_path: Path, args: list[str]
) -> None:
    source = tmp_path / "export.txt"
    source.write_text("APEC Counter-Terrorism Action Plan\n", encoding="utf-8")
    run = run_ctt(repo, *(arg.format(source=source) for arg in args))
    assert run.exit_code == 2, run.output
    assert one_error_line(run.stderr).startswith("ctt: error: unknown economy 'testland' (known: ")


LONG = "x" * 5000  # a name longer than the system takes (ENAMETOOLONG)


@pytest.mark.parametrize(
    "args",
    [
        ["--root", LONG, "validate"],
        ["validate", LONG],
        ["validate", f"{LONG}.yaml"],
        ["render", "peru", "2021", "--format", "md", "--out", LONG],
        ["render", "peru", "2021", "--format", "docx", "--reference-docx", LONG],
        ["import", LONG, "peru", "2022"],
        ["textconv", LONG],
    ],
    ids=["root", "validate-name", "validate-file", "out", "reference-docx", "import", "textconv"],
)
def test_a_name_too_long_is_misuse(repo: Path, run_ctt: RunCtt, args: list[str]) -> None:
    """Path.is_file() and Path.exists() raise for it (an internal error, exit 3, before)."""
    run = run_ctt(repo, *args)
    assert run.exit_code == 2, run.output
    one_error_line(run.stderr)
