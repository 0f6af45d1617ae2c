"""ctt render --format docx: a real Word document, read back with python-docx and LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from conftest import RunCtt, _run_ctt
from docx.document import Document
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from paths import SEED
from seedcheck import SEED_LINES, kept_of, missing_lines

from ctt.catalogue.catalogue import load_catalogue
from ctt.render.docx.document import render_docx
from ctt.render.docx.styles import page_field
from ctt.report.load import load_report
from ctt.report.model import Item, Report
from ctt.store.repo import Repository

PILLARS = [
    "A. Enhancing the Secure Flow of Trade and People in the APEC Region",
    "B. Halting Terrorist Financing",
    "C. Promoting Cyber Security",
]
SECTIONS = [
    "A.1 Protect Cargo",
    "A.2 Protect Port Facilities and Ships Engaged in International Voyages",
    "A.3 Protect International Aviation",
    "A.4 Protect People in Transit",
    "A.5 Combat Threats to Security",
]
COMMITMENTS_ROW = "Leaders\u2019 and Ministers\u2019 commitments"


def render(root: Path, *args: str) -> Path:
    run = _run_ctt(root, "render", "chile", "2020", "--format", "docx", *args)
    assert run.exit_code == 0, run.output
    return root / "build" / "chile-2020.docx"


def chile_report(root: Path) -> Report:
    repo = Repository(root)
    catalogue = load_catalogue(repo)
    report, _ = load_report(repo, catalogue, repo.report("chile", 2020))
    return report


def paragraphs(document: Document) -> Iterator[Paragraph]:
    """Every paragraph in reading order, those in table cells included."""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        else:
            yield block


def text_of(document: Document) -> str:
    return "\n".join(p.text for p in paragraphs(document))


def styled(document: Document, style: str) -> list[str]:
    return [p.text for p in paragraphs(document) if p.style is not None and p.style.name == style]


@pytest.fixture
def chile_docx(chile_repo: Path) -> Document:
    return docx.Document(str(render(chile_repo)))


def test_headings_follow_the_template(chile_docx: Document) -> None:
    headings = styled(chile_docx, "Heading 1")
    assert headings == [
        "Executive summary",
        *PILLARS,
        "Possible assistance and expertise to offer",
    ]
    assert styled(chile_docx, "Heading 2") == SECTIONS  # B and C: the pillar is the section
    assert styled(chile_docx, "Title") == ["APEC Counter-Terrorism Action Plan"]


def test_questions_are_shaded_rows_in_tables(chile_docx: Document) -> None:
    question = chile_docx.styles["CTAP Question"]
    fill = question.element.xpath("w:pPr/w:shd/@w:fill")
    assert fill == ["D9E2F3"], "the shading belongs to the style, not to cells"
    assert question.font.bold
    rows = styled(chile_docx, "CTAP Question")
    assert rows.count(COMMITMENTS_ROW) == 7
    assert rows.count("MEASURES UNDERTAKEN SINCE LAST UPDATE TO IMPLEMENT COMMITMENTS") == 7
    assert any(r.startswith("PLEASE DESCRIBE THE APEC CAPACITY BUILDING") for r in rows)
    assert rows[0].startswith("1. Summary of main achievements")
    in_cells = {
        p.text for t in chile_docx.tables for r in t.rows for c in r.cells for p in c.paragraphs
    }
    assert set(rows) <= in_cells
    assert {t.style.name for t in chile_docx.tables if t.style is not None} == {"CTAP Table"}
    assert not chile_docx.element.xpath("//w:tcPr/w:shd"), "no direct cell shading"


def test_answers_are_real_bullet_lists(chile_docx: Document) -> None:
    first = styled(chile_docx, "List Bullet")
    assert "Implement the APEC Framework for Secure Trade (2005)." in first
    assert "Hand luggage (some have TRS systems)" in styled(chile_docx, "List Bullet 3")
    assert styled(chile_docx, "List Bullet 2")
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3", "List Bullet 4"):
        style = chile_docx.styles[name]
        while style is not None and not style.element.xpath("w:pPr/w:numPr"):
            style = style.base_style
        assert style is not None, f"{name} is not a numbered (bulleted) style"
    groups = styled(chile_docx, "CTAP Group Heading")
    assert any(g.startswith("Introduce highly effective baggage screening") for g in groups)
    assert "Regulatory references" in styled(chile_docx, "CTAP Group Heading 2")
    assert chile_docx.styles["CTAP Group Heading 2"].font.bold


def test_empty_answers_and_contacts_are_visible(chile_docx: Document) -> None:
    assert "Nothing reported." in styled(chile_docx, "CTAP Empty")
    labels = styled(chile_docx, "CTAP Label")
    assert labels[:3] == ["Economy", "Calendar year", "Last updated"]
    assert "A.1 Protect Cargo:" in labels and "Telephone Number" in labels
    contacts = styled(chile_docx, "CTAP Contact")
    assert "Emergency Aviation Security Point of Contact" in contacts
    assert contacts[-1] == "Contact Point for Assistance and Expertise not included above"
    text = text_of(chile_docx)
    assert "Carlos A. Escudero Collante" in text and "cescudero@aduana.cl" in text


def test_footer_numbers_the_pages(chile_docx: Document) -> None:
    footer = chile_docx.sections[0].footer
    assert not footer.is_linked_to_previous
    instructions = footer._element.xpath(".//w:fldSimple/@w:instr")
    assert any(i.split() == ["PAGE"] for i in instructions)


def test_properties_are_fixed(chile_docx: Document) -> None:
    props = chile_docx.core_properties
    assert props.title == "APEC Counter-Terrorism Action Plan: Chile 2020"
    assert props.created == props.modified == dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    assert props.revision == 1
    assert props.last_modified_by == ""


def test_render_is_byte_for_byte_repeatable(chile_repo: Path) -> None:
    first = render(chile_repo).read_bytes()
    second = render(chile_repo).read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert infos[0].filename == "[Content_Types].xml"


def test_every_seed_line_is_in_the_document(chile_docx: Document) -> None:
    seed, text = SEED.read_text(encoding="utf-8"), text_of(chile_docx)
    assert kept_of(seed, text) == (SEED_LINES, SEED_LINES), missing_lines(seed, text)


def add_items(root: Path, yaml_lines: str) -> None:
    path = root / "economies/chile/2020/c-promoting-cyber-security.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.endswith("cybersecurity.\n")
    path.write_text(text + yaml_lines, encoding="utf-8")


def test_timeframe_note_ends_the_item(chile_repo: Path) -> None:
    add_items(chile_repo, '  - text: "Zebra *drill* <b>now</b>"\n    timeframe: by 2031\n')
    document = docx.Document(str(render(chile_repo)))
    [paragraph] = [p for p in paragraphs(document) if p.text.startswith("Zebra")]
    assert paragraph.text == "Zebra *drill* <b>now</b> (timeframe: by 2031)"
    assert paragraph.style is not None and paragraph.style.name == "List Bullet"
    suffix = paragraph.runs[-1]
    assert suffix.text == " (timeframe: by 2031)"
    assert suffix.style is not None and suffix.style.name == "CTAP Timeframe"


def nested_items(depth: int) -> str:
    """YAML for one item nested `depth` levels deep, each level's text saying its depth."""
    lines = []
    for level in range(depth):
        pad = " " * (2 + 4 * level)
        lines.append(f"{pad}- text: level {level + 1}")
        if level < depth - 1:
            lines.append(f"{pad}  items:")
    return "\n".join(lines) + "\n"


def test_deep_nesting_clamps_to_list_bullet_5(chile_repo: Path) -> None:
    add_items(chile_repo, nested_items(7).replace("- text: level 4", "- heading: level 4"))
    document = docx.Document(str(render(chile_repo)))
    levels = {p.text: p.style.name for p in paragraphs(document) if p.text.startswith("level ")}
    assert levels["level 1"] == "List Bullet"
    assert levels["level 3"] == "List Bullet 3"
    assert levels["level 4"] == "CTAP Group Heading 4"
    assert levels["level 5"] == levels["level 7"] == "List Bullet 5"


def test_text_word_cannot_hold_is_replaced_not_fatal(chile_repo: Path, run_ctt: RunCtt) -> None:
    # `ctt render` refuses such text ([hidden-character]); the library still copes with it.
    report = chile_report(chile_repo)
    add_items(chile_repo, '  - "bell \\a here"\n')
    run = run_ctt(chile_repo, "render", "chile", "2020", "--format", "docx")
    assert run.exit_code == 1 and "[hidden-character]" in run.output, run.output
    assert isinstance(report.sections[-1].answers[-1].items[-1], Item)
    report.sections[-1].answers[-1].items[-1].text = "bell \a here"
    text = text_of(docx.Document(io.BytesIO(render_docx(report))))
    assert "bell \ufffd here" in text


def make_reference(path: Path, strip_lists: bool = False) -> None:
    """An economy's own template: Courier New body text and an italic first bullet level."""
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Courier New"
    reference.styles["Normal"].font.size = Pt(13)
    reference.styles["List Bullet"].font.italic = True
    reference.add_paragraph("Draft: to be replaced")
    if strip_lists:
        for name in ("List Bullet", "List Bullet 2", "List Bullet 3"):
            reference.styles[name].delete()
        numbering = reference.part.numbering_part
        for rel_id, rel in list(reference.part.rels.items()):
            if rel.target_part is numbering:
                reference.part.drop_rel(rel_id)
    reference.save(str(path))


def test_reference_docx_gives_the_styles(chile_repo: Path, tmp_path: Path) -> None:
    reference = tmp_path / "ours.docx"
    make_reference(reference)
    document = docx.Document(str(render(chile_repo, "--reference-docx", str(reference))))
    normal = document.styles["Normal"]
    assert normal.font.name == "Courier New" and normal.font.size == Pt(13)
    assert document.styles["List Bullet"].font.italic
    for name in ("CTAP Question", "CTAP Group Heading", "CTAP Table", "List Bullet 5"):
        assert name in document.styles
    text = text_of(document)
    assert "Draft: to be replaced" not in text
    assert "Carlos A. Escudero Collante" in text


def test_reference_without_list_styles_gets_them(chile_repo: Path, tmp_path: Path) -> None:
    reference = tmp_path / "plain.docx"
    make_reference(reference, strip_lists=True)
    with zipfile.ZipFile(reference) as archive:
        assert "word/numbering.xml" not in archive.namelist()
    output = render(chile_repo, "--reference-docx", str(reference))
    document = docx.Document(str(output))
    style = document.styles["List Bullet 2"]
    [num_id] = style.element.xpath("w:pPr/w:numPr/w:numId/@w:val")
    numbering = document.part.numbering_part.element
    assert numbering.xpath(f"w:num[@w:numId='{num_id}']")
    assert styled(document, "List Bullet 2")


def test_reference_footer_with_page_numbers_is_kept(chile_repo: Path, tmp_path: Path) -> None:
    reference = docx.Document()
    footer = reference.sections[0].footer
    footer.paragraphs[0].text = "Ministry of Foreign Affairs - page "
    footer.paragraphs[0]._p.append(page_field("PAGE"))
    reference.save(str(tmp_path / "footer.docx"))
    document = docx.Document(
        str(render(chile_repo, "--reference-docx", str(tmp_path / "footer.docx")))
    )
    footer = document.sections[0].footer
    assert [p.text for p in footer.paragraphs] == ["Ministry of Foreign Affairs - page "]
    assert len(footer._element.xpath(".//w:fldSimple")) == 1


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (None, ["--reference-docx", "missing.docx"], "no such file"),
        (None, ["--reference-docx", "{folder}"], "not a file"),
        ("text", ["--reference-docx", "{file}"], "not a Word .docx document"),
        ("zip", ["--reference-docx", "{file}"], "not a Word .docx document"),
        ("docx", ["--format", "md", "--reference-docx", "{file}"], "docx format only"),
    ],
)
def test_bad_reference_docx_exits_2(
    chile_repo: Path,
    tmp_path: Path,
    make: str | None,
    args: list[str],
    message: str,
    run_ctt: RunCtt,
) -> None:
    file = tmp_path / "reference.docx"
    if make == "text":
        file.write_text("not a document", encoding="utf-8")
    elif make == "zip":
        with zipfile.ZipFile(file, "w") as archive:
            archive.writestr("hello.txt", "a zip, but not a Word document")
    elif make == "docx":
        make_reference(file)
    args = [a.format(file=file, folder=tmp_path) for a in args]
    run = run_ctt(chile_repo, "render", "chile", "2020", *args)
    assert run.exit_code == 2
    assert message in run.output
    assert len(run.output.strip().splitlines()) == 1
    assert not (chile_repo / "build").exists()


def pdf_text(pdf: Path) -> str:
    """The PDF's text as pdftotext reads it, without page footers and bullet glyphs."""
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    text = re.sub(r"(?m)^Page \d+ of \d+$", "", text)
    return re.sub("[\uf0b7\u2022]", " ", text)


def joined_hyphens(text: str) -> str:
    """Lines break after a hyphen ("(2020-" / "2021)"): compare with no space after hyphens."""
    return re.sub(r"-[ \t\n]+", "-", text)


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")) and not os.environ.get("CI"),
    reason="LibreOffice (soffice) or pdftotext is not installed (CI installs them)",
)
def test_libreoffice_pdf_holds_every_seed_line(chile_repo: Path, tmp_path: Path) -> None:
    source = render(chile_repo)
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            *("soffice", f"-env:UserInstallation={profile}", "--headless"),
            *("--convert-to", "pdf", "--outdir", str(out), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = pdf_text(out / "chile-2020.pdf")
    assert "APEC COUNTER-TERRORISM ACTION PLAN" in text
    seed, text = joined_hyphens(SEED.read_text(encoding="utf-8")), joined_hyphens(text)
    assert kept_of(seed, text) == (SEED_LINES, SEED_LINES), missing_lines(seed, text)
