"""ctt diff --base --format comment: the pull-request comment, on real git repositories.

It always says what changed (also when validation failed), shows an economy's first report
by its contents, and stays within GitHub's comment limit on a region-sized change, with the
whole of it written to the artefact.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO_ROOT, Run, add_valid_report, make_repo
from gitutil import git

from ctt.output.comment import (
    BUDGET,
    FULL_DIFF_NAME,
    GITHUB_LIMIT,
    MARKER,
    VALIDATION_FAILED,
    PullRequestChanges,
    build_comment,
)

RunCtt = Callable[..., Run]
SECTION = "c-promoting-cyber-security.yaml"
ATTACHED = f"attached to the workflow run as the artefact `{FULL_DIFF_NAME}`"


def _generator() -> Callable[..., int]:
    """benchmarks/generate.py's generate(): the region-sized corpus of the benchmarks."""
    spec = importlib.util.spec_from_file_location("generate", REPO_ROOT / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generate: Callable[..., int] = module.generate
    return generate


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three economies' 2019 reports committed; their generated 2020 reports new in the tree."""
    root = tmp_path_factory.mktemp("region") / "repo"
    _generator()(root, economies=3, years=2)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "schema", "templates", *(str(p) for p in root.glob("economies/*/2019")))
    git(root, "commit", "-qm", "2019 reports")
    return root


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Peru 2021 committed."""
    root = make_repo(tmp_path / "repo")
    add_valid_report(root, "peru", 2021)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "peru 2021")
    return root


def reword(root: Path, old: str = "around the clock", new: str = "day and night") -> None:
    """Change a few words of peru 2021's cyber-security section."""
    path = root / "economies/peru/2021" / SECTION
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_region_sized_change_fits_and_the_whole_is_written(
    region: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    full = tmp_path / "out" / FULL_DIFF_NAME
    run = run_ctt(region, "diff", "--base", "main", "--format", "comment", "--full", str(full))
    assert run.exit_code == 0, run.stderr
    body, whole = run.stdout, full.read_text(encoding="utf-8")
    assert body.startswith(MARKER + "\n")
    assert len(body) <= BUDGET < GITHUB_LIMIT
    assert ATTACHED in body and ATTACHED not in whole
    assert len(whole) > GITHUB_LIMIT  # three economies' year: too long for one comment
    for economy in ("australia", "brunei-darussalam", "canada"):
        heading = f"### CTAP changes: {economy} 2019 at main → {economy} 2020 (working tree)"
        assert heading in body and heading in whole
    assert body.count("<details>") < whole.count("<details>")
    assert "more section(s) are in `ctt-diff.md`" in body


def test_when_not_even_the_details_fit_the_tables_are_kept(region: Path) -> None:
    from ctt.catalogue.catalogue import load_catalogue
    from ctt.compare.compare import diff_base
    from ctt.store.repo import open_repository

    repo = open_repository(region, region)
    diffs = diff_base(repo, load_catalogue(repo), "main").diffs
    tables = build_comment(PullRequestChanges(diffs), budget=3_000).body
    assert len(tables) <= 3_000 and ATTACHED in tables
    assert "<details>" not in tables and tables.count("### CTAP changes:") == 3
    fewer = build_comment(PullRequestChanges(diffs), budget=1_500).body
    assert len(fewer) <= 1_500 and ATTACHED in fewer
    assert "more report(s) are in `ctt-diff.md`" in fewer


def test_a_small_change_is_shown_whole(small: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    reword(small)
    full = tmp_path / "whole.md"
    run = run_ctt(small, "diff", "--base", "HEAD", "--format", "comment", "--full", str(full))
    assert run.exit_code == 0, run.stderr
    assert run.stdout == full.read_text(encoding="utf-8")
    assert run.stdout.startswith(MARKER + "\n")
    assert FULL_DIFF_NAME not in run.stdout and VALIDATION_FAILED not in run.stdout
    assert "peru 2021 at HEAD → peru 2021 (working tree)" in run.stdout
    assert "<details>" in run.stdout and "~~around the clock.~~" in run.stdout


def test_a_failed_validation_is_said_at_the_top_and_the_diff_still_shown(
    small: Path, run_ctt: RunCtt
) -> None:
    reword(small)
    run = run_ctt(small, "diff", "--base", "HEAD", "--format", "comment", "--validation", "failed")
    assert run.exit_code == 0, run.stderr
    head, _, rest = run.stdout.partition("### CTAP changes:")
    assert VALIDATION_FAILED in head and "**ctt validate found problems**" in head
    assert "<details>" in rest and "**day and night.**" in rest


def test_a_report_with_errors_is_a_note_and_the_others_are_shown(
    small: Path, run_ctt: RunCtt
) -> None:
    add_valid_report(small, "chile", 2021)
    git(small, "add", "-A")
    git(small, "commit", "-qm", "chile 2021")
    reword(small)
    broken = small / "economies/chile/2021" / SECTION
    broken.write_text("economy: [unclosed\n", encoding="utf-8")
    plain = run_ctt(small, "diff", "--base", "HEAD")
    assert plain.exit_code == 1  # what a person runs still stops at the errors
    run = run_ctt(small, "diff", "--base", "HEAD", "--format", "comment", "--validation", "failed")
    assert run.exit_code == 0, run.stderr
    assert "peru 2021 at HEAD → peru 2021 (working tree)" in run.stdout
    notes = run.stdout.split("**Notes**", 1)[1]
    assert "chile 2021 has" in notes and "not compared with chile 2021 at HEAD" in notes


def test_a_first_report_shows_its_contents(small: Path, run_ctt: RunCtt) -> None:
    add_valid_report(small, "chile", 2022)
    run = run_ctt(small, "diff", "--base", "HEAD", "--format", "comment")
    assert run.exit_code == 0, run.stderr
    assert "### New report: chile 2022 (first report of chile)" in run.stdout
    assert "| Section | Contacts | undertaken | planned |" in run.stdout
    assert "| C. Promoting Cyber Security |" in run.stdout
    assert "No changes." not in run.stdout and "No report changed" not in run.stdout
    text = run_ctt(small, "diff", "--base", "HEAD")
    assert text.exit_code == 0, text.output
    assert "chile 2022 is new and has no earlier report to compare" in text.stderr


def test_of_two_new_reports_of_an_economy_only_the_earlier_is_its_first(
    small: Path, run_ctt: RunCtt
) -> None:
    add_valid_report(small, "chile", 2022)
    add_valid_report(small, "chile", 2024)
    run = run_ctt(small, "diff", "--base", "HEAD", "--format", "comment")
    assert run.exit_code == 0, run.stderr
    assert "### New report: chile 2022 (first report of chile)" in run.stdout
    assert "### New report: chile 2024 (new, as is chile 2022: no earlier report" in run.stdout
    assert "chile 2024 (first report" not in run.stdout


def test_a_new_report_after_an_earlier_one_is_compared_with_it(
    small: Path, run_ctt: RunCtt
) -> None:
    shutil.copytree(small / "economies/peru/2021", small / "economies/peru/2023")
    for path in (small / "economies/peru/2023").glob("*.yaml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("\nyear: 2021\n", "\nyear: 2023\n")
        )
    run = run_ctt(small, "diff", "--base", "HEAD", "--format", "comment")
    assert run.exit_code == 0, run.output
    assert "### CTAP changes: peru 2021 at HEAD → peru 2023 (working tree)" in run.stdout
    assert "first report" not in run.stdout


def test_nothing_changed(small: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(small, "diff", "--base", "HEAD", "--format", "comment")
    assert run.exit_code == 0
    assert run.stdout.startswith(MARKER) and "No report changed since HEAD." in run.stdout


def test_report_text_stays_inert(small: Path, run_ctt: RunCtt) -> None:
    reword(small, "around the clock", "with @octocat, see https://example.org")
    run = run_ctt(small, "diff", "--base", "HEAD", "--format", "comment")
    assert run.exit_code == 0, run.output
    assert "`@octocat`" in run.stdout and "`https://example.org`" in run.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--validation", "failed"], "--validation applies to --format comment only"),
        (["--format", "md", "--full", "x.md"], "--full applies to --format comment only"),
        (["--format", "comment", "--validation", "maybe"], "'maybe' is not one of"),
    ],
)
def test_misuse_exits_2(small: Path, run_ctt: RunCtt, args: list[str], message: str) -> None:
    run = run_ctt(small, "diff", "--base", "HEAD", *args)
    assert run.exit_code == 2 and message in run.output


def test_comment_needs_base(small: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(small, "diff", "peru", "2021", "2021", "--format", "comment")
    assert run.exit_code == 2 and "--format comment needs --base REV" in run.output


def test_the_whole_is_not_written_into_the_reports(small: Path, run_ctt: RunCtt) -> None:
    target = small / "economies" / FULL_DIFF_NAME
    run = run_ctt(small, "diff", "--base", "HEAD", "--format", "comment", "--full", str(target))
    assert run.exit_code == 2 and "refusing to write into economies/" in run.output
    assert not target.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--base", "HEAD", "--format", "comment", "--full", "a" * 300 + ".md"],
        ["peru", "2021", "2021", "--format", "docx", "--out", "a" * 300 + ".docx"],
    ],
)
def test_a_name_too_long_is_one_line(small: Path, run_ctt: RunCtt, args: list[str]) -> None:
    """A file name the system refuses is a usage error naming it, not a traceback (exit 3)."""
    run = run_ctt(small, "diff", *args)
    assert run.exit_code == 2 and "cannot write: File name too long" in run.output
