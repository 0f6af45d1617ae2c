"""The working tree's report files as git would store them, compared without git's index."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ctt.yamlfile import MAX_FILE_BYTES

ReportKey = tuple[str, int]
YEAR = re.compile(r"^\d{4}$")
REPORT_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Blob:
    """A report file at a revision: whether it is a symbolic link, its blob id and size."""

    link: bool
    oid: str
    size: int


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
        if self.link != blob.link or self.size != blob.size or self.size > MAX_FILE_BYTES:
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


def working_files(
    economies: Path, economy: str | None = None
) -> dict[ReportKey, dict[str, WorkFile]]:
    """Every report file under economies/<economy>/<year>/, as git sees the tree.

    Folders that are symbolic links are not entered and pipes or devices are left out, as
    git does; a file that is a link is kept as a link.
    """
    found: dict[ReportKey, dict[str, WorkFile]] = {}
    for economy_dir in _folders(economies):
        if economy is not None and economy_dir.name != economy:
            continue
        for year_dir in _folders(Path(economy_dir.path)):
            if not YEAR.match(year_dir.name):
                continue
            files = {}
            for entry in _entries(Path(year_dir.path)):
                if not entry.name.endswith(REPORT_SUFFIXES):
                    continue
                link = entry.is_symlink()
                if link or entry.is_file(follow_symlinks=False):
                    size = entry.stat(follow_symlinks=False).st_size
                    files[entry.name] = WorkFile(Path(entry.path), link, size)
            if files:
                found[(economy_dir.name, int(year_dir.name))] = files
    return found


def _folders(folder: Path) -> list[os.DirEntry[str]]:
    """The real folders (not links to folders) in a folder."""
    return [e for e in _entries(folder) if e.is_dir(follow_symlinks=False)]


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """What a folder holds; nothing when it is a link or cannot be listed (git sees no files)."""
    if folder.is_symlink():
        return []
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def changed_folders(
    old: dict[ReportKey, dict[str, Blob]], new: dict[ReportKey, dict[str, WorkFile]]
) -> set[ReportKey]:
    """The report folders with a file added, removed or changed between old and new."""
    changed = set()
    for key in old.keys() | new.keys():
        before, after = old.get(key, {}), new.get(key, {})
        if before.keys() != after.keys() or any(
            not after[name].same_as(blob) for name, blob in before.items()
        ):
            changed.add(key)
    return changed
