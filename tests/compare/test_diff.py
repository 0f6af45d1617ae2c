"""ctt diff: real editing (reworded, removed, added, split, moved) shows as exactly that."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import RunCtt
from gitutil import git
from markdown_it import MarkdownIt

A1 = "a1-protect-cargo.yaml"
A2 = "a2-protect-port-facilities-and-ships.yaml"
REWORDED = ("The AEO program was implemented on", "The AEO program was launched on")
REMOVED = "The National Customs Service continues to implement international standards"
ADDED = "Chile joined the WCO Cargo Targeting System user group in 2021."
SPLIT = (
    "  - A separate visit from IAEA experts was made in 2019 in preparation for APEC Leaders’ "
    "Summit and COP 25.\n"
)
SPLIT_INTO = (
    "  - A separate visit from IAEA experts was made in 2019.\n"
    "  - It prepared the APEC Leaders’ Summit and COP 25.\n"
)
MOVED = "Chilean officials continue to train instructors in other countries"


def make_2022(root: Path) -> Path:
    """Chile 2022: one item reworded, one removed, one added, one split, one moved."""
    folder = root / "economies/chile/2022"
    shutil.copytree(root / "economies/chile/2020", folder)
    for path in folder.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("year: 2020", "year: 2022"))
    a1 = folder / A1
    text = a1.read_text(encoding="utf-8")
    text = text.replace(*REWORDED)
    lines = text.splitlines(keepends=True)
    lines = [line for line in lines if REMOVED not in line]
    text = "".join(lines)
    assert SPLIT in text
    text = text.replace(SPLIT, SPLIT_INTO)
    text = text.replace("measures_planned:\n", f"measures_planned:\n  - {ADDED}\n", 1)
    a1.write_text(text, encoding="utf-8")
    a2 = folder / A2
    text = a2.read_text(encoding="utf-8")
    planned = next(line for line in text.splitlines() if MOVED in line)
    text = text.replace(planned + "\n", "")
    text = text.replace("measures_planned:\n", "measures_planned: []\n", 1)
    text = text.replace("expertise_offered:\n", f"expertise_offered:\n{planned}\n", 1)
    a2.write_text(text, encoding="utf-8")
    return folder


def test_json_shows_exactly_the_edits(git_repo: Path, run_ctt: RunCtt) -> None:
    make_2022(git_repo)
    run = run_ctt(git_repo, "diff", "chile", "2020", "2022", "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    changes = [
        (section["section"], item["change"])
        for section in data["sections"]
        for item in section["items"]
    ]
    assert sorted(changes) == sorted(
        [("a1", "changed"), ("a1", "removed"), ("a1", "added"), ("a1", "split"), ("a2", "moved")]
    )
    a1 = next(s for s in data["sections"] if s["section"] == "a1")
    changed = next(i for i in a1["items"] if i["change"] == "changed")
    assert {"op": "removed", "text": "implemented"} in changed["words"]
    assert {"op": "added", "text": "launched"} in changed["words"]
    split = next(i for i in a1["items"] if i["change"] == "split")
    assert len(split["old"]) == 1 and len(split["new"]) == 2
    added = next(i for i in a1["items"] if i["change"] == "added")
    assert added["new"][0]["text"] == ADDED and added["new"][0]["answer"] == "measures_planned"
    a2 = next(s for s in data["sections"] if s["section"] == "a2")
    moved = a2["items"][0]
    assert moved["old"][0]["answer"] == "measures_planned"
    assert moved["new"][0]["answer"] == "expertise_offered"
    assert [s["section"] for s in data["sections"] if s["changed"]] == ["a1", "a2"]


def test_text_shows_the_edits_plain_when_piped(git_repo: Path, run_ctt: RunCtt) -> None:
    make_2022(git_repo)
    run = run_ctt(git_repo, "diff", "chile", "2020", "2022")
    assert run.exit_code == 0
    assert "\x1b[" not in run.stdout
    assert "chile 2020 → chile 2022: 2 section(s) changed" in run.stdout
    assert "[-implemented-] {+launched+}" in run.stdout
    assert f"+ {ADDED}" in run.stdout
    assert f"- {REMOVED}" in run.stdout
    assert "< split: A separate visit from IAEA experts" in run.stdout
    assert "into: It prepared the APEC Leaders’ Summit and COP 25." in run.stdout
    assert "(moved from A.2 Protect Port Facilities" in run.stdout


def test_text_colour_is_forced_or_refused(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch, run_ctt: RunCtt
) -> None:
    make_2022(git_repo)
    run = run_ctt(git_repo, "diff", "chile", "2020", "2022", "--color", "always")
    assert run.exit_code == 0
    assert "\x1b[32m" in run.stdout and "\x1b[31m" in run.stdout
    run = run_ctt(git_repo, "diff", "chile", "2020", "2022", "--color", "never")
    assert run.exit_code == 0
    assert "\x1b[" not in run.stdout


def test_markdown_for_a_pull_request_comment(git_repo: Path, run_ctt: RunCtt) -> None:
    make_2022(git_repo)
    run = run_ctt(git_repo, "diff", "chile", "2020", "2022", "--format", "md")
    assert run.exit_code == 0
    assert "| A.1 Protect Cargo | 0 | 0 | 1 | 1 | 1 | 0 | 1 |" in run.stdout
    assert (
        "| A.2 Protect Port Facilities and Ships Engaged in International Voyages |" in run.stdout
    )
    assert run.stdout.count("<details>") == 2
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(run.stdout)
    assert "<s>implemented</s> <strong>launched</strong>" in html
    assert "<table>" in html


def test_identical_reports_show_no_changes(git_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(git_repo, "diff", "chile", "2020", "2020", "--exit-code")
    assert run.exit_code == 0
    assert run.stdout.strip() == "chile 2020 → chile 2020: no changes"
    make_2022(git_repo)
    run = run_ctt(git_repo, "diff", "chile", "2020", "2022", "--exit-code")
    assert run.exit_code == 1


def test_base_shows_an_uncommitted_edit(git_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(git_repo, "diff", "--base", "HEAD", "--exit-code")
    assert run.exit_code == 0 and "no report changed since HEAD" in run.stdout
    a1 = git_repo / "economies/chile/2020" / A1
    a1.write_text(a1.read_text(encoding="utf-8").replace(*REWORDED), encoding="utf-8")
    run = run_ctt(git_repo, "diff", "--base", "HEAD", "--exit-code")
    assert run.exit_code == 1
    assert "chile 2020 at HEAD → chile 2020 (working tree)" in run.stdout
    assert "[-implemented-] {+launched+}" in run.stdout
    assert git(git_repo, "status", "--porcelain").strip() == f"M economies/chile/2020/{A1}"


def test_base_compares_a_new_report_with_the_previous_year(git_repo: Path, run_ctt: RunCtt) -> None:
    make_2022(git_repo)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "Chile 2022")
    a1 = git_repo / "economies/chile/2022" / A1
    a1.write_text(a1.read_text(encoding="utf-8").replace(ADDED, ADDED + " It met twice."))
    run = run_ctt(git_repo, "diff", "--base", "HEAD~1", "--format", "json")
    assert run.exit_code == 0
    [diff] = json.loads(run.stdout)
    assert diff["old"] == "chile 2020 at HEAD~1" and diff["new"] == "chile 2022 (working tree)"
    run = run_ctt(git_repo, "diff", "--base", "HEAD", "chile", "2022")
    assert run.exit_code == 0
    assert "{+It met twice.+}" in run.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "chile", "2020"], "usage: ctt diff ECONOMY OLD_YEAR NEW_YEAR"),
        (["diff", "chile", "2020", "1999"], "no report for chile 1999"),
        (["diff", "atlantis", "2020", "2022"], "no report for atlantis 2020"),
        (["diff", "--base", "nosuch"], "'nosuch' is not a git revision"),
        (["diff", "--base", "HEAD", "atlantis"], "unknown economy 'atlantis'"),
        (["diff", "chile", "2020", "2022", "--format", "xml"], "'xml' is not one of"),
    ],
)
def test_misuse_exits_2(git_repo: Path, args: list[str], message: str, run_ctt: RunCtt) -> None:
    run = run_ctt(git_repo, *args)
    assert run.exit_code == 2
    assert message in run.output


def test_diff_writes_nothing(git_repo: Path, run_ctt: RunCtt) -> None:
    make_2022(git_repo)
    before = sorted(p for p in git_repo.rglob("*") if ".git" not in p.parts)
    assert run_ctt(git_repo, "diff", "chile", "2020", "2022").exit_code == 0
    assert run_ctt(git_repo, "diff", "--base", "HEAD").exit_code == 0
    assert sorted(p for p in git_repo.rglob("*") if ".git" not in p.parts) == before


def test_merged_and_reordered_items(git_repo: Path, run_ctt: RunCtt) -> None:
    folder = git_repo / "economies/chile/2022"
    shutil.copytree(git_repo / "economies/chile/2020", folder)
    for path in folder.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("year: 2020", "year: 2022"))
    c = folder / "c-promoting-cyber-security.yaml"
    text = c.read_text(encoding="utf-8")
    timeframe = "    timeframe: 2020 - 2021\n"
    first = "  - text: Develop a new Cybersecurity and ICI Law (2020 - 2021)\n" + timeframe
    second = (
        "  - text: Develop an International Cyberspace and Cybersecurity Policy (2020 - 2021)\n"
        + timeframe
    )
    assert first in text and second in text
    merged = (
        "  - text: Develop a new Cybersecurity and ICI Law and an International Cyberspace and "
        "Cybersecurity Policy (2020 - 2021)\n" + timeframe
    )
    text = text.replace(first, merged).replace(second, "")
    needs = [line for line in text.splitlines(keepends=True) if "(seminars, workshops" in line]
    text = text.replace("".join(needs), "".join(reversed(needs)))  # reordered
    c.write_text(text, encoding="utf-8")
    run = run_ctt(git_repo, "diff", "chile", "2020", "2022", "--format", "json")
    assert run.exit_code == 0
    data = json.loads(run.stdout)
    items = [item for s in data["sections"] for item in s["items"]]
    assert [item["change"] for item in items] == ["merged"]
    assert len(items[0]["old"]) == 2 and len(items[0]["new"]) == 1
