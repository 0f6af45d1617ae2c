"""The names of the document formats, cheap to import: the command line's choices.

render.FORMAT_BY_NAME, section.SECTION_FORMAT_BY_NAME and the summary's formats have exactly
these keys, in this order (tests/cli/test_formats.py). Kept apart from the registries because
those import the core, and `ctt --help` must not.
"""

from __future__ import annotations

DOCUMENT_FORMATS = ("md", "html", "docx")
