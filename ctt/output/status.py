"""Output formats of `ctt status`: a compact table per report (text), or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from ctt.dates import in_words
from ctt.region.status import AnswerStatus, PartStatus, ReportStatus
from ctt.report.shape import ACTIVITIES, NEEDS, OFFERS, PLANNED, UNDERTAKEN, WORK_PROGRAMME
from ctt.terminal import report_text

LABEL_WIDTH = 29
# Column headers of the five answers, in catalogue order (the keys are the answers' keys).
ANSWER_HEADERS = {
    UNDERTAKEN: "undertaken",
    PLANNED: "planned",
    ACTIVITIES: "activities",
    NEEDS: "needs",
    OFFERS: "offered",
}
CELL = {"empty": "empty", "missing": "MISSING", "invalid": "invalid", "unknown": "?"}
INVALID_NOTE = "run ctt validate"


def cell(answer: AnswerStatus) -> str:
    """An answer as a table cell: yes, carried (items left to report on), empty, MISSING."""
    if answer.state == "filled":
        return "yes" if answer.carried_over == 0 else "carried"
    return CELL[answer.state]


def _label(text: str) -> str:
    return text if len(text) <= LABEL_WIDTH else text[: LABEL_WIDTH - 3] + "..."


def _columns(keys: list[str]) -> list[tuple[str, int]]:
    """(header, width) of every column after the label; a negative width aligns right."""
    names = [ANSWER_HEADERS.get(k, k) for k in keys]
    return [
        ("contacts", 9),
        *((name, max(len(name), len("MISSING")) + 1) for name in names),
        ("carried", 8),
        ("done", -4),
    ]


def _row(label: str, cells: list[str], columns: list[tuple[str, int]]) -> str:
    text = f"  {_label(label):<{LABEL_WIDTH}} "
    for value, (_, width) in zip(cells, columns, strict=True):
        text += f"{value:>{-width}}" if width < 0 else f"{value:<{width}}"
    return text.rstrip()


def _note(part: PartStatus) -> str:
    name = PurePosixPath(part.file).name
    if part.state == "invalid":
        return f"  ! {name}: invalid, {part.errors} error(s) ({INVALID_NOTE})"
    return f"  ! {name}: {part.state} ({INVALID_NOTE})"


def _unusable(part: PartStatus) -> str | None:
    """'MISSING file' or 'unreadable file' when there are no facts to show; else None."""
    if part.state == "missing":
        return "MISSING file"
    return "unreadable file" if part.state == "unreadable" else None


def _summary_line(summary: PartStatus) -> str:
    unusable = _unusable(summary)
    if unusable:
        return f"  executive summary: {unusable}"
    achievements = [a for a in summary.answers if a.key.startswith("achievements.")]
    others = [a for a in summary.answers if not a.key.startswith("achievements.")]
    done = sum(a.answered for a in achievements)
    parts = [f"achievements {done}/{len(achievements)} sections"]
    missing = sum(a.state == "missing" for a in achievements)
    if missing:
        parts[0] += f" ({missing} MISSING)"
    names = {WORK_PROGRAMME: "work programme", NEEDS: "needs"}
    parts += [f"{names.get(a.key, a.key)} {cell(a)}" for a in others]
    if summary.carried_over:
        parts.append(f"{summary.carried_over} carried over")
    return f"  executive summary {summary.completeness}%: {', '.join(parts)}"


def _offer_line(report: ReportStatus) -> str:
    contacts = "?" if report.offer_contacts is None else str(report.offer_contacts)
    return f"  closing offer: contact points {contacts}, items {cell(report.offer_items)}"


def format_report(report: ReportStatus) -> str:
    """One report as a compact table, readable at 100 columns."""
    head = f"{report.ref.economy} {report.ref.year}  ({report.path})  "
    head += f"completeness {report.completeness}%"
    updated = in_words(report.last_updated) if report.last_updated else "not stated"
    head += f", last updated {updated}"
    if report.carried_over:
        head += f", {report.carried_over} carried-over measure(s) to report on"
    invalid = sum(p.state != "ok" for p in report.parts)
    if invalid:
        head += f", {invalid} file(s) invalid"
    lines = [head]
    keys = [a.key for a in report.sections[0].answers] if report.sections else []
    columns = _columns(keys)
    lines.append(_row("section", [name for name, _ in columns], columns))
    notes = []
    for section in report.sections:
        unusable = _unusable(section)
        if unusable:
            lines.append(f"  {_label(section.label):<{LABEL_WIDTH}} {unusable}")
            notes.append(_note(section))
            continue
        contacts = "none" if section.contacts == 0 else str(section.contacts or "?")
        cells = [contacts, *(cell(a) for a in section.answers)]
        cells += [str(section.carried_over or "-"), f"{section.completeness}%"]
        lines.append(_row(section.label, cells, columns))
        if section.state == "invalid":
            notes.append(_note(section))
    lines.append(_summary_line(report.summary))
    if report.summary.state != "ok":
        notes.append(_note(report.summary))
    if not _unusable(report.summary):
        lines.append(_offer_line(report))
    return "\n".join(lines + notes)


def format_text(reports: list[ReportStatus]) -> str:
    """Every report's table, a blank line between them."""
    return report_text("\n\n".join(format_report(r) for r in reports))


def _answer_json(answer: AnswerStatus) -> dict[str, Any]:
    return {
        "state": answer.state,
        "items": answer.items,
        "carried_over": answer.carried_over,
        "answered": answer.answered,
    }


def _part_json(part: PartStatus) -> dict[str, Any]:
    row: dict[str, Any] = {"id": part.id, "label": part.label, "file": part.file}
    row |= {"file_state": part.state, "errors": part.errors}
    if part.scores_contacts:
        row["contacts"] = part.contacts
    row["answers"] = {a.key: _answer_json(a) for a in part.answers}
    row |= {"carried_over": part.carried_over, "points": part.points, "possible": part.possible}
    row["completeness"] = part.completeness
    return row


def report_json(report: ReportStatus) -> dict[str, Any]:
    """One report's status as plain data."""
    return {
        "economy": report.ref.economy,
        "year": report.ref.year,
        "path": report.path,
        "last_updated": report.last_updated,
        "completeness": report.completeness,
        "carried_over": report.carried_over,
        "errors": report.errors,
        "summary": _part_json(report.summary),
        "sections": [_part_json(s) for s in report.sections],
        "offer": {
            "contacts": report.offer_contacts,
            "items": _answer_json(report.offer_items),
        },
    }


def format_json(reports: list[ReportStatus]) -> str:
    """Every report's status as a JSON list."""
    return json.dumps([report_json(r) for r in reports], indent=2, ensure_ascii=False)


FORMATTER_BY_NAME: dict[str, Callable[[list[ReportStatus]], str]] = {
    "text": format_text,
    "json": format_json,
}
