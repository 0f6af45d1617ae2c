"""The region: each economy's latest report, status, needs and offers, coverage, the summary's data.

Imports report and below.
"""
