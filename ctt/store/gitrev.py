"""Reading reports at a git revision with git itself: nothing is checked out or written.

A few git processes, whatever the number of files: `ls-tree` lists the revision's report
files with their blob ids; `diff-index` names the tracked files that differ from them, or
whose state git's index no longer vouches for (those ctt hashes itself, never asking git to
refresh the index); `check-ignore` leaves out ignored new files; and `cat-file` reads the
blobs of the reports compared, all at once. None of these writes git's index, and every one
runs with --no-optional-locks, so .git/index is never written.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from ctt.errors import UsageError
from ctt.store.worktree import REPORT_SUFFIXES, Blob, ReportKey, report_names, work_file
from ctt.store.yamlfile import MAX_FILE_BYTES

REPORT_FOLDER = re.compile(r"^economies/([^/]+)/(\d{4})$")
REPORT_BYTES_SUFFIXES = tuple(s.encode() for s in REPORT_SUFFIXES)
SYMLINK_MODE = b"120000"


class _Git:
    """One git command started in the repository; `output()` waits for it."""

    def __init__(self, root: Path, *args: str, stdin: bytes = b"", ok: tuple[int, ...] = (0,)):
        # --no-optional-locks (and GIT_OPTIONAL_LOCKS=0, for any git that git starts): git
        # would otherwise take the liberty of refreshing .git/index while it reads.
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
        argv = ["git", "--no-optional-locks", "-C", str(root), *args]
        self.args, self.stdin, self.ok = args, stdin, ok
        try:
            self.process = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
            )
        except FileNotFoundError:
            raise UsageError("git is not installed (needed for --base)") from None

    def output(self) -> bytes:
        """Its standard output; UsageError when it fails or does not answer within 60 s."""
        try:
            out, err = self.process.communicate(self.stdin, timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise UsageError(f"git {' '.join(self.args)} did not answer within 60 s") from None
        if self.process.returncode not in self.ok:
            message = err.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(f"git {self.args[0]}: {message[-1] if message else 'failed'}")
        return out


def _git(root: Path, *args: str, stdin: bytes = b"", ok: tuple[int, ...] = (0,)) -> bytes:
    """Run git in the repository; its standard output."""
    return _Git(root, *args, stdin=stdin, ok=ok).output()


def _report_key(path: str) -> tuple[ReportKey, str] | None:
    """The report folder and file name of a path like economies/chile/2020/report.yaml."""
    folder, _, name = path.rpartition("/")
    key = _folder_key(folder)
    return None if key is None or not name.endswith(REPORT_SUFFIXES) else (key, name)


def _folder_key(folder: str) -> ReportKey | None:
    match = REPORT_FOLDER.match(folder)
    return (match.group(1), int(match.group(2))) if match else None


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
        listing = _git(self.root, "ls-tree", "-r", "-z", self.sha, "--", "economies/")
        keys: dict[bytes, ReportKey | None] = {}  # by folder: each is matched once
        for entry in listing.split(b"\0"):
            # "<mode> <type> <id>\t<path>"; a type other than blob is a submodule, say.
            info, _, path = entry.partition(b"\t")
            folder, _, name = path.rpartition(b"/")
            if info[7:12] != b"blob " or not name.endswith(REPORT_BYTES_SUFFIXES):
                continue
            if folder not in keys:
                keys[folder] = _folder_key(os.fsdecode(folder))
            key = keys[folder]
            if key is not None:
                blob = Blob(info.startswith(SYMLINK_MODE), info[12:].decode())
                found.setdefault(key, {})[os.fsdecode(name)] = blob
        return found

    def read(
        self, keys: Iterable[ReportKey], names: Iterable[str]
    ) -> dict[ReportKey, dict[str, bytes]]:
        """The named files of the given report folders, read by one `git cat-file`."""
        wanted = set(names)
        chosen = {
            key: {n: b for n, b in self.folders.get(key, {}).items() if n in wanted} for key in keys
        }
        oids = sorted({b.oid for files in chosen.values() for b in files.values()})
        contents = _cat_blobs(self.root, oids)
        return {
            key: {
                n: contents[b.oid] if b.oid in contents else _too_large() for n, b in files.items()
            }
            for key, files in chosen.items()
        }


@cache
def _too_large() -> bytes:
    """What stands for a blob over the size limit, which is not read: yamlfile.decode refuses
    it by its length alone, as it refuses such a file in the working tree."""
    return bytes(MAX_FILE_BYTES + 1)


def _cat_blobs(root: Path, oids: list[str]) -> dict[str, bytes]:
    """Blob contents by id (none for a blob over the size limit), from two `git cat-file`."""
    if not oids:
        return {}
    listed = _git(root, "cat-file", "--batch-check", stdin="".join(f"{o}\n" for o in oids).encode())
    sizes = {}
    for line in listed.decode().splitlines():
        oid, *rest = line.split()
        sizes[oid] = int(rest[1]) if len(rest) == 2 else MAX_FILE_BYTES + 1
    oids = [o for o in oids if sizes.get(o, 0) <= MAX_FILE_BYTES]
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
    # One process: "true" (or "false") for being in a working tree, then the commit's id. Exit
    # 1 means no such commit; outside a repository git fails (128) and says so.
    answer = _git(
        root,
        "rev-parse",
        "--is-inside-work-tree",
        "--verify",
        "--quiet",
        f"{name}^{{commit}}",
        ok=(0, 1),
    ).split()
    if len(answer) != 2:
        raise UsageError(f"{name!r} is not a git revision of {root}")
    return Revision(root, name, answer[1].decode())


def changed_reports(root: Path, revision: Revision, economy: str | None = None) -> set[ReportKey]:
    """Report folders whose files differ between the revision and the working tree."""
    # diff-index (without --cached) compares the working tree through the stat data in git's
    # index and, unlike `git diff REV` or `git status`, never refreshes (writes) the index.
    # It runs while ls-tree reads the revision and the working tree's folders are listed.
    differences = _Git(
        root, "diff-index", "-z", "--raw", "--no-renames", revision.sha, "--", "economies/"
    )
    old = {k: v for k, v in revision.folders.items() if economy is None or k[0] == economy}
    fresh = {
        f"economies/{key[0]}/{key[1]}/{name}": key
        for key, names in report_names(root / "economies", economy).items()
        for name in names
        if name not in old.get(key, {})
    }
    ignored = _ignored(root, list(fresh))
    changed = {key for path, key in fresh.items() if path not in ignored}
    for status, oid, path in _raw_differences(differences.output()):
        place = _report_key(path)
        if place is None or (economy is not None and place[0][0] != economy):
            continue
        key, name = place
        blob = old.get(key, {}).get(name)
        if blob is None or status in "DT":
            changed.add(key)
        elif set(oid) != {"0"}:
            if oid != blob.oid:
                changed.add(key)
        else:  # git's index no longer vouches for the file (touched, say): hash it
            found = work_file(root / path)
            if found is None or not found.same_as(blob):
                changed.add(key)
    return changed


def _raw_differences(out: bytes) -> list[tuple[str, str, str]]:
    """(status letter, working tree's blob id, path) from `git diff-index -z --raw`.

    The id is all zeros where git's index cannot tell without reading the file.
    """
    fields = out.split(b"\0")
    found = []
    for info, path in zip(fields[0:-1:2], fields[1::2], strict=True):
        _, _, _, oid, status = info.decode().split()
        found.append((status[0], oid, os.fsdecode(path)))
    return found


def _ignored(root: Path, paths: list[str]) -> set[str]:
    """Those of the paths that git ignores (a file in git's index never is)."""
    if not paths:
        return set()
    stdin = b"".join(os.fsencode(p) + b"\0" for p in paths)
    # Exit 1 means that none is ignored.
    out = _git(root, "check-ignore", "-z", "--stdin", stdin=stdin, ok=(0, 1))
    return {os.fsdecode(p) for p in out.split(b"\0") if p}
