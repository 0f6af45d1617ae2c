"""Rendering every report of the repository, one worker process per core."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ctt.catalogue import Catalogue
from ctt.problems import Problem
from ctt.repo import ReportRef, Repository


@dataclass(frozen=True)
class Job:
    """What every worker renders with."""

    root: Path
    formats: tuple[str, ...]
    out_dir: Path
    redact: bool
    reference_docx: Path | None


@dataclass
class Outcome:
    """A rendered report's files, or the errors that kept it from rendering."""

    ref: ReportRef
    written: list[Path]
    problems: list[Problem]


def _render_one(job: Job, ref: ReportRef) -> Outcome:
    from ctt.catalogue import load_catalogue
    from ctt.render import RenderOptions, ReportInvalid, load_report, output_stem, render_report

    repo = Repository(job.root)
    catalogue = _catalogue_cache.get(job.root)
    if catalogue is None:
        catalogue = _catalogue_cache[job.root] = load_catalogue(repo)
    try:
        report, _ = load_report(repo, catalogue, ref, redact=job.redact)
    except ReportInvalid as exc:
        return Outcome(ref, [], [p for p in exc.problems if p.severity == "error"])
    options = RenderOptions(reference_docx=job.reference_docx)
    stem = output_stem(ref, job.redact)
    written = render_report(repo, report, list(job.formats), job.out_dir, stem, options)
    return Outcome(ref, written, [])


_catalogue_cache: dict[Path, Catalogue] = {}


def render_all(job: Job, refs: list[ReportRef], jobs: int) -> Iterator[Outcome]:
    """Render every report, each outcome as soon as it is ready; with `jobs` > 1, on that
    many processes. Order is kept."""
    if jobs <= 1 or len(refs) < 2:
        yield from (_render_one(job, ref) for ref in refs)
        return
    from concurrent.futures import ProcessPoolExecutor  # 15 ms: only when it is used

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_render_one, [job] * len(refs), refs, chunksize=4)
