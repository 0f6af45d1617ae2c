"""Topics: the vocabulary in schema/topics.yaml, its keyword rules, `topics:` overrides and
`ctt topics`, which explains every tag."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Run, make_repo, own_copy
from paths import REGION_DIR as REGION
from paths import REPO_ROOT as ROOT

from ctt.catalogue.catalogue import load_catalogue
from ctt.catalogue.topics import keyword_pattern
from ctt.store.repo import Repository

VOCABULARY = load_catalogue(Repository(ROOT)).topics
RunCtt = Callable[..., Run]
# The topics issue 7 names, by id: the vocabulary may grow, never lose one of these.
ISSUE_TOPICS = {
    "aeo-supply-chain-security": "secure-supply-chains",
    "container-security-inspection": "secure-supply-chains",
    "port-security-isps": "secure-supply-chains",
    "maritime-domain-awareness": "secure-supply-chains",
    "aviation-security-screening": "secure-travel",
    "air-cargo-security": "secure-travel",
    "manpads": "secure-travel",
    "api-pnr": "secure-travel",
    "travel-documents-biometrics": "secure-travel",
    "border-integrity": "secure-travel",
    "cbrn-radiological": "secure-infrastructure",
    "export-control-wmd": "secure-supply-chains",
    "terrorist-financing-fiu": "secure-finance",
    "targeted-financial-sanctions": "secure-finance",
    "non-profit-sector": "secure-finance",
    "cybersecurity-certs": "secure-infrastructure",
    "cybercrime-forensics": "secure-infrastructure",
    "critical-infrastructure": "secure-infrastructure",
    "trade-recovery-resilience": "secure-supply-chains",
}


@pytest.fixture
def region(empty_repo: Path) -> Path:
    """A repository holding the made-up region: japan 2023, peru 2019 and 2021, viet-nam
    2020, mexico 2024 (every other APEC economy has no report)."""
    shutil.copytree(REGION, empty_repo / "economies", dirs_exist_ok=True)
    return empty_repo


def ids(text: str, own: list[str] | None = None) -> list[str]:
    return [tag.topic.id for tag in VOCABULARY.tags(text, own)]


def test_the_vocabulary_has_the_four_areas_and_the_issues_topics() -> None:
    assert [a.title for a in VOCABULARY.areas.values()] == [
        "Secure supply chains",
        "Secure travel",
        "Secure finance",
        "Secure infrastructure",
    ]
    assert {t: VOCABULARY.topics[t].area for t in ISSUE_TOPICS} == ISSUE_TOPICS
    for topic in VOCABULARY.topics.values():
        assert topic.title and topic.keywords, topic.id


@pytest.mark.parametrize(
    ("keyword", "text", "matches"),
    [
        ("port security", "Port Security drills", True),  # any case
        ("port facility", "port facilities reviewed", True),  # -y, -ies
        ("container", "two containers scanned", True),  # -s
        ("AEO", "AEOs validated", True),
        ("cyber security", "cybersecurity strategy", True),  # a space matches nothing ...
        ("cyber security", "cyber-security strategy", True),  # ... or a hyphen
        ("non-profit", "the non profit sector", True),
        ("non-profit", "the nonprofit sector", True),
        ("port security", "airport security", False),  # whole words only
        ("container", "containerised", False),
        ("CERT", "a certificate", False),
        ("export control", "small exporters control costs", False),
        ("API", "rapid response", False),
    ],
)
def test_keywords_match_whole_words_in_any_case_with_simple_plurals(
    keyword: str, text: str, matches: bool
) -> None:
    assert bool(keyword_pattern(keyword).search(text)) is matches


def test_an_item_has_every_topic_one_of_whose_keywords_its_text_has() -> None:
    text = "Port facility security officer courses and AIS data exchange."
    assert ids(text) == ["port-security-isps", "maritime-domain-awareness"]
    tags = VOCABULARY.tags(text)
    assert [(t.keyword, t.matched) for t in tags] == [
        ("port facility", "Port facility"),
        ("AIS", "AIS"),
    ]
    assert tags[0].reason == 'keyword "port facility" matched "Port facility"'
    assert ids("Tabletop exercises with the electricity sector.") == []


def test_an_items_own_topics_replace_the_keywords() -> None:
    text = "Cybersecurity awareness for operators of power plants."
    assert ids(text) == ["cybersecurity-certs"]
    assert ids(text, ["critical-infrastructure"]) == ["critical-infrastructure"]
    assert ids(text, []) == []
    assert [t.reason for t in VOCABULARY.tags(text, ["manpads"])] == ["set by topics:"]


def _explained(run: Run) -> list[dict[str, Any]]:
    assert run.exit_code == 0, run.output
    items: list[dict[str, Any]] = json.loads(run.stdout)
    return items


def _raw_items(folder: Path) -> list[tuple[str, Any]]:
    """(file name, item) of every item, at any depth, of a report's needs and offers."""
    found: list[tuple[str, Any]] = []

    def walk(name: str, items: Any) -> None:
        for item in items or []:
            if isinstance(item, str) or "text" in item:
                found.append((name, item))
            if isinstance(item, dict):
                walk(name, item.get("items"))

    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "report.yaml":
            walk(path.name, data["executive_summary"]["capacity_building_needs"])
            walk(path.name, data["assistance_offer"]["items"])
        else:
            walk(path.name, data["capacity_building_needs"])
            walk(path.name, data["expertise_offered"])
    return found


def test_ctt_topics_explains_every_tag_of_every_need_and_offer(
    region: Path, run_ctt: RunCtt
) -> None:
    folder = region / "economies/japan/2023"
    items = _explained(run_ctt(region, "topics", "japan", "2023", "--format", "json"))
    raw = _raw_items(folder)
    assert sorted((i["file"].rsplit("/", 1)[1], i["text"]) for i in items) == sorted(
        (name, item if isinstance(item, str) else item["text"]) for name, item in raw
    )
    own = {i["text"]: i["topics"] for _, i in raw if isinstance(i, dict) and "topics" in i}
    for item in items:
        lines = (region / item["file"]).read_text(encoding="utf-8").splitlines()
        assert item["text"] in lines[item["line"] - 1], item  # the line it is on
        if item["text"] in own:
            assert item["own_topics"]
            assert [t["id"] for t in item["topics"]] == own[item["text"]]
            assert all(t["by"] == "topics" for t in item["topics"])
            continue
        assert not item["own_topics"]
        for tag in item["topics"]:
            assert tag["by"] == "keyword"
            assert tag["keyword"] in VOCABULARY.topics[tag["id"]].keywords
            assert tag["matched"] in item["text"]
            assert keyword_pattern(tag["keyword"]).fullmatch(tag["matched"])
    by_text = {i["text"]: [t["id"] for t in i["topics"]] for i in items}
    assert by_text["Validation audits of AEOs"] == ["aeo-supply-chain-security"]
    assert by_text["Data exchange between customs"] == []
    assert by_text["Study visit to a passenger information unit."] == ["api-pnr"]
    assert by_text["Cybersecurity awareness for operators of power plants."] == [
        "critical-infrastructure"
    ]


def test_ctt_topics_text_gives_each_item_its_place_and_its_reasons(
    region: Path, run_ctt: RunCtt
) -> None:
    run = run_ctt(region, "topics", "japan", "2023")
    assert run.exit_code == 0, run.output
    lines = run.stdout.splitlines()
    assert lines[0] == "japan 2023: 19 item(s), 17 with topics (3 set by topics:), 2 with none"
    text = run.stdout
    assert (
        "A.1 Protect Cargo: Capacity-building needs (economies/japan/2023/a1-protect-cargo.yaml)\n"
        "  1    line 24: Training on container image analysis for new scanners.\n"
        '       container-security-inspection: keyword "container" matched "container"\n'
        "  2    line 25: Workshops on authorized economic operator mutual recognition:\n"
    ) in text
    assert (
        "  2.1  line 27: Validation audits of AEOs\n"
        '       aeo-supply-chain-security: keyword "AEO" matched "AEOs"\n'
        "  2.2  line 28: Data exchange between customs\n"
        "       no topic\n"
    ) in text
    assert (
        "  1    line 16: Regional course for screeners and AVSEC instructors.\n"
        "       aviation-security-screening: set by topics:\n"
        "       air-cargo-security: set by topics:\n"
    ) in text
    assert "Possible assistance and expertise to offer (economies/japan/2023/report.yaml)" in text
    # Every item line is followed by at least one reason line (or "no topic").
    for index, line in enumerate(lines):
        if re.match(r"^  \d", line):
            assert lines[index + 1].startswith("       "), line


def test_ctt_topics_all_shows_every_answer(region: Path, run_ctt: RunCtt) -> None:
    items = _explained(run_ctt(region, "topics", "japan", "2023", "--all", "--format", "json"))
    answers = {i["answer"] for i in items}
    assert {"measures_undertaken", "measures_planned", "capacity_building_needs"} <= answers
    undertaken = [i for i in items if i["answer"] == "measures_undertaken"]
    assert undertaken[0]["text"] == "AEO programme extended to bonded warehouses."
    assert [t["id"] for t in undertaken[0]["topics"]] == ["aeo-supply-chain-security"]


def test_ctt_topics_without_a_report_lists_the_vocabulary(region: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(region, "topics")
    assert run.exit_code == 0
    assert run.stdout.startswith("Secure supply chains [secure-supply-chains]\n")
    assert "  manpads: MANPADS\n" in run.stdout
    listed = json.loads(run_ctt(region, "topics", "--format", "json").stdout)
    assert [t["id"] for area in listed for t in area["topics"]] == list(VOCABULARY.topics)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("topics", "japan"), "usage: ctt topics ECONOMY YEAR"),
        (("topics", "atlantis", "2023"), "unknown economy 'atlantis'"),
        (("topics", "japan", "2019"), "no report for japan 2019"),
        (("topics", "--all"), "--all needs ECONOMY YEAR"),
        (("topics", "japan", "2023", "--format", "xml"), "Invalid value for '--format'"),
        (("topics", "japan", "twenty"), "Invalid value for '[YEAR]'"),
    ],
)
def test_misuse_of_ctt_topics_exits_2(
    region: Path, run_ctt: RunCtt, args: tuple[str, ...], message: str
) -> None:
    run = run_ctt(region, *args)
    assert run.exit_code == 2, run.output
    assert message in run.stderr
    assert "Traceback" not in run.output


def test_ctt_topics_refuses_a_report_with_errors(region: Path, run_ctt: RunCtt) -> None:
    path = region / "economies/japan/2023/c-promoting-cyber-security.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- critical-infrastructure", "- grid-security"),
        encoding="utf-8",
    )
    run = run_ctt(region, "topics", "japan", "2023")
    assert run.exit_code == 1
    assert "unknown topic 'grid-security'" in run.stderr
    assert "[unknown-topic]" in run.stderr


def test_a_broken_vocabulary_is_reported_with_its_file_and_line(
    tmp_path: Path, run_ctt: RunCtt
) -> None:
    repo = make_repo(tmp_path / "repo")
    path = own_copy(repo, "schema/topics.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("area: secure-finance", "area: Secure Finance", 1), "utf-8")
    run = run_ctt(repo, "topics")
    assert run.exit_code == 1
    assert re.search(r"schema/topics\.yaml:\d+:\d+: .*\[catalogue\]", run.stderr), run.stderr
    path.write_text(text.replace("area: secure-finance", "area: secure-money", 1), "utf-8")
    run = run_ctt(repo, "topics")
    assert run.exit_code == 1
    assert "unknown area 'secure-money'" in run.stderr
