"""Checking report files: the validator, lint rules, the results cache, checking on every core.

Imports catalogue and store.
"""
