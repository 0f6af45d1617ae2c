"""ctt: APEC Counter-Terrorism Action Plan reports as plain text in git."""

from __future__ import annotations

__version__ = "0.2.0"
