"""The reports the site shows: each folder's digest, which are valid, and each report loaded
once (public: contact points without telephone, fax and email) when a page needs it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ctt.catalogue.catalogue import Catalogue
from ctt.check.validate import ReportCheck, Validator
from ctt.errors import DataError
from ctt.problems import Problem, display_path
from ctt.region.region import Skipped
from ctt.region.status import ReportStatus, StatusReader
from ctt.render.digests import folder_digest
from ctt.report.load import ReportInvalid, build_checked
from ctt.report.model import Report
from ctt.store.repo import ReportRef, Repository


@dataclass
class Loaded:
    """A valid report as the site shows it, and its status (completeness)."""

    report: Report
    status: ReportStatus


@dataclass
class Library:
    """Every report folder of the repository, checked once, loaded when first needed."""

    repo: Repository
    catalogue: Catalogue
    public: bool
    refs: list[ReportRef] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    _valid: set[str] = field(default_factory=set)
    _loaded: dict[str, Loaded] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.validator = Validator(self.repo, self.catalogue)
        self.status_reader = StatusReader(self.repo, self.catalogue)
        self.refs = self.repo.reports()
        self.digests = {ref.name: folder_digest(ref.path) for ref in self.refs}

    def check(self, vouched: dict[str, str]) -> Iterator[ReportRef]:
        """Check every report, yielding each in turn; a folder whose digest `vouched` holds
        (valid in the last build, unchanged since) is not read again."""
        strays: set[str] = set()
        for ref in self.refs:
            yield ref
            if ref.economy not in self.catalogue.economies:
                if ref.economy not in strays:
                    strays.add(ref.economy)
                    shown = display_path(ref.path.parent, self.repo.root)
                    reason = (
                        f"{shown}: {ref.economy!r} is not an APEC economy "
                        "(see schema/economies.yaml); not included"
                    )
                    self.skipped.append(Skipped(ref, reason))
                continue
            if vouched.get(ref.name) == self.digests[ref.name]:
                self._valid.add(ref.name)
                continue
            errors = self._load(ref)
            if errors:
                reason = (
                    f"{ref.economy} {ref.year} has {len(errors)} error(s); not included "
                    f"(ctt validate {ref.economy} {ref.year})"
                )
                self.skipped.append(Skipped(ref, reason, errors))
            else:
                self._valid.add(ref.name)

    def _load(self, ref: ReportRef) -> list[Problem]:
        check: ReportCheck = self.validator.check_report(ref)
        try:
            report = build_checked(check, self.catalogue, redact=self.public)
        except ReportInvalid as exc:
            return exc.errors
        self._loaded[ref.name] = Loaded(report, self.status_reader.of_check(check))
        return []

    @property
    def valid(self) -> list[ReportRef]:
        """The valid reports of APEC economies, by economy then year."""
        return [ref for ref in self.refs if ref.name in self._valid]

    def vouched(self) -> dict[str, str]:
        """The digest of every valid report folder, for the next build."""
        return {ref.name: self.digests[ref.name] for ref in self.valid}

    def by_economy(self) -> dict[str, list[ReportRef]]:
        """Each economy's valid reports, oldest first."""
        found: dict[str, list[ReportRef]] = {}
        for ref in self.valid:
            found.setdefault(ref.economy, []).append(ref)
        return found

    def get(self, ref: ReportRef) -> Loaded:
        """A valid report, loaded on first use."""
        if ref.name not in self._loaded and self._load(ref):
            raise DataError(f"{ref.economy} {ref.year} has errors (run ctt validate)")
        return self._loaded[ref.name]

    def report(self, ref: ReportRef) -> Report:
        """A valid report as the site shows it."""
        return self.get(ref).report

    def load_or_errors(self, ref: ReportRef) -> Report | list[Problem]:
        """A report, or its errors when it is not valid (for the region of a year)."""
        if ref.name not in self._valid:
            problems = [s.problems for s in self.skipped if s.ref == ref]
            return problems[0] if problems else []
        return self.report(ref)
