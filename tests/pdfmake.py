"""Made-up PDF reports for the PDF import tests: a small typesetter over fpdf2.

Each line is placed where a word processor would put it (wrapped at the right margin, bullets
with a hanging indent, running heads and feet on every page), so that the tests can make
layouts that real reports use without shipping anyone's document.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fpdf import FPDF

FONTS = Path("/usr/share/fonts/truetype/dejavu")
LEFT, RIGHT, TOP, BOTTOM = 56.0, 539.0, 70.0, 770.0  # A4 in points, text area
STEP = 18.0  # indent per list level


def unicode_font() -> Path:
    """DejaVu Sans (bullet glyphs beyond Latin-1); CI has it with LibreOffice and Chromium."""
    if not (FONTS / "DejaVuSans.ttf").exists() and not os.environ.get("CI"):
        pytest.skip("the DejaVu fonts are not installed (CI has them)")
    return FONTS


@dataclass
class Typesetter:
    """Writes lines top to bottom, page after page, as a word processor lays them out."""

    size: float = 11.0
    leading: float = 14.0
    head: Callable[[int], str] = lambda number: ""  # the running head of page n
    foot: Callable[[int], str] = lambda number: ""  # the running foot of page n ({nb}: total)
    pdf: FPDF = field(init=False)
    y: float = field(init=False, default=TOP)

    def __post_init__(self) -> None:
        fonts = unicode_font()
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("Body", "", str(fonts / "DejaVuSans.ttf"))
        self.pdf.add_font("Body", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.pdf.alias_nb_pages("{nb}")
        self.new_page()

    def new_page(self) -> None:
        """A page break; the running head and foot of the new page."""
        self.pdf.add_page()
        self.y = TOP
        number = self.pdf.page_no()
        self.pdf.set_font("Body", "", 9)
        if head := self.head(number):
            self.pdf.text(LEFT, 40, head)
        if foot := self.foot(number):
            self.pdf.text((LEFT + RIGHT - self.pdf.get_string_width(foot)) / 2, 810, foot)

    def font(self, bold: bool = False, size: float | None = None) -> None:
        """The body font, bold or not, at a size (the body size by default)."""
        self.pdf.set_font("Body", "B" if bold else "", size or self.size)

    def line(self, x: float, text: str, bold: bool = False, size: float | None = None) -> None:
        """One line at x on the next baseline (a new page when this one is full)."""
        if self.y + self.leading > BOTTOM:
            self.new_page()
        self.y += self.leading if size is None else size * 1.3
        self.font(bold, size)
        self.pdf.text(x, self.y, text)

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy line breaking; a newline in the text forces a break there."""
        lines: list[str] = []
        for part in text.split("\n"):
            current = ""
            for word in part.split():
                trial = f"{current} {word}".strip()
                if current and self.pdf.get_string_width(trial) > width:
                    lines.append(current)
                    current = word
                else:
                    current = trial
            lines.append(current)
        return lines

    def para(
        self, text: str, bold: bool = False, size: float | None = None, x: float = LEFT
    ) -> None:
        """A paragraph wrapped at the right margin, with a gap after it."""
        self.font(bold, size)
        for line in self.wrap(text, RIGHT - x):
            self.line(x, line, bold, size)
        self.y += 6

    def bullet(self, text: str, glyph: str = "•", level: int = 1) -> None:
        """A list item: the glyph, then its text with a hanging indent."""
        x = LEFT + STEP * (level - 1)
        self.font()
        for index, line in enumerate(self.wrap(text, RIGHT - x - STEP)):
            self.line(x + STEP, line)
            if index == 0:
                self.pdf.text(x, self.y, glyph)
        self.y += 2

    def row(self, cells: list[str], widths: list[float], bold: bool = False) -> None:
        """A ruled table row: each cell's text wrapped in it, borders drawn around."""
        top, x, bottom = self.y, LEFT, self.y
        for text, width in zip(cells, widths, strict=True):
            self.y = top
            self.font(bold and x == LEFT)
            for line in self.wrap(text, width - 8):
                self.line(x + 4, line, bold and x == LEFT)
            bottom, x = max(bottom, self.y), x + width
        self.y = bottom + 5
        x = LEFT
        for width in widths:
            self.pdf.rect(x, top, width, self.y - top)
            x += width

    def box(self, write: Callable[[], None]) -> None:
        """Lines written by `write` inside one ruled table cell."""
        top = self.y
        write()
        self.y += 5
        self.pdf.rect(LEFT - 4, top, RIGHT - LEFT + 8, self.y - top)

    def question(self, text: str) -> None:
        """A shaded table row holding a question in bold."""
        self.font(bold=True)
        height = len(self.wrap(text, RIGHT - LEFT)) * self.leading + 5
        self.pdf.set_fill_color(217, 226, 243)
        self.pdf.rect(LEFT - 4, self.y, RIGHT - LEFT + 8, height, style="DF")
        for line in self.wrap(text, RIGHT - LEFT):
            self.line(LEFT, line, bold=True)
        self.y += 5

    def page_end(self, lines: int) -> None:
        """Move down so that only `lines` more lines fit on this page."""
        self.y = BOTTOM - lines * self.leading

    def output(self, path: Path) -> Path:
        """The PDF written to `path`."""
        path.write_bytes(bytes(self.pdf.output()))
        return path
