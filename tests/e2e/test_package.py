"""Done when: ctt built as a wheel and installed in a fresh virtual environment makes and
checks a reports repository of its own, with nothing of this checkout but the wheel.

Slow (a wheel built, a virtual environment made, ctt's dependencies installed from PyPI or
pip's cache), so one test walks the whole path a coordinator takes.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from paths import REPO_ROOT

from ctt import __version__

SECTION = "economies/chile/2022/a1-protect-cargo.yaml"
# What the wheel is built from: the working tree's files (committed or not), as `git ls-files`
# sees them, so the test builds what is being tested.
SOURCES = ("pyproject.toml", "README.md", "ctt", "schema", "templates")

pytestmark = pytest.mark.slow


def run(argv: list[str], cwd: Path, env: dict[str, str], ok: bool = True) -> str:
    """Run a command; its output (both streams); fail the test with it when `ok` is not met."""
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert (done.returncode == 0) == ok, f"{argv}: exit {done.returncode}\n{output}"
    return output


def plain_env(tmp: Path) -> dict[str, str]:
    """The environment of a user without this checkout's virtual environment active."""
    dev_bin = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != dev_bin)
    env["PRE_COMMIT_HOME"] = str(tmp / "pre-commit-home")
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return env


def copy_sources(target: Path) -> None:
    listed = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "ls-files", "-co", "--exclude-standard", "-z", *SOURCES],
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)


def ignored_and_untracked(root: Path, env: dict[str, str]) -> set[str]:
    out = run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all"], root, env)
    return set(out.splitlines())


def test_a_wheel_installed_elsewhere_runs_a_reports_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = plain_env(tmp_path)
    source = tmp_path / "src"
    copy_sources(source)
    run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", "dist", str(source)],
        tmp_path,
        env,
    )
    wheel = next((tmp_path / "dist").glob(f"ctt-{__version__}-*.whl"))
    run([sys.executable, "-m", "venv", "venv"], tmp_path, env)
    run([str(tmp_path / "venv/bin/pip"), "install", "-q", str(wheel)], tmp_path, env)
    ctt = str(tmp_path / "venv/bin/ctt")
    assert run([ctt, "--version"], tmp_path, env).strip() == f"ctt, version {__version__}"

    reports = tmp_path / "reports"
    reports.mkdir()
    made = run([ctt, "init", "--economy", "chile"], reports, env)
    assert "made .github/workflows/" in made and "made .pre-commit-config.yaml" in made
    driver = run(["git", "config", "--get", "diff.ctt.textconv"], reports, env).strip()
    assert shlex.split(driver) == [ctt, "textconv"]
    run([ctt, "new", "chile", "2022"], reports, env)
    assert "0 error(s)" in run([ctt, "validate"], reports, env)
    run([ctt, "render", "chile", "2022"], reports, env)
    for ext in ("md", "html", "docx"):
        assert (reports / f"build/chile-2022.{ext}").stat().st_size > 0
    assert "A.1 Protect Cargo" in (reports / "build/chile-2022.md").read_text(encoding="utf-8")
    run(["git", "add", "-A"], reports, env)
    run(["git", "commit", "-q", "-m", "Chile 2022 started"], reports, env)

    # git diff shows report text through the driver, not YAML.
    section = reports / SECTION
    text = section.read_text(encoding="utf-8")
    new = "measures_undertaken:\n  - Customs opened a risk analysis unit in Antofagasta.\n"
    section.write_text(text.replace("measures_undertaken: []\n", new), encoding="utf-8")
    shown = run(["git", "diff"], reports, env)
    assert "Customs opened a risk analysis unit in Antofagasta." in shown
    assert "measures_undertaken:" not in shown and "Measures undertaken" in shown, shown

    # The hook, as .pre-commit-hooks.yaml defines it; run by this ctt (its repo: URL cannot
    # be fetched here, so a local hook with the same definition).
    (hook,) = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "ctt validate --hook"
    hook |= {"entry": f"{shlex.quote(ctt)} validate --hook", "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (reports / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    pre_commit = [str(Path(sys.executable).parent / "pre-commit")]
    run(["git", "add", "-A"], reports, env)
    before = ignored_and_untracked(reports, env)
    assert "ctt validate" in run([*pre_commit, "run", "--all-files"], reports, env)
    after = ignored_and_untracked(reports, env)
    assert after == before, "the hook writes nothing into the repository"
    run([*pre_commit, "install"], reports, env)
    run(["git", "commit", "-q", "-m", "A.1: a measure"], reports, env)

    # Deleting a section file fails the commit, naming the file.
    run(["git", "rm", "-q", SECTION], reports, env)
    refused = run(["git", "commit", "-q", "-m", "drop A.1"], reports, env, ok=False)
    assert f"{SECTION}:" in refused and "[missing-section]" in refused
    assert run(["git", "status", "--porcelain"], reports, env).strip() == f"D  {SECTION}"
