"""A commitment restated in the economy's own words: kept on import, shown, diffed, counted."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from paths import REPO_ROOT as ROOT

from ctt.authoring.importer import import_file
from ctt.catalogue.catalogue import load_catalogue
from ctt.store import yamlfile
from ctt.store.repo import Repository

SEED = ROOT / "tests/data/seed/chile-2020-ctap.txt"
A3 = "a3-protect-international-aviation.yaml"
CATALOGUE = load_catalogue(Repository(ROOT))
RunCtt = Callable[..., Run]
# Chile's wording of a3-capacity-building-programs: "traveller", where the catalogue has
# "traveler"; and of a3-icao-security-audits: its years as a period, "(2002 - 2009)".
TRAVELLER = (
    "Implement effective capacity building programs for air cargo and air traveller "
    "protection, which help develop institutions and mobilize expertise and resources "
    "efficiently (2010)"
)
ICAO = (
    "Support International Civil Aviation Organization (ICAO) mandatory aviation security "
    "audits (2002 - 2009)"
)


@pytest.mark.parametrize(
    ("commitment", "text", "own"),
    [
        ("a3-capacity-building-programs", TRAVELLER, True),
        ("a3-icao-security-audits", ICAO, True),
        ("a3-icao-security-audits", ICAO.replace("(ICAO)", "(OACI)"), True),
        # The catalogue's wording, written otherwise only in what does not count:
        ("a3-capacity-building-programs", TRAVELLER.replace("traveller", "traveler"), False),
        ("a3-icao-security-audits", ICAO.replace("2002 - 2009", "2002, 2009").upper(), False),
        ("a3-icao-security-audits", ICAO.replace(" (2002 - 2009)", ""), False),
        ("a3-icao-security-audits", ICAO.replace("2002 - 2009", " 2002 ,2009 ") + ".", False),
        ("a3-icao-security-audits", ICAO.replace(" - 2009)", ", 2009):"), False),
        (
            "a3-manpads-vulnerability-assessment",
            CATALOGUE.commitments["a3-manpads-vulnerability-assessment"].text.replace("’", "'"),
            False,
        ),
    ],
)
def test_own_words(commitment: str, text: str, own: bool) -> None:
    assert CATALOGUE.commitments[commitment].own_words(text) == (text if own else None)


def groups(data: Any) -> dict[str, dict[str, Any]]:
    """The commitment groups of a section's measures undertaken, by commitment."""
    return {g["commitment"]: g for g in data["measures_undertaken"] if "commitment" in g}


def test_the_import_keeps_only_wording_that_differs(tmp_path: Path) -> None:
    chile = groups(yamlfile.load(ROOT / "economies/chile/2020" / A3).data)
    assert chile["a3-capacity-building-programs"]["heading"] == TRAVELLER
    assert chile["a3-icao-security-audits"]["heading"] == ICAO
    assert [c for c, g in chile.items() if "heading" in g] == [
        "a3-icao-security-audits",
        "a3-capacity-building-programs",
    ]
    assert list(chile["a3-icao-security-audits"]) == ["commitment", "heading", "items"]
    # Spelled as the catalogue spells it, the group holds the commitment only.
    seed = SEED.read_text(encoding="utf-8")
    assert seed.count(TRAVELLER) == 1
    source = tmp_path / "report.txt"
    source.write_text(seed.replace(TRAVELLER, TRAVELLER.replace("traveller", "traveler")))
    data = import_file(source, CATALOGUE, "chile", 2020).documents[A3]
    imported = groups(data)
    assert "heading" not in imported["a3-capacity-building-programs"]
    assert (
        imported["a3-capacity-building-programs"]["items"]
        == (chile["a3-capacity-building-programs"]["items"])
    )


def test_every_format_shows_the_economys_words(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run = run_ctt(chile_repo, "render", "chile", "2020", "--out", str(out))
    assert run.exit_code == 0, run.output
    md = (out / "chile-2020.md").read_text(encoding="utf-8")
    assert f"- **{TRAVELLER}**" in md.splitlines()
    html = (out / "chile-2020.html").read_text(encoding="utf-8")
    assert f'<div class="group-heading">{TRAVELLER}</div>' in html
    import docx

    document = docx.Document(str(out / "chile-2020.docx"))
    headings = [
        p.text
        for table in document.tables
        for cell in table._cells
        for p in cell.paragraphs
        if p.style is not None and p.style.name == "CTAP Group Heading"
    ]
    assert TRAVELLER in headings and ICAO in headings
    # The section's list of commitments still quotes the catalogue.
    catalogue_text = CATALOGUE.commitments["a3-capacity-building-programs"].text
    assert f"<li>{catalogue_text}</li>" in html

    run = run_ctt(chile_repo, "textconv", str(chile_repo / "economies/chile/2020" / A3))
    assert f"  # {TRAVELLER}  [commitment: a3-capacity-building-programs]" in run.stdout
    baggage = CATALOGUE.commitments["a3-baggage-screening"].text
    assert f"  # {baggage}  [commitment: a3-baggage-screening]" in run.stdout


def test_coverage_counts_a_group_in_its_own_words(chile_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(chile_repo, "coverage", "2020", "--format", "json")
    assert run.exit_code == 0, run.output
    rows = {c["id"]: c["reported_by"] for c in json.loads(run.stdout)["commitments"]}
    for commitment in ("a3-capacity-building-programs", "a3-icao-security-audits"):
        [(by)] = rows[commitment]
        assert (by["economy"], by["year"], by["undertaken"]) == ("chile", 2020, 1)


def test_a_reworded_heading_is_a_change(chile_repo: Path, run_ctt: RunCtt) -> None:
    """Chile 2022 drops its own spelling: the heading changes, its items do not."""
    new = chile_repo / "economies/chile/2022"
    shutil.copytree(chile_repo / "economies/chile/2020", new)
    for path in new.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("year: 2020", "year: 2022"))
    a3 = new / A3
    text = a3.read_text(encoding="utf-8")
    assert text.count(f"    heading: {TRAVELLER}\n") == 1
    a3.write_text(text.replace(f"    heading: {TRAVELLER}\n", ""), encoding="utf-8")

    run = run_ctt(chile_repo, "diff", "chile", "2020", "2022")
    assert run.exit_code == 0, run.output
    assert run.stdout.splitlines()[0] == "chile 2020 → chile 2022: 1 section(s) changed"
    [change] = [line for line in run.stdout.splitlines() if line.startswith("    ")]
    assert change.startswith("    ~ heading of a3-capacity-building-programs: Implement")
    assert "air [-traveller-] {+traveler+} protection" in change
    assert "efficiently [-(2010)-] {+(2010).+}" in change

    run = run_ctt(chile_repo, "diff", "--format", "md", "chile", "2020", "2022")
    assert "| A.3 Protect International Aviation | 0 | 0 | 0 | 0 | 1 | 0 | 0 |" in run.stdout
    assert "- Changed: heading of a3-capacity-building-programs: " in run.stdout

    run = run_ctt(chile_repo, "diff", "--format", "json", "chile", "2020", "2022")
    [section] = [s for s in json.loads(run.stdout)["sections"] if s["changed"]]
    [item] = section["items"]
    assert item["change"] == "changed"
    assert [e["heading_of"] for e in item["old"] + item["new"]] == [
        "a3-capacity-building-programs"
    ] * 2
    assert (item["old"][0]["text"], item["new"][0]["groups"]) == (TRAVELLER, [])
