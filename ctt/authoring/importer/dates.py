"""Dates as past reports state them: '15 October 2020', 'October 2020', '10/2020'."""

from __future__ import annotations

import re

from ctt.authoring.importer.lines import clean

_MONTH_NAMES = [
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
]
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
MONTHS.update({name[:3]: number for name, number in MONTHS.items()})
MONTHS["sept"] = 9


def _month(name: str) -> int:
    return MONTHS.get(name.lower().rstrip("."), 0)


def parse_date(text: str) -> str | None:
    """`YYYY-MM-DD`, or `YYYY-MM` where the source states only a month; None if neither."""
    text = clean(text).rstrip(".")
    day = 0
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = (int(g) for g in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+\.?),?\s+(\d{4})", text):
        day, month, year = int(match[1]), _month(match[2]), int(match[3])
    elif match := re.fullmatch(r"([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})", text):
        month, day, year = _month(match[1]), int(match[2]), int(match[3])
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif match := re.fullmatch(r"([A-Za-z]+\.?),?\s+(\d{4})", text):
        month, year = _month(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{1,2})[/.](\d{4})", text):
        month, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(match[1]), int(match[2])
    else:
        return None
    if not 1 <= month <= 12:
        return None
    if not day:
        return f"{year:04d}-{month:02d}"
    import datetime

    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None
