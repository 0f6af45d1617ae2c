"""Reading reports at a git revision with git itself: nothing is checked out or written."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ctt.errors import UsageError

REPORT_PATH = re.compile(r"^economies/([^/]+)/(\d{4})/([^/]+)$")


def _git(root: Path, *args: str) -> bytes:
    # GIT_OPTIONAL_LOCKS=0: git would otherwise refresh (write) .git/index as it compares.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, check=False, timeout=60, env=env
        )
    except FileNotFoundError:
        raise UsageError("git is not installed (needed for --base)") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git {' '.join(args)} did not answer within 60 s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


@dataclass(frozen=True)
class Revision:
    """A commit of the repository, read through git."""

    root: Path
    name: str
    sha: str

    def reports(self) -> dict[tuple[str, int], dict[str, bytes]]:
        """Every report folder at this revision: (economy, year) → file name → content."""
        found: dict[tuple[str, int], dict[str, bytes]] = {}
        listing = _git(
            self.root, "ls-tree", "-r", "-z", "--name-only", self.sha, "--", "economies/"
        )
        paths = [p for p in listing.decode("utf-8", "replace").split("\0") if p]
        for path in paths:
            match = REPORT_PATH.match(path)
            if match and match.group(3).endswith((".yaml", ".yml")):
                key = (match.group(1), int(match.group(2)))
                found.setdefault(key, {})[match.group(3)] = b""
        for (economy, year), files in found.items():
            for name in files:
                path = f"{self.sha}:./economies/{economy}/{year}/{name}"
                files[name] = _git(self.root, "show", path)
        return found


def open_revision(root: Path, name: str) -> Revision:
    """The commit a revision name stands for; UsageError when there is none."""
    if name.startswith("-"):
        raise UsageError(f"{name!r} is not a git revision")
    _git(root, "rev-parse", "--is-inside-work-tree")
    try:
        sha = _git(root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}").decode().strip()
    except UsageError:
        raise UsageError(f"{name!r} is not a git revision of {root}") from None
    return Revision(root, name, sha)


def changed_reports(root: Path, revision: Revision) -> set[tuple[str, int]]:
    """Report folders whose files differ between the revision and the working tree."""
    changed = _git(
        root, "diff", "--relative", "--name-only", "-z", revision.sha, "--", "economies/"
    )
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", "economies/")
    found = set()
    for path in (changed + b"\0" + untracked).decode("utf-8", "replace").split("\0"):
        match = REPORT_PATH.match(path)
        if match:
            found.add((match.group(1), int(match.group(2))))
    return found
