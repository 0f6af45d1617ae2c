"""What one `ctt validate` run checks: every report, an economy's, one report, some files,
or what a commit touches; with the results cache around it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ctt.catalogue.catalogue import Catalogue
from ctt.catalogue.economy import require_reports
from ctt.check.cache import open_cache
from ctt.check.validate import ValidationResult, Validator
from ctt.store.repo import Repository


@dataclass(frozen=True)
class Targets:
    """What to check: an economy (and year), files, or (hook) the folders files belong to."""

    economy: str | None = None
    year: int | None = None
    files: list[Path] = field(default_factory=list)
    hook: bool = False


def validate_targets(
    repo: Repository, catalogue: Catalogue, targets: Targets, jobs: int, use_cache: bool = True
) -> ValidationResult:
    """Check the targets (reports on `jobs` processes); the cache is read and saved."""
    cache = open_cache(repo, enabled=use_cache)
    result = _check(Validator(repo, catalogue, cache), targets, jobs)
    if cache is not None:
        cache.save()
    return result


def _check(validator: Validator, targets: Targets, jobs: int) -> ValidationResult:
    """The one check that fits the targets; files named beside reports are added to them."""
    if targets.hook:
        from ctt.check.hook import hook_targets, staged_deletions

        repo = validator.repo
        return validator.check_targets(hook_targets(repo, targets.files, staged_deletions(repo)))
    if targets.files and targets.economy is None:
        return validator.check_files(targets.files)
    if targets.economy is not None:
        require_reports(validator.repo, validator.catalogue, targets.economy, targets.year)
    result = validator.check_repository(targets.economy, targets.year, jobs)
    if targets.files:
        extra = validator.check_files(targets.files)
        result.problems = sorted(set(result.problems + extra.problems))
        result.files += extra.files
    return result
