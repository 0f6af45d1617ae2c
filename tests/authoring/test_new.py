"""`ctt new`: the next report from the previous one, carried-over measures, refusals."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from paths import REPO_ROOT

from ctt.catalogue.catalogue import load_catalogue
from ctt.store.repo import Repository

CATALOGUE = load_catalogue(Repository(REPO_ROOT))
SECTION_FILES = [s.file for s in CATALOGUE.sections.values()]
REPORT_FILES = ["report.yaml", *SECTION_FILES]
ANSWERS = CATALOGUE.answer_keys
CARRIED_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):\d+: warning: planned measure carried over from "
    r"(?P<year>\d{4})(?: \(timeframe (?P<timeframe>[^)]+)\))?: report on it, then remove "
    r"carried_over \[carried-over\]$"
)

RunCtt = Callable[..., Any]


def load(folder: Path, name: str) -> Any:
    """A report file's data."""
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


def measures(items: list[Any]) -> list[Any]:
    """The measures of a planned-measures answer: its items and those of its groups."""
    found: list[Any] = []
    for item in items:
        if isinstance(item, dict) and "text" not in item:
            found += measures(item.get("items") or [])
        else:
            found.append(item)
    return found


def as_measure(item: Any) -> dict[str, Any]:
    """A measure as the mapping `ctt new` writes, without its carried_over mark."""
    return {"text": item} if isinstance(item, str) else dict(item)


def one_line_error(stderr: str) -> str:
    """The single line a usage error prints."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("ctt: error: "), stderr
    return lines[0]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_new_from_chile_2020(chile_repo: Path, run_ctt: RunCtt) -> None:
    """Contacts carried over, commitments from the catalogue, planned measures carried over."""
    run = run_ctt(chile_repo, "new", "chile", "2022")
    assert run.exit_code == 0, run.output
    old, new = chile_repo / "economies/chile/2020", chile_repo / "economies/chile/2022"
    assert [Path(line).resolve() for line in run.stdout.splitlines()] == [
        (new / name).resolve() for name in REPORT_FILES
    ]
    count = sum(len(measures(load(old, name)["measures_planned"])) for name in SECTION_FILES)
    assert count > 0, "Chile 2020 has planned measures to carry over"
    assert run.stderr.splitlines() == [
        f"next: fill in the answers ({count} planned measure(s) carried over from 2020); "
        "ctt status chile 2022"
    ]
    assert sorted(p.name for p in new.iterdir()) == sorted(REPORT_FILES)

    head, old_head = load(new, "report.yaml"), load(old, "report.yaml")
    assert (head["economy"], head["year"], head["last_updated"]) == ("chile", 2022, None)
    summary = head["executive_summary"]
    assert summary["achievements"] == {s: [] for s in CATALOGUE.sections}
    assert summary["forward_work_programme"] == summary["capacity_building_needs"] == []
    assert head["assistance_offer"] == {
        "contacts": old_head["assistance_offer"]["contacts"],
        "items": [],
    }

    carried = 0
    for section in CATALOGUE.sections.values():
        data, old_data = load(new, section.file), load(old, section.file)
        assert (data["section"], data["economy"], data["year"]) == (section.id, "chile", 2022)
        assert data["contacts"] == old_data["contacts"], section.id
        assert data["commitments"] == [c.id for c in CATALOGUE.commitments_of(section.id)]
        for key in ANSWERS:
            if key != "measures_planned":
                assert data[key] == [], (section.id, key)
        planned, old_planned = (
            measures(data["measures_planned"]),
            measures(old_data["measures_planned"]),
        )
        assert len(planned) == len(old_planned)
        for item, old_item in zip(planned, old_planned, strict=True):
            assert item == {**as_measure(old_item), "carried_over": 2020}
            if isinstance(old_item, dict) and "timeframe" in old_item:
                assert item["timeframe"] == old_item["timeframe"]
        carried += len(planned)
    assert carried == count


def test_new_report_validates_with_a_warning_per_carried_measure(
    chile_repo: Path, run_ctt: RunCtt
) -> None:
    """`ctt new` then `ctt validate`: exit 0, one carried-over warning per measure, no error."""
    assert run_ctt(chile_repo, "new", "chile", "2022").exit_code == 0
    old = chile_repo / "economies/chile/2020"
    expected = []
    for name in SECTION_FILES:
        for item in measures(load(old, name)["measures_planned"]):
            timeframe = item.get("timeframe") if isinstance(item, dict) else None
            expected.append(
                (f"economies/chile/2022/{name}", None if timeframe is None else str(timeframe))
            )
    assert expected, "Chile 2020 has planned measures to carry over"

    run = run_ctt(chile_repo, "validate", "chile", "2022")
    assert run.exit_code == 0, run.output
    assert ": error: " not in run.stdout
    found = []
    for line in run.stdout.splitlines():
        match = CARRIED_LINE.match(line)
        if match:
            assert match["year"] == "2020"
            found.append((match["path"], match["timeframe"]))
        else:
            assert "[carried-over]" not in line, line
    assert sorted(found, key=str) == sorted(expected, key=str)
    assert "[empty-answer]" in run.stdout  # the answers still to write

    strict = run_ctt(chile_repo, "validate", "--strict", "chile", "2022")
    assert strict.exit_code == 1


def test_carried_over_points_at_the_measure(chile_repo: Path, run_ctt: RunCtt) -> None:
    """Each warning names the line of the measure's text, which holds carried_over below it."""
    assert run_ctt(chile_repo, "new", "chile", "2022").exit_code == 0
    run = run_ctt(chile_repo, "validate", "chile", "2022")
    for line in run.stdout.splitlines():
        match = CARRIED_LINE.match(line)
        if match:
            lines = (chile_repo / match["path"]).read_text(encoding="utf-8").splitlines()
            number = int(match["line"])
            assert lines[number - 1].lstrip().startswith("- text: ")
            following = lines[number : number + 3]
            assert any(x.strip() == "carried_over: 2020" for x in following), following


def test_refuses_to_overwrite_and_force_replaces(chile_repo: Path, run_ctt: RunCtt) -> None:
    """An existing report is never replaced without --force; the user's edit survives."""
    assert run_ctt(chile_repo, "new", "chile", "2022").exit_code == 0
    edited = chile_repo / "economies/chile/2022/a1-protect-cargo.yaml"
    text = edited.read_text(encoding="utf-8").replace(
        "measures_undertaken: []", "measures_undertaken:\n  - Our own edit."
    )
    edited.write_text(text, encoding="utf-8")
    before = snapshot(chile_repo)

    run = run_ctt(chile_repo, "new", "chile", "2022")
    assert run.exit_code == 2
    assert "already holds a report" in one_line_error(run.stderr)
    assert "--force" in run.stderr
    assert run.stdout == ""
    assert snapshot(chile_repo) == before

    forced = run_ctt(chile_repo, "new", "chile", "2022", "--force")
    assert forced.exit_code == 0, forced.output
    assert "Our own edit." not in edited.read_text(encoding="utf-8")
    assert load(edited.parent, edited.name)["measures_undertaken"] == []
    assert not [p for p in edited.parent.iterdir() if p.name.startswith(".")]  # no temp files


def test_refuses_when_any_file_of_the_report_exists(chile_repo: Path, run_ctt: RunCtt) -> None:
    """One file already there (a section owner started early) is enough to refuse."""
    folder = chile_repo / "economies/chile/2022"
    folder.mkdir()
    (folder / "c-promoting-cyber-security.yaml").write_text("# started\n", encoding="utf-8")
    run = run_ctt(chile_repo, "new", "chile", "2022")
    assert run.exit_code == 2
    one_line_error(run.stderr)
    assert [p.name for p in folder.iterdir()] == ["c-promoting-cyber-security.yaml"]
    assert (folder / "c-promoting-cyber-security.yaml").read_text(encoding="utf-8") == "# started\n"


def test_default_is_the_latest_earlier_report_and_from_picks_one(
    chile_repo: Path, run_ctt: RunCtt, add_report: Callable[..., Path]
) -> None:
    """Without --from, the latest earlier report; --from YEAR, that year's."""
    made_up = add_report(chile_repo, "chile", 2021)  # the made-up report, as Chile 2021
    later = add_report(chile_repo, "chile", 2030)  # a later report is never the default
    assert run_ctt(chile_repo, "new", "chile", "2022").exit_code == 0
    new = chile_repo / "economies/chile/2022"
    a1 = load(new, "a1-protect-cargo.yaml")
    assert a1["contacts"] == load(made_up, "a1-protect-cargo.yaml")["contacts"]
    assert {m["carried_over"] for m in a1["measures_planned"]} == {2021}
    assert later.is_dir()

    run = run_ctt(chile_repo, "new", "chile", "2023", "--from", "2020")
    assert run.exit_code == 0, run.output
    assert "carried over from 2020" in run.stderr
    new = chile_repo / "economies/chile/2023"
    old = chile_repo / "economies/chile/2020"
    assert (
        load(new, "a1-protect-cargo.yaml")["contacts"]
        == load(old, "a1-protect-cargo.yaml")["contacts"]
    )
    assert {
        m["carried_over"] for m in load(new, "c-promoting-cyber-security.yaml")["measures_planned"]
    } == {2020}


def test_a_measure_carried_twice_keeps_its_first_year(chile_repo: Path, run_ctt: RunCtt) -> None:
    """Carried from 2020 into 2022, not reported on, then into 2024: still 'from 2020'."""
    assert run_ctt(chile_repo, "new", "chile", "2022").exit_code == 0
    assert run_ctt(chile_repo, "new", "chile", "2024").exit_code == 0
    planned_2022 = load(chile_repo / "economies/chile/2022", SECTION_FILES[-1])["measures_planned"]
    planned_2024 = load(chile_repo / "economies/chile/2024", SECTION_FILES[-1])["measures_planned"]
    assert planned_2024 == planned_2022
    assert {m["carried_over"] for m in planned_2024} == {2020}


def test_groups_keep_their_shape_and_every_measure_is_marked(repo: Path, run_ctt: RunCtt) -> None:
    """Groups stay groups; each measure in them is marked; a measure's sub-items are not."""
    path = repo / "economies/peru/2021/a3-protect-international-aviation.yaml"
    data = load(path.parent, path.name)
    data["measures_planned"] = [
        "A plain measure.",
        {
            "heading": "Equipment",
            "items": [
                {"text": "Replace the screening machines:", "items": ["Terminal 1", "Terminal 2"]},
                {"heading": "Cargo", "items": [{"text": "Cargo scanners.", "timeframe": 2022}]},
            ],
        },
    ]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert run_ctt(repo, "validate", "peru", "2021").exit_code == 0

    run = run_ctt(repo, "new", "peru", "2023")
    assert run.exit_code == 0, run.output
    planned = load(repo / "economies/peru/2023", path.name)["measures_planned"]
    assert planned == [
        {"text": "A plain measure.", "carried_over": 2021},
        {
            "heading": "Equipment",
            "items": [
                {
                    "text": "Replace the screening machines:",
                    "items": ["Terminal 1", "Terminal 2"],
                    "carried_over": 2021,
                },
                {
                    "heading": "Cargo",
                    "items": [{"text": "Cargo scanners.", "timeframe": 2022, "carried_over": 2021}],
                },
            ],
        },
    ]
    check = run_ctt(repo, "validate", "--format", "json", "peru", "2023")
    assert check.exit_code == 0, check.output
    rules = [p["rule"] for p in json.loads(check.stdout) if p["path"].endswith(path.name)]
    assert rules.count("carried-over") == 3


def test_no_earlier_report_gives_a_blank_report(repo: Path, run_ctt: RunCtt) -> None:
    """No earlier report: every answer [], no contact points, all the catalogue's commitments."""
    run = run_ctt(repo, "new", "peru", "2019")  # peru has 2021 only: nothing earlier
    assert run.exit_code == 0, run.output
    assert "blank report" in run.stderr
    new = repo / "economies/peru/2019"
    head = load(new, "report.yaml")
    assert head["assistance_offer"] == {"contacts": [], "items": []}
    for section in CATALOGUE.sections.values():
        data = load(new, section.file)
        assert data["contacts"] == []
        assert data["commitments"] == [c.id for c in CATALOGUE.commitments_of(section.id)]
        assert all(data[key] == [] for key in ANSWERS)
    check = run_ctt(repo, "validate", "peru", "2019")
    assert check.exit_code == 0, check.output
    assert "[carried-over]" not in check.stdout
    assert check.stdout.count("[no-contact]") == len(SECTION_FILES)


def test_unknown_economy(empty_repo: Path, run_ctt: RunCtt) -> None:
    for economy in ("atlantis", "Chile", "../chile"):
        run = run_ctt(empty_repo, "new", economy, "2022")
        assert run.exit_code == 2, run.output
        assert "unknown economy" in one_line_error(run.stderr)
    assert list((empty_repo / "economies").iterdir()) == []


def test_from_a_year_without_a_report(chile_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(chile_repo, "new", "chile", "2022", "--from", "2019")
    assert run.exit_code == 2
    assert "no report for chile 2019" in one_line_error(run.stderr)
    assert not (chile_repo / "economies/chile/2022").exists()


def test_year_must_be_later_than_from(chile_repo: Path, run_ctt: RunCtt) -> None:
    for year in ("2020", "2019"):
        run = run_ctt(chile_repo, "new", "chile", year, "--from", "2020")
        assert run.exit_code == 2
        assert "new report year must be later than 2020" in one_line_error(run.stderr)
    assert [p.name for p in (chile_repo / "economies/chile").iterdir()] == ["2020"]


def test_bad_year_is_misuse(chile_repo: Path, run_ctt: RunCtt) -> None:
    for args in (("chile", "twenty"), ("chile", "20221"), ("chile", "2022", "--from", "x")):
        run = run_ctt(chile_repo, "new", *args)
        assert run.exit_code == 2, run.output
        assert "Traceback" not in run.output


def test_an_invalid_previous_report_is_not_carried(chile_repo: Path, run_ctt: RunCtt) -> None:
    """Errors in the report to start from: they are listed, exit 1, nothing written."""
    path = chile_repo / "economies/chile/2020/a1-protect-cargo.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "year: 2020\n", encoding="utf-8")
    run = run_ctt(chile_repo, "new", "chile", "2022")
    assert run.exit_code == 1
    assert "economies/chile/2020/a1-protect-cargo.yaml:" in run.stderr
    assert "[duplicate-key]" in run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("ctt: error: chile 2020 has 1 error(s)")
    assert not (chile_repo / "economies/chile/2022").exists()


def test_schemas_share_the_item_definitions() -> None:
    """report.yaml and section files describe items alike, carried_over included."""
    section = json.loads((REPO_ROOT / "schema/section.schema.json").read_text(encoding="utf-8"))
    report = json.loads((REPO_ROOT / "schema/report.schema.json").read_text(encoding="utf-8"))
    assert section["$defs"] == report["$defs"]
    carried = section["$defs"]["detailedItem"]["properties"]["carried_over"]
    assert carried["type"] == "integer"
    assert "delete this key" in carried["description"]
