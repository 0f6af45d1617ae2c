"""The static site of every report: pages, search index, manifest of what was written.

Imports render, output, region, compare and below; never the command line.
"""
