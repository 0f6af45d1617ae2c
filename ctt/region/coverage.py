"""Commitment coverage: which economies report measures that refer to each commitment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ctt.catalogue.catalogue import Catalogue, Commitment, SectionDef
from ctt.region.region import Attribution, Region
from ctt.report.model import Group, Node
from ctt.report.shape import PLANNED, UNDERTAKEN

MEASURES = (UNDERTAKEN, PLANNED)


@dataclass(frozen=True)
class Reference:
    """An economy's report that refers to a commitment, and how many measures do."""

    by: Attribution
    undertaken: int
    planned: int


@dataclass(frozen=True)
class CommitmentCoverage:
    """A commitment of the catalogue and the reports whose measures refer to it."""

    commitment: Commitment
    reported_by: list[Reference]


@dataclass(frozen=True)
class Coverage:
    """Every commitment, section by section, with the economies that report on it."""

    year: int
    included: list[Attribution]
    sections: list[tuple[SectionDef, list[CommitmentCoverage]]]

    @property
    def uncovered(self) -> list[Commitment]:
        """The commitments no included economy reports on."""
        return [c.commitment for _, rows in self.sections for c in rows if not c.reported_by]


def references(nodes: Sequence[Node]) -> Counter[str]:
    """How many measures refer to each commitment: items by `commitments:`, groups by
    `commitment:`, at any depth."""
    found: Counter[str] = Counter()
    for node in nodes:
        if isinstance(node, Group):
            if node.commitment is not None:
                found[node.commitment.id] += 1
        else:
            found.update(c.id for c in node.commitments)
        found.update(references(node.items))
    return found


def coverage(region: Region, catalogue: Catalogue) -> Coverage:
    """For each commitment in the catalogue, which included reports' measures refer to it."""
    counts: dict[str, dict[Attribution, Counter[str]]] = {key: {} for key in MEASURES}
    for report in region.reports:
        by = Attribution(report.economy, report.year)
        for section in report.sections:
            for answer in section.answers:
                if answer.key in MEASURES:
                    found = counts[answer.key].setdefault(by, Counter())
                    found.update(references(answer.items))

    def row(commitment: Commitment) -> CommitmentCoverage:
        refs = []
        for by in region.included:
            undertaken = counts[UNDERTAKEN].get(by, Counter())[commitment.id]
            planned = counts[PLANNED].get(by, Counter())[commitment.id]
            if undertaken or planned:
                refs.append(Reference(by, undertaken, planned))
        return CommitmentCoverage(commitment, refs)

    sections = [
        (section, [row(c) for c in catalogue.commitments_of(section.id)])
        for section in catalogue.sections.values()
    ]
    return Coverage(region.year, region.included, sections)
