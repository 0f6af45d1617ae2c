"""The lost-content check: is every content line of the real Chile 2020 report in a rendering?

Shared by the tests of every format (Markdown, HTML, Word, the PDF LibreOffice makes of it).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ctt.catalogue import load_catalogue
from ctt.model import Report

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed" / "chile-2020-ctap.txt"

# Word-export artefacts that the conversion cleans on purpose (see the issue): a lone
# "· ." bullet, the replacement character and a reviewer's comment left in the export.
ARTEFACTS = {".", "\ufffd", "\ufffdwe suggest to change to “ctwg”"}
CONTACT_LABELS = re.compile(r"(Name|Title|Telephone Number|Fax Number|Email Address):")
NUMBERED_CONTACT = re.compile(r"^contact point( \d+)?$")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def content_lines(seed: str) -> list[str]:
    """The seed's lines, bullets and padding stripped, blank lines dropped."""
    lines = []
    for raw in seed.splitlines():
        line = raw.strip().removeprefix("·").strip()
        if line:
            lines.append(line)
    return lines


def missing_lines(seed: str, rendered: str, report: Report) -> list[str]:
    text = norm(rendered)
    catalogue_texts = [norm(c.text) for s in report.sections for c in s.commitments]
    missing = []
    for line in content_lines(seed):
        if norm(line) in ARTEFACTS:
            continue
        if CONTACT_LABELS.search(line):
            parts = CONTACT_LABELS.split(line)
            values = [parts[0], *parts[2::2]]
            for value in values:
                value = norm(value.strip().strip("_").strip().rstrip(":"))
                if not value or NUMBERED_CONTACT.match(value):
                    continue
                pieces = [value, *value.split(", ", 1)] if value not in text else [value]
                if not all(piece in text for piece in pieces[1:] or pieces):
                    missing.append(line)
            continue
        wanted = norm(line).rstrip(":").strip()
        if wanted in text:
            continue
        # A commitment restated as a heading in the measures (as A.3 does), with the
        # author's small variations of wording or years: rendered as the catalogue's text.
        commitment = report_catalogue_match(line, report)
        if commitment is not None and norm(commitment) in catalogue_texts:
            continue
        missing.append(line)
    return missing


def report_catalogue_match(line: str, report: Report) -> str | None:
    catalogue = load_catalogue(ROOT / "schema", ROOT)
    found = catalogue.match_commitment(line)
    return found.text if found else None
