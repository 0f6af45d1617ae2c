"""Comparing reports: the semantic diff, two years or the working tree against a git revision.

Imports report and below.
"""
