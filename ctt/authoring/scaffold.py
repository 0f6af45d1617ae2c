"""`ctt init`: make a folder a reports repository, never overwriting a file that exists."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ctt import __version__
from ctt.catalogue.catalogue import CATALOGUE_FILES, load_catalogue
from ctt.errors import UsageError
from ctt.store import defaults
from ctt.store.fsutil import write_new
from ctt.store.repo import Repository

DRIVER_KEY = "diff.ctt.textconv"


@dataclass(frozen=True)
class Outcome:
    """One thing `ctt init` looked after: made, or kept as it was (with why)."""

    path: str
    made: bool
    note: str = ""


def ctt_command() -> str:
    """The installed ctt, by absolute path and quoted for a shell (git runs drivers in one).

    The script the user ran, else the one beside this Python (a virtual environment's bin),
    else the one on PATH, else this Python running ctt as a module.
    """
    ran = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    candidates = [
        ran if ran is not None and ran.name == "ctt" else None,
        Path(sys.executable).parent / "ctt",
        Path(found) if (found := shutil.which("ctt")) else None,
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_file() and os.access(candidate, os.X_OK):
            return shlex.quote(os.path.abspath(candidate))
    return f"{shlex.quote(sys.executable)} -m ctt"


def init_repository(
    target: Path, economy: str | None = None, own_catalogue: bool = False
) -> list[Outcome]:
    """Make `target` (created if missing) ready for reports; what was made and what kept."""
    try:
        return _init(target, economy, own_catalogue)
    except OSError as exc:  # a file where a folder goes, a read-only folder...
        where = exc.filename or target
        raise UsageError(
            f"{where}: cannot write: {exc.strerror or exc}; "
            "what was made is kept: run ctt init again once that is fixed"
        ) from None


def _init(target: Path, economy: str | None, own_catalogue: bool) -> list[Outcome]:
    repo = Repository(target.resolve() if target.exists() else Path(os.path.abspath(target)))
    if economy is not None:
        load_catalogue(repo).require_economy(economy)  # before anything is written
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder")
    target.mkdir(parents=True, exist_ok=True)
    repo = Repository(target.resolve())
    done: list[Outcome] = []
    if not _git_ok(repo.root, "rev-parse", "--is-inside-work-tree"):
        _git(repo.root, "init", "--quiet")
        done.append(Outcome(".git/", True, "git init"))
    done.append(_folder(repo, "economies"))
    # git keeps no empty folder, and economies/ is what marks a clone as a reports repository
    keep = "economies/.gitkeep" if economy is None else f"economies/{economy}/.gitkeep"
    done.append(_file(repo, keep, b""))
    done.append(_file(repo, "schema/README.md", SCHEMA_README.encode()))
    if own_catalogue:
        for name in CATALOGUE_FILES:
            done.append(_file(repo, f"schema/{name}", (defaults.schema_dir() / name).read_bytes()))
    done.append(_file(repo, ".gitignore", b"build/\n"))
    done.append(_file(repo, ".gitattributes", GITATTRIBUTES.encode()))
    done.append(_diff_driver(repo))
    done.append(_file(repo, ".pre-commit-config.yaml", PRE_COMMIT.format(v=__version__).encode()))
    for workflow in sorted(defaults.workflows_dir().glob("*.yml")):
        done.append(_file(repo, f".github/workflows/{workflow.name}", workflow.read_bytes()))
    text = COORDINATOR_README.format(
        v=__version__, url=defaults.SOURCE_URL, economy=economy or "chile"
    )
    done.append(_file(repo, "README.md", text.encode()))
    return done


def _folder(repo: Repository, name: str) -> Outcome:
    path = repo.root / name
    if path.is_dir():
        return Outcome(f"{name}/", False, "exists")
    path.mkdir(parents=True)  # a file of that name: FileExistsError, said in one line
    return Outcome(f"{name}/", True)


def _file(repo: Repository, name: str, data: bytes) -> Outcome:
    path = repo.root / name
    if path.exists() or path.is_symlink() or not write_new(path, data):
        return Outcome(name, False, "exists")
    return Outcome(name, True)


def _diff_driver(repo: Repository) -> Outcome:
    """git's diff driver for report files, in the repository's own .git/config."""
    where = f".git/config {DRIVER_KEY}"
    wanted = f"{ctt_command()} textconv"
    current = _git(repo.root, "config", "--local", "--get", DRIVER_KEY, ok=(0, 1)).strip()
    if current == wanted:
        return Outcome(where, False, "already set")
    if current:
        return Outcome(where, False, f"already set to {current!r}: left as it is")
    _git(repo.root, "config", "--local", DRIVER_KEY, wanted)
    return Outcome(where, True, wanted)


def _git(root: Path, *args: str, ok: tuple[int, ...] = (0,)) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, timeout=60, check=False
        )
    except FileNotFoundError:
        raise UsageError("git is not installed (ctt init needs it)") from None
    if done.returncode not in ok:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout.decode("utf-8", "replace")


def _git_ok(root: Path, *args: str) -> bool:
    try:
        _git(root, *args)
    except UsageError:
        return False
    return True


GITATTRIBUTES = """\
# Report changes read as report text in `git diff` and `git log -p`: ctt init configured the
# driver in .git/config (git config diff.ctt.textconv "/path/to/ctt textconv").
economies/**/*.yaml diff=ctt
"""

PRE_COMMIT = """\
# Checks every report folder a commit touches before it is made (deletions included).
# Turn it on once per clone: pip install pre-commit && pre-commit install
repos:
  - repo: https://github.com/apec-ctwg/ctt
    rev: v{v}
    hooks:
      - id: ctt-validate
"""

SCHEMA_README = """\
# schema/: overriding ctt's catalogue and schemas

This repository follows ctt's own catalogue (sections, commitments, economies, topics) and
JSON Schemas: they ship with ctt and are updated with it. A file placed here overrides ctt's
file of the same name, file by file:

- `commitments.yaml`, `sections.yaml`, `topics.yaml`, `economies.yaml`: the catalogue;
- `section.schema.json`, `report.schema.json`, `catalogue.schema.json`: the JSON Schemas.

To start from ctt's files, run `ctt init --own-catalogue` (it copies the catalogue here and
never overwrites a file). A file you keep here no longer follows ctt's updates: delete it to
follow ctt again. Templates work the same way: a file in `templates/` (for instance
`templates/report.md.j2`) replaces ctt's template of that name.
"""

COORDINATOR_README = """\
# Counter-Terrorism Action Plan reports

This repository holds the economy's APEC Counter-Terrorism Action Plan (CTAP) reports as
plain text, one YAML file per section, checked and rendered by
[ctt]({url}) (version {v}). Each report lives in `economies/<economy>/<year>/`.

## Set up (once per computer)

```sh
python3 -m venv ~/.ctt && ~/.ctt/bin/pip install "ctt @ git+{url}@v{v}"
export PATH="$HOME/.ctt/bin:$PATH"              # (in your shell's profile too)
pip install pre-commit && pre-commit install    # check every commit before it is made
```

`ctt init` has configured git to show report changes as text (`git diff`); in a fresh clone
run `ctt init` again: it keeps every file and sets that up.

## Start a report

```sh
ctt new {economy} 2024     # from the last report: contacts, commitments, planned measures
ctt status {economy} 2024  # what is filled, empty or carried over
```

Each section's file is owned by the agency that writes it. Send an agency its section in Word
and bring it back:

```sh
ctt render {economy} 2024 --section a1 --format docx   # build/{economy}-2024-a1.docx
ctt import build/{economy}-2024-a1.docx {economy} 2024 --section a1 --dry-run  # what changed
ctt import build/{economy}-2024-a1.docx {economy} 2024 --section a1
```

## Check, render, review

```sh
ctt validate                # every report: schemas, catalogue, lint rules
ctt render {economy} 2024   # build/{economy}-2024.md, .html and .docx (the one to submit)
ctt diff {economy} 2022 2024   # what changed since the last report, section by section
ctt diff {economy} 2022 2024 --format docx   # the same as Word tracked changes
```

Work on a branch and open a pull request: the workflows in `.github/workflows/` check the
reports and build the site of every report (see ctt's README).

## Catalogue and templates

The commitments, sections, topics and templates are ctt's. To change one for this repository,
place a file of the same name in `schema/` or `templates/` (see `schema/README.md`).

## Updating ctt

Install the new version (`pip install "ctt @ git+{url}@vX.Y.Z"`), then change the `rev:` in
`.pre-commit-config.yaml` and the version in `.github/workflows/` to the same tag.
"""
