"""Write a report folder's files: atomically, and never over an existing report without force."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ctt import yamlwrite
from ctt.catalogue import REPORT_FILE
from ctt.errors import UsageError
from ctt.fsutil import write_output

SCHEMA_LINE = "yaml-language-server: $schema=../../../schema/{}.schema.json"


def report_text(name: str, data: dict[str, Any]) -> str:
    """A report file's YAML text, with the editor's schema line first."""
    kind = "report" if name == REPORT_FILE else "section"
    return yamlwrite.dump(data, header=SCHEMA_LINE.format(kind))


def write_report(
    folder: Path, documents: dict[str, dict[str, Any]], force: bool, shown: str = ""
) -> list[Path]:
    """Write every file of a report into `folder`; refuse to replace one unless `force`."""
    shown = shown or str(folder)
    if folder.resolve() != Path(os.path.abspath(folder)):
        raise UsageError(
            f"{shown}: a symbolic link on the way leads elsewhere; refusing to write through it"
        )
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{shown}: exists and is not a folder")
    existing = [folder / name for name in documents if (folder / name).exists()]
    if existing and not force:
        raise UsageError(
            f"{shown} already holds a report ({len(existing)} file(s)); "
            "use --force to replace its files"
        )
    for path in existing:
        if path.is_symlink():
            raise UsageError(f"{path}: is a symbolic link; refusing to write through it")
    written = []
    for name, data in documents.items():
        path = folder / name
        write_output(path, report_text(name, data).encode("utf-8"))
        written.append(path)
    return written
