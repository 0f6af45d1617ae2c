"""The repository: where it is, and which reports it holds."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ctt.errors import UsageError
from ctt.fsutil import is_file

ROOT_MARKER = Path("schema") / "sections.yaml"
# A report folder's name: four ASCII digits, nothing else (\d and $ would let "٢٠٢٠" and
# "2020\n" in).
YEAR = re.compile(r"\A[0-9]{4}\Z")
LINKED_OUT = "a symbolic link leading outside the repository: not followed"


def is_year(name: str) -> bool:
    """Whether a folder name is a report year: exactly four ASCII digits."""
    return YEAR.fullmatch(name) is not None


@dataclass(frozen=True)
class ReportRef:
    """A report folder: economies/<economy>/<year>/."""

    economy: str
    year: int
    path: Path

    @property
    def name(self) -> str:
        """The report's short name, e.g. chile-2020."""
        return f"{self.economy}-{self.year}"


@dataclass(frozen=True)
class Repository:
    """A ctt repository: the catalogue in schema/, the reports in economies/."""

    root: Path

    @property
    def schema_dir(self) -> Path:
        """The folder with the catalogue and JSON Schemas."""
        return self.root / "schema"

    @property
    def economies_dir(self) -> Path:
        """The folder with one folder per economy."""
        return self.root / "economies"

    @property
    def templates_dir(self) -> Path:
        """The folder with the Jinja2 templates."""
        return self.root / "templates"

    @property
    def build_dir(self) -> Path:
        """Where rendered output goes by default."""
        return self.root / "build"

    def economy_dirs(self) -> list[Path]:
        """Every economy folder, sorted."""
        if not self.economies_dir.is_dir():
            return []
        return sorted(p for p in self.economies_dir.iterdir() if p.is_dir())

    def year_dirs(self, economy_dir: Path) -> list[Path]:
        """Every folder inside an economy folder, sorted (year folders and strays)."""
        return sorted(p for p in economy_dir.iterdir() if p.is_dir())

    def reports(self, economy: str | None = None) -> list[ReportRef]:
        """Every report folder (with a four-digit year), optionally of one economy."""
        found = []
        for economy_dir in self.economy_dirs():
            if economy is not None and economy_dir.name != economy:
                continue
            for year_dir in self.year_dirs(economy_dir):
                if is_year(year_dir.name):
                    found.append(ReportRef(economy_dir.name, int(year_dir.name), year_dir))
        return found

    @cached_property
    def resolved_root(self) -> Path:
        """The root with every link resolved (once)."""
        return self.root.resolve()

    def escapes(self, path: Path) -> bool:
        """True when `path`, inside the repository by name, leads out of it through a link.

        Such a link is never followed: a report file linked to a secret elsewhere on the
        machine would otherwise be read and quoted in problem lines (in CI logs, say).
        """
        root = self.resolved_root
        absolute = Path(os.path.abspath(path))
        if absolute != root and root not in absolute.parents:
            return False  # outside by name: a path the user chose
        resolved = absolute.resolve()
        return resolved != root and root not in resolved.parents

    def report(self, economy: str, year: int) -> ReportRef:
        """One report folder; UsageError if there is none."""
        _check_slug(economy)
        path = self.economies_dir / economy / str(year)
        if not path.is_dir():
            years = [r.year for r in self.reports(economy)]
            known = f" (reports: {', '.join(map(str, years))})" if years else ""
            raise UsageError(
                f"no report for {economy} {year}: {_rel(path, self.root)} not found{known}"
            )
        return ReportRef(economy, year, path)


def _check_slug(economy: str) -> None:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", economy):
        raise UsageError(f"{economy!r} is not an economy id (lower-case words joined by '-')")


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def find_root(start: Path) -> Path:
    """Walk up from `start` to the folder that holds schema/sections.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ROOT_MARKER).is_file():
            return folder
    raise UsageError(
        f"not inside a ctt repository (no {ROOT_MARKER.as_posix()} in {start} or above); "
        "use --root PATH"
    )


def open_repository(root: Path | None, cwd: Path) -> Repository:
    """The repository at --root, or the one that holds the working directory."""
    if root is None:
        return Repository(find_root(cwd))
    if not is_file(root / ROOT_MARKER):
        raise UsageError(f"--root {root}: not a ctt repository (no {ROOT_MARKER.as_posix()})")
    return Repository(root.resolve())
