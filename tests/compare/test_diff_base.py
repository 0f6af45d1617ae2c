"""ctt diff --base: what changed is found without git's index (never written) in a few git
processes, whatever the number of files."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, add_valid_report, make_repo
from gitutil import git

from ctt.store.worktree import blob_id

REPORTS = [("peru", 2020), ("peru", 2021), ("chile", 2020), ("chile", 2021)]
SECTION = "c-promoting-cyber-security.yaml"
WORDS = ("around the clock", "day and night")

RunCtt = Callable[..., Run]


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    """A git repository with four valid reports committed, every file then touched.

    The files' times no longer match what git's index recorded, so any git command that
    refreshes the index (`git status`, `git diff REV`) would want to write it.
    """
    root = make_repo(tmp_path / "repo")
    for economy, year in REPORTS:
        add_valid_report(root, economy, year)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "reports")
    touch_all(root)
    return root


def touch_all(root: Path) -> None:
    """Set every report file's time ten seconds back: no longer the time git's index recorded."""
    for path in (root / "economies").rglob("*.yaml"):
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 10_000_000_000))


def index_state(root: Path) -> tuple[bytes, int]:
    """git's index: its bytes and its modification time."""
    index = root / ".git" / "index"
    return index.read_bytes(), index.stat().st_mtime_ns


def edit(path: Path, old: str = WORDS[0], new: str = WORDS[1]) -> None:
    """Replace words in a file (they must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def set_year(folder: Path, old: int, new: int) -> None:
    """Make a report folder's files say another year (after a copy or a rename)."""
    for path in folder.glob("*.yaml"):
        edit(path, f"\nyear: {old}\n", f"\nyear: {new}\n")


def make_change(root: Path, kind: str) -> None:
    """One kind of edit of the working tree."""
    peru = root / "economies" / "peru"
    if kind == "modified":
        edit(peru / "2021" / SECTION)
    elif kind == "added":
        shutil.copytree(peru / "2021", peru / "2022")
        set_year(peru / "2022", 2021, 2022)
    elif kind == "deleted":
        shutil.rmtree(peru / "2020")


EXPECTED = {
    "touched": (0, "no report changed since HEAD"),
    "modified": (1, "peru 2021 at HEAD → peru 2021 (working tree)"),
    "added": (0, "peru 2021 at HEAD → peru 2022 (working tree): no changes"),
    "deleted": (0, "peru 2020 was removed since HEAD"),
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_base_never_writes_the_index(committed: Path, run_ctt: RunCtt, kind: str) -> None:
    make_change(committed, kind)
    before = index_state(committed)
    run = run_ctt(committed, "diff", "--base", "HEAD", "--exit-code")
    assert (run.exit_code, EXPECTED[kind][1] in run.output) == (EXPECTED[kind][0], True), run
    assert index_state(committed) == before
    # The premise holds: git itself would have rewritten the index.
    git(committed, "status", "--porcelain")
    assert index_state(committed) != before


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The command line of every process started from now on."""
    commands: list[list[str]] = []

    class Counting(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, args: Any, *more: Any, **options: Any) -> None:
            commands.append([str(a) for a in args])
            super().__init__(args, *more, **options)

    monkeypatch.setattr(subprocess, "Popen", Counting)
    return commands


def git_commands(commands: list[list[str]]) -> list[str]:
    """The git subcommands run, in order."""
    assert all(c[0] == "git" and "--no-optional-locks" in c for c in commands), commands
    return [c[c.index("-C") + 2] for c in commands]


def test_the_number_of_git_processes_is_constant(
    committed: Path, run_ctt: RunCtt, started: list[list[str]]
) -> None:
    assert run_ctt(committed, "diff", "--base", "HEAD").exit_code == 0
    unchanged = git_commands(started)
    assert unchanged == ["rev-parse", "diff-index", "ls-tree"]

    started.clear()
    edit(committed / "economies" / "peru" / "2021" / SECTION)
    assert run_ctt(committed, "diff", "--base", "HEAD").exit_code == 0
    one = git_commands(started)

    started.clear()
    for economy, year in REPORTS[2:]:
        edit(committed / "economies" / economy / str(year) / SECTION)
    for economy in ("peru", "chile"):
        folder = committed / "economies" / economy
        shutil.copytree(folder / "2021", folder / "2022")
        set_year(folder / "2022", 2021, 2022)
    run = run_ctt(committed, "diff", "--base", "HEAD", "--format", "json")
    assert run.exit_code == 0 and run.stdout.count('(working tree)"') == 5
    every = git_commands(started)

    assert one == [*unchanged, "cat-file", "cat-file"]
    assert every == [*unchanged, "check-ignore", "cat-file", "cat-file"]


def test_a_renamed_folder_is_removed_and_new(committed: Path, run_ctt: RunCtt) -> None:
    peru = committed / "economies" / "peru"
    (peru / "2021").rename(peru / "2023")
    set_year(peru / "2023", 2021, 2023)
    edit(peru / "2023" / SECTION)
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert run.exit_code == 0, run
    assert "peru 2021 was removed since HEAD" in run.stderr
    assert "peru 2021 at HEAD → peru 2023 (working tree)" in run.stdout
    assert "{+day and night.+}" in run.stdout
    assert "chile" not in run.output


def test_only_changed_folders_are_compared(committed: Path, run_ctt: RunCtt) -> None:
    edit(committed / "economies" / "chile" / "2020" / SECTION)
    (committed / "economies" / "chile" / "2021" / "notes.txt").write_text("not a report file")
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert run.exit_code == 0, run
    assert run.stdout.startswith("chile 2020 at HEAD → chile 2020 (working tree)")
    assert run.stdout.count(" at HEAD → ") == 1
    run = run_ctt(committed, "diff", "--base", "HEAD", "peru")
    assert run.exit_code == 0 and "no report changed since HEAD" in run.stdout


def test_a_file_made_a_link_to_a_copy_is_a_change(committed: Path, run_ctt: RunCtt) -> None:
    """git stores a link as its target, so a file made a link has changed, even to a copy."""
    section = committed / "economies" / "peru" / "2021" / SECTION
    copy = committed / "economies" / "peru" / SECTION
    section.rename(copy)
    section.symlink_to(copy)
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert run.exit_code == 0, run
    assert "peru 2021 at HEAD → peru 2021 (working tree): no changes" in run.stdout


def test_a_file_made_a_link_outside_is_not_followed(
    committed: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    section = committed / "economies" / "peru" / "2021" / SECTION
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n")
    section.unlink()
    section.symlink_to(secret)
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert run.exit_code == 1
    assert "[symlink]" in run.output and "hunter2" not in run.output


def test_a_folder_made_a_link_is_a_change(committed: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    folder = committed / "economies" / "peru" / "2021"
    elsewhere = tmp_path / "elsewhere"
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere)
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert run.exit_code == 1
    assert "[symlink]" in run.output


def test_ignored_new_files_are_not_reports(committed: Path, run_ctt: RunCtt) -> None:
    peru = committed / "economies" / "peru"
    shutil.copytree(peru / "2021", peru / "2022")
    set_year(peru / "2022", 2021, 2022)
    (committed / ".gitignore").write_text("economies/peru/2022/\n")
    before = index_state(committed)
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert run.exit_code == 0 and "no report changed since HEAD" in run.stdout
    # A file in git's index is never ignored: added with --force, it counts again.
    git(committed, "add", "--force", "economies/peru/2022")
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert "peru 2021 at HEAD → peru 2022 (working tree)" in run.stdout
    (committed / ".gitignore").unlink()
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert "peru 2021 at HEAD → peru 2022 (working tree)" in run.stdout
    assert before != index_state(committed)  # `git add` wrote it, not ctt


def test_pipes_are_never_opened(committed: Path, run_ctt: RunCtt) -> None:
    """git does not see a pipe; ctt neither opens it (which would hang) nor counts it."""
    os.mkfifo(committed / "economies" / "peru" / "2021" / "stray.yaml")
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert run.exit_code == 0 and "no report changed since HEAD" in run.stdout


def test_a_file_over_the_limit_is_not_read(committed: Path, run_ctt: RunCtt) -> None:
    section = committed / "economies" / "peru" / "2021" / SECTION
    section.write_bytes(b"#" * (3 * 1024 * 1024))
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert run.exit_code == 1 and "[file-too-large]" in run.output


def test_a_revision_blob_over_the_limit_is_not_read(committed: Path, run_ctt: RunCtt) -> None:
    section = committed / "economies" / "peru" / "2021" / SECTION
    good = section.read_bytes()
    section.write_bytes(b"#" * (3 * 1024 * 1024))
    git(committed, "commit", "-qam", "a huge file")
    section.write_bytes(good)
    run = run_ctt(committed, "diff", "--base", "HEAD")
    assert run.exit_code == 1
    assert f"HEAD:economies/peru/2021/{SECTION}:1:1: error: file is larger than 2 MiB" in run.output


def test_a_sha256_repository(tmp_path: Path, run_ctt: RunCtt) -> None:
    root = make_repo(tmp_path / "repo")
    add_valid_report(root, "peru", 2021)
    git(root, "init", "-q", "--object-format=sha256")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "reports")
    touch_all(root)
    run = run_ctt(root, "diff", "--base", "HEAD")
    assert run.exit_code == 0 and "no report changed since HEAD" in run.stdout
    edit(root / "economies" / "peru" / "2021" / SECTION)
    run = run_ctt(root, "diff", "--base", "HEAD")
    assert run.exit_code == 0 and "{+day and night.+}" in run.stdout


def test_the_blob_id_is_gits(tmp_path: Path) -> None:
    for data in (b"", b"economy: peru\n", bytes(range(256)) * 100):
        path = tmp_path / "blob"
        path.write_bytes(data)
        assert blob_id(data) == git(tmp_path, "hash-object", "--no-filters", str(path)).strip()
