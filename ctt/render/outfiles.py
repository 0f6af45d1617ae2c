"""Where rendered files go: the output folder (never among the reports), their names, and
writing them all or none."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ctt.errors import UsageError
from ctt.store.fsutil import refuse_link, write_output
from ctt.store.repo import ReportRef, Repository

PUBLIC_SUFFIX = "-public"


def output_stem(ref: ReportRef, redact: bool) -> str:
    """The output file name without extension: chile-2020, or chile-2020-public when redacted."""
    return f"{ref.name}{PUBLIC_SUFFIX if redact else ''}"


def section_stem(ref: ReportRef, section_id: str, redact: bool) -> str:
    """chile-2020-a1, or chile-2020-a1-public when redacted."""
    return f"{ref.name}-{section_id}{PUBLIC_SUFFIX if redact else ''}"


def summary_stem(year: int) -> str:
    """The output file name without extension: ctt-summary-2023."""
    return f"ctt-summary-{year}"


def check_output_dir(repo: Repository, out_dir: Path | None = None, option: str = "--out") -> Path:
    """The output folder (build/ by default), refused when it lies among the reports,
    schemas or templates, or leads out of the repository through a symbolic link."""
    name = "build/" if out_dir is None else f"{option} {out_dir}"
    out_dir = repo.build_dir if out_dir is None else out_dir
    if repo.escapes(out_dir):
        raise UsageError(
            f"{name}: a symbolic link leading outside the repository; refusing to write through it"
        )
    resolved = out_dir.resolve()
    for protected in (repo.economies_dir, repo.own_schema_dir, repo.own_templates_dir):
        target = protected.resolve()
        if resolved == target or target in resolved.parents:
            raise UsageError(f"{name}: refusing to write into {protected.name}/")
    try:
        is_folder = stat.S_ISDIR(os.stat(resolved).st_mode)
    except FileNotFoundError:
        is_folder = True  # made when the first file is written
    except OSError as exc:  # a name too long, a file where a folder should be
        raise UsageError(f"{name}: cannot be used: {exc.strerror or exc}") from None
    if not is_folder:
        raise UsageError(f"{name}: exists and is not a folder")
    return resolved


def write_rendered(out_dir: Path, stem: str, outputs: dict[str, bytes]) -> list[Path]:
    """Write each rendering (by extension) as `out_dir/stem.ext`, each file atomically, none
    through a symbolic link; return the files written."""
    targets = [(out_dir / f"{stem}.{extension}", data) for extension, data in outputs.items()]
    for target, _ in targets:
        refuse_link(target)
    for target, data in targets:
        write_output(target, data)
    return [target for target, _ in targets]
