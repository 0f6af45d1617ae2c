"""Documentation pages: Markdown (docs/*.md, an economy's README.md) as HTML, raw HTML off."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ctt.output.textfmt import anchor
from ctt.store.fsutil import is_file

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MAX_DOC_BYTES = 2 * 1024 * 1024  # as much as ctt reads of a report file
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Doc:
    """A Markdown document as a page: its title and its body as HTML."""

    title: str
    html: str
    has_title: bool  # whether the body starts with its own top-level heading


def doc_files(docs_dir: Path) -> list[Path]:
    """The documentation files: docs/*.md, sorted (links and oversized files left out)."""
    if not docs_dir.is_dir() or docs_dir.is_symlink():
        return []
    return sorted(
        p
        for p in docs_dir.glob("*.md")
        if is_file(p) and not p.is_symlink() and p.stat().st_size <= MAX_DOC_BYTES
    )


def readme(economy_dir: Path) -> Path | None:
    """An economy's README.md, when it is a regular file (not a link) of a readable size."""
    path = economy_dir / "README.md"
    ok = is_file(path) and not path.is_symlink() and path.stat().st_size <= MAX_DOC_BYTES
    return path if ok else None


def read_text(path: Path) -> str:
    """A document's text (undecodable bytes replaced: it is shown, never trusted)."""
    return path.read_bytes().decode("utf-8", "replace")


def title_of(text: str, fallback: str) -> str:
    """The text of the first top-level heading, else `fallback`."""
    match = _HEADING.search(text)
    return match.group(1).strip() if match else fallback


def _parser(shift: int) -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark with raw HTML off: `<script>` in a document is shown as text. Tables as
    # GitHub shows them; links are checked by markdown-it (no javascript: or data:).
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    seen: dict[str, int] = {}

    def headings(state: object) -> None:
        tokens = state.tokens  # type: ignore[attr-defined]
        for index, token in enumerate(tokens):
            if token.type not in ("heading_open", "heading_close"):
                continue
            level = min(6, int(token.tag[1]) + shift)
            token.tag = f"h{level}"
            if token.type == "heading_open":
                slug = anchor(tokens[index + 1].content) or "section"
                count = seen.get(slug, 0)
                seen[slug] = count + 1
                token.attrSet("id", f"doc-{slug}" + (f"-{count}" if count else ""))

    md.core.ruler.push("ctt_headings", headings)
    return md


def render_markdown(text: str, title: str, shift: int = 0) -> Doc:
    """A document as HTML; headings shifted down by `shift` levels and given ids."""
    has_title = _HEADING.search(text) is not None and text.lstrip().startswith("# ")
    return Doc(title, _parser(shift).render(text), has_title)
