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


@dataclass(frozen=True)
class _Inputs:
    """The digests pages share: ctt's, the frame of every page, and what every report is."""

    tool: str
    kind: str  # public or internal
    chrome: str  # every page's frame: ctt, templates, navigation
    everything: str  # the frame, every valid report, the names of those left out
    left_out: list[str]
    reports: dict[str, str]  # each report's digest, by its name

    def of(self, ref: ReportRef) -> str:
        """A report's name and digest."""
        return f"{ref.name}={self.reports[ref.name]}"


def _inputs(ctx: SiteContext, tool: str) -> _Inputs:
    """The digests of the site's shared inputs."""
    library = ctx.library
    kind = "public" if ctx.public else "internal"
    nav = [f"{label}={path}" for label, path in ctx.nav_items()]
    chrome = digest(tool, kind, *nav)
    left_out = [f"left-out:{s.ref.name}" for s in library.skipped]
    every = [f"{ref.name}={library.digests[ref.name]}" for ref in library.valid]
    everything = digest(chrome, *every, *left_out)
    return _Inputs(tool, kind, chrome, everything, left_out, library.digests)


def plan_pages(ctx: SiteContext, tool: str) -> list[Page]:
    """Every file of the site, in the order they are built."""
    inputs = _inputs(ctx, tool)
    found = [
        Page(target, digest(tool), partial(ctx.repo.template_file(source).read_bytes))
        for target, source in ASSETS.items()
    ]
    for economy, refs in ctx.library.by_economy().items():
        found += _economy_pages(ctx, inputs, economy, refs)
    found.append(Page(layout.INDEX, inputs.everything, partial(pages.index_page, ctx)))
    found += _region_pages(ctx, inputs)
    found.append(Page(layout.CATALOGUE, inputs.chrome, partial(pages.catalogue_page, ctx)))
    found += _docs_and_search(ctx, inputs)
    return found


def _economy_pages(
    ctx: SiteContext, inputs: _Inputs, economy: str, refs: list[ReportRef]
) -> list[Page]:
    """An economy's reports (each with its downloads and its change from the year before),
    then the economy's page."""
    found: list[Page] = []
    chrome, of = inputs.chrome, inputs.of
    for index, ref in enumerate(refs):
        context = digest(chrome, *[f"{r.name}" for r in refs], of(ref))
        found.append(Page(layout.report_page(ref), context, partial(pages.report_page, ctx, ref)))
        for extension in ("docx", "md"):
            make = partial(pages.report_download, ctx, ref, extension)
            download = digest(inputs.tool, inputs.kind, of(ref))
            docx = ref if extension == "docx" else None
            found.append(Page(layout.download(ref, extension, ctx.public), download, make, docx))
        if index:
            old = refs[index - 1]
            path = layout.change_page(economy, old.year, ref.year)
            make = partial(pages.change_page, ctx, old, ref)
            found.append(Page(path, digest(chrome, of(old), of(ref)), make))
    about = readme(ctx.repo.economies_dir / economy)
    extra = [file_digest(about)] if about else []
    left = [name for name in inputs.left_out if name.startswith(f"left-out:{economy}-")]
    found.append(
        Page(
            layout.economy_page(economy),
            digest(chrome, *map(of, refs), *left, *extra),
            partial(pages.economy_page, ctx, economy),
        )
    )
    return found


def _region_pages(ctx: SiteContext, inputs: _Inputs) -> list[Page]:
    """The region's needs and coverage, and the summary of every year (none without reports)."""
    years = ctx.years
    if not years:
        return []
    found = [
        Page(layout.NEEDS, inputs.everything, partial(pages.needs_page, ctx)),
        Page(layout.COVERAGE, inputs.everything, partial(pages.coverage_page, ctx)),
    ]
    for year in years:
        path = layout.summary_page(None if year == years[-1] else year)
        region = _region_digest(ctx, inputs.chrome, year)
        found.append(Page(path, region, partial(pages.summary_page, ctx, year)))
    return found


def _docs_and_search(ctx: SiteContext, inputs: _Inputs) -> list[Page]:
    """The documentation pages, the search page, and the search index over everything."""
    docs_dir = ctx.repo.root / "docs"
    doc_inputs = [file_digest(docs_dir / f"{stem}.md") for stem, _ in ctx.docs]
    found = [
        Page(layout.doc_page(stem), digest(inputs.chrome, doc), partial(pages.doc_page, ctx, stem))
        for (stem, _), doc in zip(ctx.docs, doc_inputs, strict=True)
    ]
    found.append(Page(layout.SEARCH, inputs.chrome, partial(pages.search_page, ctx)))
    index = digest(inputs.everything, *doc_inputs)
    found.append(Page(layout.SEARCH_INDEX, index, partial(pages.search_index, ctx)))
    return found


def _region_digest(ctx: SiteContext, chrome: str, year: int) -> str:
    """What the summary of a year shows: each economy's latest report up to it, valid or not,
    and the years there are summaries of."""
    library = ctx.library
    valid = {ref.name for ref in library.valid}
    latest = sorted(latest_refs(ctx.repo, year).values(), key=lambda ref: ref.name)
    parts = [f"{r.name}={library.digests[r.name] if r.name in valid else '!'}" for r in latest]
    return digest(chrome, str(year), *map(str, ctx.years), *parts)
