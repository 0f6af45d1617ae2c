"""Word documents: the package, styles, the report, section and summary layouts, tracked changes.

Imports render's peers below it.
"""
