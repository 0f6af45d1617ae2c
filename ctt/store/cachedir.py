"""ctt's cache folder outside any repository, the machine's secret that keys what it holds,
and a digest of ctt's own code, which every cached result depends on."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import ctt
from ctt.store.fsutil import read_regular

SECRET_BYTES = 32


def cache_base() -> Path:
    """ctt's cache folder: $CTT_CACHE_DIR, else $XDG_CACHE_HOME/ctt, else ~/.cache/ctt."""
    chosen = os.environ.get("CTT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ctt"


def secret_file() -> Path:
    """Where this machine's cache secret lives, in ctt's cache folder."""
    return cache_base() / "cache-secret"


def machine_secret() -> bytes | None:
    """The secret that keys cache entries, made on first use; None when it cannot be had."""
    path = secret_file()
    try:
        data = read_regular(path, SECRET_BYTES)
        if len(data) == SECRET_BYTES:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_NONBLOCK
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(SECRET_BYTES))
        data = read_regular(path, SECRET_BYTES)
    except OSError:
        return None
    return data if len(data) == SECRET_BYTES else None


@functools.cache
def code_digest() -> bytes:
    """A digest of ctt's version and of every module of its code (once per process)."""
    digest = hashlib.sha256(ctt.__version__.encode())
    package = Path(ctt.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()
