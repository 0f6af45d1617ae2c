"""A report's items flattened in reading order, each with its place, for pairing."""

from __future__ import annotations

from collections.abc import Iterator

from ctt.compare.changes import Entry, Place
from ctt.report.model import Group, Node, Report, Section

HEADER = "report"


Answers = Iterator[tuple[list[Node], Place]]


def section_answers(section: Section) -> Answers:
    """The items of each answer of a section, with the answer's place."""
    label = section.definition.label
    for index, answer in enumerate(section.answers, start=1):
        yield answer.items, Place(section.id, label, answer.key, f"{index}. {answer.title}")


def report_answers(report: Report) -> Answers:
    """The items of every answer of a report, with the answer's place, in reading order."""
    for section in report.sections:
        yield from section_answers(section)
    header = "Executive summary"
    yield report.achievements_overall, Place(HEADER, header, "overall", "Main achievements")
    for achievement, section in zip(report.achievements, report.sections, strict=True):
        yield achievement.items, Place(HEADER, header, section.id, achievement.label)
    for key, summary in zip(
        ("forward_work_programme", "capacity_building_needs"), report.summary, strict=True
    ):
        yield summary.items, Place(HEADER, header, key, summary.label)
    yield (
        report.offer_items,
        Place(HEADER, report.offer_title, "assistance_offer", report.offer_title),
    )


def flatten(answers: Answers) -> tuple[list[Entry], list[Entry]]:
    """Every item with its place, in reading order; and every group's heading."""
    found: list[Entry] = []
    headings: list[Entry] = []
    for nodes, place in answers:
        _walk(nodes, place, found, headings)
    return found, headings


def _walk(nodes: list[Node], place: Place, found: list[Entry], headings: list[Entry]) -> None:
    for node in nodes:
        if isinstance(node, Group):
            commitment = node.commitment.id if node.commitment is not None else None
            headings.append(Entry(node.heading, place, commitment=commitment))
            inner = Place(
                place.section, place.section_label, place.answer, place.answer_label,
                (*place.groups, node.heading),
            )  # fmt: skip
            _walk(node.items, inner, found, headings)
        else:
            topics = None if node.topics is None else tuple(node.topics)
            refs = tuple(c.id for c in node.commitments)
            found.append(Entry(node.text, place, node.timeframe, None, refs, topics))
            _walk(node.items, place, found, headings)
