"""The names of the output formats, cheap to import: the command line's choices.

Each registry (`*_BY_NAME` in the modules of this package) has exactly these keys, in this
order; tests/cli/test_formats.py holds them together. Kept apart from the registries because
those import the core, and `ctt --help` must not.
"""

from __future__ import annotations

PROBLEM_FORMATS = ("text", "json", "github")  # problems.REPORTER_BY_NAME
STATUS_FORMATS = ("text", "json")  # status.FORMATTER_BY_NAME
DIFF_FORMATS = ("text", "md")  # diff.FORMATTER_BY_NAME: one diff at a time
# json (one diff, or a list with --base), the Word document, the pull-request comment
DIFF_OTHER_FORMATS = ("json", "docx", "comment")
REGION_FORMATS = ("text", "md", "json")  # region.NEEDS_FORMAT_BY_NAME, COVERAGE_FORMAT_BY_NAME
TOPICS_FORMATS = ("text", "json")  # topics.TAGGED_FORMAT_BY_NAME, VOCABULARY_FORMAT_BY_NAME
CATALOGUE_FORMATS = ("text", "json")  # catalogue.FORMAT_BY_NAME
