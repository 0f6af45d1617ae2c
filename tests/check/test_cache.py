"""The validation cache: repeat runs read results back; a stale cache never hides a problem."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ECONOMY, YEAR, Run, own_copy

from ctt.check.cache import CACHE_FILE, repository_cache_dir
from ctt.store.repo import Repository

RunCtt = Callable[..., Run]
REPORT = f"economies/{ECONOMY}/{YEAR}"
A1 = "a1-protect-cargo.yaml"


def cache_file(repo: Path) -> Path:
    return repository_cache_dir(Repository(repo)) / CACHE_FILE


def test_repeat_run_uses_the_cache_and_gives_the_same_output(repo: Path, run_ctt: RunCtt) -> None:
    first = run_ctt(repo, "validate")
    assert cache_file(repo).is_file()
    entries = json.loads(cache_file(repo).read_text())["entries"]
    assert len(entries) == 8
    second = run_ctt(repo, "validate")
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)
    fresh = run_ctt(repo, "validate", "--no-cache")
    assert (fresh.exit_code, fresh.stdout) == (first.exit_code, first.stdout)


def test_an_edited_file_is_checked_again(repo: Path, run_ctt: RunCtt) -> None:
    assert run_ctt(repo, "validate").exit_code == 0
    path = repo / REPORT / A1
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("section: a1", "section: a1\nsection: a1"), encoding="utf-8")
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1 and "[duplicate-key]" in run.stdout
    path.write_text(good, encoding="utf-8")
    assert run_ctt(repo, "validate").exit_code == 0


def test_a_catalogue_change_empties_the_cache(repo: Path, run_ctt: RunCtt) -> None:
    assert run_ctt(repo, "validate").exit_code == 0
    # Retire a commitment that the report refers to: no report file changes.
    commitments = own_copy(repo, "schema/commitments.yaml")
    text = commitments.read_text(encoding="utf-8")
    report = (repo / REPORT / A1).read_text(encoding="utf-8")
    used = next(c for c in ("a1-container-security", "a1-secure-trade-framework") if c in report)
    commitments.write_text(text.replace(f"id: {used}", f"id: {used}-retired"), encoding="utf-8")
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1
    assert f"unknown commitment '{used}'" in run.stdout


def test_a_schema_change_empties_the_cache(repo: Path, run_ctt: RunCtt) -> None:
    assert run_ctt(repo, "validate").exit_code == 0
    schema = own_copy(repo, "schema/section.schema.json")
    data = json.loads(schema.read_text(encoding="utf-8"))
    data["$defs"]["contact"]["required"] = ["name", "fax"]
    schema.write_text(json.dumps(data), encoding="utf-8")
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1 and "missing key 'fax'" in run.stdout


def test_a_corrupt_or_foreign_cache_is_ignored(repo: Path, run_ctt: RunCtt) -> None:
    expected = run_ctt(repo, "validate", "--no-cache")
    cache_file(repo).parent.mkdir(parents=True)
    cache_file(repo).write_text("{not json", encoding="utf-8")
    run = run_ctt(repo, "validate")
    assert (run.exit_code, run.stdout) == (expected.exit_code, expected.stdout)
    # Entries written for other code or schemas (another fingerprint) are never used.
    poisoned = json.loads(cache_file(repo).read_text())
    poisoned["fingerprint"] = "0" * 64
    for key in poisoned["entries"]:
        poisoned["entries"][key] = []
    path = repo / REPORT / A1
    path.write_text(path.read_text(encoding="utf-8").replace("section: a1", "section: a9"))
    cache_file(repo).write_text(json.dumps(poisoned), encoding="utf-8")
    assert run_ctt(repo, "validate").exit_code == 1


def test_no_cache_writes_nothing(repo: Path, run_ctt: RunCtt) -> None:
    assert run_ctt(repo, "validate", "--no-cache").exit_code == 0
    assert not (repo / "build").exists()
    assert not cache_file(repo).exists()


def test_the_cache_lives_outside_the_repository(
    repo: Path, run_ctt: RunCtt, private_cache_home: Path
) -> None:
    """A pre-commit hook's validate writes nothing into the repository: not even build/."""
    before = sorted(p.relative_to(repo) for p in repo.rglob("*"))
    assert run_ctt(repo, "validate").exit_code == 0
    assert sorted(p.relative_to(repo) for p in repo.rglob("*")) == before
    assert cache_file(repo).is_file()
    assert private_cache_home / "ctt" in cache_file(repo).parents


def test_each_repository_has_its_own_cache_folder(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (tmp_path / "link").symlink_to(one)
    folder = repository_cache_dir(Repository(one))
    assert folder != repository_cache_dir(Repository(two))
    assert folder == repository_cache_dir(Repository(tmp_path / "link"))  # by resolved root


def test_a_cache_that_comes_with_the_checkout_cannot_hide_a_problem(
    repo: Path, run_ctt: RunCtt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache made on another machine (with another secret) and copied into this one's
    cache folder never matches, even with entries forged to say "no problems"."""
    path = repo / REPORT / A1
    path.write_text(path.read_text(encoding="utf-8").replace("section: a1", "section: a9"))
    monkeypatch.setenv("CTT_CACHE_DIR", str(tmp_path / "attacker-home"))
    assert run_ctt(repo, "validate").exit_code == 1  # the attacker's machine writes a cache
    forged = json.loads(cache_file(repo).read_text())
    forged["entries"] = {key: [] for key in forged["entries"]}  # "no problems" everywhere
    cache_file(repo).write_text(json.dumps(forged), encoding="utf-8")
    assert run_ctt(repo, "validate").exit_code == 0  # fooled: the attacker's own secret
    monkeypatch.setenv("CTT_CACHE_DIR", str(tmp_path / "ci-home"))  # CI: another machine
    cache_file(repo).parent.mkdir(parents=True, exist_ok=True)
    cache_file(repo).write_text(json.dumps(forged), encoding="utf-8")
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1 and "[section-mismatch]" in run.stdout


def test_the_secret_is_private_and_kept(
    run_ctt: RunCtt, repo: Path, private_cache_home: Path
) -> None:
    assert run_ctt(repo, "validate").exit_code == 0
    secret = private_cache_home / "ctt" / "cache-secret"
    assert secret.stat().st_mode & 0o777 == 0o600
    first = secret.read_bytes()
    assert run_ctt(repo, "validate").exit_code == 0
    assert secret.read_bytes() == first and len(first) == 32


def test_no_secret_no_cache(repo: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = repo.parent / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CTT_CACHE_DIR", str(blocker))  # the secret cannot be made
    run = run_ctt(repo, "validate")
    assert run.exit_code == 0
    assert not cache_file(repo).exists()


@pytest.mark.parametrize("name", ["validate", "catalogue-checked", "cache-secret"])
def test_a_cache_file_that_is_a_pipe_or_endless_is_not_read(
    repo: Path, run_ctt: RunCtt, name: str
) -> None:
    """A cache file replaced by a pipe (or a link to /dev/zero) neither hangs nor floods the
    run: it is not used, as any unreadable cache."""
    import os

    from ctt.store.cachedir import cache_base

    expected = run_ctt(repo, "validate", "--no-cache")
    assert run_ctt(repo, "validate").exit_code == expected.exit_code  # makes the files
    path = cache_file(repo) if name == "validate" else cache_base() / name
    path.unlink()
    os.mkfifo(path)
    run = run_ctt(repo, "validate")
    assert (run.exit_code, run.stdout) == (expected.exit_code, expected.stdout)
    path.unlink()
    path.symlink_to("/dev/zero")
    run = run_ctt(repo, "validate")
    assert (run.exit_code, run.stdout) == (expected.exit_code, expected.stdout)


def test_a_damaged_index_row_does_not_break_pruning(
    repo: Path, run_ctt: RunCtt, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full cache is pruned to what the run used; an index row that is not a list (a damaged
    cache file) is dropped then, not a traceback."""
    import ctt.check.cache

    assert run_ctt(repo, "validate").exit_code == 0
    data = json.loads(cache_file(repo).read_text())
    data["index"]["elsewhere.yaml"] = 5
    data["index"]["empty.yaml"] = []
    cache_file(repo).write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(ctt.check.cache, "MAX_ENTRIES", 1)
    path = repo / REPORT / A1
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run = run_ctt(repo, "validate")
    assert run.exit_code == 0, run.output
    index = json.loads(cache_file(repo).read_text())["index"]
    assert "elsewhere.yaml" not in index and "empty.yaml" not in index
