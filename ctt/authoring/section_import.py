"""`ctt import --section`: one section's document replaces that section's file, and only it,
once what changed in it is known."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctt.authoring.importer.section import SectionImport, import_section
from ctt.authoring.writer import report_text, write_report
from ctt.catalogue.catalogue import Catalogue
from ctt.check.validate import Validator
from ctt.compare.diff import ReportDiff, diff_section
from ctt.errors import UsageError
from ctt.problems import Problem, display_path
from ctt.render.section import check_section
from ctt.report.model import build_section
from ctt.store import yamlfile
from ctt.store.repo import ReportRef, Repository


@dataclass
class SectionUpdate:
    """A section read from its document: its new file, its problems, and what changed."""

    ref: ReportRef
    imported: SectionImport
    problems: list[Problem]  # of the new file, as `ctt validate` finds them
    diff: ReportDiff | None  # None when either version has errors
    why_no_diff: str = ""

    @property
    def path(self) -> Path:
        """The section's file."""
        return self.ref.path / self.imported.file


def read_section(
    repo: Repository,
    catalogue: Catalogue,
    source: Path,
    ref: ReportRef,
    section_id: str,
    accept_changes: bool = False,
    force: bool = False,
) -> SectionUpdate:
    """Read a section's document and compare it with the section's file; write nothing."""
    check_section(catalogue, section_id)
    if not ref.path.is_dir():
        raise UsageError(
            f"no report {ref.economy} {ref.year}: import the whole report first "
            f"({display_path(ref.path, repo.root)} not found)"
        )
    imported = import_section(
        source, catalogue, ref.economy, ref.year, section_id, accept_changes, force
    )
    definition = catalogue.sections[section_id]
    validator = Validator(repo, catalogue)
    path = ref.path / imported.file
    shown = validator.shown(path)
    new_doc = yamlfile.parse(report_text(repo, imported.file, imported.data), path)
    problems = validator.check_document(new_doc, path, shown, ref)
    update = SectionUpdate(ref, imported, problems, None)
    if any(p.severity == "error" for p in problems):
        update.why_no_diff = "the section read has errors"
        return update
    old_problems, old_doc = validator.check_file(path, ref) if path.is_file() else ([], None)
    if old_doc is None or any(p.severity == "error" for p in old_problems):
        update.why_no_diff = f"{shown} is missing or has errors"
        return update
    old = build_section(definition, old_doc.data, catalogue)
    new = build_section(definition, new_doc.data, catalogue)
    update.diff = diff_section(old, new, f"{ref.economy} {ref.year}", source.name)
    return update


def write_section(repo: Repository, update: SectionUpdate) -> Path:
    """Replace the section's file (all or nothing, as an import writes); every other file of
    the report is left as it is."""
    folder = update.ref.path
    documents = {update.imported.file: update.imported.data}
    write_report(repo, folder, documents, True, display_path(folder, repo.root))
    return update.path
