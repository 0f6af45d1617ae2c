"""The agency's loop: render a section, edit it in Word, import it back with --section."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from conftest import Run
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph
from office import libreoffice
from paths import REPO_ROOT, TESTS_DIR

from ctt.store import yamlfile

RunCtt = Callable[..., Run]
A1 = "a1-protect-cargo.yaml"
REWORDED = "The National Customs Service continues to implement international standards"
ADDED = "Customs opened a second risk analysis unit in Antofagasta in 2020."
SEED = TESTS_DIR / "data" / "seed" / "chile-2020-ctap.txt"
REFERENCES = TESTS_DIR / "data" / "references-report"
SECTIONS = ("a1", "a2", "a3", "a4", "a5", "b", "c")


def folder_of(root: Path, economy: str = "chile", year: int = 2020) -> Path:
    return root / "economies" / economy / str(year)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def section_doc(root: Path, run_ctt: RunCtt, out: Path, section: str = "a1") -> Path:
    """The .docx of one section of the report in `root` (Chile 2020 unless Peru's is there)."""
    economy, year = (
        ("peru", "2021") if (root / "economies" / "peru").is_dir() else ("chile", "2020")
    )
    run = run_ctt(root, "render", economy, year, "--section", section, "--format", "docx",
                  "--out", str(out))  # fmt: skip
    assert run.exit_code == 0, run.output
    return out / f"{economy}-{year}-{section}.docx"


def items(document: docx.document.Document) -> list[Paragraph]:
    """The List Bullet paragraphs of the document's tables: commitments and answers."""
    return [
        paragraph
        for table in document.tables
        for cell in table._cells
        for paragraph in cell.paragraphs
        if paragraph.style is not None and paragraph.style.name.startswith("List Bullet")
    ]


def edited(source: Path, target: Path) -> Path:
    """The agency's edit in Word: an item reworded, an item added after it."""
    document = docx.Document(str(source))
    [item] = [p for p in items(document) if p.text.startswith(REWORDED)]
    item.runs[0].text = item.text.replace("continues to implement", "keeps implementing")
    added = item.insert_paragraph_before(ADDED, style=item.style)
    item._p.addnext(added._p)  # after it, not before
    document.save(str(target))
    return target


def import_section(root: Path, run_ctt: RunCtt, source: Path, *args: str) -> Run:
    return run_ctt(root, "import", str(source), "chile", "2020", "--section", "a1", *args)


@pytest.mark.parametrize("saved_by", ["python-docx", "libreoffice"])
def test_an_edited_section_comes_back(
    git_repo: Path, run_ctt: RunCtt, tmp_path: Path, saved_by: str
) -> None:
    folder = folder_of(git_repo)
    before = snapshot(folder)
    source = edited(section_doc(git_repo, run_ctt, tmp_path / "out"), tmp_path / "edited.docx")
    if saved_by == "libreoffice":
        source = libreoffice(source, "docx", tmp_path / "saved")

    run = import_section(git_repo, run_ctt, source)
    assert run.exit_code == 0, run.output
    assert "ledger: " in run.stderr and ", 0 unplaced, 0 lost" in run.stderr
    changes = [line for line in run.stdout.splitlines() if line.startswith("    ")]
    assert changes == [
        "    ~ The National Customs Service [-continues to implement-] {+keeps implementing+} "
        "international standards for securing and facilitating global trade, especially in "
        "areas related to Custom to Business partnership.",
        f"    + {ADDED}",
    ]
    after = snapshot(folder)
    assert [name for name in before if before[name] != after[name]] == [A1]
    assert set(after) == set(before)
    old, new = (yamlfile.parse(data[A1].decode(), folder / A1).data for data in (before, after))
    assert new["contacts"] == old["contacts"] and len(new["contacts"]) == 2
    assert new["commitments"] == old["commitments"]
    assert ADDED in new["measures_undertaken"]

    assert run_ctt(git_repo, "validate", "chile", "2020").exit_code == 0
    diff = run_ctt(git_repo, "diff", "--base", "HEAD")
    assert diff.exit_code == 0, diff.output
    assert [line for line in diff.stdout.splitlines() if line.startswith("    ")] == changes
    assert "1 section(s) changed" in diff.stdout


def test_an_unchanged_section_changes_nothing(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    folder = folder_of(chile_repo)
    before = snapshot(folder)
    run = import_section(chile_repo, run_ctt, section_doc(chile_repo, run_ctt, tmp_path / "out"))
    assert run.exit_code == 0, run.output
    assert "chile 2020 → chile-2020-a1.docx: no changes" in run.stdout
    assert snapshot(folder) == before


def test_a_blank_section_comes_back_with_nothing_unplaced(
    empty_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    """A first report starts blank: its section document shows "No contact point given."
    and "Nothing reported.", which the import reads as the document's own text."""
    assert run_ctt(empty_repo, "new", "chile", "2024").exit_code == 0
    out = tmp_path / "out"
    rendered = run_ctt(
        empty_repo,
        "render",
        "chile",
        "2024",
        "--section",
        "a1",
        "--format",
        "docx",
        "--out",
        str(out),
    )
    assert rendered.exit_code == 0, rendered.output
    document = out / "chile-2024-a1.docx"
    run = run_ctt(empty_repo, "import", str(document), "chile", "2024", "--section", "a1")
    assert run.exit_code == 0, run.output
    assert "0 unplaced, 0 lost" in run.output and "[unplaced]" not in run.output
    assert "chile 2024 → chile-2024-a1.docx: no changes" in run.stdout


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_comes_back_with_its_references(
    empty_repo: Path, run_ctt: RunCtt, tmp_path: Path, section: str
) -> None:
    folder = folder_of(empty_repo, "peru", 2021)
    shutil.copytree(REFERENCES, folder)
    before = snapshot(folder)
    source = section_doc(empty_repo, run_ctt, tmp_path / "out", section)
    run = run_ctt(empty_repo, "import", str(source), "peru", "2021", "--section", section)
    assert run.exit_code == 0, run.output
    assert ": no changes" in run.stdout
    after = snapshot(folder)
    for name, data in after.items():
        old = yamlfile.parse(before[name].decode(), folder / name).data
        assert yamlfile.parse(data.decode(), folder / name).data == old, name


def test_the_ledger_accounts_for_every_paragraph(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    source = edited(section_doc(chile_repo, run_ctt, tmp_path / "out"), tmp_path / "edited.docx")
    ledger = tmp_path / "ledger.json"
    run = import_section(chile_repo, run_ctt, source, "--ledger", str(ledger), "--dry-run")
    assert run.exit_code == 0, run.output
    data = json.loads(ledger.read_text(encoding="utf-8"))
    body = docx.Document(str(source)).element.body
    with_text = [
        "".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t")))
        for p in body.iter(docx.oxml.ns.qn("w:p"))
    ]
    with_text = [text for text in with_text if text.strip()]
    assert len(data["lines"]) == len(with_text) > 60
    assert ADDED in [line["text"] for line in data["lines"]]
    kinds = {line["kind"] for line in data["lines"]}
    assert kinds <= {"placed", "template", "skipped"}, kinds
    placed = [line for line in data["lines"] if line["kind"] == "placed"]
    assert {where.split(":")[0] for line in placed for where in line["where"]} == {A1}
    assert f"ledger: {data['tally']['placed'] + data['tally']['template']}" in run.stderr


def tracked(source: Path, target: Path) -> Path:
    """A reviewer's tracked insertion into one item and a comment on another."""
    document = docx.Document(str(source))
    first, second = items(document)[8:10]
    insertion = parse_xml(
        f'<w:ins {nsdecls("w")} w:id="901" w:author="Alice" w:date="2021-03-01T00:00:00Z">'
        '<w:r><w:t xml:space="preserve"> (certified by Alice)</w:t></w:r></w:ins>'
    )
    first._p.append(insertion)
    document.add_comment(second.runs, text="Is this still true?", author="Carol")
    document.save(str(target))
    return target


def test_tracked_changes_are_refused_unless_accepted(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    folder = folder_of(chile_repo)
    before = snapshot(folder)
    source = tracked(section_doc(chile_repo, run_ctt, tmp_path / "out"), tmp_path / "t.docx")
    run = import_section(chile_repo, run_ctt, source)
    assert run.exit_code == 1, run.output
    assert 'tracked insertion by Alice: "(certified by Alice)"' in run.stderr
    assert "1 pending tracked change" in run.stderr and "--accept-changes" in run.stderr
    assert snapshot(folder) == before

    run = import_section(chile_repo, run_ctt, source, "--accept-changes")
    assert run.exit_code == 0, run.output
    assert "accepted tracked insertion by Alice" in run.stderr
    assert 'note: comment by Carol on "' in run.stderr and '"Is this still true?"' in run.stderr
    assert "{+(certified by Alice)+}" in run.stdout
    assert "(certified by Alice)" in (folder / A1).read_text(encoding="utf-8")
    assert "Is this still true" not in (folder / A1).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["peru", "2020", "--section", "a1"], "says economy"),
        (["chile", "2019", "--section", "a1"], "says year '2020'"),
        (["chile", "2020", "--section", "a2"], "says section 'a1'"),
    ],
)
def test_another_document_is_refused_unless_forced(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path, args: list[str], says: str
) -> None:
    source = section_doc(chile_repo, run_ctt, tmp_path / "out")
    economy, year, section = args[0], int(args[1]), args[-1]
    folder = folder_of(chile_repo, economy, year)
    if not folder.is_dir():  # the report of another economy or year, its A.1 shorter
        shutil.copytree(folder_of(chile_repo), folder)
        for path in folder.iterdir():
            text = path.read_text(encoding="utf-8").replace("economy: chile", f"economy: {economy}")
            text = "".join(line for line in text.splitlines(True) if REWORDED not in line)
            path.write_text(text.replace("year: 2020", f"year: {year}"), encoding="utf-8")
    before = snapshot(folder)
    run = run_ctt(chile_repo, "import", str(source), *args)
    assert run.exit_code == 1, run.output
    assert says in run.stderr and "--force" in run.stderr
    assert snapshot(folder) == before

    run = run_ctt(chile_repo, "import", str(source), *args, "--dry-run", "--force")
    assert run.exit_code in (0, 1), run.output  # 1: A.1's commitments are not A.2's
    assert "(--force)" in run.stderr and "nothing written" in run.stderr
    assert snapshot(folder) == before
    run = run_ctt(chile_repo, "import", str(source), *args, "--force")
    assert run.exit_code in (0, 1), run.output  # 1: A.1's commitments are not A.2's
    changed = [name for name, data in snapshot(folder).items() if before[name] != data]
    assert len(changed) == 1 and changed[0].startswith(f"{section}-")
    data = yamlfile.load(folder / changed[0]).data
    assert (data["section"], data["economy"], data["year"]) == (section, economy, year)
    assert any(str(item).startswith(REWORDED) for item in data["measures_undertaken"])


def test_dry_run_writes_nothing(chile_repo: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    folder = folder_of(chile_repo)
    before = snapshot(folder)
    source = edited(section_doc(chile_repo, run_ctt, tmp_path / "out"), tmp_path / "edited.docx")
    run = import_section(chile_repo, run_ctt, source, "--dry-run")
    assert run.exit_code == 0, run.output
    assert f"    + {ADDED}" in run.stdout.splitlines()
    assert "dry run, nothing written" in run.stderr
    assert snapshot(folder) == before
    assert sorted(p.name for p in folder.parent.iterdir()) == ["2020"]


def test_the_report_must_be_there(empty_repo: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    source = tmp_path / "a1.txt"
    source.write_text("A.1 Protect Cargo:\n", encoding="utf-8")
    run = run_ctt(empty_repo, "import", str(source), "chile", "2020", "--section", "a1")
    assert run.exit_code == 2, run.output
    assert "no report chile 2020: import the whole report first" in run.stderr
    assert not (empty_repo / "economies" / "chile").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--section", "a9"], "unknown section 'a9' (known: a1, a2, a3, a4, a5, b, c)"),
        (["--dry-run"], "--dry-run goes with --section"),
    ],
)
def test_misuse_exits_2(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path, args: list[str], message: str
) -> None:
    run = run_ctt(chile_repo, "import", str(SEED), "chile", "2020", *args)
    assert run.exit_code == 2, run.output
    assert message in run.stderr


def seed_section() -> list[str]:
    """Section A.1 cut from Chile's report as filed (a plain-text export)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index("A.1 Protect Cargo:")
    end = next(
        i for i, line in enumerate(lines) if line.startswith("A.2 Protect Port") and i > start
    )
    return lines[start:end]


def test_a_text_export_of_a_section(chile_repo: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    source = tmp_path / "a1.txt"
    source.write_text("\n".join(["ECONOMY: Chile", *seed_section()]) + "\n", encoding="utf-8")
    before = snapshot(folder_of(chile_repo))
    run = import_section(chile_repo, run_ctt, source)
    assert run.exit_code == 0, run.output
    assert "no changes" in run.stdout and ", 0 unplaced, 0 lost" in run.stderr
    assert snapshot(folder_of(chile_repo)) == before


def test_a_section_cut_from_a_template_layout_docx(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    """Paragraphs and one-cell table rows, as economies' own Word documents have them."""
    document = docx.Document()
    table = None
    for raw in seed_section():
        text = raw.strip()
        if not text:
            continue
        body = text.lstrip("·").strip()
        style = "List Bullet" if text.startswith("·") else None
        if raw.startswith("\t"):
            table = table or document.add_table(rows=0, cols=1)
            paragraph = table.add_row().cells[0].paragraphs[0]
            paragraph.text = body
            if style:
                paragraph.style = document.styles[style]
        else:
            table = None
            document.add_paragraph(body, style=style)
    source = tmp_path / "a1.docx"
    document.save(str(source))
    run = import_section(chile_repo, run_ctt, source)
    assert run.exit_code == 0, run.output
    assert "no changes" in run.stdout


def test_text_of_other_parts_is_refused(chile_repo: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    run = run_ctt(chile_repo, "import", str(SEED), "chile", "2020", "--section", "a1")
    assert run.exit_code == 1, run.output
    assert "holds 7 sections" in run.stderr and "without --section" in run.stderr
    source = tmp_path / "summary.txt"
    lines = SEED.read_text(encoding="utf-8").splitlines()
    source.write_text("\n".join([*lines[:9], *seed_section()]) + "\n", encoding="utf-8")
    run = import_section(chile_repo, run_ctt, source, "--force")
    assert run.exit_code == 1, run.output
    assert "of other parts of a report" in run.stderr


def test_the_public_version_is_refused(chile_repo: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_ctt(chile_repo, "render", "chile", "2020", "--section", "a1", "--format", "docx",
                  "--redact", "contacts", "--out", str(out))  # fmt: skip
    assert run.exit_code == 0, run.output
    run = import_section(chile_repo, run_ctt, out / "chile-2020-a1-public.docx", "--force")
    assert run.exit_code == 1, run.output
    assert "the public version" in run.stderr


def test_a_section_document_is_not_a_whole_report(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    source = section_doc(chile_repo, run_ctt, tmp_path / "out")
    run = run_ctt(chile_repo, "import", str(source), "chile", "2020", "--force")
    assert run.exit_code == 2, run.output
    assert "import it with --section a1" in run.stderr
    assert (REPO_ROOT / "economies" / "chile" / "2020" / A1).read_bytes() == (
        folder_of(chile_repo) / A1
    ).read_bytes()


def test_comments_of_the_file_replaced_are_named(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    source = tmp_path / "a1.txt"
    source.write_text("\n".join(["ECONOMY: Chile", *seed_section()]) + "\n", encoding="utf-8")
    path = folder_of(chile_repo) / A1
    path.write_text(path.read_text() + "# asked Customs for the 2021 figures\n")
    run = import_section(chile_repo, run_ctt, source, "--dry-run")
    assert f"{A1}: its 1 comment line(s) are not kept" in run.stderr, run.output
    run = import_section(chile_repo, run_ctt, source)
    assert run.exit_code == 0, run.output
    assert f"{A1}: its 1 comment line(s) are not kept" in run.stderr, run.output
    assert "asked Customs" not in path.read_text()
    run = import_section(chile_repo, run_ctt, source)
    assert "comment line" not in run.stderr, run.output  # the schema line is no comment of theirs
