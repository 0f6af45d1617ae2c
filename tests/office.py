"""LibreOffice in tests: save a document again as another format, as a user's office would."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def libreoffice(source: Path, fmt: str, out: Path) -> Path:
    """`soffice --headless --convert-to FMT` of `source` into `out`; skips without LibreOffice
    unless in CI, where it must be there."""
    if shutil.which("soffice") is None and not os.environ.get("CI"):
        pytest.skip("LibreOffice (soffice) is not installed (CI installs it)")
    assert out.resolve() != source.parent.resolve(), "LibreOffice would write over its source"
    profile = (out.parent / ".lo-profile").as_uri()
    subprocess.run(
        [
            *("soffice", f"-env:UserInstallation={profile}", "--headless"),
            *("--convert-to", fmt, "--outdir", str(out), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / f"{source.stem}.{fmt.split(':')[0]}"
