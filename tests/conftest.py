"""Fixtures: temporary repositories with a made-up valid report, and a way to run the CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitutil import git
from paths import REPO_ROOT, VALID_REPORT

from ctt.cli import main
from ctt.store.repo import Repository

# Made-up content under a real APEC economy id, so that the report validates cleanly.
ECONOMY = "peru"
YEAR = 2021


@dataclass(frozen=True)
class Run:
    """What a user sees after running ctt: exit status, stdout and stderr."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Both streams, for checks that hold for everything printed."""
        return self.stdout + self.stderr


RunCtt = Callable[..., Run]


def _run_ctt(repo_root: Path, *args: str) -> Run:
    """Run `ctt --root REPO_ROOT ARGS...` through ctt.cli.main, as the installed script does.

    main() maps exceptions to exit statuses, so going through it (not `cli` directly) gives
    the exit status a real user gets; CliRunner's isolation captures the two streams.
    """
    argv = ["--root", str(repo_root), *args]
    with CliRunner().isolation() as (stdout, stderr, _):
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code
        else:
            code = 0
        out, err = stdout.getvalue().decode("utf-8"), stderr.getvalue().decode("utf-8")
    if code is None:
        code = 0
    assert isinstance(code, int), f"main() exited with a message instead of a status: {code!r}"
    return Run(code, out, err)


def make_repo(root: Path) -> Path:
    """A repository at `root` with no reports yet, following ctt's catalogue, schemas and
    templates (as one made by ctt init does): an economies/ folder and nothing else."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "economies").mkdir()
    return root


def own_copy(root: Path, name: str) -> Path:
    """Copy ctt's default `schema/X` or `templates/X` into the repository at `root`, where it
    overrides the default (for a test to change it); return the copy's path."""
    folder, _, rest = name.partition("/")
    repo = Repository(root)
    source = repo.schema_file(rest) if folder == "schema" else repo.template_file(rest)
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def add_valid_report(root: Path, economy: str = ECONOMY, year: int = YEAR) -> Path:
    """Copy the made-up valid report into economies/ECONOMY/YEAR/; return the folder."""
    folder = root / "economies" / economy / str(year)
    shutil.copytree(VALID_REPORT, folder)
    for path in folder.iterdir():  # the files say which report they belong to
        text = path.read_text(encoding="utf-8")
        text = text.replace(f"\neconomy: {ECONOMY}\n", f"\neconomy: {economy}\n", 1)
        text = text.replace(f"\nyear: {YEAR}\n", f"\nyear: {year}\n", 1)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def empty_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository without reports; the working directory is an empty folder outside it."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return make_repo(tmp_path / "repo")


@pytest.fixture
def repo(empty_repo: Path) -> Path:
    """A repository holding the made-up valid report as economies/peru/2021/."""
    add_valid_report(empty_repo)
    return empty_repo


@pytest.fixture
def bare_repo(empty_repo: Path) -> Path:
    """A repository before its first report, laid out as ctt's own: no economies/ folder, its
    own copy of schema/sections.yaml (which marks a repository's root as economies/ does) and
    of the JSON Schemas (so that written files link them as Chile's files do)."""
    (empty_repo / "economies").rmdir()
    for name in ("sections.yaml", "section.schema.json", "report.schema.json"):
        own_copy(empty_repo, f"schema/{name}")
    return empty_repo


@pytest.fixture
def run_ctt() -> RunCtt:
    """run_ctt(repo_root, *args): run ctt on a repository, as a user would."""
    return _run_ctt


@pytest.fixture
def add_report() -> Callable[..., Path]:
    """add_report(root, economy, year): copy the made-up valid report into a repository."""
    return add_valid_report


@pytest.fixture
def chile_repo(empty_repo: Path) -> Path:
    """A repository holding a copy of the real Chile 2020 report as economies/chile/2020/."""
    shutil.copytree(
        REPO_ROOT / "economies" / "chile" / "2020", empty_repo / "economies" / "chile" / "2020"
    )
    return empty_repo


@pytest.fixture
def git_repo(chile_repo: Path) -> Path:
    """Chile 2020 in a git repository, committed on branch main."""
    git(chile_repo, "init", "-q", "-b", "main")
    git(chile_repo, "add", "-A")
    git(chile_repo, "commit", "-qm", "Chile 2020")
    return chile_repo


@pytest.fixture(autouse=True)
def private_cache_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test has its own cache folder (and so its own secret), outside the user's home."""
    home = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("CTT_CACHE_DIR", str(home / "ctt"))
    return home
