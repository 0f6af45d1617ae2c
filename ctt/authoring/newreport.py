"""Start an economy's next report from its previous one (or blank, from the catalogue)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ctt.catalogue.catalogue import REPORT_FILE, Catalogue, SectionDef
from ctt.check.validate import Validator
from ctt.errors import UsageError
from ctt.report.load import require_valid
from ctt.report.shape import ASSISTANCE_OFFER, PLANNED, blank_report, blank_section
from ctt.store.repo import ReportRef, Repository

CARRIED = "carried_over"

Documents = dict[str, dict[str, Any]]


# A report to start from with errors: nothing is carried from it (ReportInvalid says so).
SOURCE_ADVICE = "fix them before starting a new report from it (or choose another with --from)"


@dataclass(frozen=True)
class NewReport:
    """The files of a new report, and what they were made from."""

    economy: str
    year: int
    source: ReportRef | None  # None: a blank report, from the catalogue alone
    documents: Documents
    carried: int  # planned measures carried over from the source


def source_of(repo: Repository, economy: str, year: int, from_year: int | None) -> ReportRef | None:
    """The report to start from: --from's, else the latest earlier one, else none."""
    if from_year is not None:
        if from_year >= year:
            raise UsageError(
                f"new report year must be later than {from_year} (the report it starts from)"
            )
        return repo.report(economy, from_year)
    earlier = [ref for ref in repo.reports(economy) if ref.year < year]
    return max(earlier, key=lambda ref: ref.year) if earlier else None


def new_report(
    repo: Repository,
    catalogue: Catalogue,
    economy: str,
    year: int,
    from_year: int | None = None,
) -> NewReport:
    """The documents (file name -> data) of ECONOMY's YEAR report, started from an earlier one."""
    catalogue.require_economy(economy)
    source = source_of(repo, economy, year, from_year)
    previous: dict[str, Any] = {}
    if source is not None:
        check = require_valid(Validator(repo, catalogue).check_report(source), SOURCE_ADVICE)
        previous = {name: doc.data for name, doc in check.documents.items()}
    documents: Documents = {
        REPORT_FILE: _header(catalogue, economy, year, previous.get(REPORT_FILE, {}))
    }
    carried = 0
    for section in catalogue.sections.values():
        old = previous.get(section.file, {})
        planned, count = carry_over(old.get(PLANNED) or [], source.year) if source else ([], 0)
        documents[section.file] = _section(catalogue, section, economy, year, old, planned)
        carried += count
    return NewReport(economy, year, source, documents, carried)


def carry_over(items: list[Any], year: int) -> tuple[list[Any], int]:
    """Planned measures marked `carried_over: year`, groups kept as they are; and how many.

    Every measure is marked: each item of the list and each item inside a group (at any
    depth), not the sub-items of a measure, which are part of it. A measure already carried
    over from an earlier report keeps that year, so the mark says how long it has waited.
    """
    marked: list[Any] = []
    count = 0
    for item in items:
        if isinstance(item, str):
            marked.append({"text": item, CARRIED: year})
            count += 1
        elif "text" in item:
            measure = copy.deepcopy(item)
            measure[CARRIED] = item.get(CARRIED, year)
            marked.append(measure)
            count += 1
        else:
            inner, inner_count = carry_over(item.get("items") or [], year)
            group = copy.deepcopy(item)
            group["items"] = inner
            marked.append(group)
            count += inner_count
    return marked, count


def _header(
    catalogue: Catalogue, economy: str, year: int, previous: dict[str, Any]
) -> dict[str, Any]:
    offer = previous.get(ASSISTANCE_OFFER) or {}
    data = blank_report(catalogue, economy, year)
    data[ASSISTANCE_OFFER]["contacts"] = copy.deepcopy(offer.get("contacts") or [])
    return data


def _section(
    catalogue: Catalogue,
    section: SectionDef,
    economy: str,
    year: int,
    previous: dict[str, Any],
    planned: list[Any],
) -> dict[str, Any]:
    data = blank_section(catalogue, section, economy, year)
    data["contacts"] = copy.deepcopy(previous.get("contacts") or [])
    data["commitments"] = [c.id for c in catalogue.commitments_of(section.id)]
    if PLANNED in data:
        data[PLANNED] = planned
    return data
