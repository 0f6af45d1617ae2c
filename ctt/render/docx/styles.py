"""The Word styles a CTAP .docx uses: the names the document is built from, added when missing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.numbering import NumberingPart
from docx.shared import Pt, RGBColor, Twips
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle

# The names below are the document's structure: `ctt import` reads a .docx back by them.
TITLE = "Title"
HEADING = "Heading {}"
QUESTION = "CTAP Question"  # a shaded question row: the commitments row and the five questions
LABEL = "CTAP Label"  # a field name (Economy, Name, ...) and a section label in the summary
CONTACT = "CTAP Contact"  # the caption above a contact table: the role or "Contact Point"
EMPTY = "CTAP Empty"  # "Nothing reported.", "No contact point given.", "not stated"
OBJECTIVE = "CTAP Objective"
NOTE = "CTAP Note"  # the closing note of "Possible assistance and expertise to offer"
FOOTER = "CTAP Footer"
TIMEFRAME = "CTAP Timeframe"  # character style of an item's " (timeframe: X)" suffix
STRONG = "Strong"
BULLET = "List Bullet"  # List Bullet 2 ... 5 below the top level
GROUP_HEADING = "CTAP Group Heading"  # CTAP Group Heading 2 ... 5 below the top level
TABLE = "CTAP Table"
MAX_LIST_DEPTH = 5  # Word's built-in List Bullet styles stop at 5; deeper levels share it

SHADE = "D9E2F3"
MUTED = RGBColor(0x5A, 0x5A, 0x5A)
INDENT = 360  # twips per nesting level, as Word's List Bullet styles indent


def bullet_style(depth: int) -> str:
    """The List Bullet style of an item at `depth` (1 for a top-level item)."""
    depth = min(max(depth, 1), MAX_LIST_DEPTH)
    return BULLET if depth == 1 else f"{BULLET} {depth}"


def group_style(depth: int) -> str:
    """The style of a group heading at `depth`: CTAP Group Heading, CTAP Group Heading 2, ..."""
    depth = min(max(depth, 1), MAX_LIST_DEPTH)
    return GROUP_HEADING if depth == 1 else f"{GROUP_HEADING} {depth}"


@dataclass(frozen=True)
class StyleSpec:
    """A style to add when the document lacks it: its name, type, base and look."""

    name: str
    kind: WD_STYLE_TYPE
    configure: Callable[[Document, BaseStyle], None]
    base: str | None = "Normal"
    builtin: bool = False


def _paragraph(
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    muted: bool = False,
    keep_with_next: bool = False,
    before: float = 0,
    after: float = 0,
    indent: int = 0,
    shade: str | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Callable[[Document, BaseStyle], None]:
    def configure(_: Document, style: BaseStyle) -> None:
        assert isinstance(style, ParagraphStyle)
        font = style.font
        font.bold = bold or None
        font.italic = italic or None
        if size is not None:
            font.size = Pt(size)
        if muted:
            font.color.rgb = MUTED
        fmt = style.paragraph_format
        fmt.keep_with_next = keep_with_next or None
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        if indent:
            fmt.left_indent = Twips(indent)
        if align is not None:
            fmt.alignment = align
        if shade is not None:
            _shade(style, shade)

    return configure


def _character(bold: bool = False, muted: bool = False) -> Callable[[Document, BaseStyle], None]:
    def configure(_: Document, style: BaseStyle) -> None:
        assert isinstance(style, CharacterStyle)
        style.font.bold = bold or None
        if muted:
            style.font.color.rgb = MUTED

    return configure


def _heading(level: int, size: float) -> Callable[[Document, BaseStyle], None]:
    look = _paragraph(bold=True, size=size, keep_with_next=True, before=12, after=6)

    def configure(document: Document, style: BaseStyle) -> None:
        look(document, style)
        outline = parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level - 1}"/>')
        _ppr(style).insert_element_before(outline, "w:divId", "w:cnfStyle", "w:rPr")

    return configure


def _bullets(depth: int) -> Callable[[Document, BaseStyle], None]:
    def configure(document: Document, style: BaseStyle) -> None:
        num_id = add_bullet_numbering(document, depth, style.style_id)
        numbering = parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>')
        _ppr(style).insert_element_before(numbering, *_PPR_AFTER_NUMPR)
        assert isinstance(style, ParagraphStyle)
        style.paragraph_format.space_after = Pt(0)

    return configure


def _table(document: Document, style: BaseStyle) -> None:
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="7A7A7A"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    table_pr = parse_xml(
        f"<w:tblPr {nsdecls('w')}><w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
    )
    # No space between paragraphs in cells unless their own style asks for it.
    spacing = parse_xml(
        f'<w:pPr {nsdecls("w")}><w:spacing w:before="0" w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr>'
    )
    style.element.append(spacing)
    style.element.append(table_pr)


_PPR_AFTER_NUMPR = ("w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:spacing", "w:ind")
_PPR_AFTER_SHD = ("w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:outlineLvl")


def _ppr(style: BaseStyle) -> BaseOxmlElement:
    ppr: BaseOxmlElement = style.element.get_or_add_pPr()
    return ppr


def _shade(style: BaseStyle, fill: str) -> None:
    """Paragraph shading in the style itself, so that restyling the style restyles every row."""
    shading = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    _ppr(style).insert_element_before(shading, *_PPR_AFTER_SHD)
    # Borders in the shading's colour widen the shaded band to (nearly) the whole cell.
    sides = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="{space}" w:color="{fill}"/>'
        for side, space in (("top", 3), ("left", 4), ("bottom", 3), ("right", 4))
    )
    border = parse_xml(f"<w:pBdr {nsdecls('w')}>{sides}</w:pBdr>")
    _ppr(style).insert_element_before(border, "w:shd", *_PPR_AFTER_SHD)


def _group_heading(depth: int) -> StyleSpec:
    # No keep-with-next: LibreOffice then keeps the whole table row with the next one, and a
    # long answer jumps to a new page leaving the last one empty.
    look = _paragraph(bold=True, before=4, indent=INDENT * (depth - 1))
    return StyleSpec(group_style(depth), WD_STYLE_TYPE.PARAGRAPH, look)


P = WD_STYLE_TYPE.PARAGRAPH
CENTER = WD_ALIGN_PARAGRAPH.CENTER
SPECS: tuple[StyleSpec, ...] = (
    StyleSpec(TITLE, P, _paragraph(bold=True, size=16, after=12, align=CENTER), builtin=True),
    StyleSpec(HEADING.format(1), P, _heading(1, 13), builtin=True),
    StyleSpec(HEADING.format(2), P, _heading(2, 12), builtin=True),
    StyleSpec(QUESTION, P, _paragraph(bold=True, size=9.5, keep_with_next=True, shade=SHADE)),
    StyleSpec(LABEL, P, _paragraph(bold=True)),
    StyleSpec(CONTACT, P, _paragraph(bold=True, keep_with_next=True, before=8, after=2)),
    StyleSpec(EMPTY, P, _paragraph(italic=True, muted=True)),
    StyleSpec(OBJECTIVE, P, _paragraph(italic=True, before=6, after=12)),
    StyleSpec(NOTE, P, _paragraph(italic=True, muted=True, before=8)),
    StyleSpec(FOOTER, P, _paragraph(align=CENTER), base="Footer"),
    *(
        StyleSpec(bullet_style(depth), P, _bullets(depth), builtin=True)
        for depth in range(1, MAX_LIST_DEPTH + 1)
    ),
    *(_group_heading(depth) for depth in range(1, MAX_LIST_DEPTH + 1)),
    StyleSpec(STRONG, WD_STYLE_TYPE.CHARACTER, _character(bold=True), base=None, builtin=True),
    StyleSpec(TIMEFRAME, WD_STYLE_TYPE.CHARACTER, _character(muted=True), base=None),
    StyleSpec(TABLE, WD_STYLE_TYPE.TABLE, _table, base="Normal Table"),
)


def ensure_styles(document: Document) -> None:
    """Add every style ctt uses that the document does not define (its own ones are kept)."""
    styles = document.styles
    for spec in SPECS:
        if spec.name in styles:
            continue
        style = styles.add_style(spec.name, spec.kind, builtin=spec.builtin)
        if spec.base is not None and spec.base in styles:
            style.base_style = styles[spec.base]
        spec.configure(document, style)


_EMPTY_NUMBERING = f"<w:numbering {nsdecls('w')}/>"


def _numbering(document: Document) -> BaseOxmlElement:
    """The numbering definitions, created when the document has none (python-docx cannot)."""
    part = document.part
    try:
        numbering = part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
    except KeyError:
        numbering = NumberingPart(
            PackURI("/word/numbering.xml"),
            CONTENT_TYPE.WML_NUMBERING,
            parse_xml(_EMPTY_NUMBERING),
            part.package,
        )
        part.relate_to(numbering, RELATIONSHIP_TYPE.NUMBERING)
    assert isinstance(numbering, NumberingPart)
    element: BaseOxmlElement = numbering.element
    return element


def add_bullet_numbering(document: Document, depth: int, style_id: str) -> int:
    """A new one-level bullet list indented for `depth`; returns its w:numId."""
    numbering = _numbering(document)
    abstract_ids = [int(v) for v in numbering.xpath("w:abstractNum/@w:abstractNumId")]
    num_ids = [int(v) for v in numbering.xpath("w:num/@w:numId")]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:pStyle w:val="{style_id}"/><w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{INDENT * depth}" w:hanging="{INDENT}"/></w:pPr>'
        "</w:lvl></w:abstractNum>"
    )
    numbering.insert_element_before(abstract, "w:num", "w:numIdMacAtCleanup")
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    numbering.insert_element_before(num, "w:numIdMacAtCleanup")
    return num_id


def has_page_field(element: BaseOxmlElement) -> bool:
    """Whether a header or footer already shows the page number."""
    simple = element.xpath(".//w:fldSimple/@w:instr")
    complex_ = element.xpath(".//w:instrText/text()")
    return any(str(i).split()[:1] == ["PAGE"] for i in [*simple, *complex_])


def page_field(instruction: str) -> BaseOxmlElement:
    """A simple field (PAGE, NUMPAGES) showing a placeholder until the reader updates it."""
    field: BaseOxmlElement = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r>'
        "</w:fldSimple>"
    )
    return field
