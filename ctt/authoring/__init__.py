"""Writing reports: starting the next one, importing past ones, the git textconv driver.

Imports render and below.
"""
