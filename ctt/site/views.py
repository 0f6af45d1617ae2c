"""What the index, economy and report pages show, gathered from the reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import get_args

from ctt.catalogue.catalogue import Economy
from ctt.compare.diff import ItemKind, ReportDiff
from ctt.dates import in_words
from ctt.region.needs import NeedsTable, needs_table
from ctt.site import layout
from ctt.site.context import SiteContext
from ctt.store.repo import ReportRef


@dataclass(frozen=True)
class ReportRow:
    """A report as listed: its year, page, last update in words, completeness."""

    ref: ReportRef
    href: str
    last_updated: str
    completeness: int
    downloads: list[Download]


@dataclass(frozen=True)
class Download:
    """A file to download: its label and path."""

    label: str
    href: str


@dataclass(frozen=True)
class EconomyRow:
    """An APEC economy on the index: its reports, latest last; reports left out for errors."""

    economy: Economy
    href: str
    reports: list[ReportRow]
    left_out: list[int]

    @property
    def latest(self) -> ReportRow | None:
        """Its latest valid report."""
        return self.reports[-1] if self.reports else None


@dataclass(frozen=True)
class ChangeRow:
    """The change from one report to the next, counted."""

    old: ReportRef
    new: ReportRef
    href: str
    summary: str


@dataclass(frozen=True)
class IndexView:
    """The index: every economy, the reports per year, needs and offers per topic."""

    rows: list[EconomyRow]
    per_year: list[tuple[int, int]]
    table: NeedsTable | None

    @property
    def reporting(self) -> list[EconomyRow]:
        """The economies with at least one valid report."""
        return [row for row in self.rows if row.reports]

    @property
    def silent(self) -> list[EconomyRow]:
        """The economies with no report yet (or none without errors)."""
        return [row for row in self.rows if not row.reports]

    @property
    def most_per_year(self) -> int:
        """The largest number of reports in a year (for the bars)."""
        return max((count for _, count in self.per_year), default=1)


def downloads(ctx: SiteContext, ref: ReportRef) -> list[Download]:
    """A report's files to download: Word and Markdown (the public versions on a public site)."""
    return [
        Download(label, layout.download(ref, ext, ctx.public))
        for label, ext in (("Word (.docx)", "docx"), ("Markdown (.md)", "md"))
    ]


def report_row(ctx: SiteContext, ref: ReportRef) -> ReportRow:
    """A valid report as listed on the index and its economy's page."""
    loaded = ctx.library.get(ref)
    updated = loaded.report.last_updated
    words = in_words(updated) if updated else "not stated"
    href = layout.report_page(ref)
    return ReportRow(ref, href, words, loaded.status.completeness, downloads(ctx, ref))


def economy_row(ctx: SiteContext, economy: Economy) -> EconomyRow:
    """An economy's valid reports, and the years left out for their errors."""
    refs = ctx.library.by_economy().get(economy.id, [])
    left_out = sorted(s.ref.year for s in ctx.library.skipped if s.ref.economy == economy.id)
    rows = [report_row(ctx, ref) for ref in refs]
    return EconomyRow(economy, layout.economy_page(economy.id), rows, left_out)


def index_view(ctx: SiteContext) -> IndexView:
    """Everything the index shows."""
    rows = [economy_row(ctx, economy) for economy in ctx.catalogue.economies.values()]
    per_year = Counter(ref.year for ref in ctx.library.valid)
    years = ctx.years
    table = needs_table(ctx.region(years[-1]), ctx.catalogue) if years else None
    return IndexView(rows, sorted(per_year.items()), table)


def change_summary(diff: ReportDiff) -> str:
    """A change in one line: '3 section(s) changed: 2 added, 1 changed'."""
    changed = diff.changed_sections()
    if not changed:
        return "no changes"
    counts = [(kind, sum(s.count(kind) for s in changed)) for kind in get_args(ItemKind)]
    items = ", ".join(f"{n} {kind}" for kind, n in counts if n)
    contacts = sum(len(s.contacts) for s in changed)
    extra = [items] if items else []
    if contacts:
        extra.append(f"{contacts} contact point(s)")
    detail = f": {'; '.join(extra)}" if extra else ""
    return f"{len(changed)} section(s) changed{detail}"


def changes(ctx: SiteContext, refs: list[ReportRef]) -> list[ChangeRow]:
    """The change from each report of an economy to the next."""
    rows = []
    for old, new in pairwise(refs):
        href = layout.change_page(old.economy, old.year, new.year)
        rows.append(ChangeRow(old, new, href, change_summary(ctx.diff(old, new))))
    return rows


@dataclass(frozen=True)
class YearLink:
    """Another year of the same economy, from a report page."""

    year: int
    href: str
    current: bool


@dataclass(frozen=True)
class ReportPage:
    """What a report page adds to the rendered report."""

    economy_href: str
    years: list[YearLink]
    previous_year: int | None
    change_href: str | None
    downloads: list[Download]


def report_page_view(ctx: SiteContext, ref: ReportRef) -> ReportPage:
    """The links of a report's page: its economy, other years, change, downloads."""
    refs = ctx.library.by_economy()[ref.economy]
    years = [YearLink(r.year, layout.report_page(r), r == ref) for r in refs]
    index = refs.index(ref)
    previous = refs[index - 1] if index else None
    change = None if previous is None else layout.change_page(ref.economy, previous.year, ref.year)
    return ReportPage(
        layout.economy_page(ref.economy),
        years,
        None if previous is None else previous.year,
        change,
        downloads(ctx, ref),
    )
