"""Hypothesis settings shared by the property tests: few examples in CI, many in `make fuzz`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

FUZZ = int(os.environ.get("CTT_FUZZ_EXAMPLES", "0"))
# Hypothesis keeps caches in .hypothesis/ of the working directory: not in the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "ctt-hypothesis")


def examples(default: int) -> settings:
    """Few examples, derandomized, in CI; many, random and reproducible by blob, in a fuzz run."""
    return settings(
        max_examples=FUZZ or default,
        deadline=None,
        derandomize=not FUZZ,
        database=None,  # never write .hypothesis/ into the repository
        print_blob=bool(FUZZ),
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,  # run_ctt is stateless
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
