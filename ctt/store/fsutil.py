"""Writing files safely: atomically, never through a link, never over a user's file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ctt.errors import UsageError


def is_file(path: Path) -> bool:
    """Whether `path` is a file (through links); False too for a name the system refuses
    (too long, or holding a NUL), where Path.is_file() would raise."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def read_regular(path: Path, limit: int) -> bytes:
    """A file's bytes: never through a link, only a regular file of at most `limit` bytes
    (a cache or manifest file replaced by a pipe or a link to /dev/zero must not hang the
    run); OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise OSError(f"{path}: not a regular file of at most {limit} bytes")
        return handle.read(limit)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _staged(path: Path, data: bytes) -> Iterator[str]:
    """`data` written and flushed to a temporary file beside `path`, removed afterwards
    unless renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename: all or nothing."""
    with _staged(path, data) as tmp:
        os.replace(tmp, path)


def write_new(path: Path, data: bytes) -> bool:
    """Write `data` to `path` all or nothing, only if nothing is there: False, and nothing
    written, when something already has that name, even something made meanwhile."""
    with _staged(path, data) as tmp:
        try:
            os.link(tmp, path)  # unlike a rename, never replaces what is there
        except FileExistsError:
            return False
    return True


def refuse_link(path: Path, shown: str = "") -> None:
    """UsageError when `path` is a symbolic link, which an output never writes through; a
    name the system refuses (too long) is left for the write to report in one line."""
    try:
        link = path.is_symlink()
    except (OSError, ValueError):
        return
    if link:
        raise UsageError(f"{shown or path}: is a symbolic link; refusing to write through it")


def write_output(path: Path, data: bytes, shown: str = "") -> None:
    """atomic_write for a command's output: a failure is a one-line error naming the file."""
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise UsageError(f"{shown or path}: cannot write: {exc.strerror or exc}") from None
