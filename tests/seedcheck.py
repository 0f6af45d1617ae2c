"""The lost-content check: is every content line of the real Chile 2020 report in a rendering?

Shared by the tests of every format (Markdown, HTML, Word, the PDF LibreOffice makes of it).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Word-export artefacts that the conversion cleans on purpose (see the issue): a lone
# "· ." bullet, the replacement character and a reviewer's comment left in the export.
ARTEFACTS = {".", "\ufffd", "\ufffdwe suggest to change to “ctwg”"}
# The seed's content lines less those artefacts: every one must be in every rendering.
SEED_LINES = 436
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


def expected_lines(seed: str) -> list[str]:
    """The content lines every rendering must hold: all but the artefacts cleaned on purpose."""
    return [line for line in content_lines(seed) if norm(line) not in ARTEFACTS]


def missing_lines(seed: str, rendered: str) -> list[str]:
    """The expected lines of the seed that the rendered text does not hold, word for word."""
    text = norm(rendered)
    return [line for line in expected_lines(seed) if not _kept(line, text)]


def _kept(line: str, text: str) -> bool:
    if CONTACT_LABELS.search(line):
        # A contact line of the template holds several fields: each value must be there.
        parts = CONTACT_LABELS.split(line)
        for value in [parts[0], *parts[2::2]]:
            value = norm(value.strip().strip("_").strip().rstrip(":"))
            if not value or NUMBERED_CONTACT.match(value):
                continue
            pieces = [value, *value.split(", ", 1)] if value not in text else [value]
            if not all(piece in text for piece in pieces[1:] or pieces):
                return False
        return True
    return norm(line).rstrip(":").strip() in text


def kept_of(seed: str, rendered: str) -> tuple[int, int]:
    """How many of the expected lines the rendering holds, and how many there are."""
    expected = len(expected_lines(seed))
    return expected - len(missing_lines(seed, rendered)), expected
