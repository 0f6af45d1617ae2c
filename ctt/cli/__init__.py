"""The command line: parses options, calls the core, prints results, maps errors to exit codes.

The group and main() are here; the commands, a module per family: check (validate, schema,
catalogue), documents (render, summary, site), compare (diff), authoring (new, import, init,
textconv), region (status, topics, needs, coverage). Shared options are in options.py,
arguments in arguments.py. Each command imports the core it calls when it runs, so that
`ctt --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ctt import __version__
from ctt.cli import authoring, check, compare, documents, region
from ctt.cli.context import Context
from ctt.errors import EXIT_INTERNAL, CttError


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


for _command in (
    check.validate,
    check.schema,
    check.catalogue,
    documents.render,
    documents.summary_,
    documents.site,
    compare.diff,
    authoring.new,
    authoring.import_,
    authoring.init,
    authoring.textconv,
    region.status,
    region.topics,
    region.needs,
    region.coverage,
):
    cli.add_command(_command)


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
