"""One section of a report as a document of its own, for the agency that writes it."""

from __future__ import annotations

from dataclasses import dataclass

from ctt.catalogue.catalogue import Catalogue, Economy, Pillar
from ctt.check.validate import Validator
from ctt.errors import UsageError
from ctt.report.load import ReportInvalid
from ctt.report.model import Section, build_section
from ctt.store.repo import ReportRef, Repository


@dataclass(frozen=True)
class SectionDocument:
    """A section with what its document says of the report: economy and year."""

    economy: Economy
    year: int
    section: Section
    pillar_has_sections: bool  # then the section has a heading of its own under its pillar
    redacted: bool = False

    @property
    def pillar(self) -> Pillar:
        """The pillar the section belongs to."""
        return self.section.pillar

    @property
    def title(self) -> str:
        """'Chile 2020 — A.1 Protect Cargo'."""
        return f"{self.economy.name} {self.year} — {self.section.definition.label}"


def check_section(catalogue: Catalogue, section_id: str) -> None:
    """UsageError for an unknown section id, listing the known ones."""
    if section_id not in catalogue.sections:
        known = ", ".join(catalogue.sections)
        raise UsageError(f"unknown section {section_id!r} (known: {known})")


def load_section(
    repo: Repository, catalogue: Catalogue, ref: ReportRef, section_id: str, redact: bool = False
) -> SectionDocument:
    """The section of a report, when its own file has no errors (other files may)."""
    check_section(catalogue, section_id)
    definition = catalogue.sections[section_id]
    validator = Validator(repo, catalogue)
    check = validator.check_report(ref)
    shown = validator.shown(ref.path / definition.file)
    errors = [p for p in check.problems if p.severity == "error" and p.path == shown]
    if errors or definition.file not in check.documents:
        raise ReportInvalid(shown, errors)
    section = build_section(definition, check.documents[definition.file].data, catalogue, redact)
    economy = catalogue.economies.get(ref.economy) or Economy(ref.economy, ref.economy)
    siblings = [s for s in catalogue.sections.values() if s.pillar == definition.pillar]
    return SectionDocument(economy, ref.year, section, len(siblings) > 1, redact)
