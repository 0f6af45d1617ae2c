"""A watchdog for tests of hostile input: a hang fails the test instead of stalling the run."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

HANG_SECONDS = 120  # far beyond any real run: a bound on hangs, not a speed test


class Hang(BaseException):
    """A command ran past the watchdog (BaseException: ctt's crash handler must not catch it)."""


@contextlib.contextmanager
def watchdog(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail with Hang, instead of waiting forever, when the block runs past `seconds`."""

    def expired(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
