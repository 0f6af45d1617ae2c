"""Building the site: check the reports, plan the pages, make only those whose inputs changed,
write only the files whose bytes changed, remove what the last build wrote and no longer has."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from ctt.catalogue.catalogue import Catalogue
from ctt.errors import UsageError
from ctt.region.region import Skipped
from ctt.render.digests import tool_digest
from ctt.site import layout
from ctt.site.context import SiteContext
from ctt.site.docs import doc_files, read_text, title_of
from ctt.site.library import Library
from ctt.site.manifest import Manifest, load_manifest
from ctt.site.plan import Page, plan_pages
from ctt.site.workers import make_docx
from ctt.store.fsutil import write_output
from ctt.store.repo import ReportRef, Repository

Outcome = Literal["written", "unchanged"]
# The first part of every path the site writes: a stale path outside these is never removed.
OWN_TOPS = frozenset({"index.html", "search.html", "search-index.js", "assets", "reports",
                      "economies", "changes", "region", "docs"})  # fmt: skip


def default_dir(repo: Repository, public: bool) -> Path:
    """build/site/ for the public site, build/site-internal/ for the one with contacts."""
    return repo.build_dir / (layout.PUBLIC_DIR if public else layout.INTERNAL_DIR)


@dataclass
class SiteResult:
    """What a build did: files written and unchanged, stale files removed, reports left out."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class SiteBuild:
    """One build of the site into a folder (checked by the caller: see check_output_dir)."""

    def __init__(self, repo: Repository, catalogue: Catalogue, out_dir: Path, public: bool):
        self.out_dir = out_dir
        self.kind = "public" if public else "internal"
        previous = load_manifest(out_dir / layout.MANIFEST)
        if previous is not None and previous.kind != self.kind:
            other = "with contacts (--with-contacts)" if previous.kind == "internal" else "public"
            raise UsageError(
                f"{out_dir}: holds the site {other}; build this one into another folder "
                "(--out), so that the two never mix"
            )
        self.tool = tool_digest(repo)
        self.previous = previous if previous is not None else Manifest(self.kind)
        self.manifest = Manifest(self.kind, self.tool)
        docs = [(p.stem, title_of(read_text(p), p.stem)) for p in doc_files(repo.root / "docs")]
        library = Library(repo, catalogue, public)
        self.context = SiteContext(repo, catalogue, library, docs, public)
        self.result = SiteResult()
        self._folders: set[Path] = set()

    @property
    def reports(self) -> list[ReportRef]:
        """Every report folder of the repository."""
        return self.context.library.refs

    def check(self) -> Iterator[ReportRef]:
        """Check the reports, yielding each; those unchanged and valid last time are not read."""
        vouched = self.previous.valid if self.previous.tool == self.tool else {}
        yield from self.context.library.check(vouched)
        self.result.skipped = list(self.context.library.skipped)

    def plan(self) -> list[Page]:
        """Every file of the site (after check)."""
        return plan_pages(self.context, self.tool)

    def run(self, pages: list[Page], jobs: int = 1) -> Iterator[Page]:
        """Build every page, yielding each when done: first the Word downloads to make, on
        `jobs` processes, then the rest."""
        due = {p.docx: p for p in pages if p.docx is not None and not self._fresh(p)}
        done: set[str] = set()
        context = self.context
        for ref, data in make_docx(context.repo.root, list(due), context.public, jobs):
            if data is not None:  # else made below, where its error shows
                self.build(due[ref], data)
                done.add(due[ref].path)
                yield due[ref]
        for page in pages:
            if page.path not in done:
                self.build(page)
                yield page

    def _fresh(self, page: Page) -> bool:
        return self.previous.fresh(page.path, page.inputs, self.out_dir)

    def build(self, page: Page, data: bytes | None = None) -> Outcome:
        """Make a page (unless `data` is given, or its file is as its inputs would make it);
        write it if its bytes changed."""
        target = self.out_dir / page.path
        if data is None and self._fresh(page):
            self.manifest.pages[page.path] = self.previous.pages[page.path]
            self.result.unchanged += 1
            return "unchanged"
        data = page.make() if data is None else data
        self._check_folder(target.parent)
        outcome: Outcome = "unchanged" if _same_bytes(target, data) else "written"
        if outcome == "written":
            write_output(target, data)
            self.result.written.append(page.path)
        else:
            self.result.unchanged += 1
        self.manifest.record(page.path, page.inputs, self.out_dir)
        return outcome

    def finish(self) -> SiteResult:
        """Remove the files of the last build that this one no longer has; save the manifest."""
        for path in sorted(set(self.previous.pages) - set(self.manifest.pages)):
            if _own(path) and self._remove(self.out_dir / path):
                self.result.removed.append(path)
        self.manifest.valid = self.context.library.vouched()
        target = self.out_dir / layout.MANIFEST
        data = self.manifest.dumps()
        if not _same_bytes(target, data):
            write_output(target, data)
        return self.result

    def _check_folder(self, folder: Path) -> None:
        """Refuse to write through a link inside the site's folder."""
        if folder in self._folders:
            return
        for part in (folder, *folder.parents):
            if part == self.out_dir:
                break
            if part.is_symlink():
                raise UsageError(f"{part}: is a symbolic link; refusing to write through it")
        self._folders.add(folder)

    def _remove(self, path: Path) -> bool:
        try:
            info = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode):
            return False
        self._check_folder(path.parent)
        with contextlib.suppress(OSError):
            path.unlink()
            return True
        return False


def _own(path: str) -> bool:
    """Whether a path from a manifest is one the site writes (never `..`, never absolute)."""
    parts = PurePosixPath(path).parts
    return bool(parts) and parts[0] in OWN_TOPS and ".." not in parts and not path.startswith("/")


def _same_bytes(path: Path, data: bytes) -> bool:
    """Whether `path` is a regular file holding exactly `data`."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False
