"""`last_updated` as reports state it: a day (2020-10-15) or only a month (2020-10)."""

from __future__ import annotations

import datetime as dt
import re

# As the form is written; whether it is a real day or month is checked apart (the `date` rule).
FORM = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")
# English names, whatever the locale (calendar.month_name follows it).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def is_month(value: object) -> bool:
    """Whether the value is written as a month only (YYYY-MM)."""
    match = FORM.fullmatch(value) if isinstance(value, str) else None
    return match is not None and match[3] is None


def first_day(value: object) -> dt.date | None:
    """The day a date stands for, or the first day of a month; None if it is neither."""
    match = FORM.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        return None


def in_words(value: object) -> str:
    """As a report says it: '15 October 2020', 'October 2020'; anything else as written."""
    day = first_day(value)
    if day is None:
        return str(value)
    month = f"{MONTHS[day.month - 1]} {day.year}"
    return month if is_month(value) else f"{day.day} {month}"
