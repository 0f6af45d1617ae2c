"""`ctt validate` on whole repositories: folders, narrowing, usage, formats, the real tree."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from paths import REPO_ROOT

import ctt.store.yamlfile

REPORT = "economies/peru/2021"
A1 = "a1-protect-cargo.yaml"
B = "b-halting-terrorist-financing.yaml"
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
    r"(?P<message>\S.*) \[(?P<rule>[a-z0-9-]+)\]$"
)

RunCtt = Callable[..., Any]


def problems(stdout: str) -> list[tuple[str, int, int, str, str, str]]:
    """Every output line as (path, line, column, severity, rule, message); each must match."""
    rows = []
    for line in stdout.splitlines():
        match = PROBLEM_LINE.match(line)
        assert match, f"not a problem line: {line!r}"
        rows.append(
            (
                match["path"],
                int(match["line"]),
                int(match["column"]),
                match["severity"],
                match["rule"],
                match["message"],
            )
        )
    return rows


def rules_at(stdout: str) -> set[tuple[str, str, str]]:
    """(path, severity, rule) of every problem printed."""
    return {(path, severity, rule) for path, _, _, severity, rule, _ in problems(stdout)}


def one_line_error(stderr: str) -> str:
    """The single line a usage error prints."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("ctt: error: "), stderr
    return lines[0]


def break_file(path: Path) -> None:
    """Give a file a duplicate key on its last line, so that it has one error."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "year: 2021\n", encoding="utf-8")


BASELINE_WARNING = (f"{REPORT}/{B}", "warning", "empty-answer")


# Folder layout


def test_missing_section_file(repo: Path, run_ctt: RunCtt) -> None:
    (repo / REPORT / "c-promoting-cyber-security.yaml").unlink()
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1, run.output
    assert (
        f"{REPORT}/c-promoting-cyber-security.yaml",
        1,
        1,
        "error",
        "missing-section",
        "section file is missing",
    ) in problems(run.stdout)


def test_missing_report_header(repo: Path, run_ctt: RunCtt) -> None:
    (repo / REPORT / "report.yaml").unlink()
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1, run.output
    assert (f"{REPORT}/report.yaml", "error", "missing-file") in rules_at(run.stdout)


def test_unknown_economy_folder(
    empty_repo: Path, add_report: Callable[..., Path], run_ctt: RunCtt
) -> None:
    add_report(empty_repo, "testland", 2021)  # its files agree: only the economy is wrong
    run = run_ctt(empty_repo, "validate")
    assert run.exit_code == 1, run.output
    errors = [p for p in problems(run.stdout) if p[3] == "error"]
    assert [(p[0], p[4]) for p in errors] == [("economies/testland", "unknown-economy")]
    assert "unknown economy 'testland'" in errors[0][5]


def test_folder_that_is_not_a_year(repo: Path, run_ctt: RunCtt) -> None:
    shutil.copytree(repo / REPORT, repo / "economies" / "peru" / "drafts")
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1, run.output
    assert rules_at(run.stdout) == {
        ("economies/peru/drafts", "error", "bad-folder"),
        BASELINE_WARNING,
    }


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("2021\n", "2021\\n"),
        ("2021 ", "2021 "),
        ("\u0662\u0660\u0662\u0661", "\u0662\u0660\u0662\u0661"),  # Arabic-Indic 2021
        ("\uff12\uff10\uff12\uff11", "\uff12\uff10\uff12\uff11"),  # fullwidth 2021
        ("02021", "02021"),
    ],
    ids=["line-break", "space", "arabic-indic", "fullwidth", "five-digits"],
)
def test_a_year_folder_is_four_ascii_digits(
    repo: Path, run_ctt: RunCtt, tmp_path: Path, name: str, shown: str
) -> None:
    """Anything else is bad-folder, never a report: not validated, rendered, listed or counted
    (`2021\\n` was rendered over peru-2021.md; `٢٠٢١` validated, but no command could find it)."""
    folder = repo / "economies" / "peru" / name
    shutil.copytree(repo / REPORT, folder)
    (folder / A1).write_text("section: [broken\n", encoding="utf-8")  # would fail if read
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1, run.output
    errors = [p for p in problems(run.stdout) if p[3] == "error"]
    assert [(p[0], p[4]) for p in errors] == [(f"economies/peru/{shown}", "bad-folder")]
    out = tmp_path / "out"
    render = run_ctt(repo, "render", "--all", "--format", "md", "--out", str(out))
    assert render.exit_code == 0, render.output
    assert sorted(p.name for p in out.iterdir() if p.name[0] != ".") == ["peru-2021.md"]
    status = run_ctt(repo, "status", "peru", "--format", "json")
    assert [r["year"] for r in json.loads(status.stdout)] == [2021]
    assert run_ctt(repo, "needs").exit_code == 0


def test_stray_yaml_in_a_report_folder_is_a_warning(repo: Path, run_ctt: RunCtt) -> None:
    (repo / REPORT / "notes.yaml").write_text("todo: ask customs\n")
    run = run_ctt(repo, "validate")
    assert run.exit_code == 0, run.output
    assert (f"{REPORT}/notes.yaml", "warning", "unknown-file") in rules_at(run.stdout)
    assert run_ctt(repo, "validate", "--strict").exit_code == 1


# Narrowing to an economy or a report


@pytest.fixture
def three_reports(repo: Path, add_report: Callable[..., Path]) -> Path:
    """peru/2021 valid; peru/2022 and chile/2021 each with an error in one file."""
    break_file(add_report(repo, "peru", 2022) / A1)
    break_file(add_report(repo, "chile", 2021) / A1)
    return repo


def test_validate_economy_year_checks_only_that_report(
    three_reports: Path, run_ctt: RunCtt
) -> None:
    run = run_ctt(three_reports, "validate", "peru", "2021")
    assert run.exit_code == 0, run.output
    assert rules_at(run.stdout) == {BASELINE_WARNING}


def test_validate_economy_checks_all_its_reports(three_reports: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(three_reports, "validate", "peru")
    assert run.exit_code == 1, run.output
    paths = {p[0] for p in problems(run.stdout)}
    assert f"economies/peru/2022/{A1}" in paths
    assert not any(path.startswith("economies/chile/") for path in paths)


def test_validate_without_arguments_checks_everything(three_reports: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(three_reports, "validate")
    assert run.exit_code == 1, run.output
    errors = {(p[0], p[4]) for p in problems(run.stdout) if p[3] == "error"}
    assert errors == {
        (f"economies/peru/2022/{A1}", "duplicate-key"),
        (f"economies/chile/2021/{A1}", "duplicate-key"),
    }


# Usage errors: exit 2, one line, no traceback


def test_unknown_economy_argument(repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(repo, "validate", "nosuch")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert "unknown economy 'nosuch'" in one_line_error(run.stderr)


def test_economy_without_reports(repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(repo, "validate", "chile")
    assert run.exit_code == 2
    assert "no reports for chile" in one_line_error(run.stderr)


def test_year_without_a_report(repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(repo, "validate", "peru", "1999")
    assert run.exit_code == 2
    assert run.stdout == ""
    line = one_line_error(run.stderr)
    assert "no report for peru 1999" in line and "2021" in line  # says which years exist


def test_year_that_is_not_a_year(repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(repo, "validate", "peru", "21")
    assert run.exit_code == 2
    assert "'21' is not a year" in one_line_error(run.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--nope"], "No such option '--nope'"),
        (["validate", "--format", "xml"], "Invalid value for '--format'"),
        (["nosuchcommand"], "No such command 'nosuchcommand'"),
    ],
)
def test_bad_usage_exits_2(repo: Path, run_ctt: RunCtt, args: list[str], message: str) -> None:
    run = run_ctt(repo, *args)
    assert run.exit_code == 2
    assert message in run.stderr
    assert "Traceback" not in run.output


def test_root_that_is_not_a_repository(tmp_path: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(tmp_path, "validate")
    assert run.exit_code == 2
    assert "not a ctt repository" in one_line_error(run.stderr)


# FILES


def test_validate_named_files(repo: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)  # as a pre-commit hook runs it: paths relative to the repository
    run = run_ctt(repo, "validate", f"{REPORT}/{A1}", f"{REPORT}/{B}")
    assert run.exit_code == 0, run.output
    assert rules_at(run.stdout) == {BASELINE_WARNING}
    assert run.stderr == "0 error(s), 1 warning(s) in 2 file(s)\n"

    break_file(repo / REPORT / A1)
    run = run_ctt(repo, "validate", f"{REPORT}/{A1}")
    assert run.exit_code == 1, run.output
    assert rules_at(run.stdout) == {(f"{REPORT}/{A1}", "error", "duplicate-key")}


def test_validate_a_file_outside_the_repository(
    repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    outside = tmp_path / "outside" / A1
    outside.parent.mkdir()
    shutil.copy(repo / REPORT / A1, outside)
    run = run_ctt(repo, "validate", str(outside))
    assert run.exit_code == 0, run.output
    assert run.stdout == ""

    outside.write_text(outside.read_text().replace("a1-container-security", "a1-nosuch"))
    run = run_ctt(repo, "validate", str(outside))
    assert run.exit_code == 1, run.output
    assert rules_at(run.stdout) == {(outside.as_posix(), "error", "unknown-commitment")}


def test_validate_a_file_that_does_not_exist(repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(repo, "validate", "nosuch.yaml")
    assert run.exit_code == 2, run.output
    assert run.stdout == ""
    assert run.stderr.strip() == "ctt: error: nosuch.yaml: no such file"


# Output formats and --strict


def test_github_format_prints_workflow_annotations(repo: Path, run_ctt: RunCtt) -> None:
    break_file(repo / REPORT / A1)
    run = run_ctt(repo, "validate", "--format", "github")
    assert run.exit_code == 1, run.output
    lines = run.stdout.splitlines()
    assert len(lines) == 2, run.stdout
    assert lines[0].startswith(
        f"::error file={REPORT}/{A1},line=29,col=1,title=ctt duplicate-key::duplicate key 'year'"
    )
    assert lines[0].endswith("[duplicate-key]")
    assert lines[1].startswith(f"::warning file={REPORT}/{B},line=13,col=19,")
    assert "Traceback" not in run.output


def test_json_format_is_a_list_of_problems(repo: Path, run_ctt: RunCtt) -> None:
    import json

    run = run_ctt(repo, "validate", "--format", "json")
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout) == [
        {
            "path": f"{REPORT}/{B}",
            "line": 13,
            "column": 19,
            "severity": "warning",
            "rule": "empty-answer",
            "message": "measures_planned is answered with nothing",
        }
    ]


def test_strict_makes_warnings_fail(repo: Path, run_ctt: RunCtt) -> None:
    assert run_ctt(repo, "validate").exit_code == 0
    assert run_ctt(repo, "validate", "--strict").exit_code == 1
    section = repo / REPORT / B
    section.write_text(
        section.read_text().replace("measures_planned: []", "measures_planned:\n  - A measure.")
    )
    run = run_ctt(repo, "validate", "--strict")
    assert run.exit_code == 0, run.output
    assert run.stdout == ""


# The real repository and the installed command


def _tree(root: Path) -> dict[str, tuple[int, int] | None]:
    """Every file under root (caches aside); size and mtime for the data ctt reads."""
    skip = {".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
    files: dict[str, tuple[int, int] | None] = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            watched = rel.startswith(("economies/", "schema/", "build/"))
            stat = path.stat()
            files[rel] = (stat.st_size, stat.st_mtime_ns) if watched else None
    return files


def test_the_real_repository_validates_and_is_not_written(run_ctt: RunCtt) -> None:
    before = _tree(REPO_ROOT)
    run = run_ctt(REPO_ROOT, "validate", "--no-cache")  # tests never write into the repo
    assert run.exit_code == 0, run.output
    problems(run.stdout)  # every line in the exact form
    assert not any(p[3] == "error" for p in problems(run.stdout))
    assert _tree(REPO_ROOT) == before


def _installed_ctt() -> str:
    found = shutil.which("ctt", path=str(Path(sys.executable).parent))
    assert found, f"no ctt script beside {sys.executable}: is the package installed?"
    return found


def test_the_installed_command_runs(repo: Path) -> None:
    ctt_exe = _installed_ctt()
    ok = subprocess.run(
        [ctt_exe, "--root", str(repo), "validate"], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines() == [
        f"{REPORT}/{B}:13:19: warning: measures_planned is answered with nothing [empty-answer]"
    ]
    assert ok.stderr == "0 error(s), 1 warning(s) in 8 file(s)\n"

    break_file(repo / REPORT / A1)
    bad = subprocess.run(
        [ctt_exe, "--root", str(repo), "validate"], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert f"{REPORT}/{A1}:29:1: error: duplicate key 'year'" in bad.stdout

    usage = subprocess.run(
        [ctt_exe, "--root", str(repo), "validate", "nosuch"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert usage.returncode == 2
    assert usage.stdout == "" and "Traceback" not in usage.stderr
    assert len(usage.stderr.strip().splitlines()) == 1


def test_python_dash_m_ctt_runs(repo: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "ctt", "--root", str(repo), "validate", "peru", "1999"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "no report for peru 1999" in run.stderr


# Speed and safety of loading


_PROBE = """
import sys
from ctt.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ("jinja2", "jsonschema", "fastjsonschema", "docx", "markdown_it")
print("LOADED=" + ",".join(m for m in heavy if m in sys.modules))
"""


def _loaded_modules(*args: str) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=False
    )
    last = run.stdout.strip().splitlines()[-1]
    assert last.startswith("LOADED="), run.stdout + run.stderr
    return set(filter(None, last.removeprefix("LOADED=").split(",")))


def test_help_imports_no_heavy_module(repo: Path) -> None:
    assert _loaded_modules("--help") == set()
    assert _loaded_modules("--root", str(repo), "validate", "--help") == set()


def test_validate_does_not_import_jinja2(repo: Path) -> None:
    loaded = _loaded_modules("--root", str(repo), "validate", "--no-cache")
    assert "fastjsonschema" in loaded  # the probe sees lazily imported modules
    assert "jinja2" not in loaded
    assert "markdown_it" not in loaded
    assert "jsonschema" not in loaded  # only to explain a file that fails the fast check


def test_a_warm_validate_imports_no_reference_validator(repo: Path) -> None:
    _loaded_modules("--root", str(repo), "validate")
    assert _loaded_modules("--root", str(repo), "validate") <= {"fastjsonschema"}


def test_yaml_is_loaded_with_libyaml(
    repo: Path, monkeypatch: pytest.MonkeyPatch, run_ctt: RunCtt
) -> None:
    assert yaml.__with_libyaml__
    assert issubclass(
        ctt.store.yamlfile._Loader, yaml.CSafeLoader
    )  # libyaml, faster tag resolution
    used = []
    compose = yaml.compose

    def spy(stream: Any, Loader: Any) -> Any:
        used.append(Loader)
        return compose(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", spy)
    assert run_ctt(repo, "validate").exit_code == 0
    assert len(used) >= 8 and set(used) == {ctt.store.yamlfile._Loader}
