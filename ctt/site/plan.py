"""Which pages the site has, and for each a digest of everything it is made from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ctt.region.region import latest_refs
from ctt.render.digests import digest, file_digest
from ctt.site import layout, pages
from ctt.site.context import SiteContext
from ctt.site.docs import readme
from ctt.store.repo import ReportRef

# Files copied as they are from templates/ into the site.
ASSETS = {
    "assets/report.css": "report.css",
    "assets/site.css": "site/site.css",
    "assets/search.js": "site/search.js",
}


@dataclass(frozen=True)
class Page:
    """A file of the site: where it goes, the digest of its inputs, how it is made."""

    path: str
    inputs: str
    make: Callable[[], bytes]
    docx: ReportRef | None = None  # a report's Word download: made on every core first


def plan_pages(ctx: SiteContext, tool: str) -> list[Page]:
    """Every file of the site, in the order they are built."""
    library = ctx.library
    kind = "public" if ctx.public else "internal"
    nav = [f"{label}={path}" for label, path in ctx.nav_items()]
    chrome = digest(tool, kind, *nav)  # every page's frame: ctt, templates, navigation

    def of(ref: ReportRef) -> str:
        return f"{ref.name}={library.digests[ref.name]}"

    left_out = [f"left-out:{s.ref.name}" for s in library.skipped]
    everything = digest(chrome, *map(of, library.valid), *left_out)
    found: list[Page] = []

    def add(
        path: str, inputs: str, make: Callable[[], bytes], docx: ReportRef | None = None
    ) -> None:
        found.append(Page(path, inputs, make, docx))

    for target, source in ASSETS.items():
        add(target, digest(tool), partial(ctx.repo.template_file(source).read_bytes))
    by_economy = library.by_economy()
    for economy, refs in by_economy.items():
        reports = [of(ref) for ref in refs]
        for index, ref in enumerate(refs):
            context = digest(chrome, *[f"{r.name}" for r in refs], of(ref))
            add(layout.report_page(ref), context, partial(pages.report_page, ctx, ref))
            for extension in ("docx", "md"):
                make = partial(pages.report_download, ctx, ref, extension)
                inputs = digest(tool, kind, of(ref))
                docx = ref if extension == "docx" else None
                add(layout.download(ref, extension, ctx.public), inputs, make, docx)
            if index:
                old = refs[index - 1]
                path = layout.change_page(economy, old.year, ref.year)
                make = partial(pages.change_page, ctx, old, ref)
                add(path, digest(chrome, of(old), of(ref)), make)
        about = readme(ctx.repo.economies_dir / economy)
        extra = [file_digest(about)] if about else []
        left = [name for name in left_out if name.startswith(f"left-out:{economy}-")]
        add(
            layout.economy_page(economy),
            digest(chrome, *reports, *left, *extra),
            partial(pages.economy_page, ctx, economy),
        )
    add(layout.INDEX, everything, partial(pages.index_page, ctx))
    years = ctx.years
    if years:
        add(layout.NEEDS, everything, partial(pages.needs_page, ctx))
        add(layout.COVERAGE, everything, partial(pages.coverage_page, ctx))
        for year in years:
            path = layout.summary_page(None if year == years[-1] else year)
            add(path, _region_digest(ctx, chrome, year), partial(pages.summary_page, ctx, year))
    add(layout.CATALOGUE, chrome, partial(pages.catalogue_page, ctx))
    docs_dir = ctx.repo.root / "docs"
    doc_inputs = [file_digest(docs_dir / f"{stem}.md") for stem, _ in ctx.docs]
    for (stem, _), inputs in zip(ctx.docs, doc_inputs, strict=True):
        add(layout.doc_page(stem), digest(chrome, inputs), partial(pages.doc_page, ctx, stem))
    add(layout.SEARCH, chrome, partial(pages.search_page, ctx))
    add(layout.SEARCH_INDEX, digest(everything, *doc_inputs), partial(pages.search_index, ctx))
    return found


def _region_digest(ctx: SiteContext, chrome: str, year: int) -> str:
    """What the summary of a year shows: each economy's latest report up to it, valid or not,
    and the years there are summaries of."""
    library = ctx.library
    valid = {ref.name for ref in library.valid}
    latest = sorted(latest_refs(ctx.repo, year).values(), key=lambda ref: ref.name)
    parts = [f"{r.name}={library.digests[r.name] if r.name in valid else '!'}" for r in latest]
    return digest(chrome, str(year), *map(str, ctx.years), *parts)
