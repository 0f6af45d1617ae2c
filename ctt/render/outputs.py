"""Records of files written from known inputs (site pages, rendered reports): a file is made
again only when the digest of its inputs changed, or it is no longer as it was written."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ctt.store.fsutil import read_regular

MAX_MANIFEST_BYTES = 64 * 1024 * 1024
T = TypeVar("T")


@dataclass(frozen=True)
class OutputRecord:
    """A file as last written: the digest of its inputs, and the file's size and time."""

    inputs: str
    size: int
    mtime_ns: int

    def row(self) -> list[object]:
        """The record as a JSON row."""
        return [self.inputs, self.size, self.mtime_ns]


def is_fresh(records: dict[str, OutputRecord], path: str, inputs: str, out_dir: Path) -> bool:
    """Whether the file is as the last run left it (same size and time: not deleted nor
    edited by hand), made from the same inputs."""
    record = records.get(path)
    if record is None or record.inputs != inputs:
        return False
    try:
        info = os.lstat(out_dir / path)
    except OSError:
        return False
    return info.st_size == record.size and info.st_mtime_ns == record.mtime_ns


def record_output(records: dict[str, OutputRecord], path: str, inputs: str, out_dir: Path) -> None:
    """Remember a file as it now stands on disk."""
    info = os.lstat(out_dir / path)
    records[path] = OutputRecord(inputs, info.st_size, info.st_mtime_ns)


def records_from_json(rows: Any) -> dict[str, OutputRecord]:
    """Records read back from JSON rows; TypeError, ValueError or IndexError when malformed."""
    return {str(p): OutputRecord(str(r[0]), int(r[1]), int(r[2])) for p, r in rows.items()}


def read_manifest(path: Path) -> bytes:
    """A manifest's bytes (a regular file, not a link, of bounded size); OSError otherwise."""
    return read_regular(path, MAX_MANIFEST_BYTES)


def load_manifest_json(path: Path, format: int, parse: Callable[[Any], T]) -> T | None:
    """A manifest of an earlier run, parsed from its JSON; None when there is none, it is of
    another format, or it cannot be read or parsed (the run then makes everything)."""
    try:
        data: Any = json.loads(read_manifest(path))
        if data.get("format") != format:
            return None
        return parse(data)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None
