"""The catalogue in schema/: economies, sections, commitments, topics, and the JSON Schemas.

Imports store.
"""
