"""The Word downloads of a build made on every core: python-docx is most of a first build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ctt.catalogue.catalogue import Catalogue
from ctt.store.repo import ReportRef, Repository

PARALLEL_MIN = 8  # below this many, starting workers costs more than it saves
_catalogues: dict[Path, Catalogue] = {}  # each worker reads the catalogue once


def _docx(root: Path, ref: ReportRef, public: bool) -> bytes | None:
    """A report's .docx as `ctt render` (with --redact contacts when public) makes it; None
    when it cannot be made here (the main process then makes it, and says why)."""
    from ctt.catalogue.catalogue import load_catalogue
    from ctt.errors import CttError
    from ctt.render.render import FORMAT_BY_NAME
    from ctt.report.load import load_report

    repo = Repository(root)
    try:
        if root not in _catalogues:
            _catalogues[root] = load_catalogue(repo)
        report, _ = load_report(repo, _catalogues[root], ref, redact=public)
        return FORMAT_BY_NAME["docx"].render(report, repo)
    except CttError:
        return None


def make_docx(
    root: Path, refs: list[ReportRef], public: bool, jobs: int
) -> Iterator[tuple[ReportRef, bytes | None]]:
    """Each report's .docx, in order, made by `jobs` processes; nothing when too few to gain."""
    if jobs <= 1 or len(refs) < PARALLEL_MIN:
        return
    from concurrent.futures import ProcessPoolExecutor

    count = len(refs)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        made = pool.map(_docx, [root] * count, refs, [public] * count, chunksize=2)
        yield from zip(refs, made, strict=True)
