"""The catalogue listed: its sections and their commitments, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ctt.catalogue.catalogue import Catalogue, SectionDef
from ctt.errors import UsageError


def listed_sections(catalogue: Catalogue, section_id: str | None) -> list[SectionDef]:
    """Every section, or the one asked for; UsageError for an unknown section id."""
    if section_id is None:
        return list(catalogue.sections.values())
    if section_id not in catalogue.sections:
        known = ", ".join(catalogue.sections)
        raise UsageError(f"unknown section {section_id!r} (known: {known})")
    return [catalogue.sections[section_id]]


def catalogue_json(catalogue: Catalogue, sections: list[SectionDef]) -> str:
    """The sections and their commitments as a JSON list."""
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "number": s.number,
            "title": s.title,
            "pillar": s.pillar,
            "file": s.file,
            "commitments": [
                {"id": c.id, "text": c.text, "years": list(c.years)}
                for c in catalogue.commitments_of(s.id)
            ],
        }
        for s in sections
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False)


def catalogue_text(catalogue: Catalogue, sections: list[SectionDef]) -> str:
    """Per section a line, then per commitment its id, years and text."""
    lines: list[str] = []
    for s in sections:
        lines.append(f"{s.number} {s.title}  [{s.id}, {s.file}]")
        for c in catalogue.commitments_of(s.id):
            lines.append(f"  {c.id}  ({', '.join(map(str, c.years))})")
            lines.append(f"      {c.text}")
    return "\n".join(lines)


FORMAT_BY_NAME: dict[str, Callable[[Catalogue, list[SectionDef]], str]] = {
    "text": catalogue_text,
    "json": catalogue_json,
}
