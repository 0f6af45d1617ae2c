"""The command that compares reports: diff."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ctt.cli.arguments import split_diff_args
from ctt.cli.context import Context, pass_context
from ctt.cli.options import format_option, reference_docx_option
from ctt.cli.printing import shown, use_colour
from ctt.errors import EXIT_PROBLEMS, UsageError
from ctt.output.formats import DIFF_FORMATS, DIFF_OTHER_FORMATS

if TYPE_CHECKING:
    from ctt.catalogue.catalogue import Catalogue
    from ctt.compare.compare import BaseComparison
    from ctt.compare.diff import ReportDiff
    from ctt.store.repo import Repository


@click.command()
@click.argument("args", nargs=-1, metavar="ECONOMY OLD_YEAR NEW_YEAR | --base REV [ECONOMY [YEAR]]")
@click.option("--base", "base", metavar="REV", help="Compare the working tree with a git revision.")
@format_option(
    DIFF_FORMATS + DIFF_OTHER_FORMATS,
    help="text (coloured on a terminal), md (Markdown), json, docx (the new report in Word with "
    "every change tracked: build/ECONOMY-YEAR-changes.docx), or comment (with --base: the "
    "pull-request comment, within GitHub's size limit).",
)
@click.option(
    "--color",
    type=click.Choice(("auto", "always", "never")),
    default="auto",
    show_default=True,
    help="Colour in text output (auto: on a terminal, unless NO_COLOR is set).",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are changes, 0 when none.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="docx: the file to write (a folder with --base; default: build/).",
)
@click.option("--author", help="docx: the author of the tracked changes (default: ctt).")
@reference_docx_option()
@click.option(
    "--validation",
    type=click.Choice(("passed", "failed")),
    help="comment: how `ctt validate` ended; failed is said at the top of the comment.",
)
@click.option(
    "--full",
    type=click.Path(dir_okay=False, path_type=Path),
    help="comment: also write the whole comment, however long, to this file.",
)
@pass_context
def diff(
    ctx: Context,
    args: tuple[str, ...],
    base: str | None,
    fmt: str,
    color: str,
    exit_code: bool,
    out: Path | None,
    author: str | None,
    reference_docx: Path | None,
    validation: str | None,
    full: Path | None,
) -> None:
    """Show what changed in a report, section by section and answer by answer.

    `ctt diff chile 2020 2022` compares two years of an economy's report;
    `ctt diff --base main` compares every report changed in the working tree with the
    revision main (a report new since then is compared with the economy's previous one).
    `--format docx` writes the new report as a Word document with every change tracked;
    `--format comment` prints the pull-request comment (see the README).
    """
    from ctt.catalogue.economy import require_reports
    from ctt.compare.compare import diff_base, diff_years
    from ctt.terminal import one_line

    _check_docx_options(fmt, {"--out": out, "--author": author}, reference_docx)
    _check_comment_options(fmt, base, validation, full)
    repo, catalogue = ctx.open()
    economy, years = split_diff_args(args)
    if base is not None:
        if len(years) > 1:
            raise UsageError("with --base give at most ECONOMY YEAR")
        if years and economy is None:
            raise UsageError("a year needs an economy before it")
        year = years[0] if years else None
        if economy is not None:
            require_reports(repo, catalogue, economy, year)
        comparison = diff_base(repo, catalogue, base, economy, year, fmt == "comment")
        if fmt == "comment":
            _print_comment(repo, catalogue, comparison, validation == "failed", full)
            return
        diffs, notes = comparison.diffs, comparison.messages()
    else:
        if economy is None or len(years) != 2:
            raise UsageError("usage: ctt diff ECONOMY OLD_YEAR NEW_YEAR (or --base REV)")
        diffs, notes = [diff_years(repo, catalogue, economy, years[0], years[1])], []
    for note in notes:
        click.echo(f"ctt: note: {one_line(note)}", err=True)
    if fmt == "docx":
        _write_tracked(repo, diffs, base, out, author, reference_docx)
    else:
        _print_diffs(diffs, base, fmt, use_colour(color))
    if exit_code and any(d.changed for d in diffs):
        sys.exit(EXIT_PROBLEMS)


def _check_docx_options(
    fmt: str, docx_options: dict[str, object], reference_docx: Path | None
) -> None:
    """UsageError for a docx option given with another format."""
    given = [name for name, value in docx_options.items() if value is not None]
    given += ["--reference-docx"] if reference_docx is not None else []
    if given and fmt != "docx":
        raise UsageError(f"{', '.join(given)} applies to --format docx only")


def _check_comment_options(
    fmt: str, base: str | None, validation: str | None, full: Path | None
) -> None:
    """UsageError for a comment option given with another format, or a comment without --base."""
    comment_only = [name for name, v in (("--validation", validation), ("--full", full)) if v]
    if comment_only and fmt != "comment":
        raise UsageError(f"{', '.join(comment_only)} applies to --format comment only")
    if fmt == "comment" and base is None:
        raise UsageError("--format comment needs --base REV")


def _print_diffs(diffs: list[ReportDiff], base: str | None, fmt: str, colour: bool) -> None:
    """The diffs in a format of the registry (json: one, or a list with --base)."""
    from ctt.output.diff import FORMATTER_BY_NAME, format_json, format_json_many

    if fmt == "json":
        click.echo(format_json_many(diffs) if base is not None else format_json(diffs[0]))
    elif not diffs:
        click.echo(f"no report changed since {base}" if fmt == "text" else "No changes.")
    else:
        text = "\n\n".join(FORMATTER_BY_NAME[fmt](d, colour) for d in diffs)
        click.echo(text, color=colour)


def _write_tracked(
    repo: Repository,
    diffs: list[ReportDiff],
    base: str | None,
    out: Path | None,
    author: str | None,
    reference_docx: Path | None,
) -> None:
    """--format docx: the new reports in Word with every change tracked; their paths printed."""
    from ctt.render.docx.diff import DEFAULT_AUTHOR, TrackOptions, write_tracked

    options = TrackOptions(DEFAULT_AUTHOR if author is None else author, reference_docx)
    for path in write_tracked(repo, diffs, out, base is None, options):
        click.echo(shown(path))
    if not diffs:
        click.echo(f"no report changed since {base}", err=True)


def _print_comment(
    repo: Repository,
    catalogue: Catalogue,
    comparison: BaseComparison,
    validation_failed: bool,
    full: Path | None,
) -> None:
    """Print the pull-request comment; write the whole of it to `full` when given."""
    from ctt.output.comment import build_comment, pull_request_changes
    from ctt.render.outfiles import check_output_dir
    from ctt.store.fsutil import refuse_link, write_output

    comment = build_comment(pull_request_changes(repo, catalogue, comparison, validation_failed))
    if full is not None:
        folder = check_output_dir(repo, full.parent, "--full")
        refuse_link(folder / full.name, f"--full {full}")
        write_output(folder / full.name, comment.full.encode("utf-8"), f"--full {full}")
    click.echo(comment.body, nl=False)
