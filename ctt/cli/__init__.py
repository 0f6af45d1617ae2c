"""The command line: parses options, calls the core, prints results, maps errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ctt import __version__
from ctt.cli.arguments import YEAR, parse_year
from ctt.errors import EXIT_INTERNAL, EXIT_PROBLEMS, CttError, UsageError
from ctt.store.fsutil import is_file

if TYPE_CHECKING:
    from ctt.catalogue.catalogue import Catalogue
    from ctt.compare.compare import BaseComparison
    from ctt.store.repo import Repository

VALIDATE_FORMATS = ("text", "json", "github")
DIFF_FORMATS = ("text", "md", "json", "docx", "comment")
RENDER_FORMATS = ("md", "html", "docx")
T = TypeVar("T")


class Context:
    """What every command needs: where the repository is."""

    def __init__(self, root: Path | None, debug: bool) -> None:
        self.root = root
        self.debug = debug

    def repository(self) -> Repository:
        """The repository (found from the working directory unless --root was given)."""
        from ctt.store.repo import open_repository

        return open_repository(self.root, Path.cwd())

    def open(self) -> tuple[Repository, Catalogue]:
        """The repository and its catalogue."""
        from ctt.catalogue.catalogue import load_catalogue

        repo = self.repository()
        return repo, load_catalogue(repo)


pass_context = click.make_pass_decorator(Context)

# Options shared by the commands that write documents (render, summary).
format_option = click.option(
    "--format",
    "formats",
    type=click.Choice(RENDER_FORMATS),
    multiple=True,
    help="Output format; repeat for several (default: all).",
)
out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Output folder (default: build/).",
)
reference_docx_option = click.option(
    "--reference-docx",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Take the .docx output's styles (and page setup, headers, footers) from this Word "
    "document, as pandoc's reference documents do.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ctt")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="The repository (default: found by walking up from the working directory).",
)
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, debug: bool) -> None:
    """ctt: write, check and render APEC Counter-Terrorism Action Plan reports.

    Exit status: 0 success; 1 the data has problems; 2 the command was used wrongly;
    3 an internal error (please report it).
    """
    ctx.obj = Context(root, debug)


def _split_targets(args: tuple[str, ...]) -> tuple[str | None, int | None, list[Path]]:
    """ECONOMY [YEAR] and FILES from the positional arguments of validate."""
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


def _check_economy(repo: Repository, catalogue: Catalogue, economy: str, year: int | None) -> None:
    reports = repo.reports(economy)
    if not reports:
        catalogue.require_economy(economy)
        raise UsageError(f"no reports for {economy} in {repo.economies_dir.name}/")
    if year is not None:
        repo.report(economy, year)


@cli.command()
@click.argument("targets", nargs=-1, metavar="[ECONOMY [YEAR]] [FILES...]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(VALIDATE_FORMATS),
    default="text",
    show_default=True,
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
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    help="Processes to check many reports with (default: one per core).",
)
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
    import os

    from ctt.check.cache import open_cache
    from ctt.check.validate import Validator
    from ctt.output.problems import REPORTER_BY_NAME, counts_text, errors_only, summary_line

    if counts and fmt != "text":
        raise UsageError(f"--summary is for people: it works with --format text, not {fmt}")
    repo, catalogue = ctx.open()
    economy, year, files = (
        (None, None, [Path(t) for t in targets]) if hook else _split_targets(targets)
    )
    for path in files:
        if not is_file(path):
            raise UsageError(f"{path}: no such file")
    cache = open_cache(repo, enabled=not no_cache)
    validator = Validator(repo, catalogue, cache)
    if hook:
        from ctt.check.hook import hook_targets, staged_deletions

        result = validator.check_targets(hook_targets(repo, files, staged_deletions(repo)))
    elif files and economy is None:
        result = validator.check_files(files)
    else:
        if economy is not None:
            _check_economy(repo, catalogue, economy, year)
        result = validator.check_repository(economy, year, jobs or os.cpu_count() or 1)
        if files:
            extra = validator.check_files(files)
            result.problems = sorted(set(result.problems + extra.problems))
            result.files += extra.files
    if cache is not None:
        cache.save()
    shown = errors_only(result) if quiet else result
    output = counts_text(shown) if counts else REPORTER_BY_NAME[fmt](shown)
    if output:
        click.echo(output)
    if fmt == "text":
        click.echo(summary_line(result, result.warnings if quiet else 0), err=True)
    if result.errors or (strict and result.warnings):
        sys.exit(EXIT_PROBLEMS)


@cli.command()
@click.argument("economy", required=False)
@click.argument("year", type=YEAR, required=False)
@click.option(
    "--all",
    "render_every",
    is_flag=True,
    help="Render every report (of ECONOMY, if given), on every core; only the files whose "
    "inputs changed since the last run.",
)
@click.option(
    "--force",
    is_flag=True,
    help="With --all: render every file, even those whose inputs have not changed.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    help="Processes to render with, for --all (default: one per core).",
)
@format_option
@out_option
@click.option(
    "--redact",
    type=click.Choice(("contacts",)),
    help="contacts: the public version, without the contact points' telephone, fax and "
    "email (names, titles and roles stay); written as ECONOMY-YEAR-public.EXT.",
)
@reference_docx_option
@click.option(
    "--section",
    "section_id",
    metavar="ID",
    help="Only this section (e.g. a1), as a document for the agency that writes it: "
    "ECONOMY-YEAR-ID.EXT.",
)
@pass_context
def render(
    ctx: Context,
    economy: str | None,
    year: int | None,
    render_every: bool,
    force: bool,
    jobs: int | None,
    formats: tuple[str, ...],
    out_dir: Path | None,
    redact: str | None,
    reference_docx: Path | None,
    section_id: str | None,
) -> None:
    """Render a report to Markdown, HTML and Word: build/ECONOMY-YEAR.EXT.

    `ctt render ECONOMY YEAR` renders one report; `ctt render --all [ECONOMY]` renders
    every report (of an economy), one process per core. With --redact contacts the files
    are build/ECONOMY-YEAR-public.EXT, so that the public version never overwrites the full
    one. `--section ID` renders one section for its agency, build/ECONOMY-YEAR-ID.EXT, to be
    brought back with `ctt import FILE ECONOMY YEAR --section ID`.
    """
    from ctt.render.outfiles import check_output_dir, output_stem
    from ctt.render.render import RenderOptions, render_report
    from ctt.report.load import load_report

    chosen = list(dict.fromkeys(formats)) or list(RENDER_FORMATS)
    if reference_docx is not None and "docx" not in chosen:
        raise UsageError("--reference-docx applies to the docx format only (add --format docx)")
    repo, catalogue = ctx.open()
    if render_every:
        if year is not None or section_id is not None:
            raise UsageError("--all renders every year: give at most ECONOMY, and no --section")
        _render_all(ctx, economy, chosen, out_dir, redact, reference_docx, jobs, force)
        return
    if force:
        raise UsageError("--force goes with --all (a single report is always rendered)")
    if economy is None or year is None:
        raise UsageError("usage: ctt render ECONOMY YEAR (or ctt render --all [ECONOMY])")
    ref = repo.report(economy, year)
    target = check_output_dir(repo, out_dir)
    options = RenderOptions(reference_docx=reference_docx)
    if section_id is not None:
        from ctt.render.outfiles import section_stem
        from ctt.render.render import render_section
        from ctt.render.section import load_section

        doc = load_section(repo, catalogue, ref, section_id, redact == "contacts")
        stem = section_stem(ref, section_id, redact is not None)
        written = render_section(repo, doc, chosen, target, stem, options)
    else:
        report, _ = load_report(repo, catalogue, ref, redact=redact == "contacts")
        written = render_report(
            repo, report, chosen, target, output_stem(ref, redact is not None), options
        )
    for path in written:
        click.echo(_shown(path))


def _render_all(
    ctx: Context,
    economy: str | None,
    formats: list[str],
    out_dir: Path | None,
    redact: str | None,
    reference_docx: Path | None,
    jobs: int | None,
    force: bool,
) -> None:
    import os

    from ctt.output.progress import on_terminal, progress
    from ctt.render.outfiles import check_output_dir
    from ctt.render.render_all import Job, plan_render
    from ctt.terminal import one_line

    repo, catalogue = ctx.open()
    if economy is not None:
        _check_economy(repo, catalogue, economy, None)
    refs = repo.reports(economy)
    target = check_output_dir(repo, out_dir)
    job = Job(repo.root, tuple(formats), target, redact is not None, reference_docx)
    run = plan_render(repo, job, refs, force)
    # Piped, each file is printed as it is written; on a terminal, a bar; then a count.
    failed, written, errors, bar = 0, 0, [], on_terminal()
    with progress(len(run.work), "Rendering") as advance:
        for outcome in run.outcomes(jobs or os.cpu_count() or 1):
            advance(1)
            errors += [str(problem) for problem in outcome.problems]
            if outcome.problems:
                failed += 1
                errors.append(f"ctt: error: {one_line(outcome.ref.name)} has errors; not rendered")
            if not bar:
                for line in errors:
                    click.echo(line, err=True)
                errors.clear()
                for path in outcome.written:
                    click.echo(_shown(path))
            written += len(outcome.written)
    run.save()
    for line in errors:
        click.echo(line, err=True)
    click.echo(
        f"rendered {written:,} file(s) in {_shown(target)}/; {run.unchanged:,} unchanged"
        f" ({len(refs)} report(s))"
    )
    if failed:
        sys.exit(EXIT_PROBLEMS)


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


@cli.command()
@click.argument("args", nargs=-1, metavar="ECONOMY OLD_YEAR NEW_YEAR | --base REV [ECONOMY [YEAR]]")
@click.option("--base", "base", metavar="REV", help="Compare the working tree with a git revision.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DIFF_FORMATS),
    default="text",
    show_default=True,
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
@reference_docx_option
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
    import os

    from ctt.compare.compare import diff_base, diff_years
    from ctt.output.diff import FORMATTER_BY_NAME, format_json, format_json_many
    from ctt.terminal import one_line

    given = [name for name, v in (("--out", out), ("--author", author)) if v is not None]
    given += ["--reference-docx"] if reference_docx is not None else []
    if given and fmt != "docx":
        raise UsageError(f"{', '.join(given)} applies to --format docx only")
    comment_only = [name for name, v in (("--validation", validation), ("--full", full)) if v]
    if comment_only and fmt != "comment":
        raise UsageError(f"{', '.join(comment_only)} applies to --format comment only")
    if fmt == "comment" and base is None:
        raise UsageError("--format comment needs --base REV")
    repo, catalogue = ctx.open()
    names = [a for a in args if not a.isnumeric()]
    years = [parse_year(a) for a in args if a.isnumeric()]
    if len(names) > 1 or names != list(args[: len(names)]):
        raise UsageError(f"expected ECONOMY then years, got: {' '.join(args)}")
    economy = names[0] if names else None
    if base is not None:
        if len(years) > 1:
            raise UsageError("with --base give at most ECONOMY YEAR")
        if years and economy is None:
            raise UsageError("a year needs an economy before it")
        if economy is not None:
            _check_economy(repo, catalogue, economy, years[0] if years else None)
        year = years[0] if years else None
        comparison = diff_base(repo, catalogue, base, economy, year, fmt == "comment")
        if fmt == "comment":
            _print_comment(repo, catalogue, comparison, validation == "failed", full)
            return
        diffs, notes = comparison.diffs, comparison.messages()
    else:
        if economy is None or len(years) != 2:
            raise UsageError("usage: ctt diff ECONOMY OLD_YEAR NEW_YEAR (or --base REV)")
        diffs, notes = [diff_years(repo, catalogue, economy, years[0], years[1])], []
    colour = color == "always" or (
        color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    for note in notes:
        click.echo(f"ctt: note: {one_line(note)}", err=True)
    if fmt == "json":
        click.echo(format_json_many(diffs) if base is not None else format_json(diffs[0]))
    elif fmt == "docx":
        from ctt.render.docx.diff import DEFAULT_AUTHOR, TrackOptions, write_tracked

        options = TrackOptions(DEFAULT_AUTHOR if author is None else author, reference_docx)
        for path in write_tracked(repo, diffs, out, base is None, options):
            click.echo(_shown(path))
        if not diffs:
            click.echo(f"no report changed since {base}", err=True)
    elif not diffs:
        click.echo(f"no report changed since {base}" if fmt == "text" else "No changes.")
    else:
        text = "\n\n".join(FORMATTER_BY_NAME[fmt](d, colour) for d in diffs)
        click.echo(text, color=colour)
    if exit_code and any(d.changed for d in diffs):
        sys.exit(EXIT_PROBLEMS)


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
    from ctt.store.fsutil import write_output

    comment = build_comment(pull_request_changes(repo, catalogue, comparison, validation_failed))
    if full is not None:
        folder = check_output_dir(repo, full.parent, "--full")
        if (folder / full.name).is_symlink():
            raise UsageError(f"--full {full}: is a symbolic link; refusing to write through it")
        write_output(folder / full.name, comment.full.encode("utf-8"), f"--full {full}")
    click.echo(comment.body, nl=False)


@cli.command()
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


@cli.command("new")
@click.argument("economy")
@click.argument("year", type=YEAR)
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
    from ctt.authoring.writer import write_report
    from ctt.problems import display_path

    repo, catalogue = ctx.open()
    made = new_report(repo, catalogue, economy, year, from_year)
    folder = repo.economies_dir / economy / str(year)
    for path in write_report(repo, folder, made.documents, force, display_path(folder, repo.root)):
        click.echo(_shown(path))
    if made.source is None:
        origin = f"a blank report: {economy} has no report before {year}"
    else:
        origin = f"{made.carried} planned measure(s) carried over from {made.source.year}"
    click.echo(f"next: fill in the answers ({origin}); ctt status {economy} {year}", err=True)


@cli.command()
@click.argument("economy", required=False)
@click.argument("year", type=YEAR, required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: a table per report; json: a list of reports.",
)
@pass_context
def status(ctx: Context, economy: str | None, year: int | None, fmt: str) -> None:
    """Show how complete each report is: all, an economy's, or one report.

    Reads, never writes. Per section: contact points, the state of each of the five
    answers (yes: has items; carried: has items still marked carried_over; empty: [] or
    null; MISSING: key absent), carried-over measures not yet reported on, and
    completeness. Completeness of a section: one point per answer with at least one item
    and none still carried over, one for contact points, out of six. The executive summary
    scores its nine answers (achievements per section, work programme, needs) the same
    way; a report's completeness is all its points over all possible points, rounded
    down. Files that cannot be read or have errors are marked: run ctt validate.
    """
    from ctt.output.status import FORMATTER_BY_NAME
    from ctt.region.status import StatusReader

    repo, catalogue = ctx.open()
    if economy is not None:
        _check_economy(repo, catalogue, economy, year)
    reports = StatusReader(repo, catalogue).reports(economy, year)
    if not reports and fmt == "text":
        click.echo(f"no reports in {repo.economies_dir.name}/", err=True)
        return
    click.echo(FORMATTER_BY_NAME[fmt](reports))


REGION_FORMATS = ("text", "md", "json")

if TYPE_CHECKING:
    from ctt.region.region import Region, Skipped


def _region(ctx: Context, year: int | None) -> tuple[Repository, Catalogue, Region]:
    """The region's latest reports up to YEAR; reports left out are printed with their errors."""
    from ctt.output.progress import progress
    from ctt.region.region import load_region

    repo, catalogue = ctx.open()
    with progress(len(catalogue.economies), "Reading reports") as advance:
        region = load_region(repo, catalogue, year, advance)
    _print_skipped(region.skipped)
    return repo, catalogue, region


@cli.command("summary")
@click.argument("year", type=YEAR, required=False)
@format_option
@out_option
@reference_docx_option
@pass_context
def summary_(
    ctx: Context,
    year: int | None,
    formats: tuple[str, ...],
    out_dir: Path | None,
    reference_docx: Path | None,
) -> None:
    """Render the region's summary: build/ctt-summary-YEAR.EXT.

    Over each APEC economy's latest report up to YEAR (default: the latest year of any
    report): which economies reported and when, which have not updated for more than two
    years and which have no report; then section by section the capacity-building needs
    and the expertise offered, each attributed to its economy and report year; and needs
    against offers by topic. A report with errors is left out (its errors printed, exit 1).
    """
    from ctt.region.summary import build_summary
    from ctt.render.outfiles import check_output_dir
    from ctt.render.render import RenderOptions, write_summary

    chosen = list(dict.fromkeys(formats)) or list(RENDER_FORMATS)
    if reference_docx is not None and "docx" not in chosen:
        raise UsageError("--reference-docx applies to the docx format only (add --format docx)")
    target = check_output_dir(ctx.repository(), out_dir)
    repo, catalogue, region = _region(ctx, year)
    options = RenderOptions(reference_docx=reference_docx)
    for path in write_summary(repo, build_summary(region, catalogue), chosen, target, options):
        click.echo(_shown(path))
    if region.skipped:
        sys.exit(EXIT_PROBLEMS)


@cli.command("site")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Output folder (default: build/site/; build/site-internal/ with --with-contacts).",
)
@click.option(
    "--with-contacts",
    is_flag=True,
    help="An internal site: contact points with telephone, fax and email. Never publish it.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    help="Processes to make the Word downloads with (default: one per core).",
)
@pass_context
def site(ctx: Context, out_dir: Path | None, with_contacts: bool, jobs: int | None) -> None:
    """Build a static website of every report: build/site/index.html.

    Public by default: contact points without telephone, fax and email. An index of every
    APEC economy, a page per report (with its .docx and .md), per economy and per change
    from one report to the next, the region's pages, the documentation, and a search that
    works from file:// too. Only pages whose inputs changed are made again; only files whose
    bytes changed are written. A report with errors is left out (its errors printed, exit 1).
    """
    import os

    from ctt.render.outfiles import check_output_dir
    from ctt.site.build import SiteBuild, default_dir

    repo, catalogue = ctx.open()
    target = check_output_dir(repo, out_dir or default_dir(repo, not with_contacts))
    build = SiteBuild(repo, catalogue, target, public=not with_contacts)
    for _ in _progress(build.check(), len(build.reports), "checking reports"):
        pass
    _print_skipped(build.result.skipped)
    pages = build.plan()
    for _ in _progress(build.run(pages, jobs or os.cpu_count() or 1), len(pages), "building"):
        pass
    result = build.finish()
    removed = f", {len(result.removed)} removed" if result.removed else ""
    click.echo(
        f"site: {len(result.written)} pages written, {result.unchanged} unchanged{removed} "
        f"({_shown(target / 'index.html')})"
    )
    if result.skipped:
        sys.exit(EXIT_PROBLEMS)


def _progress(items: Iterable[T], length: int, label: str) -> Iterator[T]:
    """Items, with a progress bar on a terminal (standard error); nothing when piped."""
    if not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


def _print_skipped(skipped: list[Skipped]) -> None:
    from ctt.terminal import one_line

    for entry in skipped:
        for problem in entry.problems:
            click.echo(str(problem), err=True)
        click.echo(f"ctt: error: {one_line(entry.reason)}", err=True)


@cli.command("topics")
@click.argument("economy", required=False)
@click.argument("year", type=YEAR, required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: per answer, each item and its topics; json: a list of items.",
)
@click.option(
    "--all", "every", is_flag=True, help="Every answer's items, not only needs and offers."
)
@pass_context
def topics(ctx: Context, economy: str | None, year: int | None, fmt: str, every: bool) -> None:
    """Show how each need and offer of a report is tagged with topics, and why.

    For each item: the keyword (schema/topics.yaml) that gave it each topic and the words
    it matched, or "set by topics:" when the item lists its own topics. With no ECONOMY,
    list the topics: their ids (for `topics:`), areas and keywords.
    """
    from ctt.output.topics import TAGGED_FORMAT_BY_NAME, VOCABULARY_FORMAT_BY_NAME
    from ctt.problems import display_path
    from ctt.report.tagging import load_tagged

    repo, catalogue = ctx.open()
    if economy is None:
        if every:
            raise UsageError("--all needs ECONOMY YEAR")
        click.echo(VOCABULARY_FORMAT_BY_NAME[fmt](catalogue.topics))
        return
    if year is None:
        raise UsageError("usage: ctt topics ECONOMY YEAR (or ctt topics to list the topics)")
    _check_economy(repo, catalogue, economy, year)
    ref = repo.report(economy, year)
    items = load_tagged(repo, catalogue, ref, every)
    folder = display_path(ref.path, repo.root)
    click.echo(TAGGED_FORMAT_BY_NAME[fmt](f"{economy} {year}", items, folder))


@cli.command("needs")
@click.argument("year", type=YEAR, required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REGION_FORMATS),
    default="text",
    show_default=True,
    help="text, md (a table per area) or json.",
)
@pass_context
def needs(ctx: Context, year: int | None, fmt: str) -> None:
    """Show, for each topic, the economies that need it and those that offer it.

    From the capacity-building needs and the expertise offered (every section's, the
    executive summary's needs and the closing offer) of each economy's latest report up to
    YEAR (default: the latest year of any report). A report with errors is left out (exit 1).
    """
    from ctt.output.region import NEEDS_FORMAT_BY_NAME
    from ctt.region.needs import needs_table

    _, catalogue, region = _region(ctx, year)
    click.echo(NEEDS_FORMAT_BY_NAME[fmt](needs_table(region, catalogue)))
    if region.skipped:
        sys.exit(EXIT_PROBLEMS)


@cli.command("coverage")
@click.argument("year", type=YEAR, required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REGION_FORMATS),
    default="text",
    show_default=True,
    help="text, md (a table per section) or json.",
)
@pass_context
def coverage(ctx: Context, year: int | None, fmt: str) -> None:
    """Show, for each commitment, which economies report measures that refer to it.

    From the measures undertaken and planned (items' `commitments:`, groups'
    `commitment:`) of each economy's latest report up to YEAR (default: the latest year of
    any report); then the commitments no economy reports on. A report with errors is left
    out (exit 1).
    """
    from ctt.output.region import COVERAGE_FORMAT_BY_NAME
    from ctt.region.coverage import coverage as region_coverage

    _, catalogue, region = _region(ctx, year)
    click.echo(COVERAGE_FORMAT_BY_NAME[fmt](region_coverage(region, catalogue)))
    if region.skipped:
        sys.exit(EXIT_PROBLEMS)


@cli.command("import")
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
    from ctt.authoring.writer import write_report
    from ctt.check.validate import Validator
    from ctt.output.problems import summary_line
    from ctt.problems import display_path, one_line
    from ctt.store.fsutil import write_output
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
    shown = display_path(folder, repo.root)
    if ledger_path is not None:  # first: a bad --ledger path stops before any report file
        write_output(ledger_path, parsed.ledger.as_json(str(source)).encode("utf-8"))
    for path in write_report(repo, folder, parsed.documents, force, shown):
        click.echo(_shown(path))
    for note in parsed.notes:
        where = f"{source}:{note.line}" if note.line else str(source)
        click.echo(f"{one_line(where)}: note: {one_line(note.message)}", err=True)
    click.echo(f"ledger: {parsed.ledger.summary()}", err=True)
    result = Validator(repo, catalogue).check_report(ReportRef(economy, year, folder))
    for problem in result.problems:
        if problem.severity == "error" or problem.rule == "unplaced":
            click.echo(str(problem), err=True)
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
    import os

    from ctt.authoring.section_import import read_section, write_section
    from ctt.check.validate import Validator
    from ctt.output.diff import format_text
    from ctt.output.problems import summary_line
    from ctt.problems import one_line
    from ctt.store.fsutil import write_output
    from ctt.store.repo import ReportRef

    force, accept_changes, dry_run = options
    ref = ReportRef(economy, year, repo.economies_dir / economy / str(year))
    update = read_section(repo, catalogue, source, ref, section_id, accept_changes, force)
    for note in update.imported.notes:
        where = f"{source}:{note.line}" if note.line else str(source)
        click.echo(f"{one_line(where)}: note: {one_line(note.message)}", err=True)
    ledger = update.imported.ledger
    if ledger_path is not None:
        write_output(ledger_path, ledger.as_json(str(source)).encode("utf-8"))
    click.echo(f"ledger: {ledger.summary()}", err=True)
    if update.diff is not None:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        click.echo(format_text(update.diff, colour), color=colour)
    else:
        click.echo(f"ctt: note: no diff: {update.why_no_diff}", err=True)
    if dry_run:
        problems = update.problems
        summary = f"dry run, nothing written: {len(problems)} problem(s) in the section read"
    else:
        click.echo(_shown(write_section(repo, update)))
        check = Validator(repo, catalogue).check_report(ref)
        problems, summary = check.problems, f"imported: {summary_line(check.as_result())}"
    for problem in problems:
        if problem.severity == "error" or problem.rule == "unplaced":
            click.echo(str(problem), err=True)
    click.echo(f"{summary}; see ctt validate {economy} {year}", err=True)
    if any(p.severity == "error" for p in problems) or ledger.tally()["lost"]:
        sys.exit(EXIT_PROBLEMS)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
@click.option("--section", "section_id", help="Only this section (e.g. a3).")
@pass_context
def catalogue(ctx: Context, fmt: str, section_id: str | None) -> None:
    """List the sections and their commitments (id, years, text)."""
    import json

    _, cat = ctx.open()
    sections = list(cat.sections.values())
    if section_id is not None:
        if section_id not in cat.sections:
            raise UsageError(f"unknown section {section_id!r} (known: {', '.join(cat.sections)})")
        sections = [cat.sections[section_id]]
    if fmt == "json":
        rows: list[dict[str, Any]] = [
            {
                "id": s.id,
                "number": s.number,
                "title": s.title,
                "pillar": s.pillar,
                "file": s.file,
                "commitments": [
                    {"id": c.id, "text": c.text, "years": list(c.years)}
                    for c in cat.commitments_of(s.id)
                ],
            }
            for s in sections
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for s in sections:
        click.echo(f"{s.number} {s.title}  [{s.id}, {s.file}]")
        for c in cat.commitments_of(s.id):
            years = ", ".join(map(str, c.years))
            click.echo(f"  {c.id}  ({years})")
            click.echo(f"      {c.text}")


@cli.command("init")
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


@cli.command()
@click.argument("kind", type=click.Choice(("section", "report")), default="section")
@pass_context
def schema(ctx: Context, kind: str) -> None:
    """Print the JSON Schema of section files (or of report.yaml) for editors."""
    from ctt.catalogue.schemas import SCHEMA_FILES

    repo = ctx.repository()
    click.echo(repo.schema_file(SCHEMA_FILES[kind]).read_text(encoding="utf-8"), nl=False)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors exit 1 or 2 with a message, anything else exits 3."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="ctt", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("ctt: aborted", err=True)
        sys.exit(130)
    except CttError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.UsageError as exc:  # click's own (a bad option): one line, as documented
        from ctt.problems import one_line

        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        click.echo(f"ctt: error: {one_line(exc.format_message())}{hint}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:
        from ctt.problems import one_line

        if debug:
            import traceback

            traceback.print_exc()
        click.echo(
            f"ctt: internal error: {type(exc).__name__}: {one_line(str(exc))} "
            "(this is a bug: please report it, with the command you ran; --debug shows details)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
