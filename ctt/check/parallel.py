"""Checking many reports on every core: one worker process per core, each with its own
Validator; results and new cache entries come back to the main process."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctt.check.cache import ValidationCache
from ctt.problems import Problem
from ctt.store.repo import ReportRef, Repository

PARALLEL_MIN_REPORTS = 24  # below this, starting workers costs more than it saves

_worker: object = None  # the worker process's Validator


def _start(root: Path, fingerprint: str, secret: bytes) -> None:
    global _worker
    from ctt.catalogue.catalogue import load_catalogue
    from ctt.check.validate import Validator

    repo = Repository(root)
    catalogue = load_catalogue(repo)
    _worker = Validator(repo, catalogue, ValidationCache.memory(fingerprint, secret))


@dataclass
class Checked:
    """A report checked by a worker: its problems, files checked, and what the cache learnt
    (entries by key, and the stat of each file read)."""

    problems: list[Problem]
    files: int
    entries: dict[str, list[list[object]]]
    index: dict[str, list[object]]


def _check(refs: list[ReportRef]) -> list[Checked]:
    from ctt.check.validate import Validator

    assert isinstance(_worker, Validator)
    results = []
    for ref in refs:
        cache = _worker.cache
        assert cache is not None
        cache.entries, cache.index = {}, {}
        check = _worker.check_report(ref)
        results.append(Checked(check.problems, check.checked, cache.entries, cache.index))
    return results


def check_reports(
    root: Path, fingerprint: str, secret: bytes, refs: list[ReportRef], jobs: int
) -> list[Checked]:
    """What each report's check found, checked on `jobs` cores."""
    batches = [refs[i :: jobs * 4] for i in range(jobs * 4)]
    results: dict[ReportRef, Checked] = {}
    from concurrent.futures import ProcessPoolExecutor  # 15 ms: only when it is used

    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start, initargs=(root, fingerprint, secret)
    ) as pool:
        for batch, outcome in zip(batches, pool.map(_check, batches), strict=True):
            results.update(zip(batch, outcome, strict=True))
    return [results[ref] for ref in refs]
