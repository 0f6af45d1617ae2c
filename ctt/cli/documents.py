"""Commands that write documents: render, summary, site."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ctt.cli.context import Context, pass_context
from ctt.cli.options import (
    chosen_formats,
    cores,
    document_formats_option,
    economy_year_arguments,
    jobs_option,
    out_option,
    reference_docx_option,
    year_argument,
)
from ctt.cli.printing import print_skipped, progress_items, shown
from ctt.errors import EXIT_PROBLEMS, UsageError


@click.command()
@economy_year_arguments(required=False)
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
@jobs_option("Processes to render with, for --all (default: one per core).")
@document_formats_option()
@out_option()
@click.option(
    "--redact",
    type=click.Choice(("contacts",)),
    help="contacts: the public version, without the contact points' telephone, fax and "
    "email (names, titles and roles stay); written as ECONOMY-YEAR-public.EXT.",
)
@reference_docx_option()
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

    chosen = chosen_formats(formats, reference_docx)
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
        click.echo(shown(path))


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
    """`ctt render --all [ECONOMY]`: every file as it is written (a bar on a terminal)."""
    from ctt.catalogue.economy import require_reports
    from ctt.output.progress import on_terminal, progress
    from ctt.render.outfiles import check_output_dir
    from ctt.render.render_all import Job, plan_render
    from ctt.terminal import one_line

    repo, catalogue = ctx.open()
    if economy is not None:
        require_reports(repo, catalogue, economy)
    refs = repo.reports(economy)
    target = check_output_dir(repo, out_dir)
    job = Job(repo.root, tuple(formats), target, redact is not None, reference_docx)
    run = plan_render(repo, job, refs, force)
    # Piped, each file is printed as it is written; on a terminal, a bar; then a count.
    failed, written, errors, bar = 0, 0, [], on_terminal()
    with progress(len(run.work), "Rendering") as advance:
        for outcome in run.outcomes(cores(jobs)):
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
                    click.echo(shown(path))
            written += len(outcome.written)
    run.save()
    for line in errors:
        click.echo(line, err=True)
    click.echo(
        f"rendered {written:,} file(s) in {shown(target)}/; {run.unchanged:,} unchanged"
        f" ({len(refs)} report(s))"
    )
    if failed:
        sys.exit(EXIT_PROBLEMS)


@click.command("summary")
@year_argument()
@document_formats_option()
@out_option()
@reference_docx_option()
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
    from ctt.cli.region import load_region_of
    from ctt.region.summary import build_summary
    from ctt.render.outfiles import check_output_dir
    from ctt.render.render import RenderOptions, write_summary

    chosen = chosen_formats(formats, reference_docx)
    target = check_output_dir(ctx.repository(), out_dir)
    repo, catalogue, region = load_region_of(ctx, year)
    options = RenderOptions(reference_docx=reference_docx)
    for path in write_summary(repo, build_summary(region, catalogue), chosen, target, options):
        click.echo(shown(path))
    if region.skipped:
        sys.exit(EXIT_PROBLEMS)


@click.command("site")
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
@jobs_option("Processes to make the Word downloads with (default: one per core).")
@pass_context
def site(ctx: Context, out_dir: Path | None, with_contacts: bool, jobs: int | None) -> None:
    """Build a static website of every report: build/site/index.html.

    Public by default: contact points without telephone, fax and email. An index of every
    APEC economy, a page per report (with its .docx and .md), per economy and per change
    from one report to the next, the region's pages, the documentation, and a search that
    works from file:// too. Only pages whose inputs changed are made again; only files whose
    bytes changed are written. A report with errors is left out (its errors printed, exit 1).
    """
    from ctt.render.outfiles import check_output_dir
    from ctt.site.build import SiteBuild, default_dir

    repo, catalogue = ctx.open()
    target = check_output_dir(repo, out_dir or default_dir(repo, not with_contacts))
    build = SiteBuild(repo, catalogue, target, public=not with_contacts)
    for _ in progress_items(build.check(), len(build.reports), "checking reports"):
        pass
    print_skipped(build.result.skipped)
    pages = build.plan()
    for _ in progress_items(build.run(pages, cores(jobs)), len(pages), "building"):
        pass
    result = build.finish()
    removed = f", {len(result.removed)} removed" if result.removed else ""
    click.echo(
        f"site: {len(result.written)} pages written, {result.unchanged} unchanged{removed} "
        f"({shown(target / 'index.html')})"
    )
    if result.skipped:
        sys.exit(EXIT_PROBLEMS)
