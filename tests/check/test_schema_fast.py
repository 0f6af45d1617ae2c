"""The fast schema check agrees with the reference validator on every file we have."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import REPO_ROOT as ROOT

from ctt.catalogue.catalogue import load_catalogue
from ctt.catalogue.schemas import SchemaChecker
from ctt.store import yamlfile
from ctt.store.repo import Repository

CATALOGUE = load_catalogue(Repository(ROOT))
CHECKER = SchemaChecker(Repository(ROOT).schema_file, CATALOGUE.answer_keys)
ALL_FILES = sorted(
    [
        *ROOT.glob("economies/*/*/*.yaml"),
        *ROOT.glob("tests/data/**/*.yaml"),
        *ROOT.glob("tests/cases/**/*.yaml"),
    ]
)


def _loadable(path: Path) -> bool:
    try:
        yamlfile.load(path)
    except yamlfile.YamlError:
        return False  # never reaches a schema check
    return True


FILES = [path for path in ALL_FILES if _loadable(path)]


def kind_of(path: Path, data: object) -> str:
    if path.name == "report.yaml":
        return "report"
    if isinstance(data, dict) and "section" in data:
        return "section"
    return "report" if isinstance(data, dict) and "executive_summary" in data else "section"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_check_agrees_with_reference(path: Path) -> None:
    doc = yamlfile.load(path)
    kind = kind_of(path, doc.data)
    reference_valid = not list(CHECKER.reference(kind).iter_errors(doc.data))
    assert CHECKER.is_valid(doc.data, kind) == reference_valid


def test_the_corpus_has_both_valid_and_invalid_files() -> None:
    verdicts = set()
    for path in FILES:
        doc = yamlfile.load(path)
        verdicts.add(CHECKER.is_valid(doc.data, kind_of(path, doc.data)))
    assert verdicts == {True, False}
