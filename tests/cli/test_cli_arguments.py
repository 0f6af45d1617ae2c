"""Command-line arguments: one rule for a year in every command, and no argument a user can
type ends in an internal error (exit 3) or a traceback."""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from conftest import ECONOMY, add_valid_report, make_repo
from fuzzing import examples
from hangguard import watchdog
from hypothesis import event, given
from hypothesis import strategies as st

from ctt.cli.arguments import YEAR, parse_year
from ctt.errors import UsageError

RunCtt = Callable[..., Any]
# Characters a terminal must never receive raw from ctt.
RAW = {"Cc", "Cf", "Cs", "Zl", "Zp"}


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


def run_misuse(repo: Path, run_ctt: RunCtt, tmp_path: Path, args: list[str]) -> Any:
    """Run ARGS ({source}: a made-up export) as a command that must be refused: exit 2."""
    source = tmp_path / "export.txt"
    source.write_text("APEC Counter-Terrorism Action Plan\n", encoding="utf-8")
    run = run_ctt(repo, *(arg.format(source=source) for arg in args))
    assert run.exit_code == 2, run.output
    return run


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
    run = run_misuse(repo, run_ctt, tmp_path, args)
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
    run = run_misuse(repo, run_ctt, tmp_path, args)
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


# The property: random arguments where a year or an economy goes, for every command.

DIGITS = st.characters(categories=("Nd", "No", "Nl"))
HOSTILE = st.one_of(
    st.characters(
        categories=("Nd", "No", "Nl", "Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Ll", "Lo", "Po"),
        exclude_characters="\x00",  # a command line cannot hold a NUL
    ),
    # Surrogates as a command line can hold them: Python's escapes of bytes not UTF-8.
    st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
)
ARGUMENT = st.one_of(
    st.sampled_from(
        [ECONOMY, "chile", "2021", "2022", "1990", "2100", "", "-", "--", "-h", ".", "..",
         "../peru", "/", "/dev/zero", "/dev/stdin", "economies", "economies/peru/2021",
         "economies/peru/2021/report.yaml", "2021\n", "peru\u202e", "\x1b]0;pwned\x07"]
    ),
    st.text(DIGITS, min_size=1, max_size=6),
    st.text(HOSTILE, max_size=12),
    st.tuples(st.sampled_from(["2021", "peru"]), st.text(HOSTILE, max_size=3)).map("".join),
    st.text(HOSTILE, min_size=500, max_size=5000),
)  # fmt: skip
# Each command's arguments: E and Y are drawn, Y2 too; F is a drawn file name.
COMMANDS = [
    ["validate", "E"],
    ["validate", "E", "Y"],
    ["validate", "--no-cache", "F"],
    ["render", "E", "Y", "--format", "md", "--out", "{out}"],
    ["render", "--all", "E", "--format", "md", "--out", "{out}"],
    ["diff", "E", "Y", "Y2"],
    ["diff", "E", "Y", "Y2", "--format", "md"],
    ["new", "E", "Y"],
    ["new", "E", "Y", "--from", "Y2"],
    ["status", "E"],
    ["status", "E", "Y", "--format", "json"],
    ["summary", "Y", "--format", "md", "--out", "{out}"],
    ["needs", "Y"],
    ["coverage", "Y", "--format", "md"],
    ["topics", "E", "Y"],
    ["import", "{source}", "E", "Y"],
    ["textconv", "F"],
    ["catalogue", "--section", "E"],
    ["site", "--out", "{out}"],
]


@pytest.fixture(scope="module")
def argument_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with the made-up report, a folder outside it, and a text export."""
    base = tmp_path_factory.mktemp("arguments")
    root = make_repo(base / "repo")
    add_valid_report(root)
    (base / "export.txt").write_text("APEC Counter-Terrorism Action Plan\n", encoding="utf-8")
    return root


def _reset(root: Path) -> None:
    """Back to the one report: a command given a real economy and year may have written one."""
    for economy in (root / "economies").iterdir():
        for folder in economy.iterdir():
            if (economy.name, folder.name) != (ECONOMY, "2021"):
                shutil.rmtree(folder)
        if not any(economy.iterdir()):
            economy.rmdir()
    shutil.rmtree(root.parent / "out", ignore_errors=True)


@examples(400)
@given(data=st.data())
def test_random_arguments_never_crash(
    argument_repo: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch, data: st.DataObject
) -> None:
    """Exit 0, 1 or 2, never 3; no traceback; a misuse is one `ctt: error:` line; nothing
    printed holds a raw control or bidirectional character. (CI runs a few examples; `make
    fuzz` runs CTT_FUZZ_EXAMPLES of them.)"""
    monkeypatch.chdir(argument_repo)  # relative names (economies/...) name real files
    command = data.draw(st.sampled_from(COMMANDS), label="command")
    slots = {slot: data.draw(ARGUMENT, label=slot) for slot in ("E", "Y", "Y2", "F")}
    places = {"out": argument_repo.parent / "out", "source": argument_repo.parent / "export.txt"}
    args = [slots[part] if part in slots else part.format(**places) for part in command]
    try:
        with watchdog(60):
            run = run_ctt(argument_repo, *args)
    finally:
        _reset(argument_repo)
    assert "Traceback" not in run.output, run.output
    assert "internal error" not in run.stderr, run.stderr
    assert run.exit_code in (0, 1, 2), (run.exit_code, run.output[-2000:])
    event(f"{command[0]}: exit {run.exit_code}")  # shown by --hypothesis-show-statistics
    if run.exit_code == 2:
        one_error_line(run.stderr)
    raw = {c for c in run.output if c not in "\n\t" and unicodedata.category(c) in RAW}
    assert not raw, (sorted(raw), run.output[-2000:])
