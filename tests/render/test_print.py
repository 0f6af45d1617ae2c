"""Printing the HTML: Chile's report and the region's summary, printed by headless Chromium.

Each page is full unless the next one starts a section (each section begins a page), carries
its own "Page N of M", ends with no heading or label cut off from what it introduces, and a
page where an answer runs on repeats the answer's question at its top.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from paths import REPO_ROOT as ROOT

from ctt.cli import cli

FOOTER = re.compile(r"^Page (\d+) of (\d+)$")
FULL = 0.70  # a page's text reaches at least this share of its height
LABELS = {"summary-label", "group-heading", "by"}  # classes of a label over what follows it


def norm(text: str) -> str:
    """Text as compared: compatibility forms (ligatures) undone, spaces collapsed, capitals
    (the stylesheet prints questions and h2 in capitals)."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).upper()


class Outline(HTMLParser):
    """What the HTML says about its print, in document order: the sections (each starts a
    page), other headings, the questions (a heading row of a CTAP table, or the head of another
    table, which print repeats over a page break), and the text of every heading and label."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, str]] = []  # ("section" | "heading" | "question", text)
        self.headings: set[str] = set()
        self.capture: list[tuple[str, list[str]]] = []  # (the tag that ends it, its text)
        self.section_opened = False
        self.in_ctap = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = set((attr.get("class") or "").split())
        if tag == "section" and "section" in classes:
            self.section_opened = True
        elif tag == "table":
            self.in_ctap = "ctap" in classes
        elif (
            tag in ("h1", "h2", "h3", "caption")
            or classes & LABELS
            or (tag == "th" and (self.in_ctap or attr.get("scope") == "rowgroup"))
            or (tag == "thead" and not self.in_ctap)
        ):
            self.capture.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if not self.capture or self.capture[-1][0] != tag:
            return
        _, parts = self.capture.pop()
        text = norm(" ".join(parts))
        self.headings.add(text)
        if tag == "thead" or (tag == "th" and self.in_ctap):
            self.events.append(("question", text))
        elif tag in ("h2", "h3"):
            self.events.append(("section" if self.section_opened else "heading", text))
            self.section_opened = False

    def handle_data(self, data: str) -> None:
        for _, parts in self.capture:
            parts.append(data)


@dataclass
class Line:
    text: str
    bold: bool
    bottom: float


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)  # its body, top to bottom
    footer: str = ""

    @property
    def text(self) -> str:
        return norm(" ".join(line.text for line in self.lines))


@dataclass
class Printed:
    name: str
    pages: list[Page]
    outline: Outline


def read_pdf(path: Path) -> list[Page]:
    """The pages' lines of text (words on one baseline), the lowest taken as the footer."""
    pages: list[Page] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = sorted(
                (float(w["top"]), float(w["x0"]), float(w["bottom"]), w["text"], w["fontname"])
                for w in page.extract_words(extra_attrs=["fontname"])
            )
            rows: list[list[tuple[float, float, float, str, str]]] = []
            for word in words:
                if rows and abs(rows[-1][0][0] - word[0]) <= 2:
                    rows[-1].append(word)
                else:
                    rows.append([word])
            lines = [
                Line(
                    " ".join(w[3] for w in sorted(row, key=lambda w: w[1])),
                    all("bold" in w[4].lower() for w in row),
                    max(w[2] for w in row),
                )
                for row in rows
            ]
            read = Page(number, float(page.height), lines)
            if lines and FOOTER.match(lines[-1].text):
                read.footer = lines.pop().text
            pages.append(read)
    return pages


def print_pdf(html: Path, profile: Path) -> Path:
    if shutil.which("chromium") is None and not os.environ.get("CI"):
        pytest.skip("chromium is not installed (CI installs it)")
    pdf = html.with_suffix(".pdf")
    subprocess.run(
        [
            *("chromium", "--headless", "--no-sandbox", "--disable-gpu"),
            *("--no-pdf-header-footer", f"--user-data-dir={profile}"),
            *(f"--print-to-pdf={pdf}", html.as_uri()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return pdf


@pytest.fixture(scope="module", params=["report", "summary"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """Chile's 2020 report or the region's summary over it, rendered to HTML and printed."""
    tmp = tmp_path_factory.mktemp(request.param)
    root = tmp / "repo"
    for name in ("schema", "templates"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(ROOT / "economies" / "chile", root / "economies" / "chile")
    command = ["render", "chile", "2020"] if request.param == "report" else ["summary", "2020"]
    out = tmp / "out"
    result = CliRunner().invoke(
        cli, ["--root", str(root), *command, "--format", "html", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    (html,) = out.glob("*.html")
    outline = Outline()
    outline.feed(html.read_text(encoding="utf-8"))
    return Printed(request.param, read_pdf(print_pdf(html, tmp / "profile")), outline)


def section_starts(printed: Printed) -> set[int]:
    """The pages that open with a section's heading: a page break the stylesheet forces."""
    sections = [text for kind, text in printed.outline.events if kind == "section"]
    return {page.number for page in printed.pages if page.text.startswith(tuple(sections))}


def test_every_page_says_page_n_of_m(printed: Printed) -> None:
    total = len(printed.pages)
    assert total > 3
    for page in printed.pages:
        assert page.footer == f"Page {page.number} of {total}", page.number


def test_no_page_is_left_largely_blank(printed: Printed) -> None:
    """Every page but the last reaches 70% of its height, unless the next starts a section."""
    starts = section_starts(printed)
    checked = [page for page in printed.pages[:-1] if page.number + 1 not in starts]
    assert len(checked) >= 3  # the check applies to pages of long answers, which there are
    for page in checked:
        lowest = max(line.bottom for line in page.lines)
        assert lowest >= FULL * page.height, (
            f"page {page.number} of the {printed.name} is {1 - lowest / page.height:.0%} blank"
        )


def test_no_page_ends_with_a_heading_or_label(printed: Printed) -> None:
    """The last lines of a page are never a question, heading or label ("Chile (2020):"), nor
    the start of one broken over the page."""
    headings = printed.outline.headings
    for page in printed.pages[:-1]:
        for count in range(1, 9):
            tail = page.lines[-count:]
            text = norm(" ".join(line.text for line in tail))
            cut = all(line.bold for line in tail) and any(h.startswith(text) for h in headings)
            assert not cut, f"page {page.number} of the {printed.name} ends with {text!r}"


def test_a_question_is_repeated_where_its_answer_runs_on(printed: Printed) -> None:
    """A page that goes on with an answer starts with the answer's question again."""
    events = printed.outline.events
    done = 0  # how many of the events the pages so far have shown, in order
    repeated = 0
    for page in printed.pages:
        text, at = page.text, 0
        upcoming = events[done][1] if done < len(events) else None
        answering = events[done - 1][1] if done and events[done - 1][0] == "question" else None
        if answering and not (upcoming and text.startswith(upcoming)):
            assert text.startswith(answering), (
                f"page {page.number} of the {printed.name} goes on with the answer to "
                f"{answering!r} without repeating it: {text[:80]!r}"
            )
            repeated += 1
            at = len(answering)
        while done < len(events):
            kind, heading = events[done]
            found = text.find(heading, at)
            if found < 0 or (kind == "section" and text[at:found].strip()):
                break  # a section's heading opens its page: elsewhere it is the contents
            at, done = found + len(heading), done + 1
    assert done == len(events)  # every section, heading and question was found, in order
    assert repeated  # and some answer runs onto another page under its question
