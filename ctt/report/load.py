"""Loading a report: check it, stop on its errors, build it as objects."""

from __future__ import annotations

from collections.abc import Sequence

from ctt.catalogue.catalogue import Catalogue
from ctt.check.validate import ReportCheck, Validator
from ctt.errors import ProblemsError
from ctt.problems import Problem
from ctt.report.model import Report, build_report
from ctt.store.repo import ReportRef, Repository

FIX_FIRST = "fix them first"


class ReportInvalid(ProblemsError):
    """A report (or one of its files) has errors, so it cannot be used; carries the problems."""

    def __init__(self, name: str, problems: Sequence[Problem], advice: str = FIX_FIRST) -> None:
        errors = sum(p.severity == "error" for p in problems)
        super().__init__(f"{name} has {errors} error(s); {advice}", problems)

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return [p for p in self.problems if p.severity == "error"]


def require_valid(check: ReportCheck, advice: str = FIX_FIRST) -> ReportCheck:
    """The check, when the report has no errors; ReportInvalid with its problems otherwise."""
    if not check.ok:
        raise ReportInvalid(f"{check.ref.economy} {check.ref.year}", check.problems, advice)
    return check


def build_checked(check: ReportCheck, catalogue: Catalogue, redact: bool = False) -> Report:
    """The checked report as objects; ReportInvalid when it has errors."""
    return build_report(require_valid(check).documents, catalogue, redact=redact)


def load_report(
    repo: Repository, catalogue: Catalogue, ref: ReportRef, redact: bool = False
) -> tuple[Report, list[Problem]]:
    """The report as objects, with its warnings; ReportInvalid when it has errors."""
    check = Validator(repo, catalogue).check_report(ref)
    return build_checked(check, catalogue, redact), check.problems
