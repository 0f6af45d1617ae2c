"""Hidden characters in a file's text: control, bidirectional and other invisible characters.

Such characters make text display differently from what it holds ("Trojan Source"): a
right-to-left override can reorder the words a reviewer sees, a zero-width space can make two
ids look alike. Like compilers, ctt reports each one with its exact line and column, whether
it is written as itself or as an escape in a double-quoted string ("\\u202e").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

import yaml

RULE = "hidden-character"
# Control (Cc, but tab and line ends), format (Cf: bidirectional controls, zero-width and
# other invisible characters) and the Unicode line and paragraph separators (Zl, Zp).
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
_VISIBLE_CONTROLS = {"\t", "\n", "\r"}
# Anything but printable ASCII, tab/line ends and the common visible letters and marks
# (Latin-1 but the soft hyphen U+00AD, Latin Extended-A and B, the dashes and quotes
# U+2010-2027; none hidden, as a test asserts): candidates, checked by their category.
_CANDIDATE = re.compile(r"[^\t\n\r\x20-\x7e\xa0-\xac\xae-\u024f\u2010-\u2027]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The escapes of a YAML double-quoted scalar; a backslash pair is matched as one escape.
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_SINGLE_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "v": "\x0b",
    "f": "\x0c",
    "e": "\x1b",
    "N": "\x85",
    "L": "\u2028",
    "P": "\u2029",
}


def is_hidden(char: str) -> bool:
    """True for a character that is invisible or changes how the text around it displays."""
    return char not in _VISIBLE_CONTROLS and unicodedata.category(char) in _HIDDEN_CATEGORIES


def describe(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', or 'U+0007 (a control character)'."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X} (a control character)"


def message(char: str, escaped: bool = False) -> str:
    """What a problem line says about one hidden character."""
    how = " (written as an escape)" if escaped else ""
    return (
        f"hidden character {describe(char)}{how}: invisible in most editors, it can make "
        "text display differently from what it holds; remove it"
    )


def find_hidden(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """Every hidden character in a file's text: (line, column, character, escaped), in order.

    Lines and columns are 1-based and count characters, as YAML and editors do; a line ends
    at LF, CR LF or CR.
    """
    found: list[tuple[int, str, bool]] = [
        (match.start(), match.group(), False)
        for match in _CANDIDATE.finditer(text)
        if is_hidden(match.group())
    ]
    if "\\" in text and '"' in text:  # escapes exist only in double-quoted scalars
        found += _escaped(text)
    if not found:
        return
    starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    for index, char, escaped in sorted(found):
        line = bisect.bisect_right(starts, index)
        yield line, index - starts[line - 1] + 1, char, escaped


def _escaped(text: str) -> list[tuple[int, str, bool]]:
    """Hidden characters written as escapes in double-quoted scalars: (index, char, True)."""
    found: list[tuple[int, str, bool]] = []
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):  # one token at a time
            if isinstance(token, yaml.ScalarToken) and token.style == '"':
                found += _escapes_in(text, token.start_mark.index, token.end_mark.index)
    except yaml.YAMLError:
        pass  # only files that parsed are scanned: this does not happen
    return found


def _escapes_in(text: str, start: int, end: int) -> Iterator[tuple[int, str, bool]]:
    for match in _ESCAPE.finditer(text, start, end):
        code = match.group(1) or match.group(2) or match.group(3)
        if code is not None:
            value = int(code, 16)
            char = chr(value) if value <= 0x10FFFF else ""
        else:
            char = _SINGLE_ESCAPES.get(match.group(4), "")
        if len(char) == 1 and is_hidden(char):
            yield match.start(), char, True


def strip_hidden(text: str) -> tuple[str, list[str]]:
    """The text without its hidden characters, and those removed (as `describe` names them)."""
    removed = [m.group() for m in _CANDIDATE.finditer(text) if is_hidden(m.group())]
    if not removed:
        return text, []
    return "".join(c for c in text if not is_hidden(c)), [describe(c) for c in removed]
