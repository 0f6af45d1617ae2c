"""validate's stat index: a file whose stat is unchanged is not read again; a touched, racy
or changed file is; the repository-level checks still run every time."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ECONOMY, YEAR, Run, own_copy

from ctt.check.cache import CACHE_FILE, repository_cache_dir
from ctt.store import yamlfile
from ctt.store.repo import Repository

RunCtt = Callable[..., Run]
REPORT = f"economies/{ECONOMY}/{YEAR}"
A1 = "a1-protect-cargo.yaml"


def age(repo: Path, seconds: int = 60) -> None:
    """Move every report file's time back, as for files checked out a while ago (a file
    changed within the last moments is "racy": its stat cannot vouch for it)."""
    for path in (repo / "economies").rglob("*.yaml"):
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 1_000_000_000))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every report file validate reads, in order (not the catalogue's)."""
    seen: list[Path] = []
    real = yamlfile.read

    def counting(path: Path) -> bytes:
        if "economies" in Path(path).parts:
            seen.append(Path(path))
        return real(path)

    monkeypatch.setattr(yamlfile, "read", counting)
    return seen


def cache_data(repo: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (repository_cache_dir(Repository(repo)) / CACHE_FILE).read_text()
    )
    return data


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unchanged_file_is_not_read_again(
    repo: Path, run_ctt: RunCtt, reads: list[Path], jobs: str
) -> None:
    age(repo)
    first = run_ctt(repo, "validate", "--jobs", jobs)
    assert first.exit_code == 0, first.output
    assert len(reads) == 8
    reads.clear()
    second = run_ctt(repo, "validate", "--jobs", jobs)
    assert reads == []
    assert (second.exit_code, second.stdout, second.stderr) == (
        first.exit_code,
        first.stdout,
        first.stderr,
    )


def test_a_file_changed_just_now_is_not_vouched_for(
    repo: Path, run_ctt: RunCtt, reads: list[Path]
) -> None:
    # the files were written moments ago: racy, so not indexed
    assert run_ctt(repo, "validate").exit_code == 0
    reads.clear()
    assert run_ctt(repo, "validate").exit_code == 0
    assert len(reads) == 8


def test_a_touched_but_identical_file_is_hashed_again_with_the_same_result(
    repo: Path, run_ctt: RunCtt, reads: list[Path]
) -> None:
    age(repo)
    first = run_ctt(repo, "validate")
    assert first.exit_code == 0, first.output
    path = repo / REPORT / A1
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    reads.clear()
    second = run_ctt(repo, "validate")
    assert reads == [path]
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)


def test_a_changed_file_is_read_and_its_problems_reported(
    repo: Path, run_ctt: RunCtt, reads: list[Path]
) -> None:
    age(repo)
    assert run_ctt(repo, "validate").exit_code == 0
    path = repo / REPORT / A1
    path.write_text(path.read_text(encoding="utf-8").replace("section: a1", "section: a9"))
    reads.clear()
    run = run_ctt(repo, "validate")
    assert reads == [path]
    assert run.exit_code == 1 and "[section-mismatch]" in run.stdout


def _forge_same_stat(repo: Path, mtime_ns: int) -> Path:
    """Change a file's bytes (same size) and make the index record its new stat, as when a
    file is rewritten within the timestamp granularity of the run that indexed it."""
    path = repo / REPORT / A1
    path.write_text(path.read_text(encoding="utf-8").replace("section: a1", "section: a9"))
    os.utime(path, ns=(mtime_ns, mtime_ns))
    cache = repository_cache_dir(Repository(repo)) / CACHE_FILE
    data = json.loads(cache.read_text())
    info = path.stat()
    row = data["index"][f"{REPORT}/{A1}"]
    data["index"][f"{REPORT}/{A1}"] = [
        info.st_size,
        info.st_mtime_ns,
        info.st_ino,
        info.st_ctime_ns,
        row[-1],
    ]
    cache.write_text(json.dumps(data))
    return path


def test_a_racy_file_is_hashed_again_and_its_new_problems_reported(
    repo: Path, run_ctt: RunCtt, reads: list[Path]
) -> None:
    age(repo)
    assert run_ctt(repo, "validate").exit_code == 0
    started = int(cache_data(repo)["started"])  # type: ignore[call-overload]
    path = _forge_same_stat(repo, started)  # modified as the index was being made
    reads.clear()
    run = run_ctt(repo, "validate")
    assert reads == [path]
    assert run.exit_code == 1 and "[section-mismatch]" in run.stdout


def test_the_racy_guard_is_what_catches_it(repo: Path, run_ctt: RunCtt, reads: list[Path]) -> None:
    """The same forgery on a file older than the index is trusted, as git trusts its index:
    the test above passes because of the racy guard, not for another reason."""
    age(repo)
    assert run_ctt(repo, "validate").exit_code == 0
    started = int(cache_data(repo)["started"])  # type: ignore[call-overload]
    _forge_same_stat(repo, started - 60 * 10**9)
    reads.clear()
    assert run_ctt(repo, "validate").exit_code == 0
    assert reads == []


def test_the_repository_checks_run_every_time(
    repo: Path, run_ctt: RunCtt, reads: list[Path]
) -> None:
    age(repo)
    assert run_ctt(repo, "validate").exit_code == 0
    (repo / REPORT / A1).unlink()
    (repo / REPORT / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    (repo / "economies" / ECONOMY / "drafts").mkdir()
    reads.clear()
    run = run_ctt(repo, "validate")
    assert reads == []
    assert run.exit_code == 1
    for rule in ("[missing-section]", "[unknown-file]", "[bad-folder]"):
        assert rule in run.stdout


def test_a_catalogue_change_empties_the_index(
    repo: Path, run_ctt: RunCtt, reads: list[Path]
) -> None:
    age(repo)
    assert run_ctt(repo, "validate").exit_code == 0
    schema = own_copy(repo, "schema/section.schema.json")
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    reads.clear()
    assert run_ctt(repo, "validate").exit_code == 0
    assert len(reads) == 8


def test_workers_index_what_they_read(
    repo: Path,
    run_ctt: RunCtt,
    add_report: Callable[..., Path],
    reads: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reports checked by worker processes are indexed too: the next run reads nothing and
    starts no worker."""
    import ctt.check.validate

    add_report(repo, ECONOMY, YEAR + 1)
    age(repo)
    monkeypatch.setattr(ctt.check.validate, "PARALLEL_MIN_REPORTS", 1)
    first = run_ctt(repo, "validate", "--jobs", "2")
    assert first.exit_code == 0, first.output
    assert len(cache_data(repo)["index"]) == 16  # type: ignore[arg-type]
    reads.clear()

    def no_workers(*args: object) -> None:
        raise AssertionError("workers started with everything vouched for")

    monkeypatch.setattr("ctt.check.parallel.check_reports", no_workers)
    second = run_ctt(repo, "validate", "--jobs", "2")
    assert reads == []
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)
