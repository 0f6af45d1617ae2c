"""The needs/offers table and the commitment coverage as text, Markdown and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ctt.output.textfmt import markdown_text as md
from ctt.region.coverage import Coverage, Reference
from ctt.region.needs import NO_TOPIC_AREA, Mention, NeedsTable, TopicRow
from ctt.region.region import Attribution
from ctt.terminal import report_text

NONE = "-"
MD_NONE = "\u2013"
MD_JOIN = "; "  # names may hold commas: "Hong Kong, China (2021); Peru (2021)"


def included_line(year: int, included: list[Attribution]) -> str:
    """Which reports a table is made of, for a terminal."""
    reports = ", ".join(by.short for by in included) or "none"
    return f"latest reports up to {year}: {reports}"


def _included_md(year: int, included: list[Attribution]) -> str:
    reports = MD_JOIN.join(md(by.label) for by in included) or "none"
    return f"Latest report of each economy up to {year}: {reports}."


def _attribution_json(by: Attribution) -> dict[str, Any]:
    return {"economy": by.economy.id, "name": by.economy.name, "year": by.year}


# Needs and offers


def _who(mentions: list[Mention]) -> str:
    return ", ".join(m.by.short for m in mentions) or NONE


def _who_md(mentions: list[Mention]) -> str:
    return MD_JOIN.join(md(m.by.label) for m in mentions) or MD_NONE


def needs_text(table: NeedsTable) -> str:
    """One block per topic: the economies that need it and those that offer it."""
    lines = [f"needs and offers by topic, {included_line(table.year, table.included)}"]
    sections = [(area.title, rows) for area, rows in table.areas]
    sections.append((NO_TOPIC_AREA, [table.untagged]))
    for title, rows in sections:
        lines += ["", title]
        for row in rows:
            if row.topic is not None:
                mark = "  (could help)" if row.could_help else ""
                lines.append(f"  {row.topic.id}: {row.topic.title}{mark}")
            lines.append(f"    needed by:  {_who(row.needed_by)}")
            lines.append(f"    offered by: {_who(row.offered_by)}")
    helping = [row.topic.id for row in table.rows if row.could_help and row.topic is not None]
    lines += [
        "",
        f"{len(helping)} topic(s) needed by one economy and offered by another"
        + (f": {', '.join(helping)}" if helping else ""),
    ]
    return report_text("\n".join(lines))


def needs_md(table: NeedsTable) -> str:
    """A table per area: topic, needed by, offered by; topics one could help with in bold."""
    lines = [
        "## Needs and offers by topic",
        "",
        _included_md(table.year, table.included),
        "Topics in **bold** are needed by one economy and offered by another.",
    ]
    sections = [(area.title, rows) for area, rows in table.areas]
    sections.append((NO_TOPIC_AREA, [table.untagged]))
    for title, rows in sections:
        lines += ["", f"### {md(title)}", "", "| Topic | Needed by | Offered by |", "|---|---|---|"]
        for row in rows:
            topic = NO_TOPIC_AREA if row.topic is None else row.topic.title
            topic = f"**{md(topic)}**" if row.could_help else md(topic)
            lines.append(f"| {topic} | {_who_md(row.needed_by)} | {_who_md(row.offered_by)} |")
    return report_text("\n".join(lines))


def _row_json(row: TopicRow) -> dict[str, Any]:
    def mentions(found: list[Mention]) -> list[dict[str, Any]]:
        return [{**_attribution_json(m.by), "count": m.count} for m in found]

    head: dict[str, Any] = {}
    if row.topic is not None:
        head = {"id": row.topic.id, "title": row.topic.title, "area": row.topic.area}
    return {
        **head,
        "needed_by": mentions(row.needed_by),
        "offered_by": mentions(row.offered_by),
        "could_help": row.could_help,
    }


def needs_json(table: NeedsTable) -> str:
    """One object: the reports included, every topic's row, and what matched no topic."""
    return json.dumps(
        {
            "year": table.year,
            "included": [_attribution_json(by) for by in table.included],
            "topics": [_row_json(row) for row in table.rows],
            "untagged": _row_json(table.untagged),
        },
        indent=2,
        ensure_ascii=False,
    )


NEEDS_FORMAT_BY_NAME: dict[str, Callable[[NeedsTable], str]] = {
    "text": needs_text,
    "md": needs_md,
    "json": needs_json,
}


# Coverage


def _reference(ref: Reference, name: str) -> str:
    counts = [(ref.undertaken, "undertaken"), (ref.planned, "planned")]
    return f"{name} ({', '.join(f'{n} {what}' for n, what in counts if n)})"


def coverage_text(cov: Coverage) -> str:
    """Each commitment, section by section, with the reports that refer to it."""
    lines = [f"commitment coverage, {included_line(cov.year, cov.included)}"]
    for section, rows in cov.sections:
        lines += ["", section.label]
        width = max((len(r.commitment.id) for r in rows), default=0)
        for row in rows:
            refs = ", ".join(_reference(r, r.by.short) for r in row.reported_by) or NONE
            lines.append(f"  {row.commitment.id:<{width}}  {refs}")
    total = sum(len(rows) for _, rows in cov.sections)
    uncovered = cov.uncovered
    lines += ["", f"no economy reports on {len(uncovered)} of {total} commitment(s)"]
    lines += [f"  {c.id}" for c in uncovered]
    return report_text("\n".join(lines))


def coverage_md(cov: Coverage) -> str:
    """A table per section: commitment, economies (report year) whose measures refer to it."""
    lines = ["## Commitment coverage", "", _included_md(cov.year, cov.included)]
    for section, rows in cov.sections:
        lines += ["", f"### {md(section.label)}", "", "| Commitment | Reported by |", "|---|---|"]
        for row in rows:
            refs = MD_JOIN.join(_reference(r, md(r.by.label)) for r in row.reported_by)
            refs = refs or MD_NONE
            lines.append(f"| `{row.commitment.id}`: {md(row.commitment.text)} | {refs} |")
    uncovered = cov.uncovered
    total = sum(len(rows) for _, rows in cov.sections)
    lines += ["", f"### Not reported on ({len(uncovered)} of {total})", ""]
    lines += [f"- `{c.id}`: {md(c.text, 2)}" for c in uncovered] or ["*None.*"]
    return report_text("\n".join(lines))


def coverage_json(cov: Coverage) -> str:
    """One object: the reports included, every commitment with its references, the uncovered."""
    return json.dumps(
        {
            "year": cov.year,
            "included": [_attribution_json(by) for by in cov.included],
            "commitments": [
                {
                    "id": row.commitment.id,
                    "section": row.commitment.section,
                    "text": row.commitment.text,
                    "years": list(row.commitment.years),
                    "reported_by": [
                        {
                            **_attribution_json(ref.by),
                            "undertaken": ref.undertaken,
                            "planned": ref.planned,
                        }
                        for ref in row.reported_by
                    ],
                }
                for _, rows in cov.sections
                for row in rows
            ],
            "uncovered": [c.id for c in cov.uncovered],
        },
        indent=2,
        ensure_ascii=False,
    )


COVERAGE_FORMAT_BY_NAME: dict[str, Callable[[Coverage], str]] = {
    "text": coverage_text,
    "md": coverage_md,
    "json": coverage_json,
}
