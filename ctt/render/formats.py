"""The names of the document formats, cheap to import: the command line's choices.

The registries of render.render (reports, sections, the summary) have exactly these keys, in
this order (tests/cli/test_formats.py). Kept apart from the registries because
those import the core, and `ctt --help` must not.
"""

from __future__ import annotations

DOCUMENT_FORMATS = ("md", "html", "docx")
