"""Plain report text made safe for each output format: printed as written, never as markup."""

from __future__ import annotations

import re

# Every character CommonMark/GFM may read as markup, escaped with a backslash (CommonMark
# allows a backslash before any ASCII punctuation); `$` stops GitHub's maths.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
# At the start of a line these would open a list, a heading, a quote or a rule.
_MD_LINE_START = re.compile(r"^(\s*)([-+=#]|\d+[.)])")


def markdown_text(text: str, indent: int = 0) -> str:
    """Escape plain text for Markdown; line breaks stay line breaks within the block."""
    lines = []
    for line in text.splitlines() or [""]:
        escaped = _MD_SPECIAL.sub(r"\\\1", line.strip())
        escaped = _MD_LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)
        lines.append(escaped)
    return ("\\\n" + " " * indent).join(line for line in lines if line)


def _escape_marker(marker: str) -> str:
    if marker[-1] in ".)":
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def anchor(text: str) -> str:
    """A GitHub-style heading anchor: lower case, spaces to hyphens, punctuation dropped."""
    slug = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return slug.replace(" ", "-")
