"""ctt diff --format docx: the new report in Word with every change since the old a tracked
change; accepting them all gives the new report's rendering, rejecting them all the old one's."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import RunCtt, _run_ctt
from gitutil import git
from paths import REPO_ROOT as ROOT
from tracked import W, document_xml, paragraphs

A1 = "a1-protect-cargo.yaml"
REWORDED = ("The AEO program was implemented on", "The AEO program was launched on")
REMOVED = "The National Customs Service continues to implement international standards"
ADDED = "Chile joined the user group of the WCO Cargo Targeting System."
EMAIL = ("cescudero@aduana.cl", "carlos.escudero@aduana.cl")
DROPPED = "  - a1-trade-recovery-cooperation\n"  # a commitment A.1 no longer lists
DROPPED_TEXT = "Continue cooperation between APEC member economies to facilitate trade recovery"


@pytest.fixture
def chile_2022(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Chile 2020 (committed to git) and a 2022 made from it; ctt runs inside it, so that
    relative paths (--out) are the repository's."""
    make_2022(git_repo)
    monkeypatch.chdir(git_repo)
    return git_repo


def make_2022(root: Path) -> None:
    """One item reworded, one removed, one added; a contact's email changed and a commitment
    dropped in A.1."""
    folder = root / "economies/chile/2022"
    shutil.copytree(root / "economies/chile/2020", folder)
    for path in folder.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("year: 2020", "year: 2022"))
    a1 = folder / A1
    text = a1.read_text(encoding="utf-8").replace(*REWORDED).replace(*EMAIL)
    assert DROPPED in text
    text = "".join(line for line in text.splitlines(True) if REMOVED not in line)
    text = text.replace(DROPPED, "").replace(
        "measures_planned:\n", f"measures_planned:\n  - {ADDED}\n"
    )
    a1.write_text(text, encoding="utf-8")


def rendered(root: Path, year: int) -> Path:
    run = _run_ctt(root, "render", "chile", str(year), "--format", "docx", "--out", "out")
    assert run.exit_code == 0, run.output
    return root / "out" / f"chile-{year}.docx"


def tracked_docx(root: Path, old: int = 2020, new: int = 2022, *args: str) -> Path:
    target = root / "out" / f"tracked-{old}-{new}.docx"
    run = _run_ctt(
        root, "diff", "chile", str(old), str(new), "--format", "docx", "--out", str(target), *args
    )
    assert run.exit_code == 0, run.output
    return target


def assert_accept_and_reject(root: Path, tracked: Path, old: int, new: int) -> None:
    """Accepting every change gives the new rendering, rejecting every one the old: each
    paragraph's text and style, in the body and in every table cell."""
    assert paragraphs(tracked, accept=True) == paragraphs(rendered(root, new))
    assert paragraphs(tracked, accept=False) == paragraphs(rendered(root, old))


def with_tag(element: Any, tag: str) -> list[Any]:
    return list(element.iter(f"{W}{tag}"))


def text_in(element: Any, tag: str) -> str:
    """The text inside the w:ins (or w:del) elements of an element."""
    return "".join(
        t.text or ""
        for change in with_tag(element, tag)
        for t in change.iter(f"{W}t", f"{W}delText")
    )


def paragraph_with(root_element: Any, words: str) -> list[Any]:
    """The paragraphs whose text (inserted, deleted or kept) contains `words`."""
    found = []
    for paragraph in root_element.iter(f"{W}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t", f"{W}delText"))
        if words in text:
            found.append(paragraph)
    return found


def mark_change(paragraph: Any) -> str | None:
    for tag in ("ins", "del"):
        if paragraph.find(f"{W}pPr/{W}rPr/{W}{tag}") is not None:
            return tag
    return None


def test_accepting_gives_the_new_report_rejecting_the_old(chile_2022: Path) -> None:
    assert_accept_and_reject(chile_2022, tracked_docx(chile_2022), 2020, 2022)


def test_each_change_is_where_it_was_made(chile_2022: Path) -> None:
    body = document_xml(tracked_docx(chile_2022)).find(f"{W}body")
    # Reworded: one paragraph, the changed word deleted and inserted inside it.
    [reworded] = paragraph_with(body, "The AEO program was")
    assert text_in(reworded, "del").strip() == "implemented"
    assert text_in(reworded, "ins").strip() == "launched"
    assert mark_change(reworded) is None
    # Removed and added items, the dropped commitment: whole paragraphs, marks and all.
    [removed] = paragraph_with(body, REMOVED)
    assert REMOVED in text_in(removed, "del") and not with_tag(removed, "t")
    assert mark_change(removed) == "del"
    [added] = paragraph_with(body, ADDED)
    assert text_in(added, "ins") == ADDED and mark_change(added) == "ins"
    [commitment] = paragraph_with(body, DROPPED_TEXT)
    assert mark_change(commitment) == "del" and not with_tag(commitment, "t")
    # The email, in its cell of the contact point's table.
    [email] = paragraph_with(body, EMAIL[1])
    assert (text_in(email, "del"), text_in(email, "ins")) == EMAIL
    assert email.getparent().tag == f"{W}tc"
    # The header's calendar year.
    [year] = [p for p in paragraph_with(body, "2022") if text_in(p, "ins") == "2022"]
    assert text_in(year, "del") == "2020"
    # Nothing else changed.
    changed = {id(p) for p in body.iter(f"{W}p") if with_tag(p, "ins") or with_tag(p, "del")}
    assert len(changed) == 6


def test_ids_authors_and_dates(chile_2022: Path) -> None:
    tracked = tracked_docx(chile_2022)
    first = tracked.read_bytes()
    marks = [m for tag in ("ins", "del", "pPrChange") for m in with_tag(document_xml(tracked), tag)]
    assert marks
    ids = Counter(m.get(f"{W}id") for m in marks)
    assert None not in ids and max(ids.values()) == 1
    assert {m.get(f"{W}author") for m in marks} == {"ctt"}
    # Chile 2022 states no last update: its changes are dated 1 January 2022.
    assert {m.get(f"{W}date") for m in marks} == {"2022-01-01T00:00:00Z"}
    with zipfile.ZipFile(tracked) as archive:
        assert b"<w:trackRevisions/>" in archive.read("word/settings.xml")  # reviewers' too
    assert tracked_docx(chile_2022).read_bytes() == first  # the same bytes for the same inputs
    by = document_xml(tracked_docx(chile_2022, 2020, 2022, "--author", "APEC Secretariat"))
    assert {m.get(f"{W}author") for m in with_tag(by, "ins")} == {"APEC Secretariat"}


def test_import_accepting_the_changes_gives_the_new_report(
    chile_2022: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    tracked = tracked_docx(chile_2022)
    target = tmp_path / "fresh"
    for name in ("schema", "templates"):
        shutil.copytree(ROOT / name, target / name)
    (target / "economies").mkdir()
    run = run_ctt(target, "import", str(tracked), "chile", "2022")
    # refused without the option
    assert run.exit_code == 1 and "pending tracked change" in run.output
    run = run_ctt(target, "import", str(tracked), "chile", "2022", "--accept-changes")
    assert run.exit_code == 0, run.output
    for source in (chile_2022 / "economies/chile/2022").glob("*.yaml"):
        imported = target / "economies/chile/2022" / source.name
        assert yaml.safe_load(imported.read_text()) == yaml.safe_load(source.read_text())


NEEDS_LIBREOFFICE = pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed (CI installs it)",
)
# A LibreOffice Basic macro: opens each document, accepts or rejects every tracked change
# (or neither), and saves it as .docx. Jobs are "SOURCE|TARGET|accept|reject|keep;...".
RESOLVE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub Resolve(jobs As String)
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = "Hidden"
  hidden(0).Value = True
  Dim filter(0) As New com.sun.star.beans.PropertyValue
  filter(0).Name = "FilterName"
  filter(0).Value = "MS Word 2007 XML"
  For Each job In Split(jobs, ";")
    parts = Split(job, "|")
    doc = StarDesktop.loadComponentFromURL(ConvertToURL(parts(0)), "_blank", 0, hidden())
    frame = doc.getCurrentController().getFrame()
    helper = createUnoService("com.sun.star.frame.DispatchHelper")
    If parts(2) = "accept" Then
      helper.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, Array())
    ElseIf parts(2) = "reject" Then
      helper.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, Array())
    End If
    doc.storeToURL(ConvertToURL(parts(1)), filter())
    doc.close(True)
  Next
End Sub
</script:module>
"""


def soffice(profile: Path, *args: str) -> None:
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", *args],
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


@NEEDS_LIBREOFFICE
def test_libreoffice_opens_it(chile_2022: Path, tmp_path: Path) -> None:
    tracked = tracked_docx(chile_2022)
    soffice(
        tmp_path / "lo",
        "--convert-to",
        "txt:Text (encoded):UTF8",
        "--outdir",
        str(tmp_path),
        str(tracked),
    )
    text = (tmp_path / f"{tracked.stem}.txt").read_text(encoding="utf-8-sig")
    assert ADDED in text and "launched" in text and "Carlos A. Escudero Collante" in text


@NEEDS_LIBREOFFICE
def test_libreoffice_accept_all_and_reject_all(chile_2022: Path, tmp_path: Path) -> None:
    make_2023(chile_2022)
    pairs = [(2020, 2022), (2020, 2023), (2023, 2020)]
    profile = tmp_path / "lo"
    soffice(profile, "--terminate_after_init")  # makes the profile, then the macro goes in
    (profile / "user/basic/Standard/Module1.xba").write_text(RESOLVE, encoding="utf-8")
    jobs = [
        (rendered(chile_2022, year), tmp_path / f"{year}.docx", "keep")
        for year in (2020, 2022, 2023)
    ]
    for old, new in pairs:
        tracked = tracked_docx(chile_2022, old, new)
        jobs += [
            (tracked, tmp_path / f"{old}-{new}-{mode}.docx", mode) for mode in ("accept", "reject")
        ]
    listed = ";".join(f"{source}|{target}|{mode}" for source, target, mode in jobs)
    soffice(profile, f'macro:///Standard.Module1.Resolve("{listed}")')
    # Compared with the renderings as LibreOffice saves them.
    for old, new in pairs:
        accepted, rejected = (
            tmp_path / f"{old}-{new}-{mode}.docx" for mode in ("accept", "reject")
        )
        assert paragraphs(accepted) == paragraphs(tmp_path / f"{new}.docx")
        assert paragraphs(rejected) == paragraphs(tmp_path / f"{old}.docx")
        assert not with_tag(document_xml(accepted), "del")


def edit(folder: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_2023(root: Path) -> None:
    """Changes that end cells and stretches between tables, where a paragraph mark cannot be
    tracked: answers emptied and filled, last items removed and added, contact points gone,
    added and replaced, header rows and fields, timeframes, headings, spaces."""
    folder = root / "economies/chile/2023"
    shutil.copytree(root / "economies/chile/2020", folder)
    for path in folder.glob("*.yaml"):
        edit(folder, path.name, lambda data: data.update(year=2023))

    def report(data: dict[str, Any]) -> None:
        data["last_updated"] = "2023-03-15"
        data["source_document"] = {"symbol": "2023/SOM1/CTWG/004"}
        data["assistance_offer"]["items"] = ["Training on cargo security."]

    def a1(data: dict[str, Any]) -> None:
        data["measures_undertaken"] = data["measures_undertaken"][:-2]  # the last two
        data["capacity_building_activities"] = []
        first = data["measures_undertaken"][0]
        data["measures_undertaken"][0] = first.replace(" was ", "  was ", 1)  # two spaces
        data["contacts"].insert(0, {"name": "Ana Soto", "email": "asoto@aduana.cl"})

    def a2(data: dict[str, Any]) -> None:
        data["expertise_offered"].append({"text": "Port security courses.", "items": ["ISPS"]})
        data["contacts"][0] = {"name": "Someone Else", "role": "Focal point"}  # replaced

    def a3(data: dict[str, Any]) -> None:
        data["measures_undertaken"][1]["heading"] = "Support ICAO security audits"

    def a5(data: dict[str, Any]) -> None:
        data["measures_planned"] = ["Review the national counter-terrorism strategy."]

    def c(data: dict[str, Any]) -> None:
        data["contacts"] = []
        data["measures_planned"][1]["timeframe"] = "2021 - 2023"

    for name, change in [
        ("report.yaml", report),
        (A1, a1),
        ("a2-protect-port-facilities-and-ships.yaml", a2),
        ("a3-protect-international-aviation.yaml", a3),
        ("a5-combat-threats-to-security.yaml", a5),
        ("c-promoting-cyber-security.yaml", c),
    ]:
        edit(folder, name, change)
    run = _run_ctt(root, "validate", "chile", "2023")
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize(("old", "new"), [(2020, 2023), (2023, 2020)])
def test_changes_at_the_end_of_cells_and_before_tables(
    chile_2022: Path, old: int, new: int
) -> None:
    make_2023(chile_2022)
    tracked = tracked_docx(chile_2022, old, new)
    assert_accept_and_reject(chile_2022, tracked, old, new)
    body = document_xml(tracked).find(f"{W}body")
    assert with_tag(body, "pPrChange")  # a shared paragraph's style, as it was
    rows = [row for row in body.iter(f"{W}tr") if row.find(f"{W}trPr/{W}ins") is not None]
    rows += [row for row in body.iter(f"{W}tr") if row.find(f"{W}trPr/{W}del") is not None]
    assert rows  # the source document's row, the contact points' tables
    for cell in body.iter(f"{W}tc"):
        last = cell.findall(f"{W}p")[-1]
        assert mark_change(last) is None  # the mark ending a cell is never tracked


def test_base_writes_a_document_per_changed_report(chile_2022: Path, run_ctt: RunCtt) -> None:
    at_head = paragraphs(rendered(chile_2022, 2020))
    a5 = chile_2022 / "economies/chile/2020/a5-combat-threats-to-security.yaml"
    text = a5.read_text(encoding="utf-8")
    a5.write_text(text.replace("measures_planned: []", "measures_planned:\n  - Planned.\n"))
    run = run_ctt(chile_2022, "diff", "--base", "HEAD", "--format", "docx", "--out", "reviews")
    assert run.exit_code == 0, run.output
    written = sorted(path.name for path in (chile_2022 / "reviews").iterdir())
    assert written == ["chile-2020-changes.docx", "chile-2022-changes.docx"]
    assert run.output.split() == [f"reviews/{name}" for name in written]
    # 2020 against itself at HEAD; 2022, new since HEAD, against 2020 as HEAD has it.
    edited = chile_2022 / "reviews/chile-2020-changes.docx"
    assert paragraphs(edited, accept=True) == paragraphs(rendered(chile_2022, 2020))
    assert paragraphs(edited, accept=False) == at_head
    new = chile_2022 / "reviews/chile-2022-changes.docx"
    assert paragraphs(new, accept=True) == paragraphs(rendered(chile_2022, 2022))
    assert paragraphs(new, accept=False) == at_head


def test_without_out_it_goes_into_build(chile_2022: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(chile_2022, "diff", "chile", "2020", "2022", "--format", "docx")
    assert run.exit_code == 0, run.output
    assert run.output.strip() == "build/chile-2022-changes.docx"
    assert (chile_2022 / "build" / "chile-2022-changes.docx").stat().st_size > 0


def test_out_may_name_a_folder(chile_2022: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(chile_2022, "diff", "chile", "2020", "2022", "--format", "docx", "--out", "mine")
    assert run.exit_code == 0 and run.output.strip() == "mine/chile-2022-changes.docx"
    git(chile_2022, "add", "-A")
    git(chile_2022, "commit", "-qm", "Chile 2022")
    run = run_ctt(chile_2022, "diff", "--base", "HEAD", "--format", "docx", "--out", "none")
    assert run.exit_code == 0 and "no report changed since HEAD" in run.output
    assert not (chile_2022 / "none").exists()


def test_reference_docx_gives_its_styles(chile_2022: Path, tmp_path: Path, run_ctt: RunCtt) -> None:
    reference = tmp_path / "reference.docx"
    run = run_ctt(chile_2022, "render", "chile", "2020", "--format", "docx", "--out", str(tmp_path))
    assert run.exit_code == 0, run.output
    shutil.copy(tmp_path / "chile-2020.docx", reference)
    tracked = tracked_docx(chile_2022, 2020, 2022, "--reference-docx", str(reference))
    assert_accept_and_reject(chile_2022, tracked, 2020, 2022)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx", "--out", "economies/x.docx"], "refusing to write into economies/"),
        (["--format", "docx", "--out", "schema"], "refusing to write into schema/"),
        (["--format", "docx", "--out", "notes.txt"], "ends in .docx"),
        (["--out", "x.docx"], "--format docx only"),
        (["--format", "md", "--author", "me"], "--format docx only"),
        (["--format", "json", "--reference-docx", "x.docx"], "--format docx only"),
        (["--format", "docx", "--reference-docx", "missing.docx"], "no such file"),
        (["--format", "docx", "--author", "a\x07b"], "--author"),
    ],
)
def test_misuse_exits_2(chile_2022: Path, args: list[str], message: str, run_ctt: RunCtt) -> None:
    run = run_ctt(chile_2022, "diff", "chile", "2020", "2022", *args)
    assert run.exit_code == 2 and message in run.output, run.output
    assert not (chile_2022 / "economies" / "x.docx").exists()


def test_base_out_is_a_folder(chile_2022: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(chile_2022, "diff", "--base", "HEAD", "--format", "docx", "--out", "one.docx")
    assert run.exit_code == 2 and "--out is a folder" in run.output
    run = run_ctt(chile_2022, "diff", "--base", "HEAD", "--format", "docx", "--out", "economies")
    assert run.exit_code == 2 and "refusing to write into economies/" in run.output
