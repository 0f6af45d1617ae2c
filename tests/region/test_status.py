"""`ctt status`: answers filled, empty or missing, carried-over measures, completeness."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from paths import REPO_ROOT

from ctt.catalogue.catalogue import load_catalogue
from ctt.cli import cli
from ctt.output.status import FORMATTER_BY_NAME
from ctt.store.repo import Repository

CATALOGUE = load_catalogue(Repository(REPO_ROOT))
ANSWERS = CATALOGUE.answer_keys
HEADER = re.compile(
    r"^(?P<economy>[a-z-]+) (?P<year>\d{4})  \((?P<path>[^)]+)\)  completeness (?P<pct>\d+)%"
)

RunCtt = Callable[..., Any]


def status_json(root: Path, run_ctt: RunCtt, *args: str) -> list[dict[str, Any]]:
    """`ctt status --format json` as data; it must succeed."""
    run = run_ctt(root, "status", "--format", "json", *args)
    assert run.exit_code == 0, run.output
    data: list[dict[str, Any]] = json.loads(run.stdout)
    return data


def by_year(reports: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {r["year"]: r for r in reports}


def sections(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in report["sections"]}


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under root, with its bytes and modification time."""
    return {
        p.relative_to(root).as_posix(): (
            p.read_bytes() if p.is_file() else b"",
            p.stat().st_mtime_ns,
        )
        for p in root.rglob("*")
    }


def test_chile_2020_shows_its_real_gaps(chile_repo: Path, run_ctt: RunCtt) -> None:
    """Every answer's state is what the files hold; A.5 and B have empty answers."""
    [report] = status_json(chile_repo, run_ctt, "chile", "2020")
    assert (report["economy"], report["year"], report["path"]) == (
        "chile",
        2020,
        "economies/chile/2020",
    )
    assert report["errors"] == 0 and report["carried_over"] == 0
    folder = chile_repo / "economies/chile/2020"
    points = possible = 0
    for section in CATALOGUE.sections.values():
        data = yaml.safe_load((folder / section.file).read_text(encoding="utf-8"))
        row = sections(report)[section.id]
        assert row["file_state"] == "ok"
        assert row["contacts"] == len(data["contacts"])
        states = {key: row["answers"][key]["state"] for key in ANSWERS}
        assert states == {key: "filled" if data[key] else "empty" for key in ANSWERS}
        filled = sum(bool(data[key]) for key in ANSWERS) + bool(data["contacts"])
        assert row["completeness"] == 100 * filled // (len(ANSWERS) + 1)
        points, possible = points + filled, possible + len(ANSWERS) + 1
    for section_id in ("a5", "b"):
        row = sections(report)[section_id]
        assert row["answers"]["measures_planned"]["state"] == "empty"
        assert row["completeness"] < 100
    assert sections(report)["a1"]["completeness"] == 100
    # The executive summary of the filed report is empty: nine answers, none given.
    summary = report["summary"]
    assert summary["possible"] == len(CATALOGUE.sections) + 2 and summary["points"] == 0
    assert report["completeness"] == 100 * points // (possible + summary["possible"])
    assert report["offer"] == {
        "contacts": 1,
        "items": {"state": "empty", "items": 0, "carried_over": 0, "answered": False},
    }


def test_the_new_report_is_incomplete(chile_repo: Path, run_ctt: RunCtt) -> None:
    """After `ctt new`, status lists the new report as incomplete, with its carried measures."""
    assert run_ctt(chile_repo, "new", "chile", "2022").exit_code == 0
    reports = by_year(status_json(chile_repo, run_ctt))
    assert sorted(reports) == [2020, 2022]
    new, old = reports[2022], reports[2020]
    planned_2020 = sum(s["answers"]["measures_planned"]["items"] for s in old["sections"])
    assert new["carried_over"] == planned_2020 > 0
    assert new["completeness"] < old["completeness"] < 100
    for row in new["sections"]:
        planned = row["answers"]["measures_planned"]
        assert row["answers"]["measures_undertaken"]["state"] == "empty"
        assert planned["answered"] is False  # carried items do not count until addressed
        assert row["carried_over"] == planned["carried_over"] == planned["items"]
        assert row["points"] == 1  # the contact points carried over

    run = run_ctt(chile_repo, "status")
    assert run.exit_code == 0, run.output
    headers = [m for m in map(HEADER.match, run.stdout.splitlines()) if m]
    assert [(m["economy"], m["year"], int(m["pct"])) for m in headers] == [
        ("chile", "2020", old["completeness"]),
        ("chile", "2022", new["completeness"]),
    ]
    assert f"{new['carried_over']} carried-over measure(s) to report on" in run.stdout


def test_text_table(chile_repo: Path, run_ctt: RunCtt) -> None:
    """A header line, a column line, a row per section, the summary and the offer."""
    run = run_ctt(chile_repo, "status", "chile", "2020")
    assert run.exit_code == 0, run.output
    lines = run.stdout.splitlines()
    assert HEADER.match(lines[0])
    assert lines[1].split() == [
        "section", "contacts", "undertaken", "planned", "activities", "needs", "offered",
        "carried", "done",
    ]  # fmt: skip
    rows = lines[2 : 2 + len(CATALOGUE.sections)]
    for row, section in zip(rows, CATALOGUE.sections.values(), strict=True):
        assert row.startswith(f"  {section.label[:20]}")
    a5 = rows[list(CATALOGUE.sections).index("a5")].split()
    assert a5[-8:] == ["2", "yes", "empty", "empty", "yes", "yes", "-", "66%"]
    assert lines[2 + len(CATALOGUE.sections)].startswith("  executive summary 0%: achievements 0/7")
    assert lines[-1] == "  closing offer: contact points 1, items empty"
    assert all(len(line) <= 100 for line in lines)


def test_json_fields(repo: Path, run_ctt: RunCtt) -> None:
    """The JSON names every fact the table shows."""
    [report] = status_json(repo, run_ctt)
    assert set(report) == {
        "economy", "year", "path", "last_updated", "completeness", "carried_over", "errors",
        "summary", "sections", "offer",
    }  # fmt: skip
    assert [s["id"] for s in report["sections"]] == list(CATALOGUE.sections)
    row = report["sections"][0]
    assert set(row) == {
        "id", "label", "file", "file_state", "errors", "contacts", "answers", "carried_over",
        "points", "possible", "completeness",
    }  # fmt: skip
    assert row["label"] == "A.1 Protect Cargo"
    assert row["file"] == "economies/peru/2021/a1-protect-cargo.yaml"
    assert list(row["answers"]) == list(ANSWERS)
    assert set(row["answers"]["measures_undertaken"]) == {
        "state",
        "items",
        "carried_over",
        "answered",
    }
    assert "contacts" not in report["summary"]
    assert list(report["summary"]["answers"]) == [
        *(f"achievements.{s}" for s in CATALOGUE.sections),
        "forward_work_programme",
        "capacity_building_needs",
    ]
    # The made-up report: complete but for B's planned measures, written [].
    assert sections(report)["b"]["completeness"] == 100 * 5 // 6
    assert report["summary"]["completeness"] == 100
    assert report["completeness"] == 100 * (7 * 6 + 9 - 1) // (7 * 6 + 9)


def test_completeness_counts_carried_items_against(repo: Path, run_ctt: RunCtt) -> None:
    """An answer with an item still marked carried_over is not answered yet."""
    path = repo / "economies/peru/2021/a1-protect-cargo.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    timeframe: 2021 - 2022\n", "    timeframe: 2021 - 2022\n    carried_over: 2019\n"
    )
    path.write_text(text, encoding="utf-8")
    [report] = status_json(repo, run_ctt)
    a1 = sections(report)["a1"]
    assert a1["answers"]["measures_planned"] == {
        "state": "filled", "items": 1, "carried_over": 1, "answered": False,
    }  # fmt: skip
    assert (a1["carried_over"], a1["points"], a1["completeness"]) == (1, 5, 83)
    assert report["carried_over"] == 1
    text_run = run_ctt(repo, "status")
    assert text_run.exit_code == 0, text_run.output
    a1_row = next(line for line in text_run.stdout.splitlines() if "A.1 Protect Cargo" in line)
    assert a1_row.split()[-8:] == ["1", "yes", "carried", "yes", "yes", "yes", "1", "83%"]


@pytest.mark.parametrize(
    ("name", "content", "state"),
    [
        ("a1-protect-cargo.yaml", b"measures_planned: [\n", "unreadable"),
        ("a2-protect-port-facilities-and-ships.yaml", b"\xff\xfe\x00a", "unreadable"),
        ("a3-protect-international-aviation.yaml", b"", "unreadable"),
        ("a4-protect-people-in-transit.yaml", b"- a list\n- not a mapping\n", "invalid"),
        ("c-promoting-cyber-security.yaml", None, "missing"),
        ("report.yaml", b"economy: peru\nyear: [2021\n", "unreadable"),
    ],
)
def test_broken_files_do_not_crash_status(
    repo: Path, run_ctt: RunCtt, name: str, content: bytes | None, state: str
) -> None:
    """A file that cannot be read, or is missing: status says so and goes on, exit 0."""
    path = repo / "economies/peru/2021" / name
    if content is None:
        path.unlink()
    else:
        path.write_bytes(content)
    run = run_ctt(repo, "status")
    assert run.exit_code == 0, run.output
    assert "Traceback" not in run.output and "internal error" not in run.output
    assert f"  ! {name}: " in run.stdout
    assert "(run ctt validate)" in run.stdout
    assert "1 file(s) invalid" in run.stdout.splitlines()[0]
    [report] = status_json(repo, run_ctt)
    part = (
        report["summary"]
        if name == "report.yaml"
        else report["sections"][[s.file for s in CATALOGUE.sections.values()].index(name)]
    )
    assert part["file_state"] == state
    assert part["completeness"] == 0 or state == "invalid"
    assert report["completeness"] < 100


def test_schema_errors_are_marked_and_the_rest_shown(repo: Path, run_ctt: RunCtt) -> None:
    """A file that reads but breaks the schema: its facts shown, marked invalid."""
    path = repo / "economies/peru/2021/a1-protect-cargo.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "capacity_building_activities:\n  - APEC workshop on supply chain security, 2020.\n",
        "capacity_building_activities: a string\n",
    )
    text = text.replace(
        "expertise_offered:\n  - Risk targeting methods for small customs services.\n", ""
    )
    path.write_text(text, encoding="utf-8")
    [report] = status_json(repo, run_ctt)
    a1 = sections(report)["a1"]
    assert a1["file_state"] == "invalid" and a1["errors"] == 2
    states = {k: v["state"] for k, v in a1["answers"].items()}
    assert states["capacity_building_activities"] == "invalid"
    assert states["expertise_offered"] == "missing"
    assert states["measures_undertaken"] == "filled"
    assert a1["contacts"] == 1
    run = run_ctt(repo, "status")
    assert run.exit_code == 0, run.output
    row = next(line for line in run.stdout.splitlines() if "A.1 Protect Cargo" in line)
    assert row.split()[-8:] == ["1", "yes", "yes", "invalid", "yes", "MISSING", "-", "66%"]
    assert "  ! a1-protect-cargo.yaml: invalid, 2 error(s) (run ctt validate)" in run.stdout


def test_status_writes_nothing(
    chile_repo: Path, run_ctt: RunCtt, add_report: Callable[..., Path]
) -> None:
    """Not a file created, changed or touched, in the repository or the working directory."""
    add_report(chile_repo, "peru", 2021)
    broken = chile_repo / "economies/peru/2021/b-halting-terrorist-financing.yaml"
    broken.write_bytes(b"section: [\n")
    before, cwd_before = snapshot(chile_repo), snapshot(Path.cwd())
    for args in ((), ("chile",), ("chile", "2020"), ("--format", "json")):
        assert run_ctt(chile_repo, "status", *args).exit_code == 0
    assert snapshot(chile_repo) == before
    assert snapshot(Path.cwd()) == cwd_before


def test_narrowing(chile_repo: Path, run_ctt: RunCtt, add_report: Callable[..., Path]) -> None:
    add_report(chile_repo, "peru", 2021)
    add_report(chile_repo, "chile", 2021)
    assert [(r["economy"], r["year"]) for r in status_json(chile_repo, run_ctt)] == [
        ("chile", 2020), ("chile", 2021), ("peru", 2021),
    ]  # fmt: skip
    assert [r["year"] for r in status_json(chile_repo, run_ctt, "chile")] == [2020, 2021]
    assert [r["year"] for r in status_json(chile_repo, run_ctt, "chile", "2021")] == [2021]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("atlantis",), "unknown economy 'atlantis'"),
        (("chile", "1999"), "no report for chile 1999"),
        (("peru",), "no reports for peru"),
        (("chile", "two"), "'two' is not a year"),
        (("--format", "xml"), "'xml' is not one of"),
    ],
)
def test_misuse(chile_repo: Path, run_ctt: RunCtt, args: tuple[str, ...], message: str) -> None:
    run = run_ctt(chile_repo, "status", *args)
    assert run.exit_code == 2, run.output
    assert message in run.stderr
    assert run.stdout == ""


def test_no_reports(empty_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(empty_repo, "status")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "no reports in economies/\n")
    assert status_json(empty_repo, run_ctt) == []


def test_formats_offered_are_the_registry() -> None:
    command = cli.get_command(click.Context(cli), "status")
    assert command is not None
    option = next(p for p in command.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == list(FORMATTER_BY_NAME)


def test_help_defines_completeness(chile_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(chile_repo, "status", "--help")
    assert run.exit_code == 0
    text = " ".join(run.stdout.split())
    assert "Completeness of a section" in text and "out of six" in text
