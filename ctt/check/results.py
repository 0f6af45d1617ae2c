"""The outcome of a check: a report folder's problems and loaded files, or a whole run's."""

from __future__ import annotations

from dataclasses import dataclass, field

from ctt.problems import Problem
from ctt.store.repo import ReportRef
from ctt.store.yamlfile import YamlDocument


@dataclass
class ReportCheck:
    """The outcome of checking one report folder: its problems and its loaded files."""

    ref: ReportRef
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, YamlDocument] = field(default_factory=dict)
    checked: int = 0

    @property
    def ok(self) -> bool:
        """True when the report has no errors (warnings allowed)."""
        return not any(p.severity == "error" for p in self.problems)

    def as_result(self) -> ValidationResult:
        """The same problems as a ValidationResult, for the reporters."""
        return ValidationResult(list(self.problems), self.checked)


@dataclass
class ValidationResult:
    """Every problem found, and how many files were checked."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return sum(p.severity == "warning" for p in self.problems)
