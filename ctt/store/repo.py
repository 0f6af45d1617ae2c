"""The repository: where it is, which reports it holds, and which catalogue, schemas and
templates apply to it (its own files in schema/ and templates/ over ctt's defaults)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ctt.errors import UsageError
from ctt.problems import display_path
from ctt.store import defaults
from ctt.store.fsutil import is_file

# A repository's root holds its own catalogue (ctt's repository, or one that keeps its own)
# or an economies/ folder (a reports repository that follows ctt's catalogue).
ROOT_MARKER = Path("schema") / "sections.yaml"
REPORTS_MARKER = "economies"
SCHEMA_SUFFIXES = (".yaml", ".json")
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
    """A ctt repository: the reports in economies/; the catalogue, schemas and templates are
    ctt's own, each overridden by a file of the same name in schema/ or templates/."""

    root: Path

    @property
    def own_schema_dir(self) -> Path:
        """The repository's schema/ folder: files here override ctt's defaults, one by one."""
        return self.root / "schema"

    @property
    def own_templates_dir(self) -> Path:
        """The repository's templates/ folder: templates here override ctt's of that name."""
        return self.root / "templates"

    @property
    def economies_dir(self) -> Path:
        """The folder with one folder per economy."""
        return self.root / "economies"

    def schema_file(self, name: str) -> Path:
        """The effective schema or catalogue file `name`: the repository's own schema/NAME
        when there is one, else ctt's default."""
        own = self.own_schema_dir / name
        return own if is_file(own) else defaults.schema_dir() / name

    def schema_link(self, name: str) -> str:
        """Where a report file's editor finds JSON Schema `name`: the repository's own
        schema/NAME, relative to economies/ECONOMY/YEAR/, when it has one; else the schema
        of the installed version of ctt, in ctt's repository."""
        if is_file(self.own_schema_dir / name):
            return f"../../../schema/{name}"
        from ctt import __version__

        return f"{defaults.RAW_URL}/v{__version__}/schema/{name}"

    def schema_files(self) -> list[Path]:
        """Every effective schema and catalogue file (defaults and overrides), by name."""
        names = {
            path.name
            for folder in (defaults.schema_dir(), self.own_schema_dir)
            if folder.is_dir()
            for path in folder.iterdir()
            if path.suffix in SCHEMA_SUFFIXES and path.is_file()
        }
        return [self.schema_file(name) for name in sorted(names)]

    def template_dirs(self) -> list[Path]:
        """The template search path: the repository's templates/ (if any), then ctt's."""
        default = defaults.templates_dir()
        own = self.own_templates_dir
        if own.is_dir() and own.resolve() != default.resolve():
            return [own, default]
        return [default]

    def template_files(self) -> dict[str, Path]:
        """Every effective template file, by its name under the search path."""
        found: dict[str, Path] = {}
        for folder in reversed(self.template_dirs()):  # the repository's own win
            for path in folder.rglob("*"):
                if path.is_file():
                    found[path.relative_to(folder).as_posix()] = path
        return dict(sorted(found.items()))

    def template_file(self, name: str) -> Path:
        """The effective template file `name` (e.g. site/site.css)."""
        for folder in self.template_dirs():
            if is_file(folder / name):
                return folder / name
        return self.template_dirs()[-1] / name

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
                f"no report for {economy} {year}: {display_path(path, self.root)} not found{known}"
            )
        return ReportRef(economy, year, path)


def _check_slug(economy: str) -> None:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", economy):
        raise UsageError(f"{economy!r} is not an economy id (lower-case words joined by '-')")


def is_root(folder: Path) -> bool:
    """Whether `folder` is a repository's root: it holds schema/sections.yaml or economies/."""
    try:
        return is_file(folder / ROOT_MARKER) or (folder / REPORTS_MARKER).is_dir()
    except (OSError, ValueError):
        return False


_MARKERS = f"{ROOT_MARKER.as_posix()} or {REPORTS_MARKER}/"


def find_root(start: Path) -> Path:
    """Walk up from `start` to the folder that holds schema/sections.yaml or economies/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_root(folder):
            return folder
    raise UsageError(
        f"not inside a ctt repository (no {_MARKERS} in {start} or above); "
        "use --root PATH, or make one with ctt init"
    )


def open_repository(root: Path | None, cwd: Path) -> Repository:
    """The repository at --root, or the one that holds the working directory."""
    if root is None:
        return Repository(find_root(cwd))
    if not is_root(root):
        raise UsageError(f"--root {root}: not a ctt repository (no {_MARKERS})")
    return Repository(root.resolve())
