"""Digests of what outputs (site pages, rendered files) are made from: report folders,
documents, templates, ctt itself."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ctt.check.cache import fingerprint
from ctt.store.fsutil import read_regular
from ctt.store.repo import Repository
from ctt.store.yamlfile import MAX_FILE_BYTES


def digest(*parts: str) -> str:
    """One digest of several strings (each a digest, a name or a flag)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    """A file's digest: its bytes; a link by its target, a file too large to read (or not a
    regular file) by its size and time, as validate refuses those unread anyway."""
    try:
        info = os.lstat(path)
    except OSError:
        return "missing"
    if stat.S_ISLNK(info.st_mode):
        return "link:" + os.readlink(path)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        return f"other:{info.st_mode}:{info.st_size}:{info.st_mtime_ns}"
    try:  # read as it was seen: not through a link or pipe put there since the lstat
        return hashlib.sha256(read_regular(path, MAX_FILE_BYTES)).hexdigest()
    except OSError:
        return "unreadable"


def folder_digest(folder: Path) -> str:
    """A report folder's digest: the name and digest of every entry in it."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return "unreadable"
    return digest(*(f"{name}={file_digest(folder / name)}" for name in names))


def tool_digest(repo: Repository) -> str:
    """What every page depends on: ctt's version and code, the catalogue and schemas, the
    templates (a change to any of them rebuilds every page)."""
    templates = repo.template_files()
    named = (f"{name}={file_digest(path)}" for name, path in templates.items())
    return digest(fingerprint(repo.schema_files()), *named)
