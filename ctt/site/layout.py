"""Where each page of the site lives, and relative links between pages (any sub-path works)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ctt.store.repo import ReportRef

INDEX = "index.html"
SEARCH = "search.html"
SEARCH_INDEX = "search-index.js"
SEARCH_SCRIPT = "assets/search.js"
STYLESHEETS = ("assets/report.css", "assets/site.css")
NEEDS = "region/needs.html"
COVERAGE = "region/coverage.html"
CATALOGUE = "region/catalogue.html"
MANIFEST = ".ctt-site.json"
PUBLIC_DIR = "site"
INTERNAL_DIR = "site-internal"


def report_page(ref: ReportRef) -> str:
    """A report's page: reports/chile-2020.html."""
    return f"reports/{ref.name}.html"


def download(ref: ReportRef, extension: str, public: bool) -> str:
    """A report's file to download, beside its page: reports/chile-2020-public.docx."""
    return f"reports/{ref.name}{'-public' if public else ''}.{extension}"


def economy_page(economy: str) -> str:
    """An economy's page: economies/chile.html."""
    return f"economies/{economy}.html"


def change_page(economy: str, old: int, new: int) -> str:
    """The change from one report of an economy to the next: changes/chile-2020-2022.html."""
    return f"changes/{economy}-{old}-{new}.html"


def summary_page(year: int | None) -> str:
    """The region's summary of a year (region/summary-2021.html), or of the latest year
    (region/summary.html: a link that stays when a new year comes)."""
    return "region/summary.html" if year is None else f"region/summary-{year}.html"


def doc_page(stem: str) -> str:
    """A documentation page from docs/STEM.md: docs/STEM.html."""
    return f"docs/{stem}.html"


@dataclass(frozen=True)
class Links:
    """Links from one page: every href relative to it, so the site works under any path."""

    page: str

    def __call__(self, target: str, fragment: str = "") -> str:
        """The relative href of `target` (a path from the site's root), with #fragment."""
        base = posixpath.dirname(self.page) or "."
        href = posixpath.relpath(target, base)
        return f"{href}#{fragment}" if fragment else href

    @property
    def root(self) -> str:
        """The site's root from this page: '' or '../'."""
        depth = self.page.count("/")
        return "../" * depth
