"""Commands that write reports: new, import, init, and textconv for git."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ctt.cli.arguments import YEAR
from ctt.cli.context import Context, pass_context
from ctt.cli.options import economy_year_arguments
from ctt.cli.printing import shown, use_colour
from ctt.errors import EXIT_PROBLEMS, CttError, UsageError

if TYPE_CHECKING:
    from ctt.authoring.importer.source import Note
    from ctt.catalogue.catalogue import Catalogue
    from ctt.problems import Problem
    from ctt.store.repo import Repository


@click.command()
@click.argument("source", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def textconv(ctx: Context, source: Path) -> None:
    """Print a report file as readable text (a git diff driver; see the README).

    With `git config diff.ctt.textconv "ctt textconv"` and the repository's
    .gitattributes, `git diff` and `git log -p` show report changes as text. A file that
    is not a readable report is printed as it is. Control and bidirectional characters are
    shown escaped; a pipe, a device, a file over 2 MiB or a link leading out of the
    repository is refused (exit 2), as validate refuses them.
    """
    from ctt.authoring.textconv import convert
    from ctt.catalogue.catalogue import load_catalogue

    repo, catalogue = None, None  # outside a repository: ids instead of titles
    try:
        repo = ctx.repository()
        catalogue = load_catalogue(repo)
    except CttError:
        pass
    click.echo(convert(source, repo, catalogue), nl=False)


@click.command("new")
@economy_year_arguments()
@click.option(
    "--from",
    "from_year",
    type=YEAR,
    metavar="YEAR",
    help="Start from this year's report (default: the latest earlier one).",
)
@click.option("--force", is_flag=True, help="Replace the files of an existing report.")
@pass_context
def new(ctx: Context, economy: str, year: int, from_year: int | None, force: bool) -> None:
    """Start the next report of an economy from its previous one.

    Writes economies/ECONOMY/YEAR/*.yaml: the contact points carried over, every commitment
    of the current catalogue, and the previous report's planned measures carried over, each
    marked `carried_over: <year>` with its timeframe (validate warns until you report on it
    and delete the key); every other answer is []. With no earlier report, a blank report.
    Never replaces an existing report without --force.
    """
    from ctt.authoring.newreport import new_report
    from ctt.authoring.writer import unkept_comments, write_report
    from ctt.problems import display_path, one_line

    repo, catalogue = ctx.open()
    made = new_report(repo, catalogue, economy, year, from_year)
    folder = repo.economies_dir / economy / str(year)
    shown_folder = display_path(folder, repo.root)
    unkept = unkept_comments(folder, made.documents, shown_folder) if force else []
    for path in write_report(repo, folder, made.documents, force, shown_folder):
        click.echo(shown(path))
    for note in unkept:
        click.echo(f"ctt: note: {one_line(note)}", err=True)
    if made.source is None:
        origin = f"a blank report: {economy} has no report before {year}"
    else:
        origin = f"{made.carried} planned measure(s) carried over from {made.source.year}"
    click.echo(f"next: fill in the answers ({origin}); ctt status {economy} {year}", err=True)


@click.command("import")
@click.argument("source", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("economy")
@click.argument("year", type=YEAR)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the files of an existing report; with --section, import a document that "
    "says it is another economy's, year's or section's.",
)
@click.option(
    "--section",
    "section_id",
    metavar="ID",
    help="FILE is one section's document (ctt render --section): replace that section's file "
    "only, after printing what changed in it.",
)
@click.option("--dry-run", is_flag=True, help="With --section: print what changed, write nothing.")
@click.option(
    "--accept-changes",
    is_flag=True,
    help="Take a .docx's pending tracked changes as Word accepts them (each is noted).",
)
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write what became of every line of FILE as JSON.",
)
@pass_context
def import_(
    ctx: Context,
    source: Path,
    economy: str,
    year: int,
    force: bool,
    section_id: str | None,
    dry_run: bool,
    accept_changes: bool,
    ledger_path: Path | None,
) -> None:
    """Import a past report (a .docx or PDF in the template's layout, or a text export).

    Writes economies/ECONOMY/YEAR/*.yaml. Text it cannot place is kept under an
    `unplaced:` key and listed here; nothing is dropped: the ledger accounts for every
    line of FILE. Never replaces an existing report without --force. A .docx with
    pending tracked changes is refused (they are listed) unless --accept-changes is
    given; its comments are listed as notes. A PDF's running heads and feet, and
    questions a browser repeats over a page break, are dropped with a note, its archive
    cover page is kept as `source_document`; a scanned PDF (no text layer) is refused.
    With --section ID, FILE is that section's document, edited by its agency: its diff is
    printed, then that section's file alone is replaced (--dry-run: nothing written).
    """
    from ctt.authoring.importer import import_file
    from ctt.authoring.writer import unkept_comments, write_report
    from ctt.check.validate import Validator
    from ctt.output.problems import summary_line
    from ctt.problems import display_path, one_line
    from ctt.store.fsutil import is_file, write_output
    from ctt.store.repo import ReportRef

    repo, catalogue = ctx.open()
    catalogue.require_economy(economy)
    if not is_file(source):
        raise UsageError(f"{source}: no such file")
    if section_id is not None:
        options = (force, accept_changes, dry_run)
        _import_section(repo, catalogue, source, economy, year, section_id, options, ledger_path)
        return
    if dry_run:
        raise UsageError("--dry-run goes with --section")
    parsed = import_file(source, catalogue, economy, year, accept_changes)
    folder = repo.economies_dir / economy / str(year)
    if ledger_path is not None:  # first: a bad --ledger path stops before any report file
        write_output(ledger_path, parsed.ledger.as_json(str(source)).encode("utf-8"))
    shown_folder = display_path(folder, repo.root)
    unkept = unkept_comments(folder, parsed.documents, shown_folder) if force else []
    for path in write_report(repo, folder, parsed.documents, force, shown_folder):
        click.echo(shown(path))
    for note in unkept:
        click.echo(f"ctt: note: {one_line(note)}", err=True)
    _print_notes(source, parsed.notes)
    click.echo(f"ledger: {parsed.ledger.summary()}", err=True)
    result = Validator(repo, catalogue).check_report(ReportRef(economy, year, folder))
    _print_errors(result.problems)
    summary = summary_line(result.as_result())
    click.echo(f"imported: {summary}; see ctt validate {economy} {year}", err=True)
    if not result.ok or parsed.ledger.tally()["lost"]:
        sys.exit(EXIT_PROBLEMS)


def _import_section(
    repo: Repository,
    catalogue: Catalogue,
    source: Path,
    economy: str,
    year: int,
    section_id: str,
    options: tuple[bool, bool, bool],
    ledger_path: Path | None,
) -> None:
    """`ctt import FILE ECONOMY YEAR --section ID`: the diff, then that section's file only."""
    from ctt.authoring.section_import import read_section, write_section
    from ctt.authoring.writer import unkept_comments
    from ctt.check.validate import Validator
    from ctt.output.diff import format_text
    from ctt.output.problems import summary_line
    from ctt.problems import display_path, one_line
    from ctt.store.fsutil import write_output
    from ctt.store.repo import ReportRef

    force, accept_changes, dry_run = options
    ref = ReportRef(economy, year, repo.economies_dir / economy / str(year))
    update = read_section(repo, catalogue, source, ref, section_id, accept_changes, force)
    _print_notes(source, update.imported.notes)
    shown_folder = display_path(ref.path, repo.root)
    for note in unkept_comments(ref.path, [update.imported.file], shown_folder):
        click.echo(f"ctt: note: {one_line(note)}", err=True)
    ledger = update.imported.ledger
    if ledger_path is not None:
        write_output(ledger_path, ledger.as_json(str(source)).encode("utf-8"))
    click.echo(f"ledger: {ledger.summary()}", err=True)
    if update.diff is not None:
        colour = use_colour()
        click.echo(format_text(update.diff, colour), color=colour)
    else:
        click.echo(f"ctt: note: no diff: {update.why_no_diff}", err=True)
    if dry_run:
        problems = update.problems
        summary = f"dry run, nothing written: {len(problems)} problem(s) in the section read"
    else:
        click.echo(shown(write_section(repo, update)))
        check = Validator(repo, catalogue).check_report(ref)
        problems, summary = check.problems, f"imported: {summary_line(check.as_result())}"
    _print_errors(problems)
    click.echo(f"{summary}; see ctt validate {economy} {year}", err=True)
    if any(p.severity == "error" for p in problems) or ledger.tally()["lost"]:
        sys.exit(EXIT_PROBLEMS)


def _print_notes(source: Path, notes: list[Note]) -> None:
    """The importer's notes on FILE, a line each, on standard error."""
    from ctt.problems import one_line

    for note in notes:
        where = f"{source}:{note.line}" if note.line else str(source)
        click.echo(f"{one_line(where)}: note: {one_line(note.message)}", err=True)


def _print_errors(problems: list[Problem]) -> None:
    """The errors, and the text that could not be placed, of an imported report."""
    for problem in problems:
        if problem.severity == "error" or problem.rule == "unplaced":
            click.echo(str(problem), err=True)


@click.command("init")
@click.argument("folder", metavar="[DIR]", default=".", type=click.Path(path_type=Path))
@click.option("--economy", help="Make economies/ECONOMY/ for this economy's reports.")
@click.option(
    "--own-catalogue",
    is_flag=True,
    help="Copy ctt's catalogue into schema/, to change it here (it then no longer follows ctt's).",
)
def init(folder: Path, economy: str | None, own_catalogue: bool) -> None:
    """Make DIR (default: here; created if missing) a reports repository.

    Makes economies/, schema/ (a note on overriding ctt's catalogue), .gitignore,
    .gitattributes, the git diff driver in .git/config (running git init first if needed),
    .pre-commit-config.yaml, .github/workflows/ and a README.md for the coordinator.
    Never overwrites a file: one that exists is kept and listed as such.
    """
    from ctt.authoring.scaffold import init_repository

    for outcome in init_repository(folder, economy, own_catalogue):
        note = f" ({outcome.note})" if outcome.note else ""
        click.echo(f"{'made' if outcome.made else 'kept'} {outcome.path}{note}")
