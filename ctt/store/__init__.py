"""The repository on disk and in git: reports, safe YAML load and dump, atomic writes, git.

Imports only errors, problems and terminal.
"""
