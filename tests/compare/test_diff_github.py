"""`ctt diff --format md` is posted as a pull-request comment: report text in it must notify
nobody (@mentions) and link nowhere (bare URLs, www., e-mail addresses, issue references),
while it reads the same words, and never becomes markup."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from ctt.output.textfmt import github_text
from ctt.store import yamlwrite

RunCtt = Callable[..., Any]
C = "c-promoting-cyber-security.yaml"

CASES = [
    "@octocat",
    "Thanks to @octocat and @github/security-team.",
    "(@octocat)",
    "https://example.org/x",
    "See https://example.org/a_(b), then www.example.org.",
    "www.example.org",
    "WWW.EXAMPLE.ORG/path?q=1&r=2",
    "Write to someone@example.org or mailto:someone@example.org.",
    "ftp://files.example.org/report.pdf and xmpp:someone@example.org",
    "Fixed in #12 and owner/repo#34 (GH-56).",
    "1. https://example.org at the start of a line",
    "- @octocat at the start of a line",
    "**[click](https://example.org)**",
    "<https://example.org/autolink>",
    "`https://example.org` and ``@octocat``",
    "![tracker](https://example.org/pixel.png)",
    "| https://example.org | @octocat |",
    "https://example.org/a*b_c~d$e",
]


def gfm() -> MarkdownIt:
    """A GFM renderer with autolinks (linkify-it, which links more than GitHub does)."""
    return MarkdownIt("gfm-like")


class Visible(HTMLParser):
    """The text a reader sees, that outside code, the tags and the links of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.outside_code: list[str] = []
        self.tags: list[str] = []
        self.hrefs: list[str | None] = []
        self.in_code = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.in_code += tag == "code"
        self.hrefs += [value for name, value in attrs if name in ("href", "src")]

    def handle_endtag(self, tag: str) -> None:
        self.in_code -= tag == "code"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if not self.in_code:
            self.outside_code.append(data)


def assert_inert_on_github(html: str) -> Visible:
    """No link, and nothing outside code that GitHub would turn into a mention, a link or a
    reference."""
    seen = Visible(html)
    assert "<a" not in html and seen.hrefs == [], html
    outside = "".join(seen.outside_code)
    assert not re.search(r"@\w|://|www\.|#\d|GH-\d|mailto:|xmpp:", outside, re.I), outside
    return seen


@pytest.mark.parametrize("text", CASES)
def test_github_text_notifies_nobody_and_links_nowhere(text: str) -> None:
    html = gfm().render(github_text(text))
    seen = assert_inert_on_github(html)
    assert set(seen.tags) <= {"p", "code"}, html  # no markup: no list, emphasis, image
    assert "".join(seen.text).strip() == text  # the same words, character for character


def test_plain_text_is_left_as_it_was() -> None:
    text = "Cooperation with INTERPOL and the UN (2021), at 50% of costs: see section 3."
    assert github_text(text) == text


@pytest.fixture
def two_years(repo: Path, add_report: Callable[..., Path]) -> Path:
    """Peru 2021, and 2022 with every case in a new item, a changed item and a contact."""
    folder = add_report(repo, "peru", 2022)
    path = folder / C
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["capacity_building_activities"] += CASES
    data["measures_undertaken"] = [data["measures_undertaken"][0] + " See " + CASES[4]]
    data["contacts"][0]["email"] = "someone@example.org"
    data["contacts"][0]["title"] = CASES[1]
    path.write_text(yamlwrite.dump(data), encoding="utf-8")
    return repo


def test_the_pull_request_comment_notifies_nobody_and_links_nowhere(
    two_years: Path, run_ctt: RunCtt
) -> None:
    run = run_ctt(two_years, "diff", "peru", "2021", "2022", "--format", "md")
    assert run.exit_code == 0, run.output
    html = gfm().render(run.stdout)
    seen = assert_inert_on_github(html)
    text = " ".join("".join(seen.text).split())
    for case in CASES:
        assert f"Added: {case}" in text, case
    assert "smendoza@example.org someone@example.org" in text  # the contact's e-mail, changed
    assert "see https://example.org/a_(b)" in text.lower()
    assert {"script", "img", "a"}.isdisjoint(seen.tags)
