"""An economy named on the command line: known to the catalogue, and with reports."""

from __future__ import annotations

from ctt.catalogue.catalogue import Catalogue
from ctt.errors import UsageError
from ctt.store.repo import Repository


def require_reports(
    repo: Repository, catalogue: Catalogue, economy: str, year: int | None = None
) -> None:
    """UsageError unless `economy` is known and has reports (and, given `year`, that year's)."""
    if not repo.reports(economy):
        catalogue.require_economy(economy)
        raise UsageError(f"no reports for {economy} in {repo.economies_dir.name}/")
    if year is not None:
        repo.report(economy, year)
