"""The catalogue is checked against its schema once: unchanged files are not checked again,
changed ones are, and a record made with another secret vouches for nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, make_repo, own_copy

import ctt.catalogue.schemas
from ctt.catalogue.catalogue import load_catalogue
from ctt.catalogue.checked import MAX_TOKENS, RECORD_FILE, CheckedRecord
from ctt.errors import DataError
from ctt.store.cachedir import cache_base, secret_file
from ctt.store.repo import Repository

RunCtt = Callable[..., Run]


def _no_compile(schema: dict[str, Any]) -> Any:
    raise AssertionError("the catalogue was checked again")


def test_an_unchanged_catalogue_is_not_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repository(make_repo(tmp_path / "repo"))
    first = load_catalogue(repo)
    monkeypatch.setattr(ctt.catalogue.schemas, "compiled", _no_compile)
    assert load_catalogue(repo) == first


def test_no_cache_checks_the_catalogue_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_ctt: RunCtt
) -> None:
    """`validate --no-cache` neither trusts nor writes the record: the catalogue is compiled
    and checked, and a record made by an earlier run is left as it was."""
    root = make_repo(tmp_path / "repo")
    load_catalogue(Repository(root))
    record = cache_base() / RECORD_FILE
    before = record.read_bytes()
    checked = []
    real = ctt.catalogue.schemas.compiled

    def counting(schema: dict[str, Any]) -> Any:
        checked.append(schema)
        return real(schema)

    monkeypatch.setattr(ctt.catalogue.schemas, "compiled", counting)
    assert run_ctt(root, "validate", "--no-cache").exit_code == 0
    assert len(checked) >= 4  # sections, commitments, economies, topics
    assert record.read_bytes() == before
    checked.clear()
    assert run_ctt(root, "validate").exit_code == 0
    assert not any("$defs" in s and s.get("$ref", "").startswith("#/$defs/") for s in checked)


def test_a_changed_file_is_checked_again(tmp_path: Path) -> None:
    repo = Repository(make_repo(tmp_path / "repo"))
    load_catalogue(repo)
    economies = own_copy(repo.root, "schema/economies.yaml")
    economies.write_text(economies.read_text().replace("name:", "nom:", 1))
    with pytest.raises(DataError, match=r"economies\.yaml"):
        load_catalogue(repo)


def test_a_record_made_with_another_secret_vouches_for_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repository(make_repo(tmp_path / "repo"))
    load_catalogue(repo)
    secret_file().write_bytes(b"x" * 32)
    calls = []
    compiled = ctt.catalogue.schemas.compiled

    def spy(schema: dict[str, Any]) -> Any:
        calls.append(schema)
        return compiled(schema)

    monkeypatch.setattr(ctt.catalogue.schemas, "compiled", spy)
    load_catalogue(repo)
    assert len(calls) == 4


def test_the_record_is_appended_to_then_rewritten_when_long() -> None:
    record = CheckedRecord(b"{}")
    for number in range(2 * MAX_TOKENS):
        record.add(record.token("part", str(number).encode()))
    record.save()
    assert len(CheckedRecord(b"{}").tokens) == 2 * MAX_TOKENS  # appended
    again = CheckedRecord(b"{}")
    again.add(again.token("part", b"one more"))
    again.save()
    kept = CheckedRecord(b"{}").tokens
    assert len(kept) == MAX_TOKENS and kept[-1] == again.token("part", b"one more")
