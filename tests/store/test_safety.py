"""Nothing is lost: atomic writes, writes only where asked, read-only commands, and the crash
contract (one line, exit 3, a traceback only with --debug)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from paths import REPO_ROOT

import ctt.catalogue.catalogue
import ctt.store.fsutil
from ctt.cli import main

REPORT = "economies/peru/2021"
OUTPUTS = ("peru-2021.md", "peru-2021.html", "peru-2021.docx")
RENDER = ("render", "peru", "2021")

RunCtt = Callable[..., Any]


def files_under(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under root with its size and modification time (links unfollowed)."""
    found = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder) / name
            info = path.lstat()
            size = 0 if stat.S_ISDIR(info.st_mode) else info.st_size
            found[path.relative_to(root).as_posix()] = (size, info.st_mtime_ns)
    return found


def temp_files(folder: Path) -> list[Path]:
    """Temporary files an atomic write leaves if it is interrupted."""
    return sorted(folder.glob(".*.tmp"))


@pytest.fixture
def two_versions(repo: Path, run_ctt: RunCtt) -> dict[str, dict[str, bytes]]:
    """The outputs of the report as it is ("old", in build/) and after an edit ("new")."""
    assert run_ctt(repo, "render", "peru", "2021").exit_code == 0
    old = {name: (repo / "build" / name).read_bytes() for name in OUTPUTS}
    section = repo / REPORT / "c-promoting-cyber-security.yaml"
    section.write_text(
        section.read_text(encoding="utf-8").replace("around the clock", "day and night")
    )
    assert run_ctt(repo, "render", "peru", "2021", "--out", str(repo / "new")).exit_code == 0
    new = {name: (repo / "new" / name).read_bytes() for name in OUTPUTS}
    shutil.rmtree(repo / "new")
    assert all(old[name] != new[name] for name in OUTPUTS)
    return {"old": old, "new": new}


def assert_whole(build: Path, versions: dict[str, dict[str, bytes]]) -> None:
    """Every output is one version or the other, byte for byte: never half of one."""
    for name in OUTPUTS:
        data = (build / name).read_bytes()
        assert data in (versions["old"][name], versions["new"][name]), f"{name} is damaged"


def failing_after(calls: int, error: BaseException, real: Callable[..., Any]) -> Callable[..., Any]:
    """`real`, but raising `error` from call number `calls` + 1 on."""
    count = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count > calls:
            raise error
        return real(*args, **kwargs)

    return wrapper


@pytest.mark.parametrize("calls", [0, 1, 2])
@pytest.mark.parametrize("point", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_the_previous_output_whole(
    repo: Path,
    run_ctt: RunCtt,
    two_versions: dict[str, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    point: str,
    calls: int,
) -> None:
    """The disk fails while writing the first, second or third file: half-way through its
    bytes, at the flush, or at the rename. Each file is old or new; no temporary file stays."""
    error = OSError(28, "No space left on device")
    if point == "write":
        monkeypatch.setattr(ctt.store.fsutil.os, "fdopen", failing_fdopen(calls, error, os.fdopen))
    else:
        real = getattr(os, point)
        monkeypatch.setattr(ctt.store.fsutil.os, point, failing_after(calls, error, real))

    run = run_ctt(repo, "render", "peru", "2021")

    assert run.exit_code == 2, run.output
    assert run.stderr.startswith("ctt: error: ") and "cannot write: No space left on device" in (
        run.stderr
    )
    assert len(run.stderr.strip().splitlines()) == 1
    assert_whole(repo / "build", two_versions)
    built = [(repo / "build" / name).read_bytes() == two_versions["new"][name] for name in OUTPUTS]
    assert built == [index < calls for index in range(3)]
    assert temp_files(repo / "build") == []


def failing_fdopen(files: int, error: OSError, real: Callable[..., Any]) -> Callable[..., Any]:
    """os.fdopen whose handles for writing write 10 bytes then fail, from the written file
    number `files` + 1 on (handles for reading are left alone)."""
    count = 0

    def fdopen(fd: int, mode: str) -> Any:
        nonlocal count
        handle = real(fd, mode)
        count += "w" in mode
        if "w" in mode and count > files:
            real_write = handle.write

            def write(data: bytes) -> int:
                real_write(data[:10])
                raise error

            handle.write = write
        return handle

    return fdopen


def test_an_interrupt_leaves_the_previous_output_whole(
    repo: Path,
    run_ctt: RunCtt,
    two_versions: dict[str, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C at the second rename: exit 130, files whole, no temporary file."""
    monkeypatch.setattr(
        ctt.store.fsutil.os, "replace", failing_after(1, KeyboardInterrupt(), os.replace)
    )
    run = run_ctt(repo, "render", "peru", "2021")
    assert run.exit_code == 130
    assert run.stderr.strip().endswith("ctt: aborted")
    assert_whole(repo / "build", two_versions)
    assert temp_files(repo / "build") == []


KILLER = """
import os, signal, sys
from ctt.cli import main
import ctt.store.fsutil
point, after = sys.argv[1], int(sys.argv[2])
real = getattr(os, point)
count = 0
def killed(*args, **kwargs):
    global count
    count += 1
    if count > after:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(ctt.store.fsutil.os, point, killed)
main(sys.argv[3:])
"""


@pytest.mark.parametrize(("point", "after"), [("fsync", 0), ("fsync", 2), ("replace", 1)])
def test_a_killed_render_leaves_the_previous_output_whole(
    repo: Path, two_versions: dict[str, dict[str, bytes]], point: str, after: int
) -> None:
    """SIGKILL (no clean-up possible) while a file is being written or renamed."""
    done = subprocess.run(
        [sys.executable, "-c", KILLER, point, str(after), "--root", str(repo), *RENDER],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == -9, done.stderr
    assert_whole(repo / "build", two_versions)
    for leftover in temp_files(repo / "build"):  # at most the file being written, hidden
        assert leftover.name.startswith(".peru-2021.")


def test_render_writes_only_its_outputs(repo: Path, tmp_path: Path, run_ctt: RunCtt) -> None:
    before = files_under(tmp_path)
    assert run_ctt(repo, "render", "peru", "2021").exit_code == 0
    after = files_under(tmp_path)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {"repo", "repo/build", *(f"repo/build/{name}" for name in OUTPUTS)}

    out = tmp_path / "elsewhere"
    before = files_under(tmp_path)
    assert run_ctt(repo, "render", "peru", "2021", "--out", str(out)).exit_code == 0
    after = files_under(tmp_path)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {"elsewhere", *(f"elsewhere/{name}" for name in OUTPUTS)}


# validate, diff and status never write.


@pytest.fixture
def real_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of this repository's data (a git repository, with a second Chile report)."""
    root = tmp_path / "copy"
    for name in ("schema", "templates", "economies"):
        shutil.copytree(REPO_ROOT / name, root / name)
    chile = root / "economies" / "chile"
    shutil.copytree(chile / "2020", chile / "2022")
    for path in (chile / "2022").iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("year: 2020", "year: 2022"))
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "reports"], check=True)
    # Every file's time moved back from what git's index recorded: a command that refreshes the
    # index (`git status`, `git diff REV`) would now always want to write it.
    for path in (root / "economies").rglob("*.yaml"):
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 10_000_000_000))
    a1 = chile / "2022" / "a1-protect-cargo.yaml"
    a1.write_text(a1.read_text(encoding="utf-8").replace("Customs", "Customs Service", 1))
    yield root
    for folder, dirs, names in os.walk(root):
        for name in [*dirs, *names, "."]:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | stat.S_IWUSR)


READ_ONLY_COMMANDS = [
    ["validate", "--no-cache"],
    ["validate", "--no-cache", "chile", "2020", "--format", "json"],
    ["validate", "--no-cache", "economies/chile/2022/a1-protect-cargo.yaml"],
    ["diff", "chile", "2020", "2022"],
    ["diff", "chile", "2020", "2022", "--format", "md"],
    ["diff", "--base", "HEAD"],
    ["diff", "--base", "HEAD", "--format", "json"],
    ["status"],
    ["status", "chile", "--format", "json"],
    ["textconv", "economies/chile/2020/report.yaml"],
    ["catalogue"],
]


@pytest.mark.parametrize("read_only", [False, True], ids=["writable", "read-only"])
def test_reading_commands_write_nothing(
    real_copy: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch, read_only: bool
) -> None:
    """Every file's size and time are the same after them; on a read-only copy they still
    work (tests run as root, where the permission bits alone would not stop a write)."""
    monkeypatch.chdir(real_copy)
    if read_only:
        for folder, dirs, names in os.walk(real_copy):
            for name in [*dirs, *names, "."]:
                path = Path(folder) / name
                if not path.is_symlink():
                    path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    before = files_under(real_copy)
    for args in READ_ONLY_COMMANDS:
        run = run_ctt(real_copy, *args)
        assert run.exit_code in (0, 1), (args, run.output)
        assert "Traceback" not in run.output and "internal error" not in run.output, args
        assert files_under(real_copy) == before, f"{args} wrote"


def test_validate_with_its_cache_writes_nothing_in_the_repository(
    real_copy: Path, run_ctt: RunCtt
) -> None:
    """The results cache lives in the user's cache folder: validate writes nothing here."""
    before = files_under(real_copy)
    assert run_ctt(real_copy, "validate").exit_code == 0
    assert files_under(real_copy) == before


# The crash contract: one line asking for a bug report, exit 3; the traceback with --debug.


def run_main(*argv: str) -> tuple[int, str, str]:
    """Run ctt as the installed script does (ctt.cli.main); exit status and both streams."""
    with CliRunner().isolation() as (stdout, stderr, _):
        try:
            main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        else:
            code = 0
        return code, stdout.getvalue().decode(), stderr.getvalue().decode()


def explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("catalogue exploded\nwith a second line")


def test_an_internal_error_is_one_line_and_exit_3(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ctt.catalogue.catalogue, "load_catalogue", explode)
    code, out, err = run_main("--root", str(repo), "validate")
    assert code == 3
    assert out == ""
    assert err == (
        "ctt: internal error: RuntimeError: catalogue exploded\\nwith a second line "
        "(this is a bug: please report it, with the command you ran; --debug shows details)\n"
    )


def test_debug_shows_the_traceback_and_still_exits_3(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ctt.catalogue.catalogue, "load_catalogue", explode)
    code, _, err = run_main("--debug", "--root", str(repo), "render", "peru", "2021")
    assert code == 3
    assert err.startswith("Traceback (most recent call last):")
    assert 'in explode\n    raise RuntimeError("catalogue exploded' in err
    assert err.splitlines()[-1].startswith("ctt: internal error: RuntimeError: catalogue exploded")


def test_an_internal_error_in_the_installed_command(repo: Path) -> None:
    """Through the real entry point in a new process: one line on stderr, exit 3."""
    probe = (
        "import sys, ctt.catalogue.catalogue\n"
        "def boom(*a, **k): raise KeyError('no such thing')\n"
        "ctt.catalogue.catalogue.load_catalogue = boom\n"
        "from ctt.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "--root", str(repo), "status"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("ctt: internal error: KeyError: 'no such thing' (this is a bug")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--nope"], "ctt: error: No such option '--nope'"),
        (["render", "peru", "2021", "--format", "pdf"], "ctt: error: Invalid value for '--format'"),
        (["nosuchcommand"], "ctt: error: No such command 'nosuchcommand'"),
        (["render", "../../etc", "2021"], "ctt: error: '../../etc' is not an economy id"),
    ],
)
def test_misuse_is_one_line_and_exit_2(repo: Path, args: list[str], message: str) -> None:
    """Option errors too (click's own) print the documented single `ctt: error:` line."""
    code, out, err = run_main("--root", str(repo), *args)
    assert code == 2
    assert out == ""
    assert err.startswith(message) and err.count("\n") == 1, err
