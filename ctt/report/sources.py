"""Where a report's answers stand: its needs, its offers and every other answer, each with
its file and its place in the file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ctt.catalogue.catalogue import REPORT_FILE, Catalogue
from ctt.report.model import Node, Report
from ctt.report.shape import ACHIEVEMENTS, ASSISTANCE_OFFER, NEEDS, OFFERS, SUMMARY, WORK_PROGRAMME
from ctt.store.yamlfile import DataPath

Kind = Literal["need", "offer"]
NEED: Kind = "need"
OFFER: Kind = "offer"
SUMMARY_PART = "summary"  # the executive summary's needs
OFFER_PART = "offer"  # the closing "Possible assistance and expertise to offer"
SUMMARY_LABEL = "Executive summary"


@dataclass(frozen=True)
class Source:
    """One answer of a report: where it is, what it answers, and its items."""

    part: str  # a section id, or SUMMARY_PART / OFFER_PART
    part_label: str  # "A.1 Protect Cargo", "Executive summary", ...
    answer: str  # the answer's YAML key
    answer_title: str
    file: str  # the file's name in the report folder
    path: DataPath  # where the answer's list is in that file
    kind: Kind | None  # a need, an offer, or neither
    items: list[Node]


def sources(report: Report, catalogue: Catalogue, every: bool = False) -> list[Source]:
    """The needs and offers of a report (with `every`, all its answers), in report order."""
    found = _section_sources(report, every)
    if every:
        found += _achievements(report, catalogue)
    found += _summary_lists(report, catalogue, every)
    found.append(
        Source(
            OFFER_PART,
            report.offer_title,
            "items",
            report.offer_title,
            REPORT_FILE,
            (ASSISTANCE_OFFER, "items"),
            OFFER,
            report.offer_items,
        )
    )
    return found


def _section_sources(report: Report, every: bool) -> list[Source]:
    """The needs and offers of every section (with `every`, all its answers)."""
    found: list[Source] = []
    kinds: dict[str, Kind] = {NEEDS: NEED, OFFERS: OFFER}
    for section in report.sections:
        for answer in section.answers:
            kind = kinds.get(answer.key)
            if kind is None and not every:
                continue
            found.append(
                Source(
                    section.id,
                    section.definition.label,
                    answer.key,
                    answer.title,
                    section.definition.file,
                    (answer.key,),
                    kind,
                    answer.items,
                )
            )
    return found


def _achievements(report: Report, catalogue: Catalogue) -> list[Source]:
    """The executive summary's main achievements: overall (when it has some), then by section."""
    found: list[Source] = []
    if report.achievements_overall:
        found.append(
            _summary(
                (ACHIEVEMENTS, "overall"), "Main achievements", None, report.achievements_overall
            )
        )
    for section_def, entry in zip(catalogue.sections.values(), report.achievements, strict=True):
        found.append(
            _summary(
                (ACHIEVEMENTS, section_def.id),
                f"Main achievements: {section_def.label}",
                None,
                entry.items,
            )
        )
    return found


def _summary_lists(report: Report, catalogue: Catalogue, every: bool) -> list[Source]:
    """The executive summary's needs (with `every`, its forward work programme first)."""
    found: list[Source] = []
    questions = catalogue.summary_questions
    for key, title, kind in (
        (WORK_PROGRAMME, "Forward work programme", None),
        (NEEDS, "Capacity-building needs", NEED),
    ):
        if kind is None and not every:
            continue
        items = next(e.items for e in report.summary if e.label == questions[key])
        found.append(_summary((key,), title, kind, items))
    return found


def _summary(path: DataPath, title: str, kind: Kind | None, items: list[Node]) -> Source:
    key = str(path[0])
    return Source(
        SUMMARY_PART,
        SUMMARY_LABEL,
        key,
        title,
        REPORT_FILE,
        (SUMMARY, *path),
        kind,
        items,
    )
