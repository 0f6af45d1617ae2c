"""Nothing is lost: every content line of the real Chile 2020 report is in each rendering."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from paths import REPO_ROOT as ROOT
from paths import SEED
from seedcheck import (
    SEED_LINES,
    content_lines,
    expected_lines,
    html_text,
    kept_of,
    missing_lines,
)

from ctt.catalogue.catalogue import load_catalogue
from ctt.render.render import FORMAT_BY_NAME
from ctt.report.load import load_report
from ctt.report.model import Report
from ctt.store.repo import Repository


@pytest.fixture(scope="module")
def chile() -> tuple[Repository, Report]:
    repo = Repository(ROOT)
    catalogue = load_catalogue(repo)
    report, _ = load_report(repo, catalogue, repo.report("chile", 2020))
    return repo, report


def test_seed_is_the_real_report() -> None:
    seed = SEED.read_text(encoding="utf-8")
    assert len(content_lines(seed)) == SEED_LINES + 2  # the lone "." and the Word comment
    assert len(expected_lines(seed)) == SEED_LINES
    assert "cescudero@aduana.cl" in seed


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_seed_line_is_rendered(fmt: str, chile: tuple[Repository, Report]) -> None:
    repo, report = chile
    output = FORMAT_BY_NAME[fmt].render(report, repo).decode("utf-8")
    if fmt == "md":
        output = MarkdownIt("commonmark").enable("table").render(output)
    seed, text = SEED.read_text(encoding="utf-8"), html_text(output)
    assert kept_of(seed, text) == (SEED_LINES, SEED_LINES), missing_lines(seed, text)


def test_the_check_catches_a_lost_line(chile: tuple[Repository, Report]) -> None:
    """The comparison is not vacuous: drop one measure and it is reported missing."""
    repo, report = chile
    measures = report.sections[0].answers[0].items
    dropped = measures.pop(2)
    try:
        output = FORMAT_BY_NAME["html"].render(report, repo).decode("utf-8")
    finally:
        measures.insert(2, dropped)
    missing = missing_lines(SEED.read_text(encoding="utf-8"), html_text(output))
    assert len(missing) == 1
    assert "Mutual Recognition Agreement" in missing[0]
