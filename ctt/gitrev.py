"""Reading reports at a git revision with git itself: nothing is checked out or written.

A few git processes whatever the number of files: `ls-tree` lists the revision's report
files with their blob ids, the working tree is compared with those ids by hashing its files
(ctt.worktree), `check-ignore` leaves out ignored new files, and one `cat-file --batch` reads
the blobs of the reports compared. No command used reads or refreshes git's index for
changes, and every one runs with --no-optional-locks, so .git/index is never written.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ctt.errors import UsageError
from ctt.worktree import REPORT_SUFFIXES, Blob, ReportKey, changed_folders, working_files
from ctt.yamlfile import MAX_FILE_BYTES

REPORT_PATH = re.compile(r"^economies/([^/]+)/(\d{4})/([^/]+)$")
SYMLINK_MODE = b"120000"
# A revision blob over the size limit is not read: this stands for it, and yamlfile.decode
# refuses it by its length alone, as it refuses such a file in the working tree.
TOO_LARGE = bytes(MAX_FILE_BYTES + 1)


def _git(root: Path, *args: str, stdin: bytes = b"", ok: tuple[int, ...] = (0,)) -> bytes:
    # --no-optional-locks (and GIT_OPTIONAL_LOCKS=0 for older habits): git would otherwise
    # take the liberty of refreshing .git/index while it reads.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    argv = ["git", "--no-optional-locks", "-C", str(root), *args]
    try:
        done = subprocess.run(
            argv, input=stdin, capture_output=True, check=False, timeout=60, env=env
        )
    except FileNotFoundError:
        raise UsageError("git is not installed (needed for --base)") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git {' '.join(args)} did not answer within 60 s") from None
    if done.returncode not in ok:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def _report_key(path: str) -> tuple[ReportKey, str] | None:
    match = REPORT_PATH.match(path)
    if not match or not match.group(3).endswith(REPORT_SUFFIXES):
        return None
    return (match.group(1), int(match.group(2))), match.group(3)


@dataclass(frozen=True)
class Revision:
    """A commit of the repository, read through git."""

    root: Path
    name: str
    sha: str

    @cached_property
    def folders(self) -> dict[ReportKey, dict[str, Blob]]:
        """Every report folder at this revision: (economy, year) → file name → blob."""
        found: dict[ReportKey, dict[str, Blob]] = {}
        listing = _git(self.root, "ls-tree", "-r", "-z", "-l", self.sha, "--", "economies/")
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            info, _, raw_path = entry.partition(b"\t")
            mode, kind, oid, size = info.split()
            if kind != b"blob":
                continue  # a submodule, say: no report file
            place = _report_key(os.fsdecode(raw_path))
            if place is not None:
                blob = Blob(mode == SYMLINK_MODE, oid.decode(), int(size))
                found.setdefault(place[0], {})[place[1]] = blob
        return found

    def read(
        self, keys: Iterable[ReportKey], names: Iterable[str]
    ) -> dict[ReportKey, dict[str, bytes]]:
        """The named files of the given report folders, read by one `git cat-file`."""
        wanted = set(names)
        chosen = {
            key: {n: b for n, b in self.folders.get(key, {}).items() if n in wanted} for key in keys
        }
        oids = sorted(
            {b.oid for files in chosen.values() for b in files.values() if b.size <= MAX_FILE_BYTES}
        )
        contents = _cat_blobs(self.root, oids)
        return {
            key: {n: contents.get(b.oid, TOO_LARGE) for n, b in files.items()}
            for key, files in chosen.items()
        }


def _cat_blobs(root: Path, oids: list[str]) -> dict[str, bytes]:
    """Blob contents by id, from one `git cat-file --batch` fed every id at once."""
    if not oids:
        return {}
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
    found: dict[str, bytes] = {}
    at = 0
    for oid in oids:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3 or header[0].decode() != oid:
            raise UsageError(f"git cat-file: cannot read blob {oid}")
        size = int(header[2])
        found[oid] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1  # the content, then a newline
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


def changed_reports(root: Path, revision: Revision, economy: str | None = None) -> set[ReportKey]:
    """Report folders whose files differ between the revision and the working tree."""
    old = {k: v for k, v in revision.folders.items() if economy is None or k[0] == economy}
    new = working_files(root / "economies", economy)
    fresh = [
        f"economies/{key[0]}/{key[1]}/{name}"
        for key, files in new.items()
        for name in files
        if name not in old.get(key, {})
    ]
    for path in _ignored(root, fresh):
        place = _report_key(path)
        if place is not None:
            del new[place[0]][place[1]]
    return changed_folders(old, new)


def _ignored(root: Path, paths: list[str]) -> list[str]:
    """Those of the paths that git ignores (a file in git's index never is)."""
    if not paths:
        return []
    stdin = b"".join(os.fsencode(p) + b"\0" for p in paths)
    # Exit 1 means that none is ignored.
    out = _git(root, "check-ignore", "-z", "--stdin", stdin=stdin, ok=(0, 1))
    return [os.fsdecode(p) for p in out.split(b"\0") if p]
