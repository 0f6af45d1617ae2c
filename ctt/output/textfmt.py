"""Plain report text made safe for each output format: printed as written, never as markup."""

from __future__ import annotations

import re
from collections.abc import Callable

# Every character CommonMark/GFM may read as markup, escaped with a backslash (CommonMark
# allows a backslash before any ASCII punctuation); `$` stops GitHub's maths.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
# At the start of a line these would open a list, a heading, a quote or a rule.
_MD_LINE_START = re.compile(r"^(\s*)([-+=#]|\d+[.)])")
# What GitHub turns into a link or a notification in a comment: a bare URL or www. address
# and an e-mail address (GFM's autolinks), an @mention or @org/team mention, an issue
# reference (#12, owner/repo#12, GH-12). A backslash does not stop GitHub's mentions
# (github/markup#1168), a code span stops all of them: such text is shown as code.
_URL_CHARS = r"[^\s`<>|\\]+"
_GITHUB_LINK = re.compile(
    rf"(?:https?|ftp)://{_URL_CHARS}|(?:mailto|xmpp):{_URL_CHARS}|www\.{_URL_CHARS}"
    r"|[\w.+-]*@\w[\w-]*(?:[./][\w-]+)*"
    r"|(?:[\w.-]+/[\w.-]+)?#\d+|\bGH-\d+",
    re.IGNORECASE,
)
_NOT_LINKED_AT_END = ".,:;!?'\")]}*_~"  # GFM leaves trailing punctuation out of a link


def markdown_text(text: str, indent: int = 0) -> str:
    """Escape plain text for Markdown; line breaks stay line breaks within the block."""
    return _markdown(text, _escaped, indent)


def github_text(text: str) -> str:
    """markdown_text for a GitHub comment: a mention, reference or bare link is shown as
    code, so that it notifies nobody and links nowhere; the words read the same."""
    return _markdown(text, _github_line, 0)


def _markdown(text: str, escape: Callable[[str], str], indent: int) -> str:
    lines = [escape(line.strip()) for line in text.splitlines() or [""]]
    return ("\\\n" + " " * indent).join(line for line in lines if line)


def _escaped(text: str, line_start: bool = True) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return escaped
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)


def _github_line(line: str) -> str:
    out, done = [], 0
    for match in _GITHUB_LINK.finditer(line):
        token = match.group().rstrip(_NOT_LINKED_AT_END)
        if not _GITHUB_LINK.fullmatch(token):  # nothing left to link: `www.` alone
            continue
        out += [_escaped(line[done : match.start()], done == 0), f"`{token}`"]
        done = match.start() + len(token)
    out.append(_escaped(line[done:], done == 0))
    return "".join(out)


def _escape_marker(marker: str) -> str:
    if marker[-1] in ".)":
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def anchor(text: str) -> str:
    """A GitHub-style heading anchor: lower case, spaces to hyphens, punctuation dropped."""
    slug = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return slug.replace(" ", "-")
