"""ctt init, the pre-commit hook's mode (validate --hook), and a repository's own catalogue and
templates over ctt's defaults."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import Run, add_valid_report, own_copy
from gitutil import git

from ctt import __version__
from ctt.store import defaults
from ctt.store.repo import Repository

RunCtt = Callable[..., Run]
SECTION = "a1-protect-cargo.yaml"


def made_and_kept(run: Run) -> tuple[list[str], list[str]]:
    lines = run.stdout.splitlines()
    made = [line.split()[1] for line in lines if line.startswith("made ")]
    kept = [line.split()[1] for line in lines if line.startswith("kept ")]
    assert len(made) + len(kept) == len(lines), run.stdout
    return made, kept


def test_init_makes_a_reports_repository(tmp_path: Path, run_ctt: RunCtt) -> None:
    target = tmp_path / "reports"
    run = run_ctt(tmp_path, "init", str(target), "--economy", "chile")
    assert run.exit_code == 0, run.output
    made, kept = made_and_kept(run)
    assert kept == []
    workflows = sorted(p.name for p in defaults.workflows_dir().glob("*.yml"))
    assert workflows, "ctt ships at least one workflow"
    for name in [
        "economies/chile/.gitkeep",
        "schema/README.md",
        ".gitignore",
        ".gitattributes",
        ".pre-commit-config.yaml",
        "README.md",
        *(f".github/workflows/{w}" for w in workflows),
    ]:
        assert name in made and (target / name).is_file(), name
    assert (target / ".git").is_dir()
    assert not list((target / "schema").glob("*.yaml")), "the catalogue is ctt's by default"
    assert "build/" in (target / ".gitignore").read_text(encoding="utf-8").split()
    assert "economies/**/*.yaml diff=ctt" in (target / ".gitattributes").read_text("utf-8")
    config = yaml.safe_load((target / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert config == {
        "repos": [
            {
                "repo": "https://github.com/apec-ctwg/ctt",
                "rev": f"v{__version__}",
                "hooks": [{"id": "ctt-validate"}],
            }
        ]
    }
    driver = git(target, "config", "--local", "--get", "diff.ctt.textconv").strip()
    command = shlex.split(driver)
    assert command[-1] == "textconv" and Path(command[0]).is_absolute()
    assert Path(command[0]).is_file()


def test_a_clone_of_a_new_repository_is_a_reports_repository(
    tmp_path: Path, run_ctt: RunCtt
) -> None:
    """Without --economy, economies/ holds a .gitkeep: git keeps no empty folder, and a clone
    without economies/ would not be found as a reports repository."""
    target = tmp_path / "reports"
    assert run_ctt(tmp_path, "init", str(target)).exit_code == 0
    git(target, "add", "-A")
    git(target, "commit", "-qm", "init")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(target), str(clone))
    assert (clone / "economies").is_dir()
    assert run_ctt(clone, "validate").exit_code == 0


def test_init_never_overwrites_and_keeps_another_driver(tmp_path: Path, run_ctt: RunCtt) -> None:
    target = tmp_path / "reports"
    target.mkdir()
    git(target, "init", "-q")
    git(target, "config", "diff.ctt.textconv", "my-own textconv")
    (target / "README.md").write_text("ours\n", encoding="utf-8")
    run = run_ctt(tmp_path, "init", str(target))
    assert run.exit_code == 0, run.output
    made, kept = made_and_kept(run)
    assert "README.md" in kept and "README.md" not in made
    assert "already set to 'my-own textconv'" in run.stdout
    assert (target / "README.md").read_text(encoding="utf-8") == "ours\n"
    assert git(target, "config", "--get", "diff.ctt.textconv").strip() == "my-own textconv"
    again = run_ctt(tmp_path, "init", str(target))
    assert again.exit_code == 0 and not made_and_kept(again)[0], again.stdout


def test_init_refuses_an_unknown_economy_before_writing(tmp_path: Path, run_ctt: RunCtt) -> None:
    target = tmp_path / "reports"
    run = run_ctt(tmp_path, "init", str(target), "--economy", "narnia")
    assert run.exit_code == 2
    assert "unknown economy 'narnia' (known: australia," in run.stderr
    assert not target.exists()


def test_init_own_catalogue_copies_it(tmp_path: Path, run_ctt: RunCtt) -> None:
    target = tmp_path / "reports"
    assert run_ctt(tmp_path, "init", str(target), "--own-catalogue").exit_code == 0
    for name in ("commitments.yaml", "sections.yaml", "topics.yaml", "economies.yaml"):
        own = target / "schema" / name
        assert own.read_bytes() == (defaults.schema_dir() / name).read_bytes()
        assert Repository(target).schema_file(name) == own


def test_new_files_link_the_schemas_the_repository_uses(tmp_path: Path, run_ctt: RunCtt) -> None:
    """An editor follows the yaml-language-server line: to the repository's own schema when it
    has one, else to the installed version's schema in ctt's repository (never to a missing
    file)."""
    target = tmp_path / "reports"
    assert run_ctt(tmp_path, "init", str(target), "--economy", "chile").exit_code == 0
    assert run_ctt(target, "new", "chile", "2022").exit_code == 0
    folder = target / "economies" / "chile" / "2022"
    raw = f"https://raw.githubusercontent.com/apec-ctwg/ctt/v{__version__}/schema"
    first = (folder / SECTION).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={raw}/section.schema.json"
    first = (folder / "report.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={raw}/report.schema.json"
    own_copy(target, "schema/section.schema.json")
    assert run_ctt(target, "new", "chile", "2023").exit_code == 0
    later = target / "economies" / "chile" / "2023"
    first = (later / SECTION).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schema/section.schema.json"
    assert (later / first.rpartition("=")[2]).resolve().is_file()
    first = (later / "report.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.endswith(f"{raw}/report.schema.json")


def test_workflows_pin_this_version() -> None:
    site = (defaults.workflows_dir() / "ctt-site.yml").read_text(encoding="utf-8")
    assert f"git+https://github.com/apec-ctwg/ctt@v{__version__}" in site
    check = (defaults.workflows_dir() / "ctt-check.yml").read_text(encoding="utf-8")
    assert "CTT_SOURCE: https://github.com/apec-ctwg/ctt\n" in check
    assert f"CTT_REF: v{__version__}\n" in check


def test_a_repository_catalogue_file_overrides_the_default(repo: Path, run_ctt: RunCtt) -> None:
    assert run_ctt(repo, "validate").exit_code == 0
    topics = own_copy(repo, "schema/topics.yaml")
    text = topics.read_text(encoding="utf-8")
    old = "title: AEO and supply-chain security"
    assert old in text
    topics.write_text(text.replace(old, "title: Our own AEO title"), encoding="utf-8")
    listed = run_ctt(repo, "topics")
    assert listed.exit_code == 0, listed.output
    assert "Our own AEO title" in listed.stdout
    assert run_ctt(repo, "validate").exit_code == 0  # the cache sees the new file
    commitments = own_copy(repo, "schema/commitments.yaml")
    report = (repo / "economies/peru/2021" / SECTION).read_text(encoding="utf-8")
    used = next(c for c in ("a1-container-security", "a1-secure-trade-framework") if c in report)
    text = commitments.read_text(encoding="utf-8")
    commitments.write_text(text.replace(f"id: {used}", f"id: {used}-x"), encoding="utf-8")
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1 and f"unknown commitment '{used}'" in run.stdout


def test_a_repository_template_overrides_the_default(repo: Path, run_ctt: RunCtt) -> None:
    template = own_copy(repo, "templates/report.md.j2")
    template.write_text("OUR OWN TEMPLATE {{ report.year }}\n", encoding="utf-8")
    run = run_ctt(repo, "render", "peru", "2021", "--format", "md", "--format", "html")
    assert run.exit_code == 0, run.output
    assert (repo / "build/peru-2021.md").read_text(encoding="utf-8") == "OUR OWN TEMPLATE 2021\n"
    assert "<html" in (repo / "build/peru-2021.html").read_text(encoding="utf-8")


def test_the_root_is_found_by_economies_alone(repo: Path, run_ctt: RunCtt) -> None:
    assert not (repo / "schema").exists()
    folder = repo / "economies/peru/2021"
    run = run_ctt(repo, "validate", "peru", "2021")
    assert run.exit_code == 0, run.output
    assert Repository(repo).schema_file("sections.yaml").parent == defaults.schema_dir()
    assert folder.is_dir()


@pytest.fixture
def committed(repo: Path) -> Path:
    """The made-up report committed in a git repository."""
    add_valid_report(repo, "peru", 2022)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "reports")
    return repo


def hook(run_ctt: RunCtt, root: Path, monkeypatch: pytest.MonkeyPatch, *files: str) -> Run:
    monkeypatch.chdir(root)  # pre-commit runs hooks at the top of the work tree
    return run_ctt(root, "validate", "--hook", *files)


def test_hook_checks_a_deleted_section_file(
    committed: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(committed, "rm", "-q", f"economies/peru/2021/{SECTION}")
    run = hook(run_ctt, committed, monkeypatch)
    assert run.exit_code == 1
    assert f"economies/peru/2021/{SECTION}:" in run.stdout and "[missing-section]" in run.stdout
    assert "peru/2022" not in run.stdout


def test_hook_checks_the_whole_folder_of_a_file(
    committed: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch
) -> None:
    (committed / "economies/peru/2021" / SECTION).unlink()  # not staged: a missing file
    run = hook(run_ctt, committed, monkeypatch, "economies/peru/2021/report.yaml")
    assert run.exit_code == 1 and "[missing-section]" in run.stdout


def test_hook_passes_a_report_deleted_entirely_and_untouched_ones(
    committed: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch
) -> None:
    (committed / "economies/peru/2022" / SECTION).unlink()  # broken, but not in the commit
    git(committed, "rm", "-q", "-r", "economies/peru/2021")
    run = hook(run_ctt, committed, monkeypatch)
    assert run.exit_code == 0, run.output
    assert "0 file(s)" in run.stderr


def test_hook_checks_everything_when_the_own_catalogue_changes(
    committed: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch
) -> None:
    (committed / "economies/peru/2022" / SECTION).unlink()
    own_copy(committed, "schema/topics.yaml")
    run = hook(run_ctt, committed, monkeypatch, "schema/topics.yaml")
    assert run.exit_code == 1 and "economies/peru/2022" in run.stdout


def test_every_code_folder_is_packaged() -> None:
    """pyproject.toml lists ctt's packages by hand (schema/ and templates/ are mapped into
    it); a new folder of code must be listed too, or the wheel would lack it."""
    import tomllib

    from conftest import REPO_ROOT

    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    package = REPO_ROOT / "ctt"
    folders = {
        ".".join(("ctt", *p.relative_to(package).parts))
        for p in [package, *package.rglob("*")]
        if p.is_dir() and any(p.glob("*.py")) and "__pycache__" not in p.parts
    }
    assert folders <= listed, sorted(folders - listed)


def test_init_says_in_one_line_when_a_file_is_in_the_way(tmp_path: Path, run_ctt: RunCtt) -> None:
    (tmp_path / "economies").write_text("mine\n")
    (tmp_path / ".github").write_text("mine too\n")
    run = run_ctt(tmp_path, "init", str(tmp_path))
    assert run.exit_code == 2, run.output
    assert "economies: cannot write" in run.output and "run ctt init again" in run.output
    assert (tmp_path / "economies").read_text() == "mine\n"
    (tmp_path / "economies").unlink()
    run = run_ctt(tmp_path, "init", str(tmp_path))
    assert run.exit_code == 2 and ".github/workflows: cannot write" in run.output, run.output
    assert (tmp_path / ".github").read_text() == "mine too\n"
    run = run_ctt(tmp_path, "init", str(tmp_path / ".github" / "below"))
    assert run.exit_code == 2 and "cannot write" in run.output, run.output


def test_init_never_replaces_a_file_made_meanwhile(tmp_path: Path) -> None:
    from ctt.store.fsutil import write_new

    path = tmp_path / "README.md"
    assert write_new(path, b"ctt's\n")
    assert not write_new(path, b"again\n")
    assert path.read_bytes() == b"ctt's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]  # no temporary file left


def test_hook_outside_git_says_so_in_one_line(tmp_path: Path, run_ctt: RunCtt) -> None:
    (tmp_path / "economies").mkdir()
    run = run_ctt(tmp_path, "validate", "--hook")
    assert run.exit_code == 2, run.output
    assert "is not in a git repository" in run.output and "usage" not in run.output
