"""The report as objects: loading (check, then build), its shape, its answers and their topics.

Imports check, catalogue and store.
"""
