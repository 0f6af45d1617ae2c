"""Hostile input to render, import, diff, validate and textconv: one case file per attack.

The cases live in tests/cases/commands/. Each starts with comment lines saying what to run and
what must happen; `{...}` in `run` are filled in:

    # run: render peru 2021 --out {report}/a1-protect-cargo.yaml
    # expect: exit=2 message="refusing to write into economies/"
    # expect: exit=1 rule=hidden-character line=20 column=32   (a problem line, on either stream)
    # file: a1-protect-cargo.yaml        the whole case file replaces this file of the report
    # file: 2022/a1-protect-cargo.yaml   ... of a copy of the report made as 2022 first
    # source: .docx                      what follows the header is written to {source}
    # absent: ctt-pwned                  a file that must not exist afterwards

{repo} is the temporary repository (the made-up valid report as economies/peru/2021), {report}
its report folder, {outside} a folder outside it. Every case must end with its exit status, no
traceback, one `ctt: error:` line for misuse (exit 2), and no file written or changed anywhere
(the repository, {outside}).
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from paths import CASES_DIR as ALL_CASES

CASES_DIR = ALL_CASES / "commands"
REPORT_DIR = Path("economies") / "peru" / "2021"
HEADER_LINE = re.compile(rb"^#\s*(run|expect|file|source|absent):\s*(.*?)\s*$")
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:\s][^:]*):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): "
    r"(?P<severity>error|warning): (?P<message>\S.*) \[(?P<rule>[a-z0-9]+(?:-[a-z0-9]+)*)\]$"
)
EXPECT_FIELDS = {"exit", "rule", "line", "column", "message", "path"}


@dataclass
class CommandCase:
    """A case file: the command, what it must do, and the bytes it feeds in."""

    path: Path
    run: str = ""
    expects: list[dict[str, str]] = field(default_factory=list)
    file: str | None = None
    source: str | None = None
    absent: list[str] = field(default_factory=list)
    body: bytes = b""

    @property
    def exit(self) -> int:
        """The exit status every expectation agrees on."""
        codes = {int(e["exit"]) for e in self.expects}
        assert len(codes) == 1, f"{self.path.name}: expectations disagree on exit: {codes}"
        return codes.pop()


def load_command_case(path: Path) -> CommandCase:
    """Read a case's header; what follows it is the body."""
    case = CommandCase(path)
    raw = path.read_bytes()
    offset = 0
    for line in raw.splitlines(keepends=True):
        if not line.startswith(b"#"):
            break
        offset += len(line)
        match = HEADER_LINE.match(line.rstrip(b"\r\n"))
        if not match:
            continue
        key, value = match.group(1).decode(), match.group(2).decode("utf-8")
        if key == "run":
            case.run = value
        elif key == "expect":
            fields = dict(part.split("=", 1) for part in shlex.split(value))
            assert set(fields) <= EXPECT_FIELDS and "exit" in fields, f"{path.name}: {value}"
            case.expects.append(fields)
        elif key == "file":
            case.file = value
        elif key == "source":
            case.source = value
        else:
            case.absent.append(value)
    case.body = raw[offset:]
    return case


CASES = sorted(p for p in CASES_DIR.iterdir() if p.suffix == ".case")


def snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every entry under root: its size, modification time and kind (links not followed)."""
    found = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder) / name
            stat = path.lstat()
            kind = "link" if path.is_symlink() else "dir" if path.is_dir() else "file"
            size = 0 if kind == "dir" else stat.st_size
            found[path.relative_to(root).as_posix()] = (size, stat.st_mtime_ns, kind)
    return found


def install(
    case: CommandCase, repo: Path, add_report: Callable[..., Path], tmp: Path
) -> dict[str, str]:
    """Put the case's bytes where it says; the values of the placeholders in `run`."""
    names = {"repo": str(repo), "report": str(repo / REPORT_DIR), "outside": str(tmp / "outside")}
    (tmp / "outside").mkdir()
    if case.file is not None:
        year, _, name = case.file.rpartition("/")
        folder = add_report(repo, "peru", int(year)) if year else repo / REPORT_DIR
        target = folder / name
        assert target.is_file(), f"{case.path.name}: the report has no {name}"
        target.write_bytes(case.path.read_bytes())  # header included: lines count as in the file
    if case.source is not None:
        source = tmp / f"source{case.source}"
        source.write_bytes(case.body)
        names["source"] = str(source)
    return names


def test_command_cases_are_well_formed() -> None:
    """At least 30 cases; each runs something, expects something, feeds what it names."""
    assert len(CASES) >= 30
    commands = set()
    for path in CASES:
        case = load_command_case(path)
        assert case.run and case.expects, f"{path.name}: no run or expect"
        assert case.exit in (0, 1, 2), path.name
        assert ("{source}" in case.run) == (case.source is not None), path.name
        commands.add(shlex.split(case.run)[0])
    assert commands >= {"render", "import", "diff", "validate", "textconv"}


@pytest.mark.parametrize("case_path", CASES, ids=[p.name for p in CASES])
def test_command_case(
    case_path: Path,
    repo: Path,
    tmp_path: Path,
    add_report: Callable[..., Path],
    run_ctt: Callable[..., Any],
) -> None:
    """The command ends with the documented status and message, and changes nothing else."""
    case = load_command_case(case_path)
    names = install(case, repo, add_report, tmp_path)
    args = [part.format(**names) for part in shlex.split(case.run)]
    before = snapshot(tmp_path)

    run = run_ctt(repo, *args)

    assert "Traceback" not in run.output
    assert run.exit_code == case.exit, run.output
    if case.exit == 2:
        assert run.stdout == "", run.stdout
    problems = [m.groupdict() for m in map(PROBLEM_LINE.match, run.output.splitlines()) if m]
    for expected in case.expects:
        if "rule" in expected:
            assert any(_matches(p, expected) for p in problems), f"{expected} in:\n{run.output}"
        elif "message" in expected:
            assert expected["message"] in run.stderr, run.output
            if case.exit == 2 and run.stderr.startswith("ctt: error: "):
                assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    after = snapshot(tmp_path)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert not changed, f"written or changed: {sorted(changed)}"
    for name in case.absent:
        assert not (Path.cwd() / name).exists(), f"{name} was created: the input was executed"
        assert not (repo / name).exists(), f"{name} was created: the input was executed"


def _matches(problem: dict[str, str], expected: dict[str, str]) -> bool:
    return (
        problem["rule"] == expected["rule"]
        and problem["severity"] == "error"
        and all(
            problem[key] == expected[key] for key in ("line", "column", "path") if key in expected
        )
        and expected.get("message", "") in problem["message"]
    )


def test_a_case_that_would_write_is_caught(
    repo: Path, tmp_path: Path, add_report: Callable[..., Path], run_ctt: Callable[..., Any]
) -> None:
    """The snapshot sees a render's output and a file rewritten with the same size: the
    'nothing changed' check is not vacuous."""
    before = snapshot(tmp_path)
    assert run_ctt(repo, "render", "peru", "2021", "--format", "md").exit_code == 0
    after = snapshot(tmp_path)
    assert after.keys() - before.keys() == {"repo/build", "repo/build/peru-2021.md"}
    report_file = repo / REPORT_DIR / "report.yaml"
    os.utime(report_file, ns=(1, 1))
    assert (
        snapshot(tmp_path)["repo/economies/peru/2021/report.yaml"]
        != after["repo/economies/peru/2021/report.yaml"]
    )
