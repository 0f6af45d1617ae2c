"""Options several commands share, declared once: formats from their registries, --out, --jobs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from ctt.cli.arguments import YEAR
from ctt.errors import UsageError
from ctt.render.formats import DOCUMENT_FORMATS

F = TypeVar("F", bound=Callable[..., Any])


def format_option(
    names: Sequence[str], help: str | None = None, default: str = "text", show_default: bool = True
) -> Callable[[F], F]:
    """--format, one of a registry's names (ctt/output/formats.py), as `fmt`."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(tuple(names)),
        default=default,
        show_default=show_default,
        help=help,
    )


def document_formats_option() -> Callable[[F], F]:
    """--format for the commands that write documents: repeatable, as `formats`."""
    return click.option(
        "--format",
        "formats",
        type=click.Choice(DOCUMENT_FORMATS),
        multiple=True,
        help="Output format; repeat for several (default: all).",
    )


def chosen_formats(formats: tuple[str, ...], reference_docx: Path | None) -> list[str]:
    """The document formats asked for (default: all), once each; --reference-docx needs docx."""
    chosen = list(dict.fromkeys(formats)) or list(DOCUMENT_FORMATS)
    if reference_docx is not None and "docx" not in chosen:
        raise UsageError("--reference-docx applies to the docx format only (add --format docx)")
    return chosen


def out_option() -> Callable[[F], F]:
    """--out, the folder documents are written to, as `out_dir`."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(path_type=Path),
        help="Output folder (default: build/).",
    )


def reference_docx_option() -> Callable[[F], F]:
    """--reference-docx, the Word document whose styles the .docx output takes."""
    return click.option(
        "--reference-docx",
        type=click.Path(path_type=Path),
        metavar="FILE",
        help="Take the .docx output's styles (and page setup, headers, footers) from this Word "
        "document, as pandoc's reference documents do.",
    )


def jobs_option(help: str) -> Callable[[F], F]:
    """--jobs, how many processes (1 to 64; default: one per core)."""
    return click.option("--jobs", type=click.IntRange(1, 64), help=help)


def economy_year_arguments(required: bool = True) -> Callable[[F], F]:
    """ECONOMY YEAR (both optional unless `required`)."""

    def decorate(function: F) -> F:
        function = click.argument("year", type=YEAR, required=required)(function)
        return click.argument("economy", required=required)(function)

    return decorate


def year_argument() -> Callable[[F], F]:
    """An optional YEAR: the region's latest reports up to it."""
    return click.argument("year", type=YEAR, required=False)


def cores(jobs: int | None) -> int:
    """The processes to use: --jobs, else one per core."""
    import os

    return jobs or os.cpu_count() or 1
