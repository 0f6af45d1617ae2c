"""Rendering every report of the repository, one worker process per core; only the files
whose inputs changed since the last run (a manifest in the output folder says which)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ctt
from ctt.catalogue.catalogue import Catalogue
from ctt.problems import Problem
from ctt.render.digests import digest, file_digest, folder_digest, tool_digest
from ctt.render.outputs import (
    OutputRecord,
    is_fresh,
    load_manifest_json,
    record_output,
    records_from_json,
)
from ctt.store.fsutil import atomic_write
from ctt.store.repo import ReportRef, Repository

MANIFEST = ".ctt-render.json"  # in the output folder: build output, never committed
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class Job:
    """What every worker renders with."""

    root: Path
    formats: tuple[str, ...]
    out_dir: Path
    redact: bool
    reference_docx: Path | None


@dataclass(frozen=True)
class Work:
    """One report to render: the formats whose files are out of date, and the digest of
    the inputs of each file (by file name)."""

    ref: ReportRef
    formats: tuple[str, ...]
    inputs: dict[str, str]


@dataclass
class Outcome:
    """A rendered report's files, or the errors that kept it from rendering."""

    ref: ReportRef
    written: list[Path]
    problems: list[Problem]


def _render_one(job: Job, work: Work) -> Outcome:
    from ctt.catalogue.catalogue import load_catalogue
    from ctt.render.outfiles import output_stem
    from ctt.render.render import RenderOptions, render_report
    from ctt.report.load import ReportInvalid, load_report

    repo = Repository(job.root)
    ref = work.ref
    catalogue = _catalogue_cache.get(job.root)
    if catalogue is None:
        catalogue = _catalogue_cache[job.root] = load_catalogue(repo)
    try:
        report, _ = load_report(repo, catalogue, ref, redact=job.redact)
    except ReportInvalid as exc:
        return Outcome(ref, [], exc.errors)
    options = RenderOptions(reference_docx=job.reference_docx)
    stem = output_stem(ref, job.redact)
    written = render_report(repo, report, list(work.formats), job.out_dir, stem, options)
    return Outcome(ref, written, [])


_catalogue_cache: dict[Path, Catalogue] = {}


def render_all(job: Job, work: list[Work], jobs: int) -> Iterator[Outcome]:
    """Render each report's out-of-date files, each outcome as soon as it is ready; with
    `jobs` > 1, on that many processes. Order is kept."""
    if jobs <= 1 or len(work) < 2:
        yield from (_render_one(job, item) for item in work)
        return
    from concurrent.futures import ProcessPoolExecutor  # 15 ms: only when it is used

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_render_one, [job] * len(work), work, chunksize=4)


@dataclass
class RenderRun:
    """`render --all` made incremental: which files are out of date, and the record of what
    each file was made from, saved when the run ends."""

    job: Job
    work: list[Work] = field(default_factory=list)
    unchanged: int = 0
    records: dict[str, OutputRecord] = field(default_factory=dict)

    def outcomes(self, jobs: int) -> Iterator[Outcome]:
        """Render what is out of date, recording each file written."""
        inputs = {item.ref: item.inputs for item in self.work}
        for outcome in render_all(self.job, self.work, jobs):
            for path in outcome.written:
                record_output(self.records, path.name, inputs[outcome.ref][path.name], path.parent)
            yield outcome

    def save(self) -> None:
        """Write the manifest; a folder that cannot take it only costs a full render next."""
        data = {
            "format": MANIFEST_FORMAT,
            "outputs": {name: r.row() for name, r in sorted(self.records.items())},
        }
        with contextlib.suppress(OSError):
            atomic_write(self.job.out_dir / MANIFEST, json.dumps(data, indent=0).encode())


def plan_render(repo: Repository, job: Job, refs: list[ReportRef], force: bool) -> RenderRun:
    """Which files of which reports to render: those whose inputs (the report's files, the
    catalogue and schemas, the templates, ctt itself, the format and options, the reference
    .docx) changed, or that are no longer as written; every one with `force`."""
    from ctt.render.outfiles import output_stem
    from ctt.render.render import FORMAT_BY_NAME

    run = RenderRun(job, records=load_records(job.out_dir / MANIFEST))
    reference = file_digest(job.reference_docx) if job.reference_docx else "-"
    common = digest(tool_digest(repo), ctt.__version__, f"redact={job.redact}")
    for ref in refs:
        folder = folder_digest(ref.path)
        stem = output_stem(ref, job.redact)
        stale, inputs = [], {}
        for name in job.formats:
            file_name = f"{stem}.{FORMAT_BY_NAME[name].extension}"
            extra = reference if name == "docx" else "-"
            inputs[file_name] = digest(common, name, extra, folder)
            if force or not is_fresh(run.records, file_name, inputs[file_name], job.out_dir):
                stale.append(name)
            else:
                run.unchanged += 1
        if stale:
            run.work.append(Work(ref, tuple(stale), inputs))
    return run


def load_records(path: Path) -> dict[str, OutputRecord]:
    """The records of an earlier run; none when there is no manifest or it cannot be read."""
    records = load_manifest_json(path, MANIFEST_FORMAT, lambda d: records_from_json(d["outputs"]))
    return records or {}
