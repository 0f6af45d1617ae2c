"""Helpers for the site's tests: a repository of made-up reports, and reading what was built.

The repository: tests/data/region (japan 2023, mexico 2024, peru 2019 and 2021, viet-nam 2020)
plus tests/data/site (viet-nam 2022, which rewords a planned measure of 2020 and gives contact
points a telephone and fax, and viet-nam's README.md), and this checkout's docs/.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from paths import REPO_ROOT, TESTS_DIR

REGION = TESTS_DIR / "data" / "region" / "economies"
OVERLAY = TESTS_DIR / "data" / "site" / "economies"
# A word found only in viet-nam 2022 (A.3, a planned measure).
UNIQUE_WORD = "Tamarind"
CONTACT_FIELD = re.compile(r"^\s*(?:-\s+)?(telephone|fax|email):\s*(.+?)\s*$", re.MULTILINE)


def make_site_repo(root: Path) -> Path:
    """Fill a repository (made by make_repo) with the made-up reports and the docs."""
    shutil.copytree(REGION, root / "economies", dirs_exist_ok=True)
    shutil.copytree(OVERLAY, root / "economies", dirs_exist_ok=True)
    shutil.copytree(REPO_ROOT / "docs", root / "docs")
    return root


def contact_details(root: Path) -> set[str]:
    """Every telephone, fax and email of every contact point in the repository's reports."""
    found: set[str] = set()
    for path in (root / "economies").rglob("*.yaml"):
        found.update(m.group(2).strip("\"'") for m in CONTACT_FIELD.finditer(path.read_text()))
    return found


def texts_of(path: Path) -> str:
    """A built file as text: a .docx as all of its parts, anything else as it is."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as docx:
            return "\n".join(docx.read(n).decode("utf-8", "replace") for n in docx.namelist())
    return path.read_bytes().decode("utf-8", "replace")


@dataclass
class Page(HTMLParser):
    """An HTML page's ids, links, headings, and the attributes a valid page needs."""

    ids: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # a href, form action
    loads: list[str] = field(default_factory=list)  # script src, link href, img src
    headings: list[int] = field(default_factory=list)
    lang: str | None = None
    charset: bool = False
    viewport: bool = False
    tags: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "meta" and values.get("charset", "").lower() == "utf-8":
            self.charset = True
        if tag == "meta" and values.get("name") == "viewport":
            self.viewport = True
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag == "form" and "action" in values:
            self.links.append(values["action"])
        if tag in ("script", "img") and "src" in values:
            self.loads.append(values["src"])
        if tag == "link" and "href" in values:
            self.loads.append(values["href"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def parse(path: Path) -> Page:
    """An HTML file, parsed."""
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page
