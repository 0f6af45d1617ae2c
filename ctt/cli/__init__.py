"""The command line: parses options, calls the core, prints results, maps errors to exit codes.

The group, its table of commands and main() are here; the commands, a module per family:
check (validate, schema, catalogue), documents (render, summary, site), compare (diff),
authoring (new, import, init, textconv), region (status, topics, needs, coverage). Shared
options are in options.py, arguments in arguments.py. A command's module is imported only
when that command runs (lazy.py), and each command imports the core it calls when it runs,
so that `ctt --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ctt import __version__
from ctt.cli.context import Context
from ctt.cli.lazy import Lazy, LazyGroup
from ctt.errors import EXIT_INTERNAL, CttError


def _family(module: str, **commands: tuple[str, str]) -> dict[str, Lazy]:
    return {
        name.rstrip("_"): Lazy(f"ctt.cli.{module}", function, summary)
        for name, (function, summary) in commands.items()
    }


# Every command: its module (a family of commands), its function and the first paragraph of
# its help (what `ctt --help` lists without importing the module).
COMMANDS = {
    **_family(
        "check",
        validate=(
            "validate",
            "Check reports against the schemas, the catalogue and the lint rules.",
        ),
        schema=(
            "schema",
            "Print the JSON Schema of section files (or of report.yaml) for editors.",
        ),
        catalogue=("catalogue", "List the sections and their commitments (id, years, text)."),
    ),
    **_family(
        "documents",
        render=("render", "Render a report to Markdown, HTML and Word: build/ECONOMY-YEAR.EXT."),
        summary=("summary_", "Render the region's summary: build/ctt-summary-YEAR.EXT."),
        site=("site", "Build a static website of every report: build/site/index.html."),
    ),
    **_family(
        "compare",
        diff=("diff", "Show what changed in a report, section by section and answer by answer."),
    ),
    **_family(
        "authoring",
        new=("new", "Start the next report of an economy from its previous one."),
        import_=(
            "import_",
            "Import a past report (a .docx or PDF in the template's layout, or a text export).",
        ),
        init=("init", "Make DIR (default: here; created if missing) a reports repository."),
        textconv=(
            "textconv",
            "Print a report file as readable text (a git diff driver; see the README).",
        ),
    ),
    **_family(
        "region",
        status=("status", "Show how complete each report is: all, an economy's, or one report."),
        topics=(
            "topics",
            "Show how each need and offer of a report is tagged with topics, and why.",
        ),
        needs=(
            "needs",
            "Show, for each topic, the economies that need it and those that offer it.",
        ),
        coverage=(
            "coverage",
            "Show, for each commitment, which economies report measures that refer to it.",
        ),
    ),
}


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
