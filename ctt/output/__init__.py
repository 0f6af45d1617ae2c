"""Text, Markdown and JSON formats for terminals and pull requests, each module with its registry.

Imports region, compare and below.
"""
