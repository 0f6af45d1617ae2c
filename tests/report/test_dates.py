"""`last_updated` to the day or to the month: read, checked, ordered and written in words."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from conftest import Run
from paths import REGION_DIR as REGION

from ctt.dates import first_day, in_words
from ctt.store import yamlfile, yamlwrite

RunCtt = Callable[..., Run]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2020-10", "October 2020"),
        ("2020-10-15", "15 October 2020"),
        ("2021-03-01", "1 March 2021"),
        ("2020-13", "2020-13"),  # not a month: shown as written (validate reports it)
        ("2020-02-30", "2020-02-30"),
        ("soon", "soon"),
    ],
)
def test_in_words(value: str, words: str) -> None:
    assert in_words(value) == words


def test_a_month_orders_as_its_first_day() -> None:
    values = ["2020-10-15", "2020-10", "2020-09-30", "2021-01", "2020-11-01"]
    ordered = sorted(values, key=lambda v: first_day(v) or dt.date.min)
    assert ordered == ["2020-09-30", "2020-10", "2020-10-15", "2020-11-01", "2021-01"]
    assert first_day("2020-10") == dt.date(2020, 10, 1)
    assert first_day("2020-02-30") is first_day("2020-13") is first_day("2020-1") is None


@pytest.mark.parametrize("value", ["2020-10", "2020-10-15"])
def test_the_writer_keeps_a_date_or_month_as_text(value: str, tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(yamlwrite.dump({"last_updated": value}), encoding="utf-8")
    assert yamlfile.load(path).data == {"last_updated": value}


def set_updated(folder: Path, value: str) -> None:
    path = folder / "report.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nlast_updated: null\n" in text
    path.write_text(text.replace("last_updated: null", f"last_updated: {value}"), "utf-8")


def test_every_format_says_the_month_in_words(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    folder = chile_repo / "economies/chile/2020"
    set_updated(folder, "2020-10")
    assert run_ctt(chile_repo, "validate", "chile", "2020").exit_code == 0
    out = tmp_path / "out"
    run = run_ctt(chile_repo, "render", "chile", "2020", "--out", str(out))
    assert run.exit_code == 0, run.output
    md = (out / "chile-2020.md").read_text(encoding="utf-8")
    assert "| **Last updated** | October 2020 |" in md
    html = (out / "chile-2020.html").read_text(encoding="utf-8")
    assert "<tr><th>Last updated</th><td>October 2020</td></tr>" in html
    document = docx.Document(str(out / "chile-2020.docx"))
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert cells[-2:] == ["Last updated", "October 2020"]
    assert document.core_properties.created == dt.datetime(2020, 10, 1, tzinfo=dt.UTC)
    assert "2020-10" not in md + html

    run = run_ctt(chile_repo, "textconv", str(folder / "report.yaml"))
    assert "Last updated: October 2020" in run.stdout.splitlines()
    run = run_ctt(chile_repo, "status", "chile", "2020")
    assert run.stdout.splitlines()[0].endswith(", last updated October 2020")
    run = run_ctt(chile_repo, "status", "--format", "json", "chile", "2020")
    assert json.loads(run.stdout)[0]["last_updated"] == "2020-10"


def test_the_diff_says_both_dates_in_words(chile_repo: Path, run_ctt: RunCtt) -> None:
    old = chile_repo / "economies/chile/2020"
    new = chile_repo / "economies/chile/2022"
    shutil.copytree(old, new)
    for path in new.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("year: 2020", "year: 2022"))
    set_updated(old, "2020-10-15")
    set_updated(new, "2022-10")
    run = run_ctt(chile_repo, "diff", "chile", "2020", "2022")
    assert run.exit_code == 0, run.output
    assert "  last_updated: 15 October 2020 → October 2022" in run.stdout.splitlines()
    run = run_ctt(chile_repo, "diff", "--format", "md", "chile", "2020", "2022")
    assert run.exit_code == 0, run.output
    assert "- `last_updated`: 15 October 2020 → October 2022" in run.stdout.splitlines()
    run = run_ctt(chile_repo, "diff", "--format", "json", "chile", "2020", "2022")
    assert run.exit_code == 0, run.output
    [fields] = [s["fields"] for s in json.loads(run.stdout)["sections"] if s["fields"]]
    assert fields == [{"field": "last_updated", "old": "2020-10-15", "new": "2022-10"}]


def test_the_summary_mixes_days_and_months(
    empty_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    shutil.copytree(REGION, empty_repo / "economies", dirs_exist_ok=True)
    japan = empty_repo / "economies/japan/2023/report.yaml"
    text = japan.read_text(encoding="utf-8")
    japan.write_text(text.replace('"2023-09-30"', "2023-10"), encoding="utf-8")
    out = tmp_path / "out"
    run = run_ctt(empty_repo, "summary", "2023", "--out", str(out))
    assert run.exit_code == 0, run.output
    md = (out / "ctt-summary-2023.md").read_text(encoding="utf-8")
    assert "| Japan | 2023 | October 2023 | reported |" in md
    assert "| Peru | 2021 | 15 November 2021 | reported |" in md
    assert "3 of 21 economies have a report up to 2023 (1 not updated" in md
    html = (out / "ctt-summary-2023.html").read_text(encoding="utf-8")
    assert '<td class="updated">October 2023</td>' in html
    document = docx.Document(str(out / "ctt-summary-2023.docx"))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Japan", "2023", "October 2023", "reported"] in rows
    # The latest update: October 2023 (its first day) is after 30 September, not before.
    assert document.core_properties.created == dt.datetime(2023, 10, 1, tzinfo=dt.UTC)
