"""ctt import: the seed reproduces Chile 2020; the variants of real reports import the same."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import RunCtt
from paths import REPO_ROOT as ROOT
from seedcheck import SEED_LINES, html_text, kept_of, missing_lines

from ctt.authoring.importer import import_file
from ctt.authoring.importer.answers import timeframe_of
from ctt.authoring.importer.parse import parse_date
from ctt.catalogue.catalogue import load_catalogue
from ctt.store import yamlfile
from ctt.store.repo import Repository

SEED = ROOT / "tests/data/seed/chile-2020-ctap.txt"
CHILE = ROOT / "economies/chile/2020"
CATALOGUE = load_catalogue(Repository(ROOT))


def chile_data() -> dict[str, object]:
    return {p.name: yamlfile.load(p).data for p in sorted(CHILE.glob("*.yaml"))}


def imported(text: str, tmp_path: Path, name: str = "report.txt") -> dict[str, object]:
    source = tmp_path / name
    source.write_bytes(text.encode("utf-8"))
    return import_file(source, CATALOGUE, "chile", 2020).documents


def test_the_seed_reproduces_chile_2020(bare_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(bare_repo, "import", str(SEED), "chile", "2020")
    assert run.exit_code == 0, run.stderr
    written = bare_repo / "economies/chile/2020"
    assert sorted(p.name for p in written.iterdir()) == sorted(p.name for p in CHILE.iterdir())
    for path in CHILE.iterdir():
        assert (written / path.name).read_text(encoding="utf-8") == path.read_text(
            encoding="utf-8"
        ), path.name
    assert "skipped a Word comment" in run.stderr and "skipped an empty bullet" in run.stderr
    run = run_ctt(bare_repo, "validate", "chile", "2020")
    assert run.exit_code == 0


def test_import_never_overwrites_without_force(bare_repo: Path, run_ctt: RunCtt) -> None:
    assert run_ctt(bare_repo, "import", str(SEED), "chile", "2020").exit_code == 0
    report = bare_repo / "economies/chile/2020/a1-protect-cargo.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "# my edit\n", encoding="utf-8")
    run = run_ctt(bare_repo, "import", str(SEED), "chile", "2020")
    assert run.exit_code == 2
    assert "already holds a report" in run.stderr and "--force" in run.stderr
    assert report.read_text(encoding="utf-8").endswith("# my edit\n")
    run = run_ctt(bare_repo, "import", str(SEED), "chile", "2020", "--force")
    assert run.exit_code == 0
    assert not report.read_text(encoding="utf-8").endswith("# my edit\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "nosuch.txt", "chile", "2020"], "no such file"),
        (["import", str(SEED), "atlantis", "2020"], "unknown economy 'atlantis'"),
        (["import", str(SEED), "chile", "20"], "'20' is not a year"),
    ],
)
def test_import_misuse_exits_2(
    bare_repo: Path, args: list[str], message: str, run_ctt: RunCtt
) -> None:
    run = run_ctt(bare_repo, *args)
    assert run.exit_code == 2
    assert message in run.output
    assert not (bare_repo / "economies").exists()


def test_crlf_line_ends(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    assert imported(text, tmp_path) == chile_data()


@pytest.mark.parametrize("glyph", ["•", "-", "o", "▪"])
def test_other_bullet_glyphs(glyph: str, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("·", glyph)
    assert imported(text, tmp_path) == chile_data()


def test_tabs_from_table_cells_and_spaces(tmp_path: Path) -> None:
    text = re.sub(r"^· ", "\t\t·\t", SEED.read_text(encoding="utf-8"), flags=re.M)
    assert imported(text, tmp_path) == chile_data()


def test_lines_broken_mid_sentence(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    measure = "· Exchange of information on threats to civil aviation security."
    assert measure in seed
    text = seed.replace(
        measure, "· Exchange of information on threats\nto civil aviation security."
    )
    assert imported(text, tmp_path) == chile_data()


def test_older_header_block_and_headings(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    header = (
        "APEC COUNTER-TERRORISM ACTION PLAN\n\nECONOMY: Chile\nCALENDAR YEAR: 2020\n"
        "LAST UPDATED: 15 October 2020\n\n"
    )
    text = header + seed
    text = text.replace("\nA.1 Protect Cargo:\n\nContact", "\nProtecting Cargo:\n\nContact")
    text = text.replace(
        "B.  HALTING TERRORIST FINANCING:\n\nContact", "HALTING TERRORIST FINANCING:\n\nContact"
    )
    assert "Protecting Cargo:" in text and "\nHALTING TERRORIST FINANCING:" in text
    data = imported(text, tmp_path)
    expected = chile_data()
    assert isinstance(data["report.yaml"], dict) and isinstance(expected["report.yaml"], dict)
    assert data["report.yaml"].pop("last_updated") == "2020-10-15"
    expected["report.yaml"].pop("last_updated")
    assert data == expected


def test_text_it_cannot_place_is_kept_and_reported(
    bare_repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    seed = SEED.read_text(encoding="utf-8")
    stray = "A note the template has no place for."
    text = seed.replace(
        "A. ENHANCING THE SECURE FLOW OF TRADE AND PEOPLE IN THE APEC REGION\n",
        "A. ENHANCING THE SECURE FLOW OF TRADE AND PEOPLE IN THE APEC REGION\n\n" + stray + "\n",
    )
    source = tmp_path / "with-stray.txt"
    source.write_text(text, encoding="utf-8")
    run = run_ctt(bare_repo, "import", str(source), "chile", "2020")
    assert run.exit_code == 0
    assert stray in run.stderr and "could not place" in run.stderr
    header = (bare_repo / "economies/chile/2020/report.yaml").read_text(encoding="utf-8")
    assert f"unplaced:\n  - {stray}\n" in header
    run = run_ctt(bare_repo, "validate", "chile", "2020")
    assert run.exit_code == 0 and "[unplaced]" in run.stdout
    run = run_ctt(bare_repo, "validate", "--strict", "chile", "2020")
    assert run.exit_code == 1


@pytest.mark.parametrize(
    ("text", "timeframe"),
    [
        ("Develop a new Cybersecurity and ICI Law (2020 - 2021)", "2020 - 2021"),
        ("Establish working groups (2020-2021)", "2020 - 2021"),
        ("Implement the ABC systems in 2021.", "2021"),
        ("Complete the study by 2021", "2021"),
        ("Pilot projects during 2020 and the years that follow.", "2020 onwards"),
        ("Hold a workshop (2022).", "2022"),
        ("Keep training instructors in Central America.", None),
    ],
)
def test_timeframes(text: str, timeframe: str | None) -> None:
    assert timeframe_of(text) == timeframe


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2020-10-15", "2020-10-15"),
        ("15 October 2020", "2020-10-15"),
        ("October 15, 2020", "2020-10-15"),
        ("15/10/2020", "2020-10-15"),
        ("sometime in 2020", None),
        ("31/13/2020", None),
    ],
)
def test_dates(text: str, date: str | None) -> None:
    assert parse_date(text) == date


def test_commitments_match_despite_punctuation_quotes_and_years() -> None:
    variants = [
        "Support International Civil Aviation Organization (ICAO) mandatory aviation security "
        "audits (2002 - 2009)",
        "support international civil aviation organization ICAO mandatory aviation security audits",
        "Support  International Civil Aviation\nOrganization (ICAO) mandatory aviation security "
        "audits (2002, 2009).",
    ]
    for text in variants:
        found = CATALOGUE.match_commitment(text, "a3")
        assert found is not None and found.id == "a3-icao-security-audits"
    assert CATALOGUE.match_commitment("Screening Procedures", "a3") is None


def test_chile_docx_imports_back_to_the_same_report(
    bare_repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    shutil.copytree(CHILE, bare_repo / "economies/chile/2020")
    out = tmp_path / "out"
    run = run_ctt(bare_repo, "render", "chile", "2020", "--format", "docx", "--out", str(out))
    assert run.exit_code == 0, run.stderr
    shutil.rmtree(bare_repo / "economies")
    run = run_ctt(bare_repo, "import", str(out / "chile-2020.docx"), "chile", "2020")
    assert run.exit_code == 0, run.stderr
    assert "could not place" not in run.stderr
    written = bare_repo / "economies/chile/2020"
    assert {p.name: yamlfile.load(p).data for p in written.glob("*.yaml")} == chile_data()


@pytest.mark.parametrize("source", ["seed", "docx"])
def test_every_seed_line_survives_the_import(
    source: str, bare_repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    """Imported from the seed, or from the .docx ctt renders, the report holds every line."""
    path = SEED
    if source == "docx":
        shutil.copytree(CHILE, bare_repo / "economies/chile/2020")
        run = run_ctt(
            bare_repo, "render", "chile", "2020", "--format", "docx", "--out", str(tmp_path)
        )
        assert run.exit_code == 0, run.stderr
        shutil.rmtree(bare_repo / "economies")
        path = tmp_path / "chile-2020.docx"
    assert run_ctt(bare_repo, "import", str(path), "chile", "2020").exit_code == 0
    out = tmp_path / "html"
    run = run_ctt(bare_repo, "render", "chile", "2020", "--format", "html", "--out", str(out))
    assert run.exit_code == 0, run.stderr
    seed = SEED.read_text(encoding="utf-8")
    text = html_text((out / "chile-2020.html").read_text(encoding="utf-8"))
    assert kept_of(seed, text) == (SEED_LINES, SEED_LINES), missing_lines(seed, text)


def test_a_word_document_in_the_template_layout(tmp_path: Path) -> None:
    """A .docx as economies write them: paragraphs, tables for the tab-indented cells."""
    import docx

    document = docx.Document()
    table = None
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        text = raw.strip()
        if not text:
            continue
        bullet = text.startswith("·")
        body = text.lstrip("·").strip()
        style = "List Bullet" if bullet else None
        if raw.startswith("\t"):  # a cell of the template's table
            table = table or document.add_table(rows=0, cols=1)
            cell = table.add_row().cells[0]
            cell.paragraphs[0].text = body
            if style:
                cell.paragraphs[0].style = document.styles[style]
        else:
            table = None
            document.add_paragraph(body, style=style)
    source = tmp_path / "chile-2020.docx"
    document.save(str(source))
    data = import_file(source, CATALOGUE, "chile", 2020).documents
    assert data == chile_data()


def test_a_broken_docx_is_refused(bare_repo: Path, tmp_path: Path, run_ctt: RunCtt) -> None:
    source = tmp_path / "broken.docx"
    source.write_bytes(b"PK\x03\x04 not really a zip")
    run = run_ctt(bare_repo, "import", str(source), "chile", "2020")
    assert run.exit_code == 2
    assert "not a Word .docx document" in run.stderr
    assert not (bare_repo / "economies").exists()
