"""The pre-commit hook's view of a commit: which report folders it touches, deletions included.

pre-commit passes the files being committed, never the ones deleted; a deleted section file
must still fail the commit, so the staged deletions are asked of git, and every report folder
that any of them belongs to is checked whole, as `ctt validate ECONOMY YEAR` checks it.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ctt.errors import UsageError
from ctt.store.repo import ReportRef, Repository, is_year


@dataclass
class HookTargets:
    """What a commit asks to check: whole report folders, single files, or everything."""

    reports: list[ReportRef] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    everything: bool = False


def staged_deletions(repo: Repository) -> list[Path]:
    """The files under the repository's root that the index deletes (git diff --cached)."""
    argv = ["git", "--no-optional-locks", "-C", str(repo.root), "diff", "--cached"]
    argv += ["--name-only", "--diff-filter=D", "--relative", "-z", "--no-renames"]
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
            timeout=60,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError("git is not installed (needed for --hook)") from None
    except subprocess.TimeoutExpired:
        raise UsageError("git diff --cached did not answer within 60 s") from None
    if done.returncode != 0:
        if not _in_git(repo.root):  # git diff would answer with its --no-index usage
            raise UsageError(
                f"{repo.root} is not in a git repository: --hook asks git what a commit "
                "deletes (run it from pre-commit, or check without --hook)"
            )
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git diff --cached: {message[-1] if message else 'failed'}")
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [repo.root / name for name in names if name]


def _in_git(root: Path) -> bool:
    argv = ["git", "-C", str(root), "rev-parse", "--git-dir"]
    return subprocess.run(argv, capture_output=True, timeout=60, check=False).returncode == 0


def hook_targets(repo: Repository, paths: list[Path], deleted: list[Path]) -> HookTargets:
    """Map the committed and deleted files to what to check.

    A file in a report folder (economies/ECONOMY/YEAR/) brings in its whole folder, unless
    the folder is gone (a report deleted entirely is fine); a catalogue or schema file of the
    repository's own (schema/) brings in everything; any other file that still exists is
    checked as a file.
    """
    targets = HookTargets()
    root = repo.root
    seen: set[tuple[str, int]] = set()
    committed = len(paths)
    for number, path in enumerate([*paths, *deleted]):
        absolute = Path(os.path.abspath(path))
        try:
            parts = absolute.relative_to(root).parts
        except ValueError:
            parts = ()
        if parts[:1] == ("schema",):
            targets.everything = True
        elif len(parts) == 4 and parts[0] == "economies" and is_year(parts[2]):
            key = (parts[1], int(parts[2]))
            folder = root.joinpath(*parts[:3])
            if key not in seen and folder.is_dir():
                seen.add(key)
                targets.reports.append(ReportRef(key[0], key[1], folder))
        elif number < committed and absolute.is_file():
            targets.files.append(path)
    return targets
