"""What every page of a site build shares: the repository, its reports, one Jinja environment,
the site's navigation, and what was computed once for several pages (diffs, regions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ctt import __version__
from ctt.catalogue.catalogue import Catalogue
from ctt.compare.diff import ReportDiff, diff_reports
from ctt.errors import DataError
from ctt.region.region import Region, assemble_region, latest_refs
from ctt.site import layout
from ctt.site.library import Library
from ctt.store.repo import ReportRef, Repository

if TYPE_CHECKING:
    from jinja2 import Environment


@dataclass(frozen=True)
class NavItem:
    """A link of the site's navigation."""

    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class Chrome:
    """The frame of one page: links relative to it, navigation, stylesheets, the search."""

    links: layout.Links
    nav: list[NavItem]
    public: bool
    version: str = __version__

    def link(self, target: str, fragment: str = "") -> str:
        """A relative href to a path from the site's root."""
        return self.links(target, fragment)

    def report_link(self, economy: str, year: int, fragment: str = "") -> str:
        """A relative href to a report's page."""
        return self.links(f"reports/{economy}-{year}.html", fragment)

    @property
    def root(self) -> str:
        """The site's root, relative to the page."""
        return self.links.root

    @property
    def stylesheets(self) -> list[str]:
        """The site's stylesheets, relative to the page."""
        return [self.links(sheet) for sheet in layout.STYLESHEETS]

    @property
    def script(self) -> str:
        """The search script, relative to the page."""
        return self.links(layout.SEARCH_SCRIPT)


@dataclass
class SiteContext:
    """One build's shared state."""

    repo: Repository
    catalogue: Catalogue
    library: Library
    docs: list[tuple[str, str]]  # (stem, title) of each docs/*.md
    public: bool = True
    _diffs: dict[tuple[str, str], ReportDiff] = field(default_factory=dict)
    _regions: dict[int, Region] = field(default_factory=dict)
    _env: Environment | None = None

    @property
    def years(self) -> list[int]:
        """Every year with a valid report, oldest first."""
        return sorted({ref.year for ref in self.library.valid})

    def nav_items(self) -> list[tuple[str, str]]:
        """The site's navigation: (label, path from the root)."""
        items = [("Reports", layout.INDEX)]
        if self.years:
            items += [
                ("Needs and offers", layout.NEEDS),
                ("Coverage", layout.COVERAGE),
                ("Yearly summary", layout.summary_page(None)),
            ]
        items.append(("Catalogue", layout.CATALOGUE))
        items += [(title, layout.doc_page(stem)) for stem, title in self.docs]
        return items

    def chrome(self, page: str) -> Chrome:
        """The frame of the page at `page`."""
        links = layout.Links(page)
        nav = [NavItem(label, links(path), path == page) for label, path in self.nav_items()]
        return Chrome(links, nav, self.public)

    @property
    def env(self) -> Environment:
        """The one Jinja environment of the build (templates are compiled once)."""
        if self._env is None:
            from ctt.render.templates import make_environment

            self._env = make_environment(self.repo.template_dirs())
        return self._env

    def render(self, template: str, at: str, **context: object) -> bytes:
        """A template rendered for the page at the path `at`, as UTF-8."""
        import jinja2

        try:
            text = self.env.get_template(template).render(site=self.chrome(at), **context)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or template
            line = getattr(exc, "lineno", None)
            raise DataError(f"template {where}{f':{line}' if line else ''}: {exc}") from exc
        return text.encode("utf-8")

    def diff(self, old: ReportRef, new: ReportRef) -> ReportDiff:
        """The change from one report to another (computed once per build)."""
        key = (old.name, new.name)
        if key not in self._diffs:
            before, after = self.library.report(old), self.library.report(new)
            label = f"{old.economy} {old.year}", f"{new.economy} {new.year}"
            self._diffs[key] = diff_reports(before, after, *label)
        return self._diffs[key]

    def region(self, year: int) -> Region:
        """The region in a year: each economy's latest report up to it (computed once)."""
        if year not in self._regions:
            latest = latest_refs(self.repo, year)
            load = self.library.load_or_errors
            self._regions[year] = assemble_region(self.repo, self.catalogue, year, latest, load)
        return self._regions[year]
