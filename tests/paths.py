"""Where the tests find things, defined once for the test files in every folder below tests/."""

from __future__ import annotations

from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
DATA_DIR = TESTS_DIR / "data"
CASES_DIR = TESTS_DIR / "cases"
VALID_REPORT = DATA_DIR / "valid-report"
# The made-up region: reports under real APEC economy ids (see tests/data/region).
REGION_DIR = DATA_DIR / "region" / "economies"
# The real Chile 2020 report as text, every content line of which each rendering keeps.
SEED = DATA_DIR / "seed" / "chile-2020-ctap.txt"
