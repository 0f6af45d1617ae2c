"""Write several files into one folder all or nothing: every target checked first, the files
staged beside the folder, then moved in, the files they replace put back if a move fails."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import threading
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from ctt.errors import UsageError

REPLACED = "old"  # the stage's subfolder holding the replaced files until the end
HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stranded(UsageError):
    """A move failed and so did putting the previous files back: says where they are."""


def check_targets(folder: Path, names: Collection[str], shown: str) -> list[str]:
    """The names already in `folder` as files; UsageError, before anything is written, when
    a target cannot be written (a folder, a link, a read-only file, a name clash...)."""
    if folder.resolve() != Path(os.path.abspath(folder)):
        raise UsageError(
            f"{shown}: a symbolic link on the way leads elsewhere; refusing to write through it"
        )
    base = folder
    while not os.path.lexists(base) and base.parent != base:
        base = base.parent
    where = shown if base == folder else f"{shown}: {base}"
    if not base.is_dir():
        raise UsageError(f"{where}: exists and is not a folder")
    if not os.access(base, os.W_OK | os.X_OK):
        raise UsageError(f"{where}: cannot write: Permission denied")
    if base != folder:
        return []
    here: dict[str, list[str]] = {}
    for entry in os.listdir(folder):
        here.setdefault(_key(entry), []).append(entry)
    problems: list[str] = []
    existing: list[str] = []
    for name in names:
        same = here.get(_key(name), [])
        problems += [
            f"{other} and {name} are one file on some disks" for other in same if other != name
        ]
        if name not in same:
            continue
        why = _unwritable(os.lstat(folder / name))
        if why:
            problems.append(f"{name} {why}")
        else:
            existing.append(name)
    if problems:
        raise UsageError(f"{shown}: {'; '.join(problems)}; nothing was written")
    return existing


def _key(name: str) -> str:
    """What a disk that ignores case and normalises names (macOS, Windows) sees of a name."""
    return unicodedata.normalize("NFC", name).casefold()


def _unwritable(info: os.stat_result) -> str:
    """Why an existing target may not be replaced, or ''."""
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link; refusing to write through it"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if not info.st_mode & 0o222:
        return "is read-only"
    return ""


def write_folder(
    folder: Path, files: Mapping[str, bytes], existing: Collection[str], shown: str
) -> None:
    """Write `files` (name -> bytes) into `folder` all or nothing, replacing `existing` ones.

    The files are written and flushed into a hidden folder beside `folder`, `.NAME.*.tmp`;
    that folder becomes `folder` when there is none yet, else the files are moved in one by
    one (Ctrl-C waits for the moves), the replaced ones kept aside in its `old/` and put back
    if a move fails. File names must not be `old`.
    """
    created = _make_parents(folder.parent, shown)
    try:
        stage = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    except OSError as exc:
        raise UsageError(_cannot(shown, "", exc)) from None
    try:
        for name, data in files.items():
            try:
                _write_new(stage / name, data)
            except OSError as exc:
                raise UsageError(_cannot(shown, name, exc)) from None
        _fsync_dir(stage)
        if os.path.lexists(folder):
            _move_in(stage, folder, list(files), set(existing), shown)
        else:
            _rename_in(stage, folder, shown)
    except Stranded:
        raise  # the stage holds files the user needs
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        for path in reversed(created):
            with contextlib.suppress(OSError):
                path.rmdir()
        raise
    shutil.rmtree(stage, ignore_errors=True)  # what is left: the replaced files


def _make_parents(folder: Path, shown: str) -> list[Path]:
    """Create `folder` and the folders above it that are missing; the ones created, outer first."""
    missing = []
    path = folder
    while not os.path.lexists(path) and path.parent != path:
        missing.append(path)
        path = path.parent
    created: list[Path] = []
    try:
        for path in reversed(missing):
            path.mkdir()
            created.append(path)
    except OSError as exc:
        for path in reversed(created):
            with contextlib.suppress(OSError):
                path.rmdir()
        raise UsageError(_cannot(shown, "", exc)) from None
    return created


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file (never an existing one, never through a link) and flush it to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    """Flush a folder's entries to disk, where the system allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _rename_in(stage: Path, folder: Path, shown: str) -> None:
    """The staged folder becomes the report folder, in one rename."""
    mask = os.umask(0o022)
    os.umask(mask)
    try:
        os.chmod(stage, 0o777 & ~mask)
        os.replace(stage, folder)
    except OSError as exc:
        raise UsageError(_cannot(shown, "", exc)) from None
    _fsync_dir(folder.parent)


def _move_in(stage: Path, folder: Path, names: list[str], existing: set[str], shown: str) -> None:
    """Move the staged files into `folder`; if a move fails, put every previous file back."""
    aside = stage / REPLACED
    moved_out: list[str] = []
    moved_in: list[str] = []
    name = ""
    with _signals_held():
        try:
            if existing:
                aside.mkdir()
            for name in names:
                if name in existing:
                    os.replace(folder / name, aside / name)
                    moved_out.append(name)
                os.replace(stage / name, folder / name)
                moved_in.append(name)
            _fsync_dir(folder)
        except BaseException as exc:
            try:
                for done in reversed(moved_in):
                    os.replace(folder / done, stage / done)
                for done in reversed(moved_out):
                    os.replace(aside / done, folder / done)
            except OSError as again:
                raise Stranded(
                    _cannot(shown, name, exc, "and the previous files could not be put back ")
                    + f"({again.strerror or again}): {shown} holds a mix; the files replaced "
                    f"are in {aside}, the new files not moved in are in {stage}"
                ) from None
            if isinstance(exc, OSError):
                raise UsageError(_cannot(shown, name, exc)) from None
            raise


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done, then act as they would have."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {
        sig: signal.signal(sig, lambda signum, frame: caught.append(signum)) for sig in HELD_SIGNALS
    }
    try:
        yield
    finally:
        for held, handler in previous.items():
            signal.signal(held, signal.SIG_DFL if handler is None else handler)
        if signal.SIGINT in caught and previous[signal.SIGINT] is signal.default_int_handler:
            raise KeyboardInterrupt
        for number in dict.fromkeys(caught):
            signal.raise_signal(number)


def _cannot(shown: str, name: str, exc: BaseException, then: str = "nothing was written") -> str:
    where = f"{shown}/{name}" if name else shown
    reason = (
        exc.strerror
        if isinstance(exc, OSError) and exc.strerror
        else str(exc) or type(exc).__name__
    )
    return f"{where}: cannot write: {reason}; {then}"
