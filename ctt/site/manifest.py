"""The site's manifest: for each page, a digest of its inputs and the file written, so that
a second build renders only what changed (build/site/.ctt-site.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctt.render.outputs import (
    OutputRecord,
    is_fresh,
    load_manifest_json,
    record_output,
    records_from_json,
)

FORMAT = 1


@dataclass
class Manifest:
    """What the last build wrote, and which report folders (by digest) were valid."""

    kind: str
    tool: str = ""
    pages: dict[str, OutputRecord] = field(default_factory=dict)
    valid: dict[str, str] = field(default_factory=dict)  # report name -> folder digest

    def fresh(self, path: str, inputs: str, out_dir: Path) -> bool:
        """Whether the page's file is as the last build left it, from the same inputs."""
        return is_fresh(self.pages, path, inputs, out_dir)

    def record(self, path: str, inputs: str, out_dir: Path) -> None:
        """Remember a page as it now stands on disk."""
        record_output(self.pages, path, inputs, out_dir)

    def dumps(self) -> bytes:
        """The manifest as JSON bytes (sorted, so equal manifests are equal bytes)."""
        data = {
            "format": FORMAT,
            "kind": self.kind,
            "tool": self.tool,
            "pages": {p: r.row() for p, r in sorted(self.pages.items())},
            "valid": dict(sorted(self.valid.items())),
        }
        return json.dumps(data, indent=0, sort_keys=True).encode("utf-8")


def load_manifest(path: Path) -> Manifest | None:
    """The manifest of an earlier build; None when there is none (or it cannot be read)."""
    return load_manifest_json(path, FORMAT, _from_json)


def _from_json(data: Any) -> Manifest:
    pages = records_from_json(data["pages"])
    valid = {str(k): str(v) for k, v in data["valid"].items()}
    return Manifest(str(data["kind"]), str(data["tool"]), pages, valid)
