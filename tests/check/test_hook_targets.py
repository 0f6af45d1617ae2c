"""The pre-commit hook's targets: what the committed and the deleted files bring in."""

from __future__ import annotations

from pathlib import Path

from conftest import make_repo

from ctt.check.hook import hook_targets
from ctt.store.repo import Repository


def test_a_file_named_twice_is_checked_once_and_a_deleted_one_not_at_all(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    repo = Repository(root)
    notes = root / "notes.yaml"
    notes.write_text("a: 1\n", encoding="utf-8")
    gone = root / "gone.yaml"
    other = root / "other.yaml"
    other.write_text("b: 2\n", encoding="utf-8")  # deleted from the index, still on disk
    targets = hook_targets(repo, [notes], [notes, gone, other])
    assert targets.files == [notes]
    assert not targets.reports and not targets.everything
