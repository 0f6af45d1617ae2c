"""Lint rules: what the schema cannot see (catalogue references, placeholders, duplicates)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

from ctt.catalogue import Catalogue
from ctt.problems import Problem, Severity
from ctt.yamlfile import DataPath, YamlDocument

PLACEHOLDER = re.compile(r"_{3,}|\bTBD\b|\bTBC\b|\[\s*insert\b[^\]]*\]", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TEXT_KEYS = ("text", "heading", "timeframe")
CONTACT_FIELDS = ("role", "name", "title", "telephone", "fax", "email")

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
        if isinstance(updated, str) and DATE.match(updated):
            try:
                datetime.date.fromisoformat(updated)
            except ValueError:
                message = f"last_updated {updated} is not a real date"
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
            for field in CONTACT_FIELDS:
                value = contact.get(field)
                if isinstance(value, str):
                    self._text(value, (*path, index, field), emit)
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
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            item_path = (*path, index)
            text = item if isinstance(item, str) else None
            if isinstance(item, dict):
                text = item.get("text") if isinstance(item.get("text"), str) else None
                for key in TEXT_KEYS:
                    if isinstance(item.get(key), str):
                        self._text(item[key], (*item_path, key), emit)
                refs = item.get("commitments")
                if isinstance(refs, list):
                    for ref_index, ref in enumerate(refs):
                        self._commitment(ref, section, (*item_path, "commitments", ref_index), emit)
                if "commitment" in item:
                    self._commitment(item["commitment"], section, (*item_path, "commitment"), emit)
                if isinstance(item.get("items"), list):
                    self._items(item["items"], (*item_path, "items"), section, emit)
            elif isinstance(item, str):
                self._text(item, item_path, emit)
            if text is not None:
                key = " ".join(text.casefold().split())
                if key in seen:
                    message = f"the same item twice in one list (also item {seen[key] + 1})"
                    emit(item_path, "warning", message, "duplicate-item")
                else:
                    seen[key] = index

    def _text(self, text: str, path: DataPath, emit: Emit) -> None:
        for problem in text_problems(text):
            emit(path, *problem)

    def _commitment(self, ref: Any, section: Any, path: DataPath, emit: Emit) -> None:
        if not isinstance(ref, str):
            return
        commitment = self.catalogue.commitments.get(ref)
        if commitment is None:
            emit(path, "error", f"unknown commitment {ref!r}", "unknown-commitment")
        elif isinstance(section, str) and commitment.section != section:
            message = f"commitment {ref!r} belongs to section {commitment.section}, not {section}"
            emit(path, "error", message, "commitment-section")


def text_problems(text: str) -> Iterator[tuple[Severity, str, str]]:
    """Problems in one piece of text: placeholders left in from the template."""
    match = PLACEHOLDER.search(text)
    if match:
        yield "error", f"template placeholder {match.group(0)!r} left in", "placeholder"


def _label(path: DataPath) -> str:
    return ".".join(str(p) for p in path)
