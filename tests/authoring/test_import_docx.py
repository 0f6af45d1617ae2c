"""ctt import of a .docx: every container of text is read, tracked changes are never taken
silently, comments are listed, and nothing the document shows is lost."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from conftest import RunCtt, _run_ctt
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from paths import REPO_ROOT as ROOT

from ctt.authoring.importer import read_source

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
CUSTOM_INLINE = (
    '<w:customXml w:element="x"><w:r><w:t xml:space="preserve"> inline Gannet</w:t></w:r>'
    "</w:customXml>"
)
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*content: str) -> str:
    return f"<w:p>{''.join(content)}</w:p>"


def ins(*content: str, author: str = "Alice") -> str:
    return f'<w:ins w:id="1" w:author="{author}">{"".join(content)}</w:ins>'


def deleted(text: str, author: str = "Bob") -> str:
    return f'<w:del w:id="2" w:author="{author}"><w:r><w:delText>{text}</w:delText></w:r></w:del>'


def table(*rows: list[str]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{cell}</w:tc>" for cell in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl><w:tblPr/><w:tblGrid/>{cells}</w:tbl>"


def text_box(text: str) -> str:
    """A text box as Word writes it: DrawingML in mc:Choice, the same in VML as Fallback."""
    drawing = (
        '<w:drawing><wp:anchor><wp:docPr id="1" name="Text Box 1"/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx><w:txbxContent>{p(r(text))}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )
    vml = (
        f"<w:pict><v:shape><v:textbox><w:txbxContent>{p(r(text))}</w:txbxContent>"
        "</v:textbox></v:shape></w:pict>"
    )
    return (
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
        f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def build(
    path: Path, *blocks: str, footnotes: str = "", comment: tuple[str, str] = ("", "")
) -> Path:
    """A .docx made by python-docx, the blocks' XML put into its body."""
    document = docx.Document()
    body = document.element.body
    for block in blocks:
        element = parse_xml(re.sub(r"^<([\w:]+)", rf"<\1 {DECLARATIONS}", block))
        body.insert(len(body) - 1, element)
    if footnotes:
        xml = f"<w:footnotes {DECLARATIONS}>{footnotes}</w:footnotes>".encode()
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES, xml, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
    anchored, said = comment
    if anchored:
        run = document.add_paragraph().add_run(anchored)
        document.add_comment(run, text=said, author="Carol")
    document.save(str(path))
    return path


def strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return []


def imported_text(root: Path) -> str:
    """Every string of the written YAML files, one a line."""
    folder = root / "economies/chile/2020"
    return "\n".join(
        s
        for path in sorted(folder.glob("*.yaml"))
        for s in strings(yaml.safe_load(path.read_text()))
    )


def import_docx(repo: Path, source: Path, *options: str) -> tuple[str, str]:
    run = _run_ctt(repo, "import", str(source), "chile", "2020", *options)
    assert run.exit_code in (0, 1), run.stderr  # 1: the report has unplaced text to move
    assert (repo / "economies/chile/2020/report.yaml").is_file(), run.stderr
    return imported_text(repo), run.stderr


@pytest.mark.parametrize(
    ("blocks", "words", "note"),
    [
        pytest.param(
            [
                p(
                    r("Customs adopted "),
                    '<w:hyperlink w:history="1">',
                    r("Kestrel Portal"),
                    "</w:hyperlink>",
                )
            ],
            ["Customs adopted Kestrel Portal"],
            "1 hyperlink",
            id="hyperlink",
        ),
        pytest.param(
            [
                "<w:sdt><w:sdtPr><w:alias w:val='Measure'/></w:sdtPr><w:sdtContent>"
                + p(r("Block control Falcon text"))
                + "</w:sdtContent></w:sdt>"
            ],
            ["Block control Falcon text"],
            "1 content control",
            id="block-sdt",
        ),
        pytest.param(
            [
                p(
                    r("Inline "),
                    "<w:sdt><w:sdtPr/><w:sdtContent>",
                    r("Heron control"),
                    "</w:sdtContent></w:sdt>",
                    r(" ends"),
                )
            ],
            ["Inline Heron control ends"],
            "1 content control",
            id="inline-sdt",
        ),
        pytest.param(
            [
                table(
                    [
                        p(r("Left cell Osprey")),
                        "<w:sdt><w:sdtContent>"
                        + p(r("Cell control Plover"))
                        + "</w:sdtContent></w:sdt>",
                    ]
                )
            ],
            ["Left cell Osprey", "Cell control Plover"],
            "1 content control",
            id="sdt-in-cell",
        ),
        pytest.param(
            [
                table([p(r("Row control Sparrow")), p(r("beside it"))])
                .replace("<w:tr>", "<w:sdt><w:sdtContent><w:tr>")
                .replace("</w:tr>", "</w:tr></w:sdtContent></w:sdt>")
            ],
            ["Row control Sparrow", "beside it"],
            "1 content control",
            id="row-sdt",
        ),
        pytest.param(
            [
                p(
                    r("Port of "),
                    '<w:smartTag w:uri="urn:example:smarttags" w:element="place">',
                    r("Valparaiso Lagoon"),
                    "</w:smartTag>",
                )
            ],
            ["Port of Valparaiso Lagoon"],
            "1 smart tag",
            id="smart-tag",
        ),
        pytest.param(
            [
                '<w:customXml w:element="measure">'
                + p(r("Block custom Pelican"), CUSTOM_INLINE)
                + "</w:customXml>"
            ],
            ["Block custom Pelican inline Gannet"],
            "2 custom XML elements",
            id="custom-xml",
        ),
        pytest.param(
            [
                p(
                    r("Report of "),
                    '<w:fldSimple w:instr=" DOCPROPERTY SecretCodeWord ">',
                    r("Cormorant Date"),
                    "</w:fldSimple>",
                )
            ],
            ["Report of Cormorant Date"],
            "1 simple field",
            id="simple-field",
        ),
        pytest.param(
            [
                p(
                    r("Visit "),
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                    '<w:r><w:instrText xml:space="preserve"> HYPERLINK "SecretCodeWord" '
                    "</w:instrText></w:r>",
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                    r("Albatross Site"),
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                    r(" today"),
                )
            ],
            ["Visit Albatross Site today"],
            "",
            id="complex-field",
        ),
        pytest.param(
            [p(r("Anchor of the box")), p(text_box("Boxed Puffin words"))],
            ["Anchor of the box", "Boxed Puffin words"],
            "1 text box",
            id="text-box",
        ),
        pytest.param(
            [
                p(
                    r("Tab"),
                    "<w:r><w:tab/><w:t>and</w:t><w:br/><w:t>break</w:t><w:noBreakHyphen/>"
                    "<w:t>hyphen</w:t><w:sym w:font='Symbol' w:char='F0B3'/><w:t>sym</w:t></w:r>",
                )
            ],
            ["Tab and break-hyphen≥sym"],
            "",
            id="special-characters",
        ),
    ],
)
def test_every_container_is_read(
    bare_repo: Path, tmp_path: Path, blocks: list[str], words: list[str], note: str
) -> None:
    source = build(tmp_path / "report.docx", *blocks)
    text, err = import_docx(bare_repo, source)
    for phrase in words:
        assert phrase in text, (phrase, text)
    assert "SecretCodeWord" not in text, "a field's code came in as text"
    if note:
        assert f"note: read text inside {note}" in err or f", {note}" in err, err


def test_a_text_box_is_read_once(bare_repo: Path, tmp_path: Path) -> None:
    """Word writes a text box twice (DrawingML and VML): one of them is read, never both."""
    text, _ = import_docx(
        bare_repo, build(tmp_path / "box.docx", p(text_box("Only once Guillemot")))
    )
    assert text.count("Guillemot") == 1


def test_footnotes_follow_their_paragraph(bare_repo: Path, tmp_path: Path) -> None:
    notes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        + r(" Footnote Skua source.")
        + "</w:p></w:footnote>"
        '<w:footnote w:id="2"><w:p>' + r("Orphan Tern note") + "</w:p></w:footnote>"
    )
    source = build(
        tmp_path / "notes.docx",
        p(r("Measure with a note"), '<w:r><w:footnoteReference w:id="1"/></w:r>'),
        p(r("Next measure")),
        footnotes=notes,
    )
    lines = read_source(source).lines
    texts = [line.text for line in lines]
    assert texts[:3] == ["Measure with a note[1]", "[1] Footnote Skua source.", "Next measure"]
    text, err = import_docx(bare_repo, source)
    assert "Footnote Skua source" in text and "Orphan Tern note" in text
    assert "a footnote referenced nowhere in the text: read at the end" in err
    assert "2 footnotes" in err


def test_comments_are_printed_never_imported(bare_repo: Path, tmp_path: Path) -> None:
    source = build(
        tmp_path / "comment.docx",
        p(r("Before the comment")),
        comment=("Screening of Lapwing cargo", "Please check the Dotterel figures"),
    )
    text, err = import_docx(bare_repo, source)
    assert "Screening of Lapwing cargo" in text
    assert "Dotterel" not in text
    assert (
        'note: comment by Carol on "Screening of Lapwing cargo": '
        '"Please check the Dotterel figures"' in err
    )


CHANGED = (
    p(r("Kept "), ins(r("Inserted Wren")), deleted(" Deleted Magpie"), r(" end")),
    p(r("Moved "), '<w:moveFrom w:id="3" w:author="Dan"><w:r><w:t>Curlew</w:t></w:r></w:moveFrom>'),
    p(r("Arrived "), '<w:moveTo w:id="4" w:author="Dan"><w:r><w:t>Curlew</w:t></w:r></w:moveTo>'),
    p('<w:pPr><w:rPr><w:del w:id="5" w:author="Eve"/></w:rPr></w:pPr>', r("First half of Dunlin")),
    p(r(" second half")),
    p(deleted("Only deleted Shrike text")),
)


def test_pending_changes_are_refused_and_listed(
    bare_repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    source = build(tmp_path / "changed.docx", *CHANGED)
    run = run_ctt(bare_repo, "import", str(source), "chile", "2020")
    assert run.exit_code == 1
    assert run.stdout == ""
    assert not (bare_repo / "economies").exists()
    listed = [line for line in run.stderr.splitlines() if ": paragraph " in line]
    assert f'{source}: paragraph 1: tracked insertion by Alice: "Inserted Wren"' in listed
    assert f'{source}: paragraph 1: tracked deletion by Bob: "Deleted Magpie"' in listed
    assert any("tracked move away by Dan" in line for line in listed)
    assert any("tracked move here by Dan" in line for line in listed)
    assert any("paragraph 4: tracked paragraph mark deletion by Eve" in line for line in listed)
    assert len(listed) == 6
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("ctt: error: ") and "--accept-changes" in last and "6 pending" in last


def test_accepted_changes_come_in_as_word_accepts_them(bare_repo: Path, tmp_path: Path) -> None:
    source = build(tmp_path / "changed.docx", *CHANGED)
    text, err = import_docx(bare_repo, source, "--accept-changes")
    assert "Kept Inserted Wren end" in text
    assert "Magpie" not in text and "Shrike" not in text
    assert text.count("Curlew") == 1 and "Arrived Curlew" in text
    assert "First half of Dunlin second half" in text
    assert 'accepted tracked insertion by Alice: "Inserted Wren"' in err
    assert 'accepted tracked deletion by Bob: "Deleted Magpie" (left out)' in err
    assert "left out a paragraph of deleted text only" in err
    lines = read_source(source, accept_changes=True)
    numbers = {n for line in lines.lines for n in line.numbers}
    numbers |= {unit.number for unit in lines.accounted}
    assert numbers == {1, 2, 3, 4, 5, 6}, "every paragraph is a line or accounted for"


def test_formatting_changes_are_noted_not_refused(bare_repo: Path, tmp_path: Path) -> None:
    changed = (
        '<w:r><w:rPr><w:b/><w:rPrChange w:id="9" w:author="Eve"><w:rPr/></w:rPrChange></w:rPr>'
        "<w:t>Bold Whimbrel</w:t></w:r>"
    )
    text, err = import_docx(bare_repo, build(tmp_path / "format.docx", p(changed)))
    assert "Bold Whimbrel" in text
    assert "left 1 tracked formatting change as they are" in err


def test_placeholder_text_is_left_out_with_a_note(bare_repo: Path, tmp_path: Path) -> None:
    placeholder = (
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + p(r("Click here to enter text."))
        + "</w:sdtContent></w:sdt>"
    )
    text, err = import_docx(
        bare_repo, build(tmp_path / "empty.docx", p(r("Real Avocet text")), placeholder)
    )
    assert "Real Avocet text" in text and "Click here" not in text
    assert "left out the placeholder text of 1 empty content control" in err


def test_deep_nesting_is_read_without_recursion_trouble(bare_repo: Path, tmp_path: Path) -> None:
    nested = "<w:smartTag w:element='x'>" * 240 + r("Deep Bittern") + "</w:smartTag>" * 240
    text, _ = import_docx(bare_repo, build(tmp_path / "deep.docx", p(nested)))
    assert "Deep Bittern" in text


def test_an_old_word_file_is_refused(bare_repo: Path, tmp_path: Path, run_ctt: RunCtt) -> None:
    source = tmp_path / "old.docx"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    run = run_ctt(bare_repo, "import", str(source), "chile", "2020")
    assert run.exit_code == 2
    assert "old Word (.doc) or password-protected" in run.stderr


def test_tables_merged_cells_once_nested_tables_read(tmp_path: Path) -> None:
    merged = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>' + p(r("Merged Ibis")) + "</w:tc>"
    below = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
    inner = table([p(r("Nested Stork"))])
    document = (
        "<w:tbl><w:tblPr/><w:tblGrid/>"
        f"<w:tr>{merged}<w:tc>{p(r('Right one'))}</w:tc></w:tr>"
        f"<w:tr>{below}<w:tc>{inner}{p()}</w:tc></w:tr>"
        "</w:tbl>"
    )
    source = build(tmp_path / "tables.docx", document, table([p(r("Name")), p(r("Ana Rook"))]))
    texts = [line.text for line in read_source(source).lines]
    assert texts == ["Merged Ibis", "Right one", "Nested Stork", "Name: Ana Rook"]


def test_a_contact_caption_is_kept_without_a_name_row(tmp_path: Path) -> None:
    document = docx.Document()
    document.styles.add_style("CTAP Contact", 1)
    document.add_paragraph("Contact point for Grebe matters", style="CTAP Contact")
    document.add_paragraph("Title: Director")
    document.save(str(tmp_path / "contact.docx"))
    texts = [line.text for line in read_source(tmp_path / "contact.docx").lines]
    assert texts == ["Contact point for Grebe matters", "Title: Director"]


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("ctt.authoring.importer.docx_model.MAX_PARAGRAPHS", 3, "more than 3 paragraphs"),
        ("ctt.authoring.importer.docx_model.MAX_TEXT_CHARS", 20, "MiB of text"),
        (
            "ctt.authoring.importer.docx_blocks.MAX_PARAGRAPH_EVENTS",
            4,
            "a paragraph of more than 2",
        ),
        ("ctt.authoring.importer.docx_parts.MAX_PART_BYTES", 1000, ".xml is larger than"),
    ],
)
def test_a_document_beyond_any_report_is_refused(
    bare_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: str,
    value: int,
    message: str,
    run_ctt: RunCtt,
) -> None:
    monkeypatch.setattr(limit, value)
    words = r("one two three four five six seven eight nine ten eleven twelve")
    source = build(tmp_path / "big.docx", *[p(words, words) for _ in range(5)])
    run = run_ctt(bare_repo, "import", str(source), "chile", "2020")
    assert run.exit_code == 2 and run.stdout == ""
    assert message in run.stderr and "far beyond any report: not imported" in run.stderr
    assert not (bare_repo / "economies").exists()


def test_deleted_rows_are_listed_and_left_out(
    bare_repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    row_deleted = (
        "<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:trPr><w:del w:id='7' w:author='Fay'/></w:trPr>"
        f"<w:tc>{p(r('Row of Hoopoe'))}</w:tc></w:tr>"
        f"<w:tr><w:tc>{p(r('Row of Jacana'))}</w:tc></w:tr></w:tbl>"
    )
    source = build(tmp_path / "rows.docx", row_deleted)
    run = run_ctt(bare_repo, "import", str(source), "chile", "2020")
    assert (
        run.exit_code == 1
        and 'paragraph 1: tracked table row deletion by Fay: "Row of Hoopoe"' in run.stderr
    )
    text, err = import_docx(bare_repo, source, "--accept-changes")
    assert "Jacana" in text and "Hoopoe" not in text
    assert "left out a paragraph in a table row deleted by Fay" in err


def test_headers_footers_and_pictures_are_noted(bare_repo: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Body text of Kiwi")
    document.sections[0].header.paragraphs[0].text = "CTAP Chile Lyrebird header"
    document.save(str(tmp_path / "head.docx"))
    text, err = import_docx(bare_repo, tmp_path / "head.docx")
    assert "Lyrebird" not in text
    assert 'not imported: the page header "CTAP Chile Lyrebird header"' in err


def test_a_document_saved_by_libreoffice(bare_repo: Path, run_ctt: RunCtt) -> None:
    """Written by another program than python-docx: tests/data/docx/libreoffice.fodt saved as
    .docx by LibreOffice (soffice --headless --convert-to docx): a footnote, a tracked
    insertion and deletion, a text box (DrawingML with a VML fallback) and a comment."""
    source = ROOT / "tests/data/docx/libreoffice.docx"
    run = run_ctt(bare_repo, "import", str(source), "chile", "2020")
    assert run.exit_code == 1 and "2 pending tracked changes" in run.stderr
    text, err = import_docx(bare_repo, source, "--accept-changes")
    lines = text.splitlines()
    assert lines.count("Measure with a note[1] and more.") == 1
    assert lines.count("[1] Footnote Skua source.") == 1
    assert lines.count("Kept Inserted Wren end.") == 1
    assert lines.count("Boxed Puffin words") == 1
    assert "Magpie" not in text and "Dotterel" not in text
    assert 'comment by Carol on "Lapwing cargo": "Please check Dotterel"' in err


def test_text_outside_any_paragraph_is_read(bare_repo: Path, tmp_path: Path) -> None:
    """An equation (or other run content) put straight into the body is still read."""
    equation = (
        "<m:oMathPara><m:oMath><m:r><m:t>Loose Nightjar equation</m:t></m:r></m:oMath>"
        "</m:oMathPara>"
    )
    text, err = import_docx(bare_repo, build(tmp_path / "math.docx", p(r("Before")), equation))
    assert "Loose Nightjar equation" in text
    assert "1 equation" in err and "1 run outside any paragraph" in err


def field_char(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def test_a_field_shows_its_result_never_its_code(bare_repo: Path, tmp_path: Path) -> None:
    """The code of an IF field holds a nested field, whose result is code, not text."""
    code = '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
    nested = field_char("begin") + code + field_char("separate") + r("NestedCode")
    field = (
        field_char("begin")
        + code
        + nested
        + field_char("end")
        + field_char("separate")
        + r("Shown Godwit result")
        + field_char("end")
    )
    text, err = import_docx(bare_repo, build(tmp_path / "if.docx", p(r("Says "), field)))
    assert "Says Shown Godwit result" in text and "NestedCode" not in text
    assert 'left out text inside field codes (Word shows results): "NestedCode"' in err
