"""The region in a year: each APEC economy's latest report up to that year, checked and loaded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ctt.catalogue.catalogue import Catalogue, Economy
from ctt.check.validate import Validator
from ctt.errors import UsageError
from ctt.problems import Problem, display_path
from ctt.report.load import ReportInvalid, build_checked
from ctt.report.model import Report
from ctt.store.repo import ReportRef, Repository

STALE_AFTER_YEARS = 2  # a latest report older than this (before YEAR - 2) is out of date
State = Literal["current", "stale", "invalid", "none"]
STATE_LABELS: dict[State, str] = {
    "current": "reported",
    "stale": f"not updated for more than {STALE_AFTER_YEARS} years",
    "invalid": "not included: the report has errors",
    "none": "no report",
}


@dataclass(frozen=True)
class Attribution:
    """Who said it: an economy and the year of its report."""

    economy: Economy
    year: int

    @property
    def label(self) -> str:
        """As documents show it: Chile (2020)."""
        return f"{self.economy.name} ({self.year})"

    @property
    def short(self) -> str:
        """As terminals show it: chile 2020."""
        return f"{self.economy.id} {self.year}"


@dataclass(frozen=True)
class EconomyState:
    """Where an APEC economy stands in the region's year: its latest report, if any."""

    economy: Economy
    state: State
    year: int | None = None
    last_updated: str | None = None

    @property
    def label(self) -> str:
        """The state in words."""
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Skipped:
    """A report left out, and why: its errors, or a folder of an economy not in APEC."""

    ref: ReportRef
    reason: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Region:
    """The latest valid report of each economy up to `year`, and what was left out."""

    year: int
    reports: list[Report]
    states: list[EconomyState]
    skipped: list[Skipped]

    @property
    def included(self) -> list[Attribution]:
        """The economies and report years included, in catalogue order."""
        return [Attribution(r.economy, r.year) for r in self.reports]


def latest_year(repo: Repository) -> int:
    """The latest year of any report in the repository; UsageError when there is none."""
    refs = repo.reports()
    if not refs:
        raise UsageError(f"no reports in {repo.economies_dir.name}/: nothing to summarise")
    return max(ref.year for ref in refs)


def latest_refs(repo: Repository, year: int) -> dict[str, ReportRef]:
    """Each economy's latest report folder up to `year`."""
    latest: dict[str, ReportRef] = {}
    for ref in repo.reports():
        if ref.year <= year and (ref.economy not in latest or ref.year > latest[ref.economy].year):
            latest[ref.economy] = ref
    return latest


def load_region(
    repo: Repository,
    catalogue: Catalogue,
    year: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Region:
    """Check and load each economy's latest report up to `year` (default: the latest year).

    A report with errors is skipped (and listed in `skipped`), never half-read: the caller
    says so and fails at the end. `progress` is told of each economy done.
    """
    year = latest_year(repo) if year is None else year
    latest = latest_refs(repo, year)
    if not latest:
        first = min(ref.year for ref in repo.reports()) if repo.reports() else None
        since = f" (the first is from {first})" if first else ""
        raise UsageError(f"no reports up to {year} in {repo.economies_dir.name}/{since}")
    validator = Validator(repo, catalogue)

    def load(ref: ReportRef) -> Report | list[Problem]:
        if progress is not None:
            progress(1)
        try:
            return build_checked(validator.check_report(ref), catalogue)
        except ReportInvalid as exc:
            return exc.errors

    return assemble_region(repo, catalogue, year, latest, load)


def assemble_region(
    repo: Repository,
    catalogue: Catalogue,
    year: int,
    latest: dict[str, ReportRef],
    load: Callable[[ReportRef], Report | list[Problem]],
) -> Region:
    """The region of `year` from each economy's latest report folder; `load` gives a report,
    or its errors (the site loads each report once for all its years)."""
    reports: list[Report] = []
    states: list[EconomyState] = []
    skipped: list[Skipped] = []
    for economy_id, stray in sorted(latest.items()):
        if economy_id not in catalogue.economies:
            shown = display_path(stray.path.parent, repo.root)
            reason = f"{shown}: {economy_id!r} is not an APEC economy (see schema/economies.yaml)"
            skipped.append(Skipped(stray, reason))
    for economy in catalogue.economies.values():
        ref = latest.get(economy.id)
        if ref is None:
            states.append(EconomyState(economy, "none"))
            continue
        loaded = load(ref)
        if isinstance(loaded, list):
            reason = (
                f"{ref.economy} {ref.year} has {len(loaded)} error(s); not included "
                f"(ctt validate {ref.economy} {ref.year})"
            )
            skipped.append(Skipped(ref, reason, loaded))
            states.append(EconomyState(economy, "invalid", ref.year))
            continue
        report = loaded
        state: State = "stale" if ref.year < year - STALE_AFTER_YEARS else "current"
        updated = None if report.last_updated is None else str(report.last_updated)
        states.append(EconomyState(economy, state, ref.year, updated))
        reports.append(report)
    return Region(year, reports, states, skipped)
