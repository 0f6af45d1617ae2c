"""Validation: every file of every report, checked by schema and lint rules."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ctt.catalogue.catalogue import REPORT_FILE, Catalogue, load_catalogue
from ctt.check.cache import ValidationCache
from ctt.check.parallel import PARALLEL_MIN_REPORTS, Checked
from ctt.check.results import ReportCheck as ReportCheck
from ctt.check.results import ValidationResult as ValidationResult
from ctt.problems import Problem, display_path
from ctt.store import yamlfile
from ctt.store.fsutil import is_file
from ctt.store.repo import LINKED_OUT, ReportRef, Repository, is_year
from ctt.store.yamlfile import YamlDocument

if TYPE_CHECKING:
    from ctt.catalogue.schemas import SchemaChecker
    from ctt.check.hook import HookTargets
    from ctt.check.lint import Linter


class Validator:
    """Checks files and report folders of one repository against its catalogue."""

    def __init__(
        self, repo: Repository, catalogue: Catalogue, cache: ValidationCache | None = None
    ) -> None:
        self.repo = repo
        self.catalogue = catalogue
        self.cache = cache
        # A file's key and bytes, read by cached_report, for check_file to take over.
        self._read: dict[Path, tuple[str, bytes]] = {}
        self._outside: dict[Path, bool] = {}  # whether an economy folder leads out

    @cached_property
    def schemas(self) -> SchemaChecker:
        """The schema checks, made when a file is first checked (a warm run checks none)."""
        from ctt.catalogue import schemas

        return schemas.SchemaChecker(self.repo.schema_file, self.catalogue.answer_keys)

    @cached_property
    def linter(self) -> Linter:
        """The lint rules, made when a file is first checked."""
        from ctt.check import lint

        return lint.Linter(self.catalogue)

    def shown(self, path: Path) -> str:
        """A path as printed in problems."""
        return display_path(path, self.repo.root)

    def _problem(self, path: Path, message: str, rule: str, warning: bool = False) -> Problem:
        return Problem(self.shown(path), 1, 1, "warning" if warning else "error", message, rule)

    def kind_of(self, path: Path, doc: YamlDocument | None = None) -> str | None:
        """'report' or 'section' by file name (or content, outside a report folder)."""
        if path.name == REPORT_FILE:
            return "report"
        if path.name in self.catalogue.section_files:
            return "section"
        if doc is not None and isinstance(doc.data, dict):
            return "section" if "section" in doc.data else "report"
        return None

    def check_file(
        self, path: Path, report: ReportRef | None = None
    ) -> tuple[list[Problem], YamlDocument | None]:
        """Every problem of one file; its document when it could be read."""
        shown = self.shown(path)
        info = _lstat(path)
        # In a report folder already found not to lead out, only a link can.
        suspect = (info is not None and stat.S_ISLNK(info.st_mode)) if report is not None else True
        if suspect and self.repo.escapes(path):
            return [self._problem(path, LINKED_OUT, "symlink")], None
        key = None
        try:
            if self.cache is None:
                doc = yamlfile.load(path)
            else:
                key, raw, cached = self._lookup(path, shown, info)
                if cached is not None:
                    return cached, None
                doc = yamlfile.parse(yamlfile.decode(raw), path)
        except yamlfile.YamlError as exc:
            problems = [Problem(shown, exc.line, exc.column, "error", exc.message, exc.rule)]
            if key is not None and self.cache is not None:
                self.cache.put(key, problems)
            return problems, None
        problems = self.check_document(doc, path, shown, report)
        if key is not None and self.cache is not None:
            self.cache.put(key, problems)
        return problems, doc

    def _lookup(
        self, path: Path, shown: str, info: os.stat_result | None
    ) -> tuple[str, bytes, list[Problem] | None]:
        """A file's key, its bytes (empty when not read) and its recorded problems: without
        reading it when the index vouches for its stat. YamlError when it cannot be read."""
        assert self.cache is not None
        taken = self._read.pop(path, None)
        if taken is not None:
            return taken[0], taken[1], None  # cached_report found no entry for these bytes
        regular = info is not None and stat.S_ISREG(info.st_mode)
        if info is not None and regular:
            vouched = self.cache.vouched(shown, info)
            cached = self.cache.get(vouched) if vouched is not None else None
            if vouched is not None and cached is not None:
                return vouched, b"", cached
        raw = yamlfile.read(path)
        key = self.cache.key(shown, raw)
        if info is not None and regular:
            self.cache.note(shown, info, key)
        return key, raw, self.cache.get(key)

    def check_document(
        self, doc: YamlDocument, path: Path, shown: str, report: ReportRef | None = None
    ) -> list[Problem]:
        """Every schema, lint and folder problem of one loaded file."""
        kind = self.kind_of(path, doc)
        if kind is None:
            return []
        # A section file's name says which section it is, whatever its `section` key says.
        by_name = self.catalogue.section_files.get(path.name)
        problems = self.schemas.check(doc, kind, shown)
        problems += self.linter.check(doc, kind, shown, by_name.id if by_name else None)
        report = report or self._report_of(path)
        if report is not None and isinstance(doc.data, dict):
            problems += self._folder_problems(doc, kind, report, path, shown)
        return sorted(set(problems))

    def check_sources(self, ref: ReportRef, files: Mapping[str, bytes], prefix: str) -> ReportCheck:
        """Check a report given as file contents (read from a git revision, say)."""
        result = ReportCheck(ref)
        for name in self.catalogue.report_files:
            shown = f"{prefix}{name}"
            if name not in files:
                result.problems.append(
                    Problem(shown, 1, 1, "error", "file is missing", "missing-file")
                )
                continue
            try:
                doc = yamlfile.parse(yamlfile.decode(files[name]), ref.path / name)
            except yamlfile.YamlError as exc:
                result.problems.append(
                    Problem(shown, exc.line, exc.column, "error", exc.message, exc.rule)
                )
                continue
            result.problems += self.check_document(doc, ref.path / name, shown, ref)
            result.documents[name] = doc
            result.checked += 1
        return result

    def _report_of(self, path: Path) -> ReportRef | None:
        folder = path.resolve().parent
        try:
            relative = folder.relative_to(self.repo.economies_dir.resolve())
        except ValueError:
            return None
        parts = relative.parts
        if len(parts) == 2 and is_year(parts[1]):
            return ReportRef(parts[0], int(parts[1]), folder)
        return None

    def _folder_problems(
        self, doc: YamlDocument, kind: str, report: ReportRef, path: Path, shown: str
    ) -> list[Problem]:
        problems = []
        data = doc.data
        expected: dict[str, object] = {"economy": report.economy, "year": report.year}
        for key, value in expected.items():
            # A value of the wrong type (year: '2021') is the schema's to report, once.
            if key in data and type(data[key]) is type(value) and data[key] != value:
                mark = doc.mark((key,))
                message = f"{key} is {data[key]!r} but the file is in the folder for {value!r}"
                problems.append(
                    Problem(shown, mark.line, mark.column, "error", message, "folder-mismatch")
                )
        if kind == "section" and path.name in self.catalogue.section_files:
            want = self.catalogue.section_files[path.name].id
            if "section" in data and data["section"] != want:
                mark = doc.mark(("section",))
                message = (
                    f"section is {data['section']!r} but the file {path.name} is section {want!r}"
                )
                problems.append(
                    Problem(shown, mark.line, mark.column, "error", message, "section-mismatch")
                )
        return problems

    def check_report(self, ref: ReportRef) -> ReportCheck:
        """Check one report folder: every file, and that none is missing."""
        result = ReportCheck(ref)
        if self._leads_out(ref.path):
            result.problems.append(self._problem(ref.path, LINKED_OUT, "symlink"))
            return result
        expected = self.catalogue.report_files
        for name in expected:
            path = ref.path / name
            if not path.is_file() and not path.is_symlink():
                what = "report header" if name == REPORT_FILE else "section file"
                rule = "missing-file" if name == REPORT_FILE else "missing-section"
                result.problems.append(self._problem(path, f"{what} is missing", rule))
                continue
            problems, doc = self.check_file(path, ref)
            result.problems += problems
            result.checked += 1
            if doc is not None:
                result.documents[name] = doc
        result.problems += self._unknown_files(ref, expected)
        return result

    def _unknown_files(self, ref: ReportRef, expected: tuple[str, ...]) -> list[Problem]:
        problems = []
        names = (n for n in os.listdir(ref.path) if n.endswith((".yaml", ".yml")))
        for name in sorted(n for n in names if n not in expected):
            path = ref.path / name
            if path.suffix not in (".yaml", ".yml"):
                continue  # ".yaml" alone is a name without a suffix
            message = "not a report file (ignored); expected one of: " + ", ".join(expected)
            problems.append(self._problem(path, message, "unknown-file", warning=True))
        return problems

    def _leads_out(self, folder: Path) -> bool:
        """Repository.escapes for a report folder, resolving its economy folder once: below
        an economy folder that does not lead out, only a folder that is a link can."""
        parent = folder.parent
        if parent not in self._outside:
            self._outside[parent] = self.repo.escapes(parent)
        info = _lstat(folder)
        if self._outside[parent] or info is None or stat.S_ISLNK(info.st_mode):
            return self.repo.escapes(folder)
        return False

    def cached_report(self, ref: ReportRef) -> ReportCheck | None:
        """The check of a report whose every file is in the cache; None otherwise."""
        cache = self.cache
        if cache is None or self._leads_out(ref.path):
            return None
        result = ReportCheck(ref)
        expected = self.catalogue.report_files
        folder, prefix = os.fspath(ref.path), self.shown(ref.path) + "/"
        for name in expected:
            info = _lstat(f"{folder}/{name}")
            if info is None or stat.S_ISLNK(info.st_mode):
                return None  # check_report decides about links and missing files
            shown = prefix + name
            # The common case first, without a Path: the index vouches for the file.
            vouched = cache.vouched(shown, info) if stat.S_ISREG(info.st_mode) else None
            problems = cache.get(vouched) if vouched is not None else None
            if problems is None:
                path = ref.path / name
                try:
                    key, raw, problems = self._lookup(path, shown, info)
                except yamlfile.YamlError:
                    return None  # unreadable: check_report says so
                if problems is None:
                    self._read[path] = (key, raw)  # check_file takes it from here: read once
                    return None
            result.problems += problems
            result.checked += 1
        result.problems += self._unknown_files(ref, expected)
        return result

    def check_repository(
        self, economy: str | None = None, year: int | None = None, jobs: int = 1
    ) -> ValidationResult:
        """Check every report (or one economy's, or one report) and the folder layout.

        With `jobs` > 1 and many reports not in the cache, they are checked on that many
        processes.
        """
        result = ValidationResult()
        refs: list[ReportRef] = []
        for economy_dir in self.repo.economy_dirs():
            if economy is not None and economy_dir.name != economy:
                continue
            if economy_dir.name not in self.catalogue.economies:
                message = f"unknown economy {economy_dir.name!r} (see schema/economies.yaml)"
                result.problems.append(self._problem(economy_dir, message, "unknown-economy"))
            for year_dir in self.repo.year_dirs(economy_dir):
                if not is_year(year_dir.name):
                    message = f"{year_dir.name!r} is not a report year folder (four digits)"
                    result.problems.append(self._problem(year_dir, message, "bad-folder"))
                    continue
                if year is not None and int(year_dir.name) != year:
                    continue
                refs.append(ReportRef(economy_dir.name, int(year_dir.name), year_dir))
        pending = []
        # Before sharing the work out, take what the cache vouches for (none when it is empty).
        recall = jobs > 1 and self.cache is not None and bool(self.cache.entries)
        for ref in refs:
            check = self.cached_report(ref) if recall else None
            if check is None:
                pending.append(ref)
            else:
                result.problems += check.problems
                result.files += check.checked
        if jobs > 1 and len(pending) >= PARALLEL_MIN_REPORTS:
            for checked in self._on_workers(pending, jobs):
                result.problems += checked.problems
                result.files += checked.files
                if self.cache is not None:
                    self.cache.merge(checked.entries, checked.index)
        else:
            for ref in pending:
                check = self.check_report(ref)
                result.problems += check.problems
                result.files += check.checked
        result.problems.sort()
        return result

    def _on_workers(self, refs: list[ReportRef], jobs: int) -> list[Checked]:
        """Check reports on `jobs` worker processes."""
        from ctt.check.parallel import check_reports

        global _forked_from
        cache_key = (self.cache.fingerprint, self.cache.secret) if self.cache else ("", b"")
        self._read.clear()  # the workers read those files themselves
        self.schemas.prepare()  # once here, not in every worker: a forked worker has them
        _forked_from = self
        try:
            worker = (_start_worker, _check_batch)
            return check_reports(worker, self.repo.root, cache_key, refs, jobs)
        finally:
            _forked_from = None

    def check_targets(self, targets: HookTargets) -> ValidationResult:
        """Check what a commit touches: whole report folders and single files (or all)."""
        if targets.everything:
            return self.check_repository()
        result = ValidationResult()
        for ref in targets.reports:
            part = self.check_repository(ref.economy, ref.year)
            result.problems += part.problems
            result.files += part.files
        part = self.check_files(targets.files)
        result.problems = sorted(set(result.problems + part.problems))
        result.files += part.files
        return result

    def check_files(self, paths: list[Path]) -> ValidationResult:
        """Check the named files only (as a pre-commit hook passes them)."""
        result = ValidationResult()
        for path in paths:
            if not is_file(path):
                result.problems.append(self._problem(path, "no such file", "unreadable"))
                continue
            problems, _ = self.check_file(path)
            result.problems += problems
            result.files += 1
        result.problems.sort()
        return result


# The Validator that starts worker processes: a worker made by fork takes its catalogue and
# compiled schemas rather than loading them again.
_forked_from: Validator | None = None
_worker: Validator | None = None  # in a worker process: its Validator


def _start_worker(root: Path, fingerprint: str, secret: bytes) -> None:
    """Make a worker process's Validator, with a cache that records what it checks."""
    global _worker
    cache = ValidationCache.memory(fingerprint, secret)
    parent = _forked_from
    if parent is not None and parent.repo.root == root:
        _worker = Validator(parent.repo, parent.catalogue, cache)
    else:
        repo = Repository(root)
        _worker = Validator(repo, load_catalogue(repo), cache)


def _check_batch(refs: list[ReportRef]) -> list[Checked]:
    """Check reports in a worker process: each one's problems and new cache entries."""
    assert _worker is not None and _worker.cache is not None
    cache = _worker.cache
    results = []
    for ref in refs:
        cache.entries, cache.index = {}, {}
        check = _worker.check_report(ref)
        results.append(Checked(check.problems, check.checked, cache.entries, cache.index))
    return results


def _lstat(path: Path | str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (OSError, ValueError):  # missing, or a name the system refuses
        return None
