"""Documents: reports, sections and the summary as Markdown, HTML and Word.

Imports output, region, compare and below.
"""
