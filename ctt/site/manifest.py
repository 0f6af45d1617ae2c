"""The site's manifest: for each page, a digest of its inputs and the file written, so that
a second build renders only what changed (build/site/.ctt-site.json)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 1


@dataclass(frozen=True)
class PageRecord:
    """A page as last written: the digest of its inputs, and the file's size and time."""

    inputs: str
    size: int
    mtime_ns: int


@dataclass
class Manifest:
    """What the last build wrote, and which report folders (by digest) were valid."""

    kind: str
    tool: str = ""
    pages: dict[str, PageRecord] = field(default_factory=dict)
    valid: dict[str, str] = field(default_factory=dict)  # report name -> folder digest

    def fresh(self, path: str, inputs: str, out_dir: Path) -> bool:
        """Whether the page's file is as the last build left it, from the same inputs."""
        record = self.pages.get(path)
        if record is None or record.inputs != inputs:
            return False
        try:
            info = os.lstat(out_dir / path)
        except OSError:
            return False
        return info.st_size == record.size and info.st_mtime_ns == record.mtime_ns

    def record(self, path: str, inputs: str, out_dir: Path) -> None:
        """Remember a page as it now stands on disk."""
        info = os.lstat(out_dir / path)
        self.pages[path] = PageRecord(inputs, info.st_size, info.st_mtime_ns)

    def dumps(self) -> bytes:
        """The manifest as JSON bytes (sorted, so equal manifests are equal bytes)."""
        data = {
            "format": FORMAT,
            "kind": self.kind,
            "tool": self.tool,
            "pages": {p: [r.inputs, r.size, r.mtime_ns] for p, r in sorted(self.pages.items())},
            "valid": dict(sorted(self.valid.items())),
        }
        return json.dumps(data, indent=0, sort_keys=True).encode("utf-8")


def load_manifest(path: Path) -> Manifest | None:
    """The manifest of an earlier build; None when there is none (or it cannot be read)."""
    try:
        data: Any = json.loads(path.read_bytes())
        if data.get("format") != FORMAT:
            return None
        pages = {
            str(p): PageRecord(str(r[0]), int(r[1]), int(r[2])) for p, r in data["pages"].items()
        }
        valid = {str(k): str(v) for k, v in data["valid"].items()}
        return Manifest(str(data["kind"]), str(data["tool"]), pages, valid)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None
