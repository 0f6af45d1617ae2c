"""`ctt new` and `ctt import` write a report folder all or nothing: every target checked
before anything is written; a failure, Ctrl-C or a file too large leaves the old report whole."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from paths import SEED

import ctt.store.folderwrite

NEW = ("new", "chile", "2022")
FORCE = (*NEW, "--force")
FOLDER = "economies/chile/2022"
A1 = "a1-protect-cargo.yaml"
C = "c-promoting-cyber-security.yaml"

RunCtt = Callable[..., Any]
Tree = dict[str, object]


def tree(root: Path) -> Tree:
    """Everything under root: a file's bytes, a folder, a link's target (links unfollowed)."""
    found: Tree = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder) / name
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = "folder"
            elif path.is_file():
                found[key] = path.read_bytes()
            else:
                found[key] = "special"
    return found


def hidden(root: Path) -> list[str]:
    """Hidden entries beside the report folders (what a write leaves when it is killed)."""
    return sorted(p.name for p in (root / "economies" / "chile").iterdir() if p.name[0] == ".")


@pytest.fixture
def versions(chile_repo: Path, run_ctt: RunCtt) -> dict[str, dict[str, bytes]]:
    """Chile 2022 as `ctt new` writes it ("new"), and on disk, edited by hand ("old")."""
    assert run_ctt(chile_repo, *NEW).exit_code == 0
    folder = chile_repo / FOLDER
    new = {p.name: p.read_bytes() for p in folder.iterdir()}
    for path in folder.iterdir():
        path.write_bytes(path.read_bytes() + b"# my edit\n")
    old = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(new) == 8 and all(old[name] != new[name] for name in new)
    return {"old": old, "new": new}


def report(repo: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (repo / FOLDER).iterdir()}


def make_target(folder: Path, kind: str) -> str:
    """Turn the target c-... into something that must not be replaced; the words to expect."""
    target = folder / C
    if kind == "read-only":
        target.chmod(0o444)
        return f"{C} is read-only"
    target.unlink()
    if kind == "folder":
        target.mkdir()
        (target / "inside").write_text("kept\n")
        return f"{C} is a folder"
    if kind == "link":
        target.symlink_to(folder / A1)
        return f"{C} is a symbolic link"
    if kind == "dangling link":
        target.symlink_to(folder / "nowhere.yaml")
        return f"{C} is a symbolic link"
    if kind == "fifo":
        os.mkfifo(target)
        return f"{C} is not a regular file"
    (folder / C.upper()).write_text("# mine\n")  # a clash on macOS and Windows
    return f"{C.upper()} and {C} are one file on some disks"


@pytest.mark.parametrize(
    "kind", ["folder", "link", "dangling link", "fifo", "read-only", "case clash"]
)
@pytest.mark.parametrize("command", ["new", "import"])
def test_a_target_that_cannot_be_replaced_stops_everything_before_any_write(
    chile_repo: Path,
    run_ctt: RunCtt,
    versions: dict[str, dict[str, bytes]],
    kind: str,
    command: str,
) -> None:
    """`--force` over a report one of whose files is a folder (a link, a pipe, read-only, or
    clashes by case): exit 2, naming it; every other file byte-identical, no file added."""
    expected = make_target(chile_repo / FOLDER, kind)
    before = tree(chile_repo)
    args = NEW if command == "new" else ("import", str(SEED), "chile", "2022")
    run = run_ctt(chile_repo, *args, "--force")
    assert run.exit_code == 2, run.output
    assert expected in run.stderr
    assert "nothing was written" in run.stderr
    assert run.stdout == ""
    assert tree(chile_repo) == before


def test_every_problem_is_named_at_once(
    chile_repo: Path, run_ctt: RunCtt, versions: dict[str, dict[str, bytes]]
) -> None:
    folder = chile_repo / FOLDER
    (folder / A1).unlink()
    (folder / A1).mkdir()
    (folder / C).chmod(0o400)
    run = run_ctt(chile_repo, *NEW, "--force")
    assert run.exit_code == 2
    assert f"{A1} is a folder" in run.stderr and f"{C} is read-only" in run.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_a_folder_that_is_not_writable_is_refused(
    chile_repo: Path, run_ctt: RunCtt, versions: dict[str, dict[str, bytes]]
) -> None:
    folder = chile_repo / FOLDER
    folder.chmod(0o555)
    try:
        run = run_ctt(chile_repo, *NEW, "--force")
    finally:
        folder.chmod(0o755)
    assert run.exit_code == 2
    assert "cannot write: Permission denied" in run.stderr
    assert report(chile_repo) == versions["old"]


def test_force_replaces_the_report_files_and_keeps_other_files(
    chile_repo: Path, run_ctt: RunCtt, versions: dict[str, dict[str, bytes]]
) -> None:
    (chile_repo / FOLDER / "notes.txt").write_text("ours\n")
    run = run_ctt(chile_repo, *NEW, "--force")
    assert run.exit_code == 0, run.output
    assert report(chile_repo) == {**versions["new"], "notes.txt": b"ours\n"}
    assert hidden(chile_repo) == []


def failing_call(number: int, error: BaseException, real: Callable[..., Any]) -> Callable[..., Any]:
    """`real`, but raising `error` at call `number` (counting from 0), that call only."""
    count = -1

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count == number:
            raise error
        return real(*args, **kwargs)

    return wrapper


NO_SPACE = OSError(errno.ENOSPC, "No space left on device")
# A replace of 8 files: the old file out, the new one in, 16 moves; writes: 8 files.
FAULTS = [("_write_new", 0), ("_write_new", 4), ("_write_new", 7)]
FAULTS += [("replace", 0), ("replace", 1), ("replace", 6), ("replace", 15)]


def inject(monkeypatch: pytest.MonkeyPatch, point: str, number: int, error: BaseException) -> None:
    if point == "_write_new":
        real = ctt.store.folderwrite._write_new
        monkeypatch.setattr(ctt.store.folderwrite, point, failing_call(number, error, real))
    else:
        monkeypatch.setattr(
            ctt.store.folderwrite.os, point, failing_call(number, error, os.replace)
        )


# What the disk or the user does at that point, the exit status, and how stderr ends.
STOPS = {
    "disk full": (NO_SPACE, 2, "cannot write: No space left on device; nothing was written"),
    "interrupt": (KeyboardInterrupt(), 130, "ctt: aborted"),
}


@pytest.mark.parametrize("stop", sorted(STOPS))
@pytest.mark.parametrize(("point", "number"), FAULTS)
def test_a_failed_or_interrupted_write_leaves_the_old_report_whole(
    chile_repo: Path,
    run_ctt: RunCtt,
    versions: dict[str, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    point: str,
    number: int,
    stop: str,
) -> None:
    """The disk fails, or KeyboardInterrupt comes, while writing file N or at move N: one
    line (exit 2), or exit 130; the old report, byte for byte, and no temporary file."""
    error, status, last = STOPS[stop]
    inject(monkeypatch, point, number, error)
    run = run_ctt(chile_repo, *NEW, "--force")
    assert run.exit_code == status, run.output
    assert run.stderr.strip().endswith(last)
    if status == 2:
        assert len(run.stderr.strip().splitlines()) == 1
    assert report(chile_repo) == versions["old"]
    assert hidden(chile_repo) == []


@pytest.mark.parametrize("number", [0, 5, 15])
def test_ctrl_c_during_the_moves_waits_for_them(
    chile_repo: Path,
    run_ctt: RunCtt,
    versions: dict[str, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    number: int,
) -> None:
    """A real SIGINT while the files are moved in: the moves end, then ctt stops (exit 130)
    with the new report whole; the handler in place before is back."""
    real = os.replace
    count = -1

    def replace(*args: Any) -> None:
        nonlocal count
        count += 1
        if count == number:
            signal.raise_signal(signal.SIGINT)
        real(*args)

    monkeypatch.setattr(ctt.store.folderwrite.os, "replace", replace)
    handler = signal.getsignal(signal.SIGINT)
    run = run_ctt(chile_repo, *NEW, "--force")
    assert run.exit_code == 130, run.output
    assert report(chile_repo) == versions["new"]
    assert hidden(chile_repo) == []
    assert signal.getsignal(signal.SIGINT) is handler


def test_a_new_report_folder_appears_whole_or_not_at_all(
    chile_repo: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No report folder yet: the files are staged, then the folder is renamed into place."""
    before = tree(chile_repo)
    inject(monkeypatch, "replace", 0, NO_SPACE)
    run = run_ctt(chile_repo, *NEW)
    assert run.exit_code == 2, run.output
    assert tree(chile_repo) == before
    monkeypatch.undo()
    assert run_ctt(chile_repo, *NEW).exit_code == 0
    folder = chile_repo / FOLDER
    assert len(list(folder.iterdir())) == 8
    assert folder.stat().st_mode & 0o777 == 0o777 & ~umask()
    assert hidden(chile_repo) == []


def test_a_new_economy_folder_is_removed_again_on_failure(
    empty_repo: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch
) -> None:
    inject(monkeypatch, "_write_new", 3, NO_SPACE)
    run = run_ctt(empty_repo, *NEW)
    assert run.exit_code == 2, run.output
    assert list((empty_repo / "economies").iterdir()) == []


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_when_the_old_files_cannot_be_put_back_the_message_says_where_they_are(
    chile_repo: Path,
    run_ctt: RunCtt,
    versions: dict[str, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The disk fails at move 5 and on every move after it: nothing is deleted, and the
    message names the hidden folder that holds the rest of both versions."""
    real = os.replace
    count = -1

    def replace(*args: Any) -> None:
        nonlocal count
        count += 1
        if count >= 5:
            raise OSError(errno.EIO, "Input/output error")
        real(*args)

    monkeypatch.setattr(ctt.store.folderwrite.os, "replace", replace)
    run = run_ctt(chile_repo, *NEW, "--force")
    monkeypatch.undo()
    assert run.exit_code == 2
    assert "could not be put back" in run.stderr
    [stage] = hidden(chile_repo)
    assert stage in run.stderr
    assert_recoverable(chile_repo / FOLDER, chile_repo / "economies/chile" / stage, versions)


def assert_recoverable(folder: Path, stage: Path, versions: dict[str, dict[str, bytes]]) -> None:
    """Each file's old and new versions are both there: in the report folder, in the stage
    (new, not moved in yet) or in its old/ (replaced)."""
    for name in versions["new"]:
        places = [folder / name, stage / name, stage / "old" / name]
        found = sorted(p.read_bytes() for p in places if p.exists())
        assert found == sorted([versions["old"][name], versions["new"][name]]), name


KILLER = """
import os, signal, sys
from ctt.cli import main
import ctt.store.folderwrite
point, after, sent = sys.argv[1], int(sys.argv[2]), getattr(signal, sys.argv[3])
owner = ctt.store.folderwrite if point == "_write_new" else os
real = getattr(owner, point)
count = -1
def killed(*args, **kwargs):
    global count
    count += 1
    if count == after:
        os.kill(os.getpid(), sent)
    return real(*args, **kwargs)
setattr(owner, point, killed)
main(sys.argv[4:])
"""


def killed(repo: Path, point: str, number: int, sent: str) -> int:
    """Run `ctt new --force` in a process that gets signal `sent` at call `number` of `point`."""
    done = subprocess.run(
        [sys.executable, "-c", KILLER, point, str(number), sent, "--root", str(repo), *FORCE],
        capture_output=True,
        timeout=300,
        check=False,
    )
    return done.returncode


@pytest.mark.parametrize(("point", "number"), [("_write_new", 5), ("replace", 0), ("replace", 9)])
def test_what_a_hard_kill_leaves(
    chile_repo: Path, versions: dict[str, dict[str, bytes]], point: str, number: int
) -> None:
    """SIGKILL (no clean-up possible) while a file is staged: the old report and a hidden
    `.2022.*.tmp`; while the files are moved in: every file of both versions is still there,
    in the report folder or in that hidden folder, as the README says."""
    assert killed(chile_repo, point, number, "SIGKILL") == -signal.SIGKILL
    [stage] = hidden(chile_repo)
    assert stage.startswith(".2022.") and stage.endswith(".tmp")
    if point == "_write_new":
        assert report(chile_repo) == versions["old"]
    else:
        assert_recoverable(chile_repo / FOLDER, chile_repo / "economies/chile" / stage, versions)


@pytest.mark.parametrize(
    ("point", "number", "version"), [("_write_new", 5, "old"), ("replace", 9, "new")]
)
def test_sigterm_leaves_the_old_report_or_the_new_one(
    chile_repo: Path,
    versions: dict[str, dict[str, bytes]],
    point: str,
    number: int,
    version: str,
) -> None:
    """SIGTERM while a file is staged ends ctt at once; during the moves, once they are done."""
    assert killed(chile_repo, point, number, "SIGTERM") == -signal.SIGTERM
    assert report(chile_repo) == versions[version]


def long_line_export(tmp_path: Path) -> Path:
    """Chile's seed export with one bullet of 2.4 MB in A.1's measures undertaken."""
    text = SEED.read_text(encoding="utf-8")
    at = text.index("· The AEO program was implemented")
    line = "· " + " ".join(["Customs"] * 300_000) + "\n\n"
    assert len(line.encode("utf-8")) > 2_400_000
    path = tmp_path / "long-line.txt"
    path.write_text(text[:at] + line + text[at:], encoding="utf-8")
    return path


def test_an_import_too_large_to_read_back_writes_nothing(
    empty_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    """A file over validate's 2 MiB limit is refused before anything is written: exit 1,
    naming the file, the limit and the text that made it so large."""
    before = tree(empty_repo)
    run = run_ctt(empty_repo, "import", str(long_line_export(tmp_path)), "chile", "2020")
    assert run.exit_code == 1, run.output
    assert run.stdout == ""
    *listed, last = run.stderr.strip().splitlines()
    assert listed == [
        f"economies/chile/2020/{A1}: error: would be 2.3 MiB, more than the 2 MiB ctt reads of "
        "a report file (its longest text, 2,399,999 characters, begins 'Customs Customs Customs "
        "Customs Customs Customs Customs Cust') [file-too-large]"
    ]
    assert last == (
        "ctt: error: economies/chile/2020: 1 file(s) would be too large for ctt to read back; "
        "nothing was written"
    )
    assert tree(empty_repo) == before


def test_an_import_too_large_leaves_the_old_report_with_force(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    before = tree(chile_repo)
    run = run_ctt(chile_repo, "import", str(long_line_export(tmp_path)), "chile", "2020", "--force")
    assert run.exit_code == 1, run.output
    assert "[file-too-large]" in run.stderr
    assert tree(chile_repo) == before
