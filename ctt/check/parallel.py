"""Checking many reports on every core: one worker process per core; results and new cache
entries come back to the main process. The worker's functions are the caller's (validate's),
so that this module needs nothing of the Validator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ctt.problems import Problem
from ctt.store.repo import ReportRef

PARALLEL_MIN_REPORTS = 24  # below this, starting workers costs more than it saves


@dataclass
class Checked:
    """A report checked by a worker: its problems, files checked, and what the cache learnt
    (entries by key, and the stat of each file read)."""

    problems: list[Problem]
    files: int
    entries: dict[str, list[list[object]]]
    index: dict[str, list[object]]


# In a worker process: start(root, fingerprint, secret) once, then check(batch) per batch.
Start = Callable[[Path, str, bytes], None]
Check = Callable[[list[ReportRef]], list[Checked]]


def check_reports(
    worker: tuple[Start, Check],
    root: Path,
    cache_key: tuple[str, bytes],
    refs: list[ReportRef],
    jobs: int,
) -> list[Checked]:
    """What each report's check found, checked on `jobs` cores by a worker's two functions
    (module-level, so that they can be named to another process); `cache_key` is the
    cache's fingerprint and secret."""
    start, check = worker
    batches = [refs[i :: jobs * 4] for i in range(jobs * 4)]
    results: dict[ReportRef, Checked] = {}
    from concurrent.futures import ProcessPoolExecutor  # 15 ms: only when it is used

    with ProcessPoolExecutor(
        max_workers=jobs, initializer=start, initargs=(root, *cache_key)
    ) as pool:
        for batch, outcome in zip(batches, pool.map(check, batches), strict=True):
            results.update(zip(batch, outcome, strict=True))
    return [results[ref] for ref in refs]
