"""ctt import of past reports in other shapes, and the ledger that accounts for every line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fuzzing import examples
from hangguard import watchdog
from hypothesis import given
from hypothesis import strategies as st
from paths import REPO_ROOT as ROOT

from ctt.authoring.importer import import_file
from ctt.authoring.importer.dates import parse_date
from ctt.authoring.importer.parse import Parsed, ReportParser
from ctt.catalogue.catalogue import load_catalogue
from ctt.cli import cli
from ctt.store.repo import Repository

SEED = ROOT / "tests/data/seed/chile-2020-ctap.txt"
LAYOUTS = ROOT / "tests/data/layouts"
CATALOGUE = load_catalogue(Repository(ROOT))
SECTION_FILES = {s.id: s.file for s in CATALOGUE.sections.values()}


def parse(text: str, tmp_path: Path, economy: str = "chile", year: int = 2020) -> Parsed:
    source = tmp_path / "report.txt"
    source.write_bytes(text.encode("utf-8"))
    return import_file(source, CATALOGUE, economy, year)


def flat(items: Any) -> list[str]:
    """Every string of an answer, in order, at any depth."""
    if isinstance(items, str):
        return [items]
    if isinstance(items, list):
        return [text for item in items for text in flat(item)]
    if isinstance(items, dict):
        texts = [str(items[k]) for k in ("text", "heading") if k in items]
        return texts + flat(items.get("items", []))
    return []


def seed_with(line_number: int, extra: str) -> str:
    """The seed with `extra` appended to one of its lines."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[line_number - 1] = lines[line_number - 1].rstrip() + extra
    return "\n".join(lines)


def assert_nothing_lost(parsed: Parsed) -> None:
    tally = parsed.ledger.tally()
    lost = [e for e in parsed.ledger.entries() if e.kind == "lost"]
    assert tally["lost"] == 0, lost


def test_the_seed_is_accounted_for_line_by_line(tmp_path: Path) -> None:
    parsed = parse(SEED.read_text(encoding="utf-8"), tmp_path)
    assert_nothing_lost(parsed)
    tally = parsed.ledger.tally()
    content = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert sum(tally.values()) == len(content)
    assert tally["unplaced"] == 0 and tally["skipped"] == 2  # the empty bullet and the comment
    assert tally["template"] > 50 and tally["placed"] > 300


def test_the_2013_layout(tmp_path: Path) -> None:
    text = (LAYOUTS / "united-states-2013.txt").read_text(encoding="utf-8")
    parsed = parse(text, tmp_path, "united-states", 2013)
    assert_nothing_lost(parsed)
    assert parsed.ledger.tally()["unplaced"] == 0
    report = parsed.documents["report.yaml"]
    assert report["last_updated"] == "2014-01"
    summary = report["executive_summary"]
    assert flat(summary["achievements"]["overall"]) == [
        "U.S. Customs and Border Protection (CBP) has fully implemented the Sample Advance "
        "Manifest Rule for every inbound maritime container.",
        "The Example Port Partnership reached its fortieth partner port in 2013.",
    ]
    assert flat(summary["forward_work_programme"]) == [
        "Extend the Sample Advance Manifest Rule to air cargo by 2015."
    ]
    cargo = parsed.documents[SECTION_FILES["a1"]]
    assert cargo["commitments"] == ["a1-secure-trade-framework", "a1-electronic-customs-reporting"]
    assert cargo["contacts"][0]["email"] == "jane.example@example.gov"
    assert "CBP screened 100 percent" in flat(cargo["measures_undertaken"])[0]
    assert "including 12 ports in APEC economies." in flat(cargo["measures_undertaken"])
    assert cargo["measures_planned"] == [
        {
            "text": "Pilot a sample air cargo advance screening programme (2014 - 2015).",
            "timeframe": "2014 - 2015",
        }
    ]
    for key, word in [
        ("capacity_building_activities", "Trade Recovery Workshop"),
        ("capacity_building_needs", "No specific needs"),
        ("expertise_offered", "advance manifest training"),
    ]:
        assert word in " ".join(flat(cargo[key])), key
    ports = parsed.documents[SECTION_FILES["a2"]]
    assert "Coast Guard Port Review" in flat(ports["measures_undertaken"])[0]
    messages = [note.message for note in parsed.notes]
    assert any("the source has no A.3 Protect International Aviation" in m for m in messages)


def test_the_2010_layout(tmp_path: Path) -> None:
    text = (LAYOUTS / "peru-2010.txt").read_text(encoding="utf-8")
    parsed = parse(text, tmp_path, "peru", 2010)
    assert_nothing_lost(parsed)
    assert parsed.ledger.tally()["unplaced"] == 0
    report = parsed.documents["report.yaml"]
    assert report["last_updated"] == "2010-04"
    assert report["assistance_offer"]["items"] == [
        "Made-up course on sample risk profiling for customs officers."
    ]
    cargo = parsed.documents[SECTION_FILES["a1"]]
    assert cargo["commitments"] == ["a1-secure-trade-framework"]
    assert flat(cargo["measures_undertaken"]) == [
        "The sample risk-management system now profiles every export declaration which the "
        "customs service files electronically.",
        "Made-up training of 120 officers on the system.",
    ]
    aviation = parsed.documents[SECTION_FILES["a3"]]
    assert flat(aviation["measures_undertaken"]) == [
        "All sample airports screened hold baggage by 2010."
    ]


@pytest.mark.parametrize(
    ("line", "extra", "file", "key"),
    [
        # The question of A.1's measures undertaken, then a bullet on the same line.
        (59, " • A same-line measure about sample seals.", "a1", "measures_undertaken"),
        (59, ": A same-line measure about sample seals.", "a1", "measures_undertaken"),
        # LEADERS' AND MINISTERS' COMMITMENTS, then a commitment on the same line.
        (
            42,
            " • Implement the APEC Framework for Secure Trade (2005).",
            "a1",
            "commitments",
        ),
        # The closing heading, then an offer on the same line.
        (
            869,
            " • A same-line offer of sample training.",
            "report.yaml",
            "assistance_offer",
        ),
    ],
)
def test_content_on_the_line_of_a_heading_is_kept(
    tmp_path: Path, line: int, extra: str, file: str, key: str
) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].strip()  # the line numbers are the seed's
    parsed = parse(seed_with(line, extra), tmp_path)
    assert_nothing_lost(parsed)
    assert parsed.ledger.tally()["unplaced"] == 0
    data = parsed.documents[SECTION_FILES.get(file, file)]
    if key == "commitments":
        assert data["commitments"][0] == "a1-secure-trade-framework"
    elif key == "assistance_offer":
        assert "A same-line offer of sample training." in flat(data[key]["items"])
    else:
        assert "A same-line measure about sample seals." in flat(data[key])


def test_the_closing_heading_is_where_the_test_says(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[868].strip().upper().startswith("POSSIBLE ASSISTANCE")
    assert "LEADERS" in lines[41] and "MEASURES UNDERTAKEN" in lines[58]


def test_a_stray_windows_1252_byte_is_read_line_by_line(tmp_path: Path) -> None:
    raw = SEED.read_bytes()
    line = next(n for n, text in enumerate(raw.split(b"\n"), 1) if "Peña".encode() in text)
    raw = raw.replace("Uribe Peña".encode(), "Uribe Peña".encode("cp1252"))
    source = tmp_path / "report.txt"
    source.write_bytes(raw)
    parsed = import_file(source, CATALOGUE, "chile", 2020)
    notes = [(note.line, note.message) for note in parsed.notes if "Windows-1252" in note.message]
    assert notes == [(line, "this line is not UTF-8: read it as Windows-1252")]
    finance = parsed.documents[SECTION_FILES["b"]]
    assert any(c["name"] == "Karina Uribe Peña" for c in finance["contacts"])
    text = json.dumps(parsed.documents, ensure_ascii=False)
    assert "Ã" not in text and "\ufffd" not in text
    assert parsed.ledger.tally()["unplaced"] == 0


def test_thousands_of_long_wrapped_lines_import_whole(tmp_path: Path) -> None:
    """Joining continuation lines is linear: 4,000 long lines of one sentence come in whole."""
    long_line = "and the sample agency continued its made-up work on port security " * 4
    extra = "\n".join(f"{long_line.strip()} number {n}" for n in range(4000))
    text = seed_with(59, "\n· The measure begins here\n" + extra)
    with watchdog(60):
        parsed = parse(text, tmp_path)
    assert_nothing_lost(parsed)
    measures = flat(parsed.documents[SECTION_FILES["a1"]]["measures_undertaken"])
    joined = next(m for m in measures if m.startswith("The measure begins here"))
    assert joined.endswith("number 3999") and joined.count("number ") == 4000


def test_a_line_the_parser_loses_is_caught_kept_and_fails_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ledger does not trust the parser: a line dropped by a bug is found, kept, exit 1."""
    place = ReportParser._place

    def buggy(self: ReportParser, line: Any) -> None:
        if "Pacific Alliance" in line.text:
            return  # a bug: the line is neither placed nor recorded
        place(self, line)

    monkeypatch.setattr(ReportParser, "_place", buggy)
    root = tmp_path / "repo"
    for name in ("schema", "templates"):
        shutil.copytree(ROOT / name, root / name)
    ledger = tmp_path / "ledger.json"
    args = ["--root", str(root), "import", str(SEED), "chile", "2020", "--ledger", str(ledger)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert re.search(r"ledger: 438 lines: .*, [1-9]\d* lost", result.stderr)
    assert "ctt lost track of this text (a bug), kept as unplaced" in result.stderr
    kept = (root / "economies/chile/2020/report.yaml").read_text(encoding="utf-8")
    assert "Pacific Alliance" in kept
    data = json.loads(ledger.read_text(encoding="utf-8"))
    lost = [line for line in data["lines"] if line["kind"] == "lost"]
    assert lost and all("Pacific Alliance" in line["text"] for line in lost)


def test_the_ledger_file_lists_every_line(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for name in ("schema", "templates"):
        shutil.copytree(ROOT / name, root / name)
    ledger = tmp_path / "ledger.json"
    source = LAYOUTS / "peru-2010.txt"
    args = ["--root", str(root), "import", str(source), "peru", "2010", "--ledger", str(ledger)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "ledger: 25 lines: 12 placed, 13 template, 0 unplaced, 0 lost" in result.stderr
    data = json.loads(ledger.read_text(encoding="utf-8"))
    assert data["tally"] == {"placed": 12, "template": 13}
    assert [line["number"] for line in data["lines"]] == list(range(1, 26))
    placed = {line["text"]: line["where"] for line in data["lines"] if line["kind"] == "placed"}
    assert placed["· Join the made-up regional data exchange (2011)."[2:]] == [
        "a1-protect-cargo.yaml: measures_planned"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("April 2010", "2010-04"),
        ("Apr. 2010", "2010-04"),
        ("10/2020", "2020-10"),
        ("October 2020", "2020-10"),
        ("October, 2020", "2020-10"),
        ("Sept 2019", "2019-09"),
        ("15 October 2020", "2020-10-15"),
        ("2020-10", "2020-10"),
        ("30 February 2020", None),
        ("13/2020", None),
        ("Octobre 2020", None),
    ],
)
def test_month_dates(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


# Property: whatever lines are inserted wherever into the seed, none is ever lost.
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
SHAPES = st.sampled_from(
    [
        "{}",
        "· {}",
        "• {}",
        "o {}",
        "- {}",
        "{}:",
        "1. {}",
        "Name: {} Title: {}",
        "LEADERS’ AND MINISTERS’ COMMITMENTS {}",
        "MEASURES UNDERTAKEN SINCE LAST UPDATE TO IMPLEMENT COMMITMENTS • {}",
        "POSSIBLE ASSISTANCE AND EXPERTISE TO OFFER: {}",
        "A.1 Protect Cargo: {}",
        "ECONOMY: {}",
        "{} (2020 - 2021)",
        "{} (timeframe: 2022)",
    ]
)
WORDS = st.text(
    alphabet=st.characters(
        exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"), exclude_characters="\ufffd"
    ),
    min_size=1,
    max_size=60,
)
INSERTED = st.one_of(
    st.tuples(SHAPES, WORDS).map(lambda pair: pair[0].replace("{}", pair[1])),
    st.sampled_from([line for line in SEED_LINES if line.strip()]),
)


@given(
    inserts=st.lists(st.tuples(st.integers(0, len(SEED_LINES)), INSERTED), min_size=1, max_size=6)
)
@examples(40)
def test_inserted_lines_are_never_lost(
    inserts: list[tuple[int, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    lines = list(SEED_LINES)
    for where, text in sorted(inserts, reverse=True):
        lines.insert(where, text)
    parsed = parse("\n".join(lines), tmp_path_factory.mktemp("insert"))
    assert_nothing_lost(parsed)
