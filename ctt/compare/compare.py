"""Comparing reports: two years of an economy, or the working tree against a git revision."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ctt.compare.diff import ReportDiff, diff_reports
from ctt.errors import UsageError
from ctt.store.gitrev import Revision, changed_reports, open_revision
from ctt.store.repo import ReportRef, Repository
from ctt.store.worktree import ReportKey

if TYPE_CHECKING:
    from ctt.catalogue.catalogue import Catalogue
    from ctt.report.model import Report

# ctt.report.load and ctt.check.validate are imported only to read a report: with nothing
# changed since the revision, `ctt diff --base` reads none and is done sooner without them.


def diff_years(
    repo: Repository, catalogue: Catalogue, economy: str, old_year: int, new_year: int
) -> ReportDiff:
    """What changed from one year's report of an economy to another's."""
    from ctt.report.load import load_report

    old, _ = load_report(repo, catalogue, repo.report(economy, old_year))
    new, _ = load_report(repo, catalogue, repo.report(economy, new_year))
    return diff_reports(old, new, f"{economy} {old_year}", f"{economy} {new_year}")


@dataclass
class BaseComparison:
    """The diffs of every report changed since a revision, and the reports left out."""

    revision: Revision
    diffs: list[ReportDiff]
    notes: list[str]
    first: list[ReportRef] = field(default_factory=list)  # new, no earlier report to compare

    def messages(self) -> list[str]:
        """The notes, then a line for each first report of an economy."""
        return self.notes + [
            f"{ref.economy} {ref.year} is new and has no earlier report to compare"
            for ref in self.first
        ]


def _revision_report(
    repo: Repository,
    catalogue: Catalogue,
    revision: Revision,
    key: tuple[str, int],
    files: dict[str, bytes],
) -> Report:
    from ctt.check.validate import Validator
    from ctt.report.load import build_checked

    economy, year = key
    ref = ReportRef(economy, year, repo.economies_dir / economy / str(year))
    prefix = f"{revision.name}:economies/{economy}/{year}/"
    return build_checked(Validator(repo, catalogue).check_sources(ref, files, prefix), catalogue)


def _working_report(repo: Repository, catalogue: Catalogue, ref: ReportRef) -> Report:
    from ctt.report.load import load_report

    return load_report(repo, catalogue, ref)[0]


def diff_base(
    repo: Repository,
    catalogue: Catalogue,
    revision_name: str,
    economy: str | None = None,
    year: int | None = None,
    keep_going: bool = False,
) -> BaseComparison:
    """Each report changed in the working tree since the revision, against its old self.

    A report folder new since the revision is compared with the economy's latest earlier
    report at the revision. A report with errors stops the comparison, or, with
    `keep_going`, is left out with a note.
    """
    from ctt.report.load import ReportInvalid

    revision = open_revision(repo.root, revision_name)
    if economy is not None and year is not None:
        wanted = {(economy, year)}
        repo.report(economy, year)
    else:
        wanted = changed_reports(repo.root, revision, economy)
    old_reports = revision.folders
    result = BaseComparison(revision, [], [])
    pairs: list[tuple[ReportRef, ReportKey]] = []
    for key in sorted(wanted):
        folder = repo.economies_dir / key[0] / str(key[1])
        if not folder.is_dir():
            result.notes.append(f"{key[0]} {key[1]} was removed since {revision_name}")
            continue
        if key in old_reports:
            old_key = key
        else:
            earlier = [k for k in old_reports if k[0] == key[0] and k[1] < key[1]]
            if not earlier:
                result.first.append(ReportRef(key[0], key[1], folder))
                continue
            old_key = max(earlier)
        pairs.append((ReportRef(key[0], key[1], folder), old_key))
    # Only the revision's blobs of the reports compared are read, all at once.
    contents = revision.read({old_key for _, old_key in pairs}, catalogue.report_files)
    for ref, old_key in pairs:
        old_label = f"{old_key[0]} {old_key[1]} at {revision_name}"
        try:
            new = _working_report(repo, catalogue, ref)
            old = _revision_report(repo, catalogue, revision, old_key, contents[old_key])
        except ReportInvalid as exc:
            if not keep_going:
                raise
            result.notes.append(f"{exc.message}: not compared with {old_label}")
            continue
        new_label = f"{ref.economy} {ref.year} (working tree)"
        result.diffs.append(diff_reports(old, new, old_label, new_label))
    if economy is not None and not result.diffs and not repo.reports(economy):
        raise UsageError(f"no reports for {economy}")
    return result
