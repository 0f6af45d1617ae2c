"""Commands that check and describe: validate, schema, catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ctt.cli.arguments import split_targets
from ctt.cli.context import Context, pass_context
from ctt.cli.options import cores, format_option, jobs_option
from ctt.errors import EXIT_PROBLEMS, UsageError
from ctt.output.formats import CATALOGUE_FORMATS, PROBLEM_FORMATS


@click.command()
@click.argument("targets", nargs=-1, metavar="[ECONOMY [YEAR]] [FILES...]")
@format_option(
    PROBLEM_FORMATS,
    help="text: path:line:column lines; json: a list; github: workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only; the count says the rest.")
@click.option(
    "--summary",
    "counts",
    is_flag=True,
    help="Counts per file and per rule instead of every problem (--format text only).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file afresh, without the results cache (kept outside the repository, "
    "in $XDG_CACHE_HOME/ctt/ or ~/.cache/ctt/; $CTT_CACHE_DIR overrides).",
)
@jobs_option("Processes to check many reports with (default: one per core).")
@click.option(
    "--hook",
    is_flag=True,
    help="As the pre-commit hook: check every report folder that FILES or the staged "
    "deletions touch.",
)
@pass_context
def validate(
    ctx: Context,
    targets: tuple[str, ...],
    fmt: str,
    strict: bool,
    quiet: bool,
    counts: bool,
    no_cache: bool,
    jobs: int | None,
    hook: bool,
) -> None:
    """Check reports against the schemas, the catalogue and the lint rules.

    With no arguments every report is checked; ECONOMY or ECONOMY YEAR narrows that;
    FILES checks just those files. With --hook (the pre-commit hook ctt-validate), every
    report folder that FILES or the files the commit deletes belong to is checked whole, as
    ECONOMY YEAR checks it, so a deleted section file fails the commit. One line per problem:
    path:line:column: error|warning: message [rule] (errors only with --quiet; counts per
    file and rule with --summary). Exit 1 if there are errors (or warnings, with --strict).
    """
    from ctt.check.targets import Targets, validate_targets
    from ctt.output.problems import REPORTER_BY_NAME, counts_text, errors_only, summary_line
    from ctt.store.fsutil import is_file

    if counts and fmt != "text":
        raise UsageError(f"--summary is for people: it works with --format text, not {fmt}")
    repo, catalogue = ctx.open(use_cache=not no_cache)
    if hook:
        chosen = Targets(files=[Path(t) for t in targets], hook=True)
    else:
        economy, year, files = split_targets(targets)
        chosen = Targets(economy, year, files)
    for path in chosen.files:
        if not is_file(path):
            raise UsageError(f"{path}: no such file")
    result = validate_targets(repo, catalogue, chosen, cores(jobs), use_cache=not no_cache)
    shown = errors_only(result) if quiet else result
    output = counts_text(shown) if counts else REPORTER_BY_NAME[fmt](shown)
    if output:
        click.echo(output)
    if fmt == "text":
        click.echo(summary_line(result, result.warnings if quiet else 0), err=True)
    if result.errors or (strict and result.warnings):
        sys.exit(EXIT_PROBLEMS)


@click.command()
@click.argument("kind", type=click.Choice(("section", "report")), default="section")
@pass_context
def schema(ctx: Context, kind: str) -> None:
    """Print the JSON Schema of section files (or of report.yaml) for editors."""
    from ctt.catalogue.schemas import SCHEMA_FILES

    repo = ctx.repository()
    click.echo(repo.schema_file(SCHEMA_FILES[kind]).read_text(encoding="utf-8"), nl=False)


@click.command()
@format_option(CATALOGUE_FORMATS, show_default=False)
@click.option("--section", "section_id", help="Only this section (e.g. a3).")
@pass_context
def catalogue(ctx: Context, fmt: str, section_id: str | None) -> None:
    """List the sections and their commitments (id, years, text)."""
    from ctt.output.catalogue import FORMAT_BY_NAME, listed_sections

    _, cat = ctx.open()
    output = FORMAT_BY_NAME[fmt](cat, listed_sections(cat, section_id))
    if output or fmt == "json":
        click.echo(output)
