"""ctt import FILE.pdf: our own renderings printed to PDF, and made-up reports in other layouts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import RunCtt, _run_ctt
from markdown_it import MarkdownIt
from paths import REPO_ROOT as ROOT
from paths import SEED
from pdfmake import LEFT, RIGHT, Typesetter
from seedcheck import ARTEFACTS, content_lines, html_text, missing_lines, norm

from ctt.authoring.importer import import_file
from ctt.authoring.importer.pdf_layout import read_pages
from ctt.authoring.importer.pdf_lines import pdf_source
from ctt.catalogue.catalogue import load_catalogue
from ctt.render.render import FORMAT_BY_NAME
from ctt.report.load import load_report
from ctt.store import yamlfile
from ctt.store.repo import Repository

CATALOGUE = load_catalogue(Repository(ROOT))
QUESTIONS = {q.key: q.text for q in CATALOGUE.questions}
SUMMARY = CATALOGUE.summary_questions
COMMITMENTS = [c.text for c in CATALOGUE.commitments_of("a2")]
# Switch on when parse_date reads a month ("January 2014" -> "2014-01"; the lead's parser fix).


def needs(tool: str) -> None:
    """Skip without the tool, except in CI, where it must be there (and the test fails)."""
    if shutil.which(tool) is None and not os.environ.get("CI"):
        pytest.skip(f"{tool} is not installed (CI installs it)")


def new_repo(root: Path, *economies: str) -> Path:
    for name in ("schema", "templates"):
        shutil.copytree(ROOT / name, root / name)
    for economy in economies:
        shutil.copytree(ROOT / "economies" / economy, root / "economies" / economy)
    return root


def written(root: Path, economy: str, year: int) -> dict[str, Any]:
    folder = root / "economies" / economy / str(year)
    return {p.name: yamlfile.load(p).data for p in sorted(folder.glob("*.yaml"))}


def ledger_is_complete(pdf: Path) -> None:
    """Every line of every page is in a Line or accounted for, none twice over."""
    raw = pdf.read_bytes()
    total = sum(len(page.lines()) for page in read_pages(pdf, raw))
    source = pdf_source(pdf, raw)
    placed = [n for line in source.lines for n in line.numbers]
    accounted = [entry.number for entry in source.accounted]
    assert not set(placed) & set(accounted)
    assert set(placed) | set(accounted) == set(range(1, total + 1))
    ledger = import_file(pdf, CATALOGUE, "chile", 2020).ledger
    assert sum(ledger.tally().values()) == total and ledger.tally()["lost"] == 0


# (a) and (b): Chile's report rendered by ctt, printed to PDF by LibreOffice and by Chromium.
def rendered(tmp_path: Path, fmt: str) -> Path:
    root = new_repo(tmp_path / "render", "chile")
    run = _run_ctt(root, "render", "chile", "2020", "--format", fmt, "--out", str(tmp_path))
    assert run.exit_code == 0, run.stderr
    return tmp_path / f"chile-2020.{fmt}"


def libreoffice_pdf(tmp_path: Path) -> Path:
    needs("soffice")
    source = rendered(tmp_path, "docx")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            *("soffice", f"-env:UserInstallation={profile}", "--headless"),
            *("--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return tmp_path / "pdf" / "chile-2020.pdf"


def chromium_pdf(tmp_path: Path) -> Path:
    needs("chromium")
    source = rendered(tmp_path, "html")
    out = tmp_path / "chile-2020.pdf"
    subprocess.run(
        [
            *("chromium", "--headless", "--no-sandbox", "--disable-gpu"),
            *(f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--print-to-pdf={out}"),
            source.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def assert_imports_chile(pdf: Path, tmp_path: Path) -> float:
    """The acceptance checks; returns the share of the seed's content lines found."""
    root = new_repo(tmp_path / "import")
    run = _run_ctt(root, "import", str(pdf), "chile", "2020")
    assert run.exit_code == 0, run.stderr
    assert run.stderr.count("running head/foot") == 1, run.stderr
    assert _run_ctt(root, "validate", "chile", "2020").exit_code == 0
    data = written(root, "chile", 2020)
    assert all("unplaced" not in document for document in data.values())
    head = data["report.yaml"]
    contacts = head["assistance_offer"]["contacts"] + [
        contact
        for name, document in data.items()
        if name != "report.yaml"
        for contact in document["contacts"]
    ]
    assert len(contacts) == 15 and all(contact["name"] for contact in contacts)
    summary = head["executive_summary"]
    assert not any(summary["achievements"].values())
    assert summary["forward_work_programme"] == summary["capacity_building_needs"] == []
    repo = Repository(root)
    report, _ = load_report(repo, CATALOGUE, repo.report("chile", 2020))
    markdown = FORMAT_BY_NAME["md"].render(report, repo).decode("utf-8")
    text = html_text(MarkdownIt("commonmark").enable("table").render(markdown))
    seed = SEED.read_text(encoding="utf-8")
    wanted = [line for line in content_lines(seed) if norm(line) not in ARTEFACTS]
    missing = missing_lines(seed, text)
    share = 1 - len(missing) / len(wanted)
    assert missing == [] and len(wanted) == 436  # every line of the seed, not only 99%
    # and the report as it was: nesting, groups and items whole across page breaks and the
    # questions a browser repeats over them
    assert data == written(ROOT, "chile", 2020)
    ledger_is_complete(pdf)
    return share


def test_libreoffice_pdf_of_our_docx_imports(tmp_path: Path) -> None:
    assert_imports_chile(libreoffice_pdf(tmp_path), tmp_path)


def test_chromium_pdf_of_our_html_imports(tmp_path: Path) -> None:
    assert_imports_chile(chromium_pdf(tmp_path), tmp_path)


# (c) Made-up reports of other economies, in the layouts of older reports.
PORT_HEADING = "A.2 PROTECT PORT FACILITIES AND SHIPS ENGAGED IN\nINTERNATIONAL VOYAGES:"
GROUP = "Maritime security"
PARENT = (
    "The Coast Guard reviewed the security plans of 3,100 port facilities and 11,000 vessels "
    "calling at ports of the United States, and verified their implementation on site."
)
CHILDREN = [
    "Inspections of foreign ports under the International Port Security Program.",
    "Training for port secu-\nrity officers of six partner economies.",
]
OTHERS = [
    ("▪", "Square bullets for one more measure of the ports programme."),
    ("-", "A dash before a measure typed by hand."),
    ("·", "A middle dot before the last measure of the list."),
]
PLANNED = "Extend the Container Security Initiative to two more ports (2014 - 2015)."
FORWARD = "Host a regional workshop on supply chain security in 2014."
ACROSS = (
    "The United States took part in the APEC workshop on the security of ports and ships held "
    "in Manila, where its experts presented the risk assessment methods of the Coast Guard and "
    "shared the lessons of ten years of port inspections with the officials of the other "
    "economies, who asked for a second workshop in the next year."
)
EXPERTISE = "Training in port facility security assessments."
COVER = {
    "symbol": "2014/SOM1/CTWG/015",
    "agenda_item": "5",
    "title": "Counter-Terrorism Action Plan: United States",
    "purpose": "Information",
    "submitted_by": "United States",
    "meeting": "2nd Counter-Terrorism Working Group Meeting",
    "venue": "Ningbo, China",
    "dates": "24-25 February 2014",
}


def united_states_pdf(path: Path) -> Path:
    """Cover page, one-line header, running heads, wrapped heading, bullets of many glyphs."""
    ts = Typesetter(
        head=lambda n: "" if n == 1 else COVER["symbol"],
        foot=lambda n: "" if n == 1 else f"Page {n} of {{nb}}",
    )
    ts.font()
    symbol_width = ts.pdf.get_string_width(COVER["symbol"])
    ts.line(RIGHT - symbol_width, COVER["symbol"])
    ts.line(RIGHT - 80, f"Agenda Item: {COVER['agenda_item']}")
    ts.y += 120
    ts.para("Counter-Terrorism Action Plan:", bold=True, size=18, x=LEFT + 80)
    ts.para("United States", bold=True, size=18, x=LEFT + 80)
    ts.y += 60
    ts.para(f"Purpose: {COVER['purpose']}")
    ts.para(f"Submitted by: {COVER['submitted_by']}")
    ts.y += 200
    for key in ("meeting", "venue", "dates"):
        ts.line(LEFT + 200, COVER[key])
    ts.new_page()
    ts.para("APEC COUNTER-TERRORISM ACTION PLAN", bold=True, size=14)
    ts.para("ECONOMY: United States CALENDAR YEAR: 2013 LAST UPDATED: January 2014")
    ts.para("EXECUTIVE SUMMARY", bold=True)
    ts.para(f"2. {SUMMARY['forward_work_programme']}", bold=True)
    ts.bullet(FORWARD)
    ts.para("A. ENHANCING THE SECURE FLOW OF TRADE AND PEOPLE IN THE APEC REGION", bold=True)
    ts.para(PORT_HEADING, bold=True)
    ts.para(
        "Contact Point: Name: Jane Roe Title: Director, Office of Port Security, Department of "
        "Transportation Telephone Number: +1 202 555 0100 Fax Number: Email Address: "
        "jane.roe@example.gov"
    )
    ts.para("LEADERS’ AND MINISTERS’ COMMITMENTS", bold=True)
    for commitment in COMMITMENTS[:2]:
        ts.bullet(commitment)
    ts.para(QUESTIONS["measures_undertaken"], bold=True)
    ts.para(GROUP, bold=True)
    ts.bullet(PARENT)
    for child in CHILDREN:
        ts.bullet(child, "o", level=2)
    for glyph, text in OTHERS:
        ts.bullet(text, glyph)
    ts.para(QUESTIONS["measures_planned"], bold=True)
    ts.bullet(PLANNED, "•")
    ts.para(QUESTIONS["capacity_building_activities"], bold=True)
    ts.page_end(2)
    ts.para(ACROSS)
    ts.para(QUESTIONS["expertise_offered"], bold=True)
    ts.bullet(EXPERTISE, "\u25aa")
    return ts.output(path)


def items_of(answer: list[Any]) -> list[str]:
    """Every text and heading of an answer, nested ones too."""
    texts = []
    for item in answer:
        if isinstance(item, str):
            texts.append(item)
        else:
            texts.append(item.get("text") or item.get("heading") or "")
            texts.extend(items_of(item.get("items", [])))
    return texts


def test_made_up_report_in_an_older_layout(tmp_path: Path, run_ctt: RunCtt) -> None:
    pdf = united_states_pdf(tmp_path / "us-2013.pdf")
    root = new_repo(tmp_path / "repo")
    run = run_ctt(root, "import", str(pdf), "united-states", "2013")
    assert run.exit_code == 0, run.stderr
    assert (
        run.stderr.count("running head/foot") == 1
        and "dropped 4 running head/foot line(s)" in run.stderr
    ), run.stderr
    data = written(root, "united-states", 2013)
    head = data["report.yaml"]
    assert head["source_document"] == COVER
    assert list(head)[:5] == [
        "economy",
        "year",
        "last_updated",
        "source_document",
        "executive_summary",
    ]
    assert head["executive_summary"]["forward_work_programme"] == [FORWARD]
    a2 = data["a2-protect-port-facilities-and-ships.yaml"]
    assert a2["contacts"] == [
        {
            "name": "Jane Roe",
            "title": "Director, Office of Port Security, Department of Transportation",
            "telephone": "+1 202 555 0100",
            "email": "jane.roe@example.gov",
        }
    ]
    children = [child.replace("-\n", "") for child in CHILDREN]
    assert a2["measures_undertaken"] == [
        {
            "heading": GROUP,
            "items": [
                {"text": PARENT, "items": children},
                *(text for _, text in OTHERS),
            ],
        }
    ]
    assert a2["measures_planned"] == [{"text": PLANNED, "timeframe": "2014 - 2015"}]
    assert a2["capacity_building_activities"] == [ACROSS]
    assert a2["expertise_offered"] == [EXPERTISE]
    everything = str(data)
    assert "Page 2" not in everything and "Agenda Item" not in everything
    assert head["last_updated"] == "2014-01" and "unplaced" not in head
    ledger_is_complete(pdf)


def test_source_document_is_shown_in_every_format(tmp_path: Path, run_ctt: RunCtt) -> None:
    pdf = united_states_pdf(tmp_path / "us-2013.pdf")
    root = new_repo(tmp_path / "repo")
    assert run_ctt(root, "import", str(pdf), "united-states", "2013").exit_code == 0
    line = (
        "2014/SOM1/CTWG/015, submitted by United States to the 2nd Counter-Terrorism Working "
        "Group Meeting, Ningbo, China, 24-25 February 2014"
    )
    out = tmp_path / "out"
    for fmt in ("md", "html", "docx"):
        run = run_ctt(root, "render", "united-states", "2013", "--format", fmt, "--out", str(out))
        assert run.exit_code == 0, run.stderr
    assert f"| **Source document** | {line} |" in (out / "united-states-2013.md").read_text()
    html = (out / "united-states-2013.html").read_text(encoding="utf-8")
    assert f"<tr><th>Source document</th><td>{line}</td></tr>" in html
    import docx

    table = docx.Document(str(out / "united-states-2013.docx")).tables[0]
    assert [cell.text for cell in table.rows[-1].cells] == ["Source document", line]


B_COMMITMENTS = [c.text for c in CATALOGUE.commitments_of("b")]
ROLE = "Financial Intelligence Unit Contact Point"
NESTED = {
    "Amendments to the Law on Anti-Money Laundering were passed in 2015.": [
        "Customer due diligence for transfers above the threshold.",
        "Reporting of suspicious transactions within one working day.",
    ],
    "Supervisors of banks and money changers trained 420 compliance officers.": [],
}
DASHED = "Viet Nam joined the Egmont Group of financial intelligence units."
ACTIVITIES = "Workshop on targeted financial sanctions, Jakarta, June 2015."


def viet_nam_pdf(path: Path) -> Path:
    """The template's ruled tables: header, contact and question rows, bullets in cells."""
    ts = Typesetter(
        head=lambda n: "APEC Counter-Terrorism Action Plan – Viet Nam",
        foot=lambda n: str(n),
    )
    ts.para("APEC COUNTER-TERRORISM ACTION PLAN", bold=True, size=14)
    for label, value in (
        ("ECONOMY:", "Viet Nam"),
        ("CALENDAR YEAR:", "2015"),
        ("LAST UPDATED:", "15 March 2016"),
    ):
        ts.row([label, value], [130, RIGHT - LEFT - 130], bold=True)
    ts.y += 10
    ts.para("B. HALTING TERRORIST FINANCING:", bold=True, size=12)
    ts.para(ROLE, bold=True)
    for label, value in (
        ("Name", "Nguyen Van An"),
        ("Title", "Deputy Director, Anti-Money Laundering Department, State Bank of Viet Nam"),
        ("Telephone Number", "+84 24 3936 6306"),
        ("Fax Number", ""),
        ("Email Address", "an.nguyen@example.vn"),
    ):
        ts.row([label, value], [130, RIGHT - LEFT - 130], bold=True)
    ts.y += 10

    def commitments() -> None:
        for text in B_COMMITMENTS:
            ts.bullet(text, "▪")

    def measures() -> None:
        for parent, children in NESTED.items():
            ts.bullet(parent, "▪")
            for child in children:
                ts.bullet(child, "◦", level=2)
        ts.bullet(DASHED, "–")

    ts.question("LEADERS’ AND MINISTERS’ COMMITMENTS")
    ts.box(commitments)
    ts.question(QUESTIONS["measures_undertaken"])
    ts.box(measures)
    ts.new_page()
    ts.question(QUESTIONS["capacity_building_activities"])
    ts.box(lambda: ts.bullet(ACTIVITIES))
    return ts.output(path)


def test_made_up_report_in_the_template_tables(tmp_path: Path, run_ctt: RunCtt) -> None:
    pdf = viet_nam_pdf(tmp_path / "viet-nam-2015.pdf")
    root = new_repo(tmp_path / "repo")
    run = run_ctt(root, "import", str(pdf), "viet-nam", "2015")
    assert run.exit_code == 0, run.stderr
    assert run.stderr.count("running head/foot") == 1, run.stderr
    data = written(root, "viet-nam", 2015)
    assert all("unplaced" not in document for document in data.values()), run.stderr
    assert data["report.yaml"]["last_updated"] == "2016-03-15"
    assert "source_document" not in data["report.yaml"]
    b = data["b-halting-terrorist-financing.yaml"]
    assert b["contacts"] == [
        {
            "role": ROLE,
            "name": "Nguyen Van An",
            "title": "Deputy Director, Anti-Money Laundering Department, State Bank of Viet Nam",
            "telephone": "+84 24 3936 6306",
            "email": "an.nguyen@example.vn",
        }
    ]
    assert b["commitments"] == [c.id for c in CATALOGUE.commitments_of("b")]
    assert b["measures_undertaken"] == [
        {"text": parent, "items": children} if children else parent
        for parent, children in NESTED.items()
    ] + [DASHED]
    assert b["capacity_building_activities"] == [ACTIVITIES]
    ledger_is_complete(pdf)


def test_a_question_repeated_over_a_page_break_is_read_once(
    tmp_path: Path, run_ctt: RunCtt
) -> None:
    """A browser prints a table's head again on the next page: the question, repeated over the
    rest of its answer, is dropped with a note, and the answer goes on where it was."""
    ts = Typesetter(foot=lambda n: f"Page {n} of {{nb}}")
    ts.para("APEC COUNTER-TERRORISM ACTION PLAN", bold=True, size=14)
    for label, value in (("ECONOMY:", "Viet Nam"), ("CALENDAR YEAR:", "2015")):
        ts.row([label, value], [130, RIGHT - LEFT - 130], bold=True)
    ts.para("B. HALTING TERRORIST FINANCING:", bold=True, size=12)
    ts.question(QUESTIONS["measures_undertaken"])
    (parent, (first, second)), (last, _) = NESTED.items()
    ts.bullet(parent, "•")
    ts.bullet(first, "◦", level=2)
    ts.new_page()
    ts.question(QUESTIONS["measures_undertaken"])
    ts.bullet(second, "◦", level=2)
    ts.bullet(last, "•")
    ts.question(QUESTIONS["capacity_building_activities"])
    ts.bullet(ACTIVITIES, "•")
    pdf = ts.output(tmp_path / "viet-nam-2015.pdf")
    root = new_repo(tmp_path / "repo")
    run = run_ctt(root, "import", str(pdf), "viet-nam", "2015")
    assert run.exit_code == 0, run.stderr
    assert "dropped 1 question(s) repeated over a page break" in run.stderr, run.stderr
    b = written(root, "viet-nam", 2015)["b-halting-terrorist-financing.yaml"]
    assert "unplaced" not in b, run.stderr
    assert b["measures_undertaken"] == [{"text": parent, "items": [first, second]}, last]
    assert b["capacity_building_activities"] == [ACTIVITIES]
    ledger_is_complete(pdf)


# (d) What cannot be imported is refused with one line, never imported empty.
def scanned_pdf(path: Path) -> Path:
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(image).text((20, 80), "ECONOMY: Viet Nam CALENDAR YEAR: 2015", fill=0)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    path.write_bytes(bytes(pdf.output()))
    return path


def encrypted_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 20, "ECONOMY: Viet Nam")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    path.write_bytes(bytes(pdf.output()))
    return path


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (scanned_pdf, 1, "the PDF has no text layer (a scan?)"),
        (encrypted_pdf, 1, "the PDF is encrypted"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj <</Pages 9 0 R>>\ngarbage") and p, 2, ""),
        (lambda p: p.write_bytes(b"ECONOMY: Viet Nam\n") and p, 2, "not a PDF document"),
    ],
)
def test_unreadable_pdfs_are_refused_in_one_line(
    tmp_path: Path,
    make: Any,
    code: int,
    message: str,
    run_ctt: RunCtt,
) -> None:
    pdf = make(tmp_path / "report.pdf")
    root = new_repo(tmp_path / "repo")
    run = run_ctt(root, "import", str(pdf), "viet-nam", "2015")
    assert run.exit_code == code, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and message in run.stderr, run.stderr
    assert not (root / "economies").exists()
