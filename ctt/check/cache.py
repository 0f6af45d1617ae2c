"""A content-addressed cache of validation results, kept in the user's cache folder.

It lives outside the repository ($CTT_CACHE_DIR, else $XDG_CACHE_HOME/ctt, else
~/.cache/ctt), one folder per repository named by a digest of its resolved root, so that
validating (as a pre-commit hook does) writes nothing into the repository.

A file's entry is keyed by its path and its bytes; the whole cache is keyed by a fingerprint
of ctt's own code and of every schema and catalogue file, so any change to them empties it.
Entry keys are keyed hashes (HMAC) with a secret kept outside the checkout, in the user's
cache folder: a cache file that arrives with a checkout (a pull request can add one) never
matches, so it cannot hide a problem. A cache that cannot be read or written is simply not
used: it never changes a result.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import time
from pathlib import Path

from ctt.problems import Problem
from ctt.store.cachedir import cache_base, code_digest, machine_secret
from ctt.store.fsutil import atomic_write, read_regular
from ctt.store.repo import Repository

CACHE_FILE = "validate.json"
MAX_ENTRIES = 100_000
MAX_CACHE_BYTES = 256 * 1024 * 1024  # a larger file is not a cache ctt wrote


def repository_cache_dir(repo: Repository) -> Path:
    """The cache folder of one repository: named by a digest of its resolved root."""
    name = hashlib.sha256(os.fsencode(repo.resolved_root)).hexdigest()[:24]
    return cache_base() / "repos" / name


def fingerprint(schema_files: list[Path]) -> str:
    """A digest of ctt's code and of the effective schemas and catalogue (ctt's defaults and
    the repository's own; Repository.schema_files): what results depend on."""
    digest = hashlib.sha256(code_digest())
    for path in schema_files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


Stat = tuple[int, int, int, int]  # size, st_mtime_ns, inode, st_ctime_ns, as git's index
# A file modified this close to (or after) the start of the run that recorded its stat may
# have been changed again within the file system's timestamp granularity (a second on some,
# two on FAT; kernel file times also lag the clock a little): its stat proves nothing.
RACY_NS = 2_000_000_000


def stat_of(info: os.stat_result) -> Stat:
    """The stat data that vouches for a file's content when unchanged."""
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


class ValidationCache:
    """Problems of files already checked, by what they hold; and each file's stat when it
    was last read, so that a file whose stat is unchanged need not be read again."""

    def __init__(self, path: Path, fingerprint: str, secret: bytes = b"") -> None:
        self.path: Path | None = path
        self.fingerprint = fingerprint
        self.secret = secret
        self.entries: dict[str, list[list[object]]] = {}
        # shown path -> [size, mtime_ns, inode, ctime_ns, key]: the key is the keyed hash
        # of the file's bytes when it had that stat, so the index too is bound to the secret.
        self.index: dict[str, list[object]] = {}
        self.started = time.time_ns()
        self.trusted_before = 0  # a recorded stat vouches only for files older than this
        self.used: set[str] = set()
        self.dirty = False
        try:
            data = json.loads(read_regular(path, MAX_CACHE_BYTES))
            if data.get("fingerprint") == fingerprint and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]
                if isinstance(data.get("index"), dict) and isinstance(data.get("started"), int):
                    self.index = data["index"]
                    self.trusted_before = data["started"] - RACY_NS
        except (OSError, ValueError, AttributeError):
            pass  # no cache yet, or an unreadable one: start empty

    @classmethod
    def memory(cls, fingerprint: str, secret: bytes) -> ValidationCache:
        """A cache that starts empty and is never saved (it records what a worker checked)."""
        cache = cls(Path("/nonexistent/ctt-cache.json"), fingerprint, secret)
        cache.path = None
        return cache

    def vouched(self, shown: str, info: os.stat_result) -> str | None:
        """The key recorded for a file whose stat is as recorded, and was recorded well after
        the file last changed (not "racy"); None when the file must be read."""
        row = self.index.get(shown)
        if row is None or info.st_mtime_ns >= self.trusted_before:
            return None
        try:
            size, mtime_ns, inode, ctime_ns, key = row
        except (TypeError, ValueError):
            return None
        if (size, mtime_ns, inode, ctime_ns) != stat_of(info) or not isinstance(key, str):
            return None
        return key

    def note(self, shown: str, info: os.stat_result, key: str) -> None:
        """Record the stat a file had (taken before it was read) and the key of its bytes;
        not for a file changed just before this run began: it may change again unseen."""
        if info.st_mtime_ns >= self.started - RACY_NS:
            if self.index.pop(shown, None) is not None:
                self.dirty = True
            return
        row: list[object] = [*stat_of(info), key]
        if self.index.get(shown) != row:
            self.index[shown] = row
            self.dirty = True

    def key(self, shown: str, raw: bytes) -> str:
        """The key of a file: a keyed hash of its shown path and its bytes."""
        return hmac.new(self.secret, shown.encode() + b"\0" + raw, hashlib.sha256).hexdigest()

    def get(self, key: str) -> list[Problem] | None:
        """The problems recorded for a key, or None."""
        rows = self.entries.get(key)
        if rows is None:
            return None
        self.used.add(key)
        try:
            return [Problem(*row) for row in rows]  # type: ignore[arg-type]
        except TypeError:
            return None

    def merge(self, entries: dict[str, list[list[object]]], index: dict[str, list[object]]) -> None:
        """Take in entries and stats recorded elsewhere (by a worker process)."""
        if entries or index:
            self.entries.update(entries)
            self.used.update(entries)
            self.index.update(index)
            self.dirty = True

    def put(self, key: str, problems: list[Problem]) -> None:
        """Record the problems of a key."""
        self.entries[key] = [
            [p.path, p.line, p.column, p.severity, p.message, p.rule] for p in problems
        ]
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        """Write the cache (atomically); silently skip when it cannot be written."""
        if not self.dirty or self.path is None:
            return
        entries, index = self.entries, self.index
        if len(entries) > MAX_ENTRIES or len(index) > MAX_ENTRIES:
            entries = {k: v for k, v in entries.items() if k in self.used}
            index = {k: v for k, v in index.items() if _row_key(v) in entries}
        body = json.dumps(
            {
                "fingerprint": self.fingerprint,
                "started": self.started,
                "entries": entries,
                "index": index,
            }
        )
        with contextlib.suppress(OSError):  # a read-only cache folder: run without a cache
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write(self.path, body.encode("utf-8"))


def _row_key(row: object) -> object:
    """The key an index row ends with; None for a row that is not one (a damaged cache)."""
    return row[-1] if isinstance(row, list) and row else None


def open_cache(repo: Repository, enabled: bool = True) -> ValidationCache | None:
    """The repository's validation cache; None when disabled or when no secret can be had
    (without a secret to key its entries, a cache could be forged)."""
    secret = machine_secret() if enabled else None
    if secret is None:
        return None
    path = repository_cache_dir(repo) / CACHE_FILE
    return ValidationCache(path, fingerprint(repo.schema_files()), secret)
