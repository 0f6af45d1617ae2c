"""The command line: parses options, calls the core, prints results, maps errors to exit codes."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ctt import __version__
from ctt.errors import EXIT_INTERNAL, EXIT_PROBLEMS, CttError, UsageError

if TYPE_CHECKING:
    from ctt.catalogue import Catalogue
    from ctt.repo import Repository

VALIDATE_FORMATS = ("text", "json", "github")
RENDER_FORMATS = ("md", "html")


@dataclass
class Context:
    """What every command needs: where the repository is."""

    root: Path | None
    debug: bool

    def repository(self) -> Repository:
        """The repository (found from the working directory unless --root was given)."""
        from ctt.repo import open_repository

        return open_repository(self.root, Path.cwd())

    def open(self) -> tuple[Repository, Catalogue]:
        """The repository and its catalogue."""
        from ctt.catalogue import load_catalogue

        repo = self.repository()
        return repo, load_catalogue(repo.schema_dir, repo.root)


pass_context = click.make_pass_decorator(Context)


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
        if arg.endswith((".yaml", ".yml")) or "/" in arg or Path(arg).is_file():
            files.append(Path(arg))
        else:
            names.append(arg)
    if len(names) > 2:
        raise UsageError(f"too many arguments: {' '.join(names)} (expected ECONOMY [YEAR])")
    economy = names[0] if names else None
    year = None
    if len(names) == 2:
        if not names[1].isdigit() or len(names[1]) != 4:
            raise UsageError(f"{names[1]!r} is not a year (four digits)")
        year = int(names[1])
    return economy, year, files


def _check_economy(repo: Repository, catalogue: Catalogue, economy: str, year: int | None) -> None:
    reports = repo.reports(economy)
    if not reports:
        if economy not in catalogue.economies:
            known = ", ".join(sorted(catalogue.economies))
            raise UsageError(f"unknown economy {economy!r} (known: {known})")
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
@pass_context
def validate(ctx: Context, targets: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Check reports against the schemas, the catalogue and the lint rules.

    With no arguments every report is checked; ECONOMY or ECONOMY YEAR narrows that;
    FILES checks just those files (as a pre-commit hook does). One line per problem:
    path:line:column: error|warning: message [rule]. Exit 1 if there are errors
    (or warnings, with --strict).
    """
    from ctt.reporters import REPORTER_BY_NAME, summary_line
    from ctt.validate import Validator

    repo, catalogue = ctx.open()
    economy, year, files = _split_targets(targets)
    validator = Validator(repo, catalogue)
    if files and economy is None:
        result = validator.check_files(files)
    else:
        if economy is not None:
            _check_economy(repo, catalogue, economy, year)
        result = validator.check_repository(economy, year)
        if files:
            extra = validator.check_files(files)
            result.problems = sorted(set(result.problems + extra.problems))
            result.files += extra.files
    output = REPORTER_BY_NAME[fmt](result)
    if output:
        click.echo(output)
    if fmt == "text":
        click.echo(summary_line(result), err=True)
    if result.errors or (strict and result.warnings):
        sys.exit(EXIT_PROBLEMS)


@cli.command()
@click.argument("economy")
@click.argument("year", type=int)
@click.option(
    "--format",
    "formats",
    type=click.Choice(RENDER_FORMATS),
    multiple=True,
    help="Output format; repeat for several (default: all).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Output folder (default: build/).",
)
@pass_context
def render(
    ctx: Context, economy: str, year: int, formats: tuple[str, ...], out_dir: Path | None
) -> None:
    """Render a report to Markdown and HTML: build/ECONOMY-YEAR.EXT."""
    from ctt.render import ReportInvalid, check_output_dir, load_report, render_report

    repo, catalogue = ctx.open()
    ref = repo.report(economy, year)
    try:
        report, _ = load_report(repo, catalogue, ref)
    except ReportInvalid as exc:
        for problem in exc.problems:
            if problem.severity == "error":
                click.echo(str(problem), err=True)
        raise
    target = check_output_dir(repo, out_dir) if out_dir else repo.build_dir
    chosen = list(dict.fromkeys(formats)) or list(RENDER_FORMATS)
    for path in render_report(repo, report, chosen, target, ref.name):
        click.echo(_shown(path))


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


@cli.command("import")
@click.argument("source", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("economy")
@click.argument("year", type=click.IntRange(1990, 2100))
@click.option("--force", is_flag=True, help="Replace the files of an existing report.")
@pass_context
def import_(ctx: Context, source: Path, economy: str, year: int, force: bool) -> None:
    """Import a past report (a .docx in the template's layout, or its plain-text export).

    Writes economies/ECONOMY/YEAR/*.yaml. Text it cannot place is kept under an
    `unplaced:` key and listed here; nothing is dropped. Never replaces an existing
    report without --force.
    """
    from ctt.importer import import_file
    from ctt.problems import display_path
    from ctt.reporters import summary_line
    from ctt.repo import ReportRef
    from ctt.validate import Validator
    from ctt.writer import write_report

    repo, catalogue = ctx.open()
    if economy not in catalogue.economies:
        known = ", ".join(sorted(catalogue.economies))
        raise UsageError(f"unknown economy {economy!r} (known: {known})")
    if not source.is_file():
        raise UsageError(f"{source}: no such file")
    parsed = import_file(source, catalogue, economy, year)
    folder = repo.economies_dir / economy / str(year)
    shown = display_path(folder, repo.root)
    for path in write_report(folder, parsed.documents, force, shown):
        click.echo(_shown(path))
    for note in parsed.notes:
        where = f"{source}:{note.line}" if note.line else str(source)
        click.echo(f"{where}: note: {note.message}", err=True)
    result = Validator(repo, catalogue).check_report(ReportRef(economy, year, folder))
    for problem in result.problems:
        if problem.severity == "error" or problem.rule == "unplaced":
            click.echo(str(problem), err=True)
    click.echo(f"imported: {summary_line(result.as_result())}; run ctt validate {economy} {year}", err=True)
    if not result.ok:
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


@cli.command()
@click.argument("kind", type=click.Choice(("section", "report")), default="section")
@pass_context
def schema(ctx: Context, kind: str) -> None:
    """Print the JSON Schema of section files (or of report.yaml) for editors."""
    from ctt.schemacheck import SCHEMA_FILES

    repo = ctx.repository()
    click.echo((repo.schema_dir / SCHEMA_FILES[kind]).read_text(encoding="utf-8"), nl=False)


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
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"ctt: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug: please report it, with the command you ran; --debug shows details)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
