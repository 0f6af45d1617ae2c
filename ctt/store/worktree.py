"""The working tree's report files as git sees them: their names, and their blob ids."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ctt.store.repo import YEAR
from ctt.store.yamlfile import MAX_FILE_BYTES

ReportKey = tuple[str, int]
REPORT_SUFFIXES = (".yaml", ".yml")


class Blob(NamedTuple):
    """A report file at a revision: whether it is a symbolic link, and its blob id."""

    link: bool
    oid: str


def blob_id(data: bytes, length: int = 40) -> str:
    """The id git gives a blob of these bytes (SHA-1, or SHA-256 for 64-digit ids)."""
    digest = hashlib.sha256() if length == 64 else hashlib.sha1(usedforsecurity=False)
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True)
class WorkFile:
    """A report file in the working tree: a regular file or a symbolic link (never followed)."""

    path: Path
    link: bool
    size: int

    def same_as(self, blob: Blob) -> bool:
        """True when git would store this file as exactly that blob (the mode bits aside)."""
        if self.link != blob.link or self.size > MAX_FILE_BYTES:
            return False  # a file over the limit is never read: it counts as changed
        data = self._content()
        return data is not None and blob_id(data, len(blob.oid)) == blob.oid

    def _content(self) -> bytes | None:
        try:
            if self.link:
                return os.readlink(os.fsencode(self.path))  # what git stores for a link
            # O_NOFOLLOW and the fstat: the file may have been swapped for a link or a pipe.
            flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW
            with os.fdopen(os.open(self.path, flags), "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    return None
                return handle.read(MAX_FILE_BYTES + 1)
        except OSError:
            return None


def work_file(path: Path) -> WorkFile | None:
    """The file at path as git sees it; None when there is none, or a pipe, device or folder."""
    try:
        info = path.lstat()
    except OSError:
        return None
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        return None
    return WorkFile(path, stat.S_ISLNK(info.st_mode), info.st_size)


def report_names(economies: Path, economy: str | None = None) -> dict[ReportKey, list[str]]:
    """The names of the report files (and links) in every economies/<economy>/<year>/.

    Folders that are symbolic links are not entered and pipes or devices are left out, as
    git does. Only folders are listed: no file is opened or even looked at.
    """
    found: dict[ReportKey, list[str]] = {}
    if economies.is_symlink():
        return found
    for economy_dir in _folders(str(economies)):
        if economy is not None and economy_dir.name != economy:
            continue
        for year_dir in _folders(economy_dir.path):
            if not YEAR.match(year_dir.name):
                continue
            names = [
                entry.name
                for entry in _entries(year_dir.path)
                if entry.name.endswith(REPORT_SUFFIXES)
                and (entry.is_symlink() or entry.is_file(follow_symlinks=False))
            ]
            if names:
                found[(economy_dir.name, int(year_dir.name))] = names
    return found


def _folders(folder: str) -> list[os.DirEntry[str]]:
    """The real folders (not links to folders) in a folder."""
    return [e for e in _entries(folder) if e.is_dir(follow_symlinks=False)]


def _entries(folder: str) -> list[os.DirEntry[str]]:
    """What a folder holds; nothing when it cannot be listed (git sees no files there)."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []
