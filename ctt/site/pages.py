"""Each kind of page of the site, rendered to bytes."""

from __future__ import annotations

from ctt.output.diff import by_answer
from ctt.region.coverage import coverage
from ctt.region.needs import needs_table
from ctt.region.summary import build_summary
from ctt.render.render import FORMAT_BY_NAME
from ctt.site import layout
from ctt.site.context import SiteContext
from ctt.site.docs import Doc, read_text, readme, render_markdown, title_of
from ctt.site.search import SearchIndex
from ctt.site.views import changes, economy_row, index_view, report_page_view
from ctt.store.repo import ReportRef


def report_page(ctx: SiteContext, ref: ReportRef) -> bytes:
    """A report as `ctt render --format html` shows it, in the site's frame."""
    report = ctx.library.report(ref)
    page = report_page_view(ctx, ref)
    return ctx.render("site/report.html.j2", layout.report_page(ref), report=report, page=page)


def report_download(ctx: SiteContext, ref: ReportRef, extension: str) -> bytes:
    """A report as a file to download (.docx or .md), public on a public site: the bytes
    `ctt render` writes."""
    report = ctx.library.report(ref)
    if extension == "md":  # as FORMAT_BY_NAME["md"], with the build's compiled templates
        return ctx.env.get_template("report.md.j2").render(report=report).encode("utf-8")
    return FORMAT_BY_NAME[extension].render(report, ctx.repo)


def economy_page(ctx: SiteContext, economy: str) -> bytes:
    """An economy: its reports over time, the changes between them, its README."""
    row = economy_row(ctx, ctx.catalogue.economies[economy])
    refs = [r.ref for r in row.reports]
    path = readme(ctx.repo.economies_dir / economy)
    about = None if path is None else render_markdown(read_text(path), "README", shift=2)
    return ctx.render(
        "site/economy.html.j2",
        layout.economy_page(economy),
        row=row,
        changes=changes(ctx, refs),
        readme=about,
    )


def change_page(ctx: SiteContext, old: ReportRef, new: ReportRef) -> bytes:
    """The change from one report of an economy to the next, with <ins> and <del>."""
    diff = ctx.diff(old, new)
    sections = [(s, by_answer(s.items)) for s in diff.changed_sections()]
    commitments = ctx.catalogue.commitments
    return ctx.render(
        "site/change.html.j2",
        layout.change_page(old.economy, old.year, new.year),
        economy=ctx.catalogue.economies[new.economy],
        old=old,
        new=new,
        diff=diff,
        sections=sections,
        commitments=commitments,
        old_href=layout.report_page(old),
        new_href=layout.report_page(new),
    )


def index_page(ctx: SiteContext) -> bytes:
    """Every economy with its latest report, the economies without one, the region's figures."""
    return ctx.render("site/index.html.j2", layout.INDEX, view=index_view(ctx))


def needs_page(ctx: SiteContext) -> bytes:
    """Needs and offers by topic, in the latest year: who could help whom."""
    table = needs_table(ctx.region(ctx.years[-1]), ctx.catalogue)
    return ctx.render("site/needs.html.j2", layout.NEEDS, table=table)


def coverage_page(ctx: SiteContext) -> bytes:
    """Which economies report measures on each commitment, in the latest year."""
    found = coverage(ctx.region(ctx.years[-1]), ctx.catalogue)
    return ctx.render("site/coverage.html.j2", layout.COVERAGE, coverage=found)


def summary_page(ctx: SiteContext, year: int) -> bytes:
    """The region's summary of a year, as `ctt summary --format html` shows it."""
    latest = year == ctx.years[-1]
    path = layout.summary_page(None if latest else year)
    summary = build_summary(ctx.region(year), ctx.catalogue)
    others = [(y, layout.summary_page(None if y == ctx.years[-1] else y)) for y in ctx.years]
    return ctx.render("site/summary.html.j2", path, summary=summary, years=others)


def catalogue_page(ctx: SiteContext) -> bytes:
    """Every commitment of the catalogue, section by section, with its years."""
    sections = [
        (section, ctx.catalogue.commitments_of(section.id))
        for section in ctx.catalogue.sections.values()
    ]
    return ctx.render("site/catalogue.html.j2", layout.CATALOGUE, sections=sections)


def doc_page(ctx: SiteContext, stem: str) -> bytes:
    """A page of docs/STEM.md."""
    text = read_text(ctx.repo.root / "docs" / f"{stem}.md")
    title = title_of(text, stem)
    starts_titled = text.lstrip().startswith("# ")
    doc: Doc = render_markdown(text, title, shift=0 if starts_titled else 1)
    return ctx.render("site/doc.html.j2", layout.doc_page(stem), doc=doc)


def search_page(ctx: SiteContext) -> bytes:
    """The page of all results of a search (what the search box's Enter opens)."""
    return ctx.render("site/search.html.j2", layout.SEARCH)


def search_index(ctx: SiteContext) -> bytes:
    """Every report, section and item of every valid report, and the documentation."""
    index = SearchIndex()
    for economy, refs in ctx.library.by_economy().items():
        name = ctx.catalogue.economies[economy].name
        index.add("economy", name, index.page(layout.economy_page(economy), name))
        for ref in refs:
            index.add_report(ref, ctx.library.report(ref))
    for stem, title in ctx.docs:
        page = index.page(layout.doc_page(stem), title)
        index.add("doc", title, page)
    return index.script()
