"""Lint rules: what the schema cannot see (catalogue references, placeholders, duplicates)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ctt import dates
from ctt.catalogue.catalogue import Catalogue
from ctt.problems import Problem, Severity
from ctt.store import hidden, slips
from ctt.store.yamlfile import DataPath, YamlDocument

# Template placeholders: ___, TBD, TBC, [insert ...], any case. Written to start with a
# character set so that the regex engine skips ahead fast (this runs over every file): a
# TBD or TBC is matched from its B (far rarer in text than a T), its T found behind it.
PLACEHOLDER = re.compile(
    r"[_Bb\[](?:(?<=_)__+|(?<=[Tt][Bb])(?<!\w[Tt][Bb])[DdCc]\b"
    r"|(?<=\[)\s*[Ii][Nn][Ss][Ee][Rr][Tt]\b[^\]]{0,300}\])"
)  # bounded: an unclosed "[insert" must not scan to the end of the file for each one
_COMMENT_LINE = re.compile(r"[ \t]*#")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")

Emit = Callable[[DataPath, Severity, str, str], None]


class Linter:
    """Runs every lint rule over one loaded file."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def check(
        self, doc: YamlDocument, kind: str, shown: str, section: str | None = None
    ) -> list[Problem]:
        """Every lint problem in a report or section file.

        `section` is the section the file is by its name; without it, the file's own
        `section` key says which section commitments must belong to.
        """
        problems: list[Problem] = []

        def emit(path: DataPath, severity: Severity, message: str, rule: str) -> None:
            mark = doc.mark(path)
            problems.append(Problem(shown, mark.line, mark.column, severity, message, rule))

        for line, column, severity, message, rule in scan_text(doc.text):
            problems.append(Problem(shown, line, column, severity, message, rule))
        for line, column in slips.folded_items(doc):
            problems.append(
                Problem(shown, line, column, "warning", slips.FOLDED_MESSAGE, "folded-item")
            )
        data = doc.data
        if not isinstance(data, dict):
            return problems
        if kind == "section":
            self._section(data, section or data.get("section"), emit)
        else:
            self._report(data, emit)
        unplaced = data.get("unplaced")
        if isinstance(unplaced, list):
            for index, _ in enumerate(unplaced):
                message = "text the import could not place: move it where it belongs"
                emit(("unplaced", index), "warning", message, "unplaced")
        return sorted(set(problems))

    def _section(self, data: dict[str, Any], section: Any, emit: Emit) -> None:
        self._contacts(data.get("contacts"), ("contacts",), emit, required=True)
        refs = data.get("commitments")
        if isinstance(refs, list):
            for index, ref in enumerate(refs):
                self._commitment(ref, section, ("commitments", index), emit)
        for key in self.catalogue.answer_keys:
            if key in data:
                self._answer(data[key], (key,), section, emit)

    def _report(self, data: dict[str, Any], emit: Emit) -> None:
        updated = data.get("last_updated")
        # The schema checks the form (YYYY-MM-DD or YYYY-MM); this, that it is on the calendar.
        if (
            isinstance(updated, str)
            and dates.FORM.fullmatch(updated)
            and not dates.first_day(updated)
        ):
            what = "month" if dates.is_month(updated) else "date"
            message = f"last_updated {updated} is not a real {what}"
            emit(("last_updated",), "error", message, "date")
        summary = data.get("executive_summary")
        if isinstance(summary, dict):
            achievements = summary.get("achievements")
            if isinstance(achievements, dict):
                for section_id, answer in achievements.items():
                    path = ("executive_summary", "achievements", section_id)
                    self._answer(answer, path, None, emit)
            for key in ("forward_work_programme", "capacity_building_needs"):
                if key in summary:
                    self._answer(summary[key], ("executive_summary", key), None, emit)
        offer = data.get("assistance_offer")
        if isinstance(offer, dict):
            self._contacts(offer.get("contacts"), ("assistance_offer", "contacts"), emit)
            if "items" in offer:
                self._answer(offer["items"], ("assistance_offer", "items"), None, emit)

    def _contacts(self, contacts: Any, path: DataPath, emit: Emit, required: bool = False) -> None:
        if not isinstance(contacts, list):
            return
        if required and not contacts:
            emit(path, "warning", "no contact point given", "no-contact")
        for index, contact in enumerate(contacts):
            if not isinstance(contact, dict):
                continue
            email = contact.get("email")
            if isinstance(email, str) and not PLACEHOLDER.search(email) and not EMAIL.match(email):
                emit((*path, index, "email"), "error", f"malformed email {email!r}", "email")

    def _answer(self, answer: Any, path: DataPath, section: Any, emit: Emit) -> None:
        if answer is None or answer == []:
            emit(path, "warning", f"{_label(path)} is answered with nothing", "empty-answer")
            return
        if isinstance(answer, list):
            self._items(answer, path, section, emit)

    def _items(self, items: list[Any], path: DataPath, section: Any, emit: Emit) -> None:
        # Hot path (every item of every report): paths are built only to report a problem.
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if isinstance(item, str):
                text: Any = item
            elif isinstance(item, dict):
                text = item.get("text")
                refs = item.get("commitments")
                if isinstance(refs, list):
                    for ref_index, ref in enumerate(refs):
                        where = (*path, index, "commitments", ref_index)
                        self._commitment(ref, section, where, emit)
                if "commitment" in item:
                    where = (*path, index, "commitment")
                    self._commitment(item["commitment"], section, where, emit)
                own_topics = item.get("topics")
                if isinstance(own_topics, list):
                    self._topics(own_topics, (*path, index, "topics"), emit)
                children = item.get("items")
                if isinstance(children, list):
                    self._items(children, (*path, index, "items"), section, emit)
                if "carried_over" in item:
                    self._carried_over(item, (*path, index), emit)
            else:
                continue
            if isinstance(text, str):
                key = item_key(text)
                if key in seen:
                    message = f"the same item twice in one list (also item {seen[key] + 1})"
                    emit((*path, index), "warning", message, "duplicate-item")
                else:
                    seen[key] = index

    def _carried_over(self, item: dict[str, Any], path: DataPath, emit: Emit) -> None:
        year = item.get("carried_over")
        if "text" not in item or not isinstance(year, int) or isinstance(year, bool):
            return  # absent, or in a place or of a type the schema reports
        timeframe = item.get("timeframe")
        when = f" (timeframe {timeframe})" if isinstance(timeframe, str | int) else ""
        message = (
            f"planned measure carried over from {year}{when}: report on it, "
            "then remove carried_over"
        )
        emit(path, "warning", message, "carried-over")

    def _topics(self, ids: list[Any], path: DataPath, emit: Emit) -> None:
        known = self.catalogue.topics.topics
        for index, topic in enumerate(ids):
            if isinstance(topic, str) and topic not in known:
                import difflib

                hint = difflib.get_close_matches(topic, list(known), n=1)
                suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
                message = f"unknown topic {topic!r}{suggestion} (topics: schema/topics.yaml)"
                emit((*path, index), "error", message, "unknown-topic")

    def _commitment(self, ref: Any, section: Any, path: DataPath, emit: Emit) -> None:
        if not isinstance(ref, str):
            return
        commitment = self.catalogue.commitments.get(ref)
        if commitment is None:
            emit(path, "error", f"unknown commitment {ref!r}", "unknown-commitment")
        elif isinstance(section, str) and commitment.section != section:
            message = f"commitment {ref!r} belongs to section {commitment.section}, not {section}"
            emit(path, "error", message, "commitment-section")


def scan_text(text: str) -> Iterator[tuple[int, int, Severity, str, str]]:
    """Text rules over a file's raw text at once (fast, and exact to the column):
    template placeholders left in (comment lines skipped), hidden characters (anywhere)."""
    for line, column, char, escaped in hidden.find_hidden(text):
        yield line, column, "error", hidden.message(char, escaped), hidden.RULE
    # Lines are counted from one match to the next, so that the scan stays linear in the
    # file however many placeholders a (hostile) file holds.
    line, counted, line_start, comment = 1, 0, 0, bool(_COMMENT_LINE.match(text))
    for match in PLACEHOLDER.finditer(text):
        start = match.start()
        if text[start] in "Bb":  # a TBD or TBC, matched from its B
            start -= 1
        breaks = text.count("\n", counted, start)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", counted, start) + 1
            comment = bool(_COMMENT_LINE.match(text, line_start))
        counted = start
        if comment:
            continue
        column = start - line_start + 1
        message = f"template placeholder {text[start : match.end()]!r} left in"
        yield line, column, "error", message, "placeholder"


def item_key(text: str) -> str:
    """An item's text as duplicates are compared: case folded, spaces collapsed."""
    # Most texts are already spaced so (the only printable space is U+0020): folded alone.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text.casefold()
    return " ".join(text.casefold().split())


def _label(path: DataPath) -> str:
    return ".".join(str(p) for p in path)
