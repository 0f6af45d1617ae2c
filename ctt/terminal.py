"""Text for a terminal: control, bidirectional and invisible characters shown as escapes.

Report text, file names and messages may hold characters that drive a terminal (ESC, BEL),
reorder what it shows (U+202E) or hide (U+200B); whatever ctt prints goes through here, so
they show as `\\x1b`, `\\u202e`, never as themselves.
"""

from __future__ import annotations

import re
import unicodedata

# Control, format (bidirectional controls, zero-width characters...), line and paragraph
# separators, and lone surrogates (which cannot even be written as UTF-8).
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Candidates: anything but printable ASCII (and, in multi-line text, tab and line feed).
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_NOT_TEXT_ASCII = re.compile(r"[^\t\n\x20-\x7e]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\t\n\r" or unicodedata.category(char) in _ESCAPED_CATEGORIES:
        return repr(char)[1:-1]
    return char


def report_text(text: str) -> str:
    """Text as a terminal should show it: lines and tabs kept, every other control,
    bidirectional or invisible character as an escape (\\x1b, \\r, \\u202e)."""
    return _NOT_TEXT_ASCII.sub(_escape, text)


def one_line(text: str) -> str:
    """Text as one printable line: line breaks and tabs escaped too (\\n, \\t)."""
    return _NOT_PRINTABLE_ASCII.sub(_escape, text)
