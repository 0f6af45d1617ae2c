"""The region: each economy's latest report up to a year, needs against offers by topic
(`ctt needs`) and commitment coverage (`ctt coverage`), exactly, on the made-up region.

tests/data/region/economies holds made-up reports under real APEC economy ids: japan 2023,
peru 2019 and 2021 (2019 must never show up once 2021 is there), viet-nam 2020 (not updated
for more than two years by 2023) and mexico 2024 (after 2023; the latest year by default).
Every other APEC economy has no report.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from paths import REGION_DIR as REGION
from paths import REPO_ROOT as ROOT

from ctt.catalogue.catalogue import load_catalogue
from ctt.store.repo import Repository

CATALOGUE = load_catalogue(Repository(ROOT))
RunCtt = Callable[..., Run]

# Who needs and who offers each topic in 2023, in vocabulary order ("-": nobody).
NEEDS_2023 = {
    "aeo-supply-chain-security": ("japan 2023, peru 2021", "japan 2023"),
    "container-security-inspection": ("japan 2023", "-"),
    "port-security-isps": ("peru 2021", "japan 2023, peru 2021"),
    "maritime-domain-awareness": ("viet-nam 2020", "japan 2023"),
    "export-control-wmd": ("-", "japan 2023"),
    "trade-recovery-resilience": ("-", "viet-nam 2020"),
    "aviation-security-screening": ("japan 2023, viet-nam 2020", "japan 2023"),
    "air-cargo-security": ("-", "japan 2023, viet-nam 2020"),
    "manpads": ("-", "-"),  # only peru 2019 needed it: superseded by peru 2021
    "api-pnr": ("japan 2023", "-"),  # one need by keyword, one by its own topics:
    "travel-documents-biometrics": ("peru 2021", "-"),
    "border-integrity": ("-", "-"),  # "cross-border" and "land borders" are not keywords
    "terrorist-financing-fiu": ("viet-nam 2020", "japan 2023"),
    "targeted-financial-sanctions": ("-", "peru 2021"),
    "non-profit-sector": ("peru 2021", "-"),
    "cbrn-radiological": ("japan 2023, viet-nam 2020", "-"),
    "cybersecurity-certs": ("peru 2021", "japan 2023"),  # japan's need: topics: replaced it
    "cybercrime-forensics": ("-", "japan 2023"),
    "critical-infrastructure": ("japan 2023", "-"),
}
UNTAGGED_2023 = ("japan 2023, peru 2021", "-")
COULD_HELP_2023 = [
    "aeo-supply-chain-security",
    "port-security-isps",
    "maritime-domain-awareness",
    "aviation-security-screening",
    "terrorist-financing-fiu",
    "cybersecurity-certs",
]
# Measures referring to each commitment in 2023: (economy, year, undertaken, planned).
COVERAGE_2023 = {
    "a1-secure-trade-framework": [("japan", 2023, 0, 1), ("peru", 2021, 0, 1)],
    "a1-container-security": [("peru", 2021, 1, 0)],
    "a1-aeo-best-practices": [("japan", 2023, 1, 0)],
    "a2-security-plans-ais": [("japan", 2023, 1, 0)],  # an item inside a commitment group
    "a2-isps-code": [("japan", 2023, 1, 0), ("viet-nam", 2020, 0, 1)],
    "a3-baggage-screening": [("viet-nam", 2020, 1, 0)],
}


@pytest.fixture
def region(empty_repo: Path) -> Path:
    """A repository holding the made-up region."""
    shutil.copytree(REGION, empty_repo / "economies", dirs_exist_ok=True)
    return empty_repo


def _json(run: Run) -> Any:
    assert run.exit_code == 0, run.output
    assert "Traceback" not in run.output
    return json.loads(run.stdout)


def _who(rows: list[dict[str, Any]]) -> str:
    return ", ".join(f"{r['economy']} {r['year']}" for r in rows) or "-"


def test_needs_against_offers_by_topic_in_2023(region: Path, run_ctt: RunCtt) -> None:
    table = _json(run_ctt(region, "needs", "2023", "--format", "json"))
    assert table["year"] == 2023
    assert [(i["economy"], i["name"], i["year"]) for i in table["included"]] == [
        ("japan", "Japan", 2023),
        ("peru", "Peru", 2021),
        ("viet-nam", "Viet Nam", 2020),
    ]
    got = {t["id"]: (_who(t["needed_by"]), _who(t["offered_by"])) for t in table["topics"]}
    assert list(got.items()) == list(NEEDS_2023.items())
    untagged = table["untagged"]
    assert (_who(untagged["needed_by"]), _who(untagged["offered_by"])) == UNTAGGED_2023
    assert [t["id"] for t in table["topics"] if t["could_help"]] == COULD_HELP_2023
    # Counts: how many of an economy's needs (or offers) have the topic.
    rows = {t["id"]: t for t in table["topics"]}
    assert [r["count"] for r in rows["aeo-supply-chain-security"]["needed_by"]] == [1, 2]
    assert [r["count"] for r in rows["port-security-isps"]["offered_by"]] == [1, 2]
    assert [r["count"] for r in rows["api-pnr"]["needed_by"]] == [2]


def test_needs_as_text_and_markdown(region: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(region, "needs", "2023")
    assert run.exit_code == 0, run.output
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "needs and offers by topic, latest reports up to 2023: japan 2023, peru 2021, viet-nam 2020"
    )
    for topic, (needed, offered) in NEEDS_2023.items():
        title = CATALOGUE.topics.topics[topic].title
        mark = "  (could help)" if topic in COULD_HELP_2023 else ""
        at = lines.index(f"  {topic}: {title}{mark}")
        assert lines[at + 1 : at + 3] == [f"    needed by:  {needed}", f"    offered by: {offered}"]
    assert lines[-1] == (
        f"{len(COULD_HELP_2023)} topic(s) needed by one economy and offered by another: "
        + ", ".join(COULD_HELP_2023)
    )
    md = run_ctt(region, "needs", "2023", "--format", "md").stdout
    assert "| **ISPS Code and port security** | Peru (2021) | Japan (2023); Peru (2021) |" in md
    assert "| MANPADS | – | – |" in md
    assert "| No topic matched | Japan (2023); Peru (2021) | – |" in md


def test_the_latest_year_is_the_default(region: Path, run_ctt: RunCtt) -> None:
    """Mexico's 2024 report makes 2024 the default year; it counts then, and not in 2023."""
    table = _json(run_ctt(region, "needs", "--format", "json"))
    assert table["year"] == 2024
    assert [(i["economy"], i["year"]) for i in table["included"]] == [
        ("japan", 2023),
        ("mexico", 2024),
        ("peru", 2021),
        ("viet-nam", 2020),
    ]
    rows = {t["id"]: t for t in table["topics"]}
    assert _who(rows["container-security-inspection"]["needed_by"]) == "japan 2023, mexico 2024"


def test_commitment_coverage_in_2023(region: Path, run_ctt: RunCtt) -> None:
    cov = _json(run_ctt(region, "coverage", "2023", "--format", "json"))
    assert [c["id"] for c in cov["commitments"]] == list(CATALOGUE.commitments)
    got = {
        c["id"]: [
            (r["economy"], r["year"], r["undertaken"], r["planned"]) for r in c["reported_by"]
        ]
        for c in cov["commitments"]
        if c["reported_by"]
    }
    assert got == COVERAGE_2023
    # a1-trade-recovery-program: only peru 2019 refers to it; a1-supply-chain-security: only
    # in viet-nam's list of the section's commitments, which is not a measure.
    assert cov["uncovered"] == [c for c in CATALOGUE.commitments if c not in COVERAGE_2023]
    assert {"a1-trade-recovery-program", "a1-supply-chain-security"} <= set(cov["uncovered"])


def test_coverage_as_text_and_markdown(region: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(region, "coverage", "2023")
    assert run.exit_code == 0, run.output
    text = run.stdout
    assert (
        "  a2-isps-code                     japan 2023 (1 undertaken), viet-nam 2020 (1 planned)\n"
        in text
    )
    assert "  a2-counter-piracy                -\n" in text
    uncovered = len(CATALOGUE.commitments) - len(COVERAGE_2023)
    assert (
        f"no economy reports on {uncovered} of {len(CATALOGUE.commitments)} commitment(s)" in text
    )
    md = run_ctt(region, "coverage", "2023", "--format", "md").stdout
    assert "| `a3-baggage-screening`: " in md
    assert "| Viet Nam (2020) (1 undertaken) |" in md
    assert f"### Not reported on ({uncovered} of {len(CATALOGUE.commitments)})" in md
    newer = _json(run_ctt(region, "coverage", "--format", "json"))
    rows = {c["id"]: c["reported_by"] for c in newer["commitments"]}
    assert [(r["economy"], r["year"]) for r in rows["a1-container-security"]] == [
        ("mexico", 2024),
        ("peru", 2021),
    ]


def test_a_report_with_errors_is_left_out_and_fails_at_the_end(
    region: Path, run_ctt: RunCtt
) -> None:
    path = region / "economies/japan/2023/a4-protect-people-in-transit.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - api-pnr", "  - api-nr"), encoding="utf-8")
    (region / "economies/atlantis/2022").mkdir(parents=True)
    for command in ("needs", "coverage"):
        run = run_ctt(region, command, "2023", "--format", "json")
        assert run.exit_code == 1, run.output
        assert "Traceback" not in run.output
        assert "[unknown-topic]" in run.stderr
        assert "ctt: error: japan 2023 has 1 error(s); not included" in run.stderr
        assert "'atlantis' is not an APEC economy" in run.stderr
        result = json.loads(run.stdout)  # everything else is still there
        assert [i["economy"] for i in result["included"]] == ["peru", "viet-nam"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("needs", "2018"), "no reports up to 2018"),
        (("coverage", "2018"), "no reports up to 2018"),
        (("needs", "20x3"), "Invalid value for '[YEAR]'"),
        (("coverage", "2023", "--format", "docx"), "Invalid value for '--format'"),
        (("needs", "2023", "peru"), "unexpected extra argument"),
    ],
)
def test_misuse_exits_2(region: Path, run_ctt: RunCtt, args: tuple[str, ...], message: str) -> None:
    run = run_ctt(region, *args)
    assert run.exit_code == 2, run.output
    assert message in run.stderr
    assert "Traceback" not in run.output


def test_no_reports_at_all_is_misuse(empty_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(empty_repo, "needs")
    assert run.exit_code == 2
    assert "no reports in economies/" in run.stderr
