"""The pull-request workflow, the pre-commit hook and the git diff driver, shipped and working."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner
from gitutil import git
from paths import REPO_ROOT as ROOT

from ctt.cli import cli

A1 = "economies/chile/2020/a1-protect-cargo.yaml"


def make_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("schema", "templates", "economies"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / ".gitattributes", root / ".gitattributes")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "reports")
    return root


def test_pre_commit_hook_runs_ctt_validate_on_report_files() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    assert hook["id"] == "ctt-validate"
    assert hook["entry"] == "ctt validate"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    assert files.search(A1) and files.search("economies/peru/2021/report.yml")
    assert not files.search("schema/sections.yaml") and not files.search("README.md")


def test_the_hook_entry_checks_the_files_it_is_given(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    result = CliRunner().invoke(cli, ["--root", str(root), "validate", str(root / A1)])
    assert result.exit_code == 0, result.output


def test_workflow_validates_and_comments_the_diff(tmp_path: Path) -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/ctt.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "ctt validate --format github" in runs
    assert 'ctt diff --base "origin/${{ github.base_ref }}" --format md' in runs
    script = next(
        step["with"]["script"] for step in steps if "github-script" in step.get("uses", "")
    )
    assert "updateComment" in script and "createComment" in script and "<!-- ctt-diff -->" in script
    assert any(step.get("with", {}).get("fetch-depth") == 0 for step in steps)
    # The commands it runs work on a real repository with a change since the base.
    root = make_repo(tmp_path)
    path = root / A1
    path.write_text(path.read_text(encoding="utf-8").replace("implemented on", "launched on"))
    runner = CliRunner()
    result = runner.invoke(cli, ["--root", str(root), "validate", "--format", "github"])
    assert result.exit_code == 0 and "::warning file=" in result.output
    result = runner.invoke(cli, ["--root", str(root), "diff", "--base", "main", "--format", "md"])
    assert result.exit_code == 0
    assert "<details>" in result.output and "~~implemented~~ **launched**" in result.output


def test_git_diff_driver_shows_reports_as_text(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    path = root / A1
    path.write_text(path.read_text(encoding="utf-8").replace("implemented on", "launched on"))
    driver = f"{sys.executable} -m ctt textconv"
    out = git(root, "-c", f"diff.ctt.textconv={driver}", "diff", "-U1000")
    assert "A.1 Protect Cargo (chile 2020)" in out  # the driver's text, not the YAML
    assert "section: a1" not in out
    assert re.search(r"^-  - The AEO program was implemented on", out, re.M)
    assert re.search(r"^\+  - The AEO program was launched on", out, re.M)


def test_textconv_prints_unreadable_files_as_they_are(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("key: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(ROOT), "textconv", str(broken)])
    assert result.exit_code == 0
    assert result.output == "key: [unclosed\n"
