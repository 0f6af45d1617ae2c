"""Write a report folder's files: all or nothing, never over an existing report without force."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ctt.catalogue.catalogue import REPORT_FILE
from ctt.errors import ListingError, UsageError
from ctt.store import yamlwrite
from ctt.store.folderwrite import check_targets, write_folder
from ctt.store.fsutil import is_file
from ctt.store.repo import Repository
from ctt.store.yamlfile import MAX_FILE_BYTES

SCHEMA_LINE = "yaml-language-server: $schema={}"
MIB = 1024 * 1024


def report_text(
    repo: Repository, name: str, data: dict[str, Any], folder: Path | None = None
) -> str:
    """A report file's YAML text, with the editor's schema line first: the line of the file it
    replaces in `folder`, if that has one, else a link to the schema the repository uses."""
    header = _kept_header(folder / name) if folder is not None else None
    if header is None:
        kind = "report" if name == REPORT_FILE else "section"
        header = SCHEMA_LINE.format(repo.schema_link(f"{kind}.schema.json"))
    return yamlwrite.dump(data, header=header)


def _kept_header(path: Path) -> str | None:
    """The schema line of an existing report file (without its '# '), or None."""
    try:  # never through a link, never blocking on a pipe: only a regular file is read
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            first = handle.readline(1024).decode("utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError):
            return None
    line = first.removeprefix("# ")
    prefix = SCHEMA_LINE.format("")
    ok = first.startswith("# ") and line.startswith(prefix) and line[len(prefix) :].isprintable()
    return line if ok else None


def unkept_comments(folder: Path, names: Iterable[str], shown: str) -> list[str]:
    """A note for each file of `folder` that a write would replace with comment lines of its
    own (other than the schema line): a file is written afresh from its data, without them."""
    notes = []
    for name in names:
        path = folder / name
        if not is_file(path) or path.is_symlink():
            continue
        try:
            with path.open("rb") as handle:
                text = handle.read(MAX_FILE_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        lines = text.splitlines()[1 if _kept_header(path) is not None else 0 :]
        count = sum(1 for line in lines if line.lstrip().startswith("#"))
        if count:
            notes.append(
                f"{shown}/{name}: its {count} comment line(s) are not kept: the file is "
                "written afresh from its data (copy them back from git if they matter)"
            )
    return notes


def write_report(
    repo: Repository,
    folder: Path,
    documents: dict[str, dict[str, Any]],
    force: bool,
    shown: str = "",
) -> list[Path]:
    """Write every file of a report into `folder`, all or nothing; refuse to replace one
    unless `force`, and refuse a file that validate would refuse as too large."""
    shown = shown or str(folder)
    files = {
        name: report_text(repo, name, data, folder).encode("utf-8")
        for name, data in documents.items()
    }
    too_large = [
        _too_large(f"{shown}/{name}", len(data), documents[name])
        for name, data in files.items()
        if len(data) > MAX_FILE_BYTES
    ]
    if too_large:
        raise ListingError(
            f"{shown}: {len(too_large)} file(s) would be too large for ctt to read back; "
            "nothing was written",
            too_large,
        )
    existing = check_targets(folder, files, shown)
    if existing and not force:
        raise UsageError(
            f"{shown} already holds a report ({len(existing)} file(s)); "
            "use --force to replace its files"
        )
    write_folder(folder, files, existing, shown)
    return [folder / name for name in files]


def _too_large(path: str, size: int, data: Any) -> str:
    longest = max(_texts(data), key=len, default="")
    return (
        f"{path}: error: would be {size / MIB:.1f} MiB, more than the {MAX_FILE_BYTES // MIB} MiB "
        f"ctt reads of a report file (its longest text, {len(longest):,} characters, begins "
        f"{longest[:60]!r}) [file-too-large]"
    )


def _texts(data: Any) -> Iterator[str]:
    """Every string in a file's data (iteratively: the data may be deep)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
