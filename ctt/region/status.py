"""How far each report is: answers filled, contact points, carried-over measures, completeness.

Completeness, per section: one point for each of the five answers that has at least one item
and no item still marked `carried_over`, and one for having a contact point; out of six. The
executive summary (report.yaml) scores its answers the same way: the main achievements of
each section, the forward work programme and the capacity-building needs. A report's
completeness is its points over its possible points, summary included. The closing offer is
optional and shown, not scored. Percentages are rounded down, so 100% means complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ctt.catalogue.catalogue import REPORT_FILE, Catalogue
from ctt.check.validate import ReportCheck, Validator
from ctt.report.shape import ACHIEVEMENTS, ASSISTANCE_OFFER, SUMMARY, SUMMARY_LISTS
from ctt.store.repo import ReportRef, Repository

AnswerState = Literal["filled", "empty", "missing", "invalid", "unknown"]
FileState = Literal["ok", "invalid", "unreadable", "missing"]
CARRIED = "carried_over"


@dataclass(frozen=True)
class AnswerStatus:
    """One answer: filled (at least one item), empty ([] or null), missing, or unreadable."""

    key: str
    state: AnswerState
    items: int = 0
    carried_over: int = 0

    @property
    def answered(self) -> bool:
        """It has content, and nothing in it is still waiting as carried over."""
        return self.state == "filled" and self.carried_over == 0


@dataclass(frozen=True)
class PartStatus:
    """One file of a report: a section, or the executive summary in report.yaml."""

    id: str
    label: str
    file: str
    state: FileState
    errors: int
    answers: tuple[AnswerStatus, ...]
    contacts: int | None = None  # contact points; None when unknown
    scores_contacts: bool = True  # sections score their contact points; the summary has none

    @property
    def carried_over(self) -> int:
        """Measures still marked carried_over, in every answer."""
        return sum(a.carried_over for a in self.answers)

    @property
    def points(self) -> int:
        """Answers answered, plus one for contact points (sections)."""
        return sum(a.answered for a in self.answers) + int(
            self.scores_contacts and bool(self.contacts)
        )

    @property
    def possible(self) -> int:
        """The points of a complete part."""
        return len(self.answers) + int(self.scores_contacts)

    @property
    def completeness(self) -> int:
        """Points over possible points, in whole percent rounded down."""
        return percent(self.points, self.possible)


@dataclass(frozen=True)
class ReportStatus:
    """One report: its summary, its sections, and its closing offer."""

    ref: ReportRef
    path: str
    summary: PartStatus
    sections: tuple[PartStatus, ...]
    offer_contacts: int | None
    offer_items: AnswerStatus
    last_updated: str | None = None  # as written: 2020-10-15, 2020-10

    @property
    def parts(self) -> tuple[PartStatus, ...]:
        """The summary, then the sections."""
        return (self.summary, *self.sections)

    @property
    def completeness(self) -> int:
        """All points over all possible points, in whole percent rounded down."""
        return percent(sum(p.points for p in self.parts), sum(p.possible for p in self.parts))

    @property
    def carried_over(self) -> int:
        """Measures still marked carried_over, in the whole report."""
        return sum(p.carried_over for p in self.parts)

    @property
    def errors(self) -> int:
        """Validation errors in the report's files."""
        return sum(p.errors for p in self.parts)


def percent(points: int, possible: int) -> int:
    """Whole percent, rounded down; 100 when nothing is possible."""
    return 100 * points // possible if possible else 100


def count_carried(items: list[Any]) -> int:
    """Items (at any depth) still marked carried_over."""
    count = 0
    for item in items:
        if isinstance(item, dict):
            count += int("text" in item and CARRIED in item)
            if isinstance(item.get("items"), list):
                count += count_carried(item["items"])
    return count


_MISSING = object()
_WRONG_TYPE = object()


def _lookup(data: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if data is _MISSING:
            return _MISSING
        if not isinstance(data, dict):
            return _WRONG_TYPE
        data = data.get(key, _MISSING)
    return data


def answer_status(data: Any, keys: tuple[str, ...], name: str | None = None) -> AnswerStatus:
    """The state of the answer at `keys` in a file's data (None: the file could not be read)."""
    name = name or keys[-1]
    if data is None:
        return AnswerStatus(name, "unknown")
    value = _lookup(data, keys)
    if value is _MISSING:
        return AnswerStatus(name, "missing")
    if value is None or value == []:
        return AnswerStatus(name, "empty")
    if not isinstance(value, list):
        return AnswerStatus(name, "invalid")
    return AnswerStatus(name, "filled", len(value), count_carried(value))


def _contacts(data: Any, keys: tuple[str, ...]) -> int | None:
    value = _lookup(data, keys) if data is not None else _MISSING
    if value is _MISSING or value is None:
        return 0 if data is not None else None
    return len(value) if isinstance(value, list) else None


def _text(value: Any) -> str | None:
    """A scalar as text; None when it is null, absent or not a scalar."""
    if value is None or value is _MISSING or value is _WRONG_TYPE:
        return None
    if isinstance(value, dict | list):
        return None
    return str(value)


class StatusReader:
    """Reads the status of reports; never writes."""

    def __init__(self, repo: Repository, catalogue: Catalogue) -> None:
        self.repo = repo
        self.catalogue = catalogue
        self.validator = Validator(repo, catalogue)

    def reports(self, economy: str | None = None, year: int | None = None) -> list[ReportStatus]:
        """The status of every report (or one economy's, or one report)."""
        return [
            self.report(ref)
            for ref in self.repo.reports(economy)
            if year is None or ref.year == year
        ]

    def report(self, ref: ReportRef) -> ReportStatus:
        """The status of one report folder, whatever state its files are in."""
        return self.of_check(self.validator.check_report(ref))

    def of_check(self, check: ReportCheck) -> ReportStatus:
        """The status of a report folder already checked."""
        ref = check.ref
        errors: dict[str, int] = {}
        for problem in check.problems:
            if problem.severity == "error":
                errors[problem.path] = errors.get(problem.path, 0) + 1

        def part(name: str) -> tuple[Any, str, FileState, int]:
            path = ref.path / name
            shown = self.validator.shown(path)
            count = errors.get(shown, 0)
            document = check.documents.get(name)
            if document is not None:
                return document.data, shown, "invalid" if count else "ok", count
            return None, shown, "unreadable" if path.exists() else "missing", count

        head, head_file, head_state, head_errors = part(REPORT_FILE)
        achievements = tuple(
            answer_status(head, (SUMMARY, ACHIEVEMENTS, s), f"{ACHIEVEMENTS}.{s}")
            for s in self.catalogue.sections
        )
        summary = PartStatus(
            "summary",
            "executive summary",
            head_file,
            head_state,
            head_errors,
            achievements + tuple(answer_status(head, (SUMMARY, k)) for k in SUMMARY_LISTS),
            scores_contacts=False,
        )
        sections = []
        for section in self.catalogue.sections.values():
            data, shown, state, count = part(section.file)
            answers = tuple(answer_status(data, (k,)) for k in self.catalogue.answer_keys)
            contacts = _contacts(data, ("contacts",))
            sections.append(
                PartStatus(section.id, section.label, shown, state, count, answers, contacts)
            )
        return ReportStatus(
            ref,
            self.validator.shown(ref.path),
            summary,
            tuple(sections),
            _contacts(head, (ASSISTANCE_OFFER, "contacts")),
            answer_status(head, (ASSISTANCE_OFFER, "items"), f"{ASSISTANCE_OFFER}.items"),
            _text(_lookup(head, ("last_updated",)) if head is not None else None),
        )
