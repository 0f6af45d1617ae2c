"""The search index: every report, section and item (and the documentation) by its words, as
a script that assigns one global, so that the search works from file:// as from any host."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from ctt.report.model import Group, Node, Report
from ctt.site import layout
from ctt.store.repo import ReportRef

GLOBAL = "CTT_SEARCH_INDEX"
HEADER = (
    "/* The search index of this site, written by `ctt site`: one global, loaded by a <script>"
    " element when the search box is first used, so it works from file:// too. */\n"
)


@dataclass
class SearchIndex:
    """Entries by their text, each with every place it stands (text found once, linked often)."""

    pages: list[tuple[str, str]] = field(default_factory=list)
    places: list[tuple[str, str]] = field(default_factory=list)
    entries: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    _page_ids: dict[str, int] = field(default_factory=dict)
    _place_ids: dict[tuple[str, str], int] = field(default_factory=dict)

    def page(self, path: str, title: str) -> int:
        """The number of a page (added on first use)."""
        if path not in self._page_ids:
            self._page_ids[path] = len(self.pages)
            self.pages.append((path, title))
        return self._page_ids[path]

    def place(self, fragment: str, label: str) -> int:
        """The number of an anchor within pages, with its label (added on first use)."""
        key = (fragment, label)
        if key not in self._place_ids:
            self._place_ids[key] = len(self.places)
            self.places.append(key)
        return self._place_ids[key]

    def add(self, kind: str, text: str, page: int, place: int = -1) -> None:
        """An entry's text at a place of a page."""
        text = " ".join(text.split())
        if text:
            self.entries.setdefault((kind, text), []).extend((page, place))

    def add_report(self, ref: ReportRef, report: Report) -> None:
        """A report: its name, its sections, every item of every answer."""
        title = f"{report.economy.name} {report.year}"
        page = self.page(layout.report_page(ref), title)
        self.add("report", title, page)
        summary = self.place("executive-summary", "Executive summary")
        self.add("section", "Executive summary", page, summary)
        for entry in [*report.achievements, *report.summary]:
            self._items(entry.items, page, summary)
        self._items(report.achievements_overall, page, summary)
        for section in report.sections:
            label = section.definition.label
            self.add("section", label, page, self.place(f"section-{section.id}", label))
            for number, answer in enumerate(section.answers, start=1):
                question = f"{label}: {number}. {answer.title}"
                where = self.place(f"{section.id}-{answer.key}", question)
                self._items(answer.items, page, where)
        offer = self.place("assistance-offer", report.offer_title)
        self._items(report.offer_items, page, offer)

    def _items(self, nodes: Iterable[Node], page: int, place: int) -> None:
        stack = list(nodes)[::-1]
        while stack:
            node = stack.pop()
            self.add("item", node.heading if isinstance(node, Group) else node.text, page, place)
            stack.extend(node.items[::-1])

    def script(self) -> bytes:
        """The index as a script assigning the global CTT_SEARCH_INDEX."""
        data = {
            "pages": self.pages,
            "places": self.places,
            "entries": [[kind, text, where] for (kind, text), where in self.entries.items()],
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        # Line and paragraph separators end a line in older JavaScript engines.
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return (f"{HEADER}window.{GLOBAL} = {text};\n").encode()
