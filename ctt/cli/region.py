"""Commands about many reports at once: status, topics, needs, coverage."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ctt.cli.context import Context, pass_context
from ctt.cli.options import economy_year_arguments, format_option, year_argument
from ctt.cli.printing import print_skipped
from ctt.errors import EXIT_PROBLEMS, UsageError
from ctt.output.formats import REGION_FORMATS, STATUS_FORMATS, TOPICS_FORMATS

if TYPE_CHECKING:
    from ctt.catalogue.catalogue import Catalogue
    from ctt.region.region import Region
    from ctt.store.repo import Repository


@click.command()
@economy_year_arguments(required=False)
@format_option(STATUS_FORMATS, help="text: a table per report; json: a list of reports.")
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
    from ctt.catalogue.economy import require_reports
    from ctt.output.status import FORMATTER_BY_NAME
    from ctt.region.status import StatusReader

    repo, catalogue = ctx.open()
    if economy is not None:
        require_reports(repo, catalogue, economy, year)
    reports = StatusReader(repo, catalogue).reports(economy, year)
    if not reports and fmt == "text":
        click.echo(f"no reports in {repo.economies_dir.name}/", err=True)
        return
    click.echo(FORMATTER_BY_NAME[fmt](reports))


@click.command("topics")
@economy_year_arguments(required=False)
@format_option(
    TOPICS_FORMATS, help="text: per answer, each item and its topics; json: a list of items."
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
    from ctt.catalogue.economy import require_reports
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
    require_reports(repo, catalogue, economy, year)
    ref = repo.report(economy, year)
    items = load_tagged(repo, catalogue, ref, every)
    folder = display_path(ref.path, repo.root)
    click.echo(TAGGED_FORMAT_BY_NAME[fmt](f"{economy} {year}", items, folder))


def load_region_of(ctx: Context, year: int | None) -> tuple[Repository, Catalogue, Region]:
    """The region's latest reports up to YEAR; reports left out are printed with their errors."""
    from ctt.output.progress import progress
    from ctt.region.region import load_region

    repo, catalogue = ctx.open()
    with progress(len(catalogue.economies), "Reading reports") as advance:
        region = load_region(repo, catalogue, year, advance)
    print_skipped(region.skipped)
    return repo, catalogue, region


@click.command("needs")
@year_argument()
@format_option(REGION_FORMATS, help="text, md (a table per area) or json.")
@pass_context
def needs(ctx: Context, year: int | None, fmt: str) -> None:
    """Show, for each topic, the economies that need it and those that offer it.

    From the capacity-building needs and the expertise offered (every section's, the
    executive summary's needs and the closing offer) of each economy's latest report up to
    YEAR (default: the latest year of any report). A report with errors is left out (exit 1).
    """
    from ctt.output.region import NEEDS_FORMAT_BY_NAME
    from ctt.region.needs import needs_table

    _, catalogue, region = load_region_of(ctx, year)
    click.echo(NEEDS_FORMAT_BY_NAME[fmt](needs_table(region, catalogue)))
    if region.skipped:
        sys.exit(EXIT_PROBLEMS)


@click.command("coverage")
@year_argument()
@format_option(REGION_FORMATS, help="text, md (a table per section) or json.")
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

    _, catalogue, region = load_region_of(ctx, year)
    click.echo(COVERAGE_FORMAT_BY_NAME[fmt](region_coverage(region, catalogue)))
    if region.skipped:
        sys.exit(EXIT_PROBLEMS)
