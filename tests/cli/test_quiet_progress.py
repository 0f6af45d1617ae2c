"""validate --quiet and --summary; progress bars only on a terminal."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPORT = Path("economies") / "peru" / "2021"
WARNED = (REPORT / "b-halting-terrorist-financing.yaml").as_posix()
CARGO = REPORT / "a1-protect-cargo.yaml"
# What a bar leaves in a stream: carriage returns, cursor escapes, a bar or a percentage.
BAR = re.compile(r"\r|\x1b\[|\[#|#-|\d+%")


def _add_error(repo: Path) -> None:
    path = repo / CARGO
    text = path.read_text(encoding="utf-8").replace("section: a1", "section: a1\nsectoin: a1")
    path.write_text(text, encoding="utf-8")


def test_quiet_prints_errors_only_and_counts_the_rest(
    repo: Path, run_ctt: Callable[..., Any]
) -> None:
    """--quiet: no warning lines; the closing count still says how many there were."""
    run = run_ctt(repo, "validate", "--quiet")
    assert run.exit_code == 0, run.output
    assert run.stdout == ""
    assert run.stderr == "0 error(s), 1 warning(s) (not shown: --quiet) in 8 file(s)\n"

    _add_error(repo)
    run = run_ctt(repo, "validate", "--quiet")
    assert run.exit_code == 1
    assert [line.split(": ")[1] for line in run.stdout.splitlines()] == ["error"]
    assert "[unknown-key]" in run.stdout and WARNED not in run.stdout


def test_quiet_strict_still_fails_on_hidden_warnings(
    repo: Path, run_ctt: Callable[..., Any]
) -> None:
    """Hiding warnings does not excuse them under --strict."""
    run = run_ctt(repo, "validate", "--quiet", "--strict")
    assert run.exit_code == 1
    assert run.stdout == ""
    assert "1 warning(s) (not shown: --quiet)" in run.stderr


def test_quiet_json_leaves_warnings_out(repo: Path, run_ctt: Callable[..., Any]) -> None:
    """--quiet applies to every format."""
    run = run_ctt(repo, "validate", "--quiet", "--format", "json")
    assert run.exit_code == 0
    assert run.stdout.strip() == "[]"


def test_summary_counts_per_file_and_rule(repo: Path, run_ctt: Callable[..., Any]) -> None:
    """--summary: a line per file and per rule instead of every problem; same exit status."""
    _add_error(repo)
    run = run_ctt(repo, "validate", "--summary")
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[0] == "by file:" and "by rule:" in lines
    rows = {line.split()[0]: line.split(None, 1)[1] for line in lines if line.startswith("  ")}
    assert rows[CARGO.as_posix()] == "1 error(s), 0 warning(s)"
    assert rows[WARNED] == "0 error(s), 1 warning(s)"
    assert rows["unknown-key"] == "1 error(s), 0 warning(s)"
    assert rows["empty-answer"] == "0 error(s), 1 warning(s)"
    assert run.stderr == "1 error(s), 1 warning(s) in 8 file(s)\n"


def test_summary_quiet_and_clean(repo: Path, run_ctt: Callable[..., Any]) -> None:
    """With nothing to show, --summary prints nothing but the closing count."""
    run = run_ctt(repo, "validate", "--summary", "--quiet")
    assert run.exit_code == 0
    assert run.stdout == ""


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_summary_refuses_machine_formats(repo: Path, run_ctt: Callable[..., Any], fmt: str) -> None:
    """--summary is for people: with json or github it is a usage error (exit 2)."""
    run = run_ctt(repo, "validate", "--summary", "--format", fmt)
    assert run.exit_code == 2
    assert "--summary" in run.stderr and run.stdout == ""


def test_piped_output_has_no_progress_bar(
    repo: Path, run_ctt: Callable[..., Any], add_report: Callable[..., Path], tmp_path: Path
) -> None:
    """Off a terminal, render --all and summary print lines only: each file written."""
    add_report(repo, "peru", 2022)
    add_report(repo, "chile", 2021)
    out = tmp_path / "out"
    run = run_ctt(repo, "render", "--all", "--format", "md", "--out", str(out))
    assert run.exit_code == 0, run.output
    assert not BAR.search(run.output), run.output
    assert len(run.stdout.splitlines()) == 4
    assert run.stdout.splitlines()[-1].startswith("rendered 3 file(s)")
    assert run.stderr == ""
    run = run_ctt(repo, "summary", "--format", "md", "--out", str(out))
    assert run.exit_code == 0, run.output
    assert not BAR.search(run.output), run.output
    assert run.stdout.splitlines() == [f"{out.as_posix()}/ctt-summary-2022.md"]


def test_render_all_on_a_terminal_ends_with_a_count(
    repo: Path,
    run_ctt: Callable[..., Any],
    add_report: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a terminal, render --all ends with how many files it wrote, not a line for each."""
    import ctt.output.progress

    monkeypatch.setattr(ctt.output.progress, "on_terminal", lambda: True)
    add_report(repo, "peru", 2022)
    out = tmp_path / "out"
    run = run_ctt(repo, "render", "--all", "--format", "md", "--out", str(out))
    assert run.exit_code == 0, run.output
    assert run.stdout.splitlines() == [
        f"rendered 2 file(s) in {out.as_posix()}/; 0 unchanged (2 report(s))"
    ]
