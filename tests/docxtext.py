"""The text a reader sees in a Word document: its paragraphs, then its tables' cells."""

from __future__ import annotations

from pathlib import Path

import docx


def docx_paragraphs(path: Path) -> list[str]:
    """The text of every paragraph, those of the body first, then those in table cells."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return texts


def docx_text(path: Path) -> str:
    return "\n".join(docx_paragraphs(path))
