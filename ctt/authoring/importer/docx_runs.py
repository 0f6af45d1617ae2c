"""The text of one Word paragraph, read from its XML as Word shows it with changes accepted.

Every container of run content is entered (tracked insertions, deletions and moves, content
controls, smart tags, custom XML, fields, hyperlinks); text boxes are handed back to be read
as paragraphs of their own; what holds no text (pictures, charts) is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctt.authoring.importer.docx_model import Change, NoteRef, Para, Reading
from ctt.authoring.importer.docx_parts import W, w_names
from ctt.render.docx.wordrefs import MARK_PREFIX

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
VML = "{urn:schemas-microsoft-com:vml}"
GRAPHIC_KINDS = {
    "picture": "picture",
    "chart": "chart",
    "chartex": "chart",
    "diagram": "SmartArt diagram",
}
# Symbol-font characters (Word stores them at U+F0xx) that have a Unicode equivalent.
SYMBOL_FONT = {
    0xA3: "≤",
    0xA5: "∞",
    0xAC: "←",
    0xAD: "↑",
    0xAE: "→",
    0xAF: "↓",
    0xB0: "°",
    0xB1: "±",
    0xB3: "≥",
    0xB4: "\u00d7",  # multiplication sign
    0xB7: "•",
    0xB8: "÷",
    0xB9: "≠",
    0xBB: "≈",
    0xD6: "√",
}
# Elements with nothing to show: properties, bookmarks, field codes, marks of notes.
SKIPPED = w_names(
    "pPr rPr instrText delInstrText sdtPr sdtEndPr smartTagPr customXmlPr "
    "bookmarkEnd proofErr permStart permEnd lastRenderedPageBreak softHyphen footnoteRef "
    "endnoteRef annotationRef separator continuationSeparator moveFromRangeStart "
    "moveFromRangeEnd moveToRangeStart moveToRangeEnd customXmlInsRangeStart "
    "customXmlInsRangeEnd customXmlDelRangeStart customXmlDelRangeEnd "
    "customXmlMoveFromRangeStart customXmlMoveFromRangeEnd customXmlMoveToRangeStart "
    "customXmlMoveToRangeEnd fldData dayShort dayLong monthShort monthLong yearShort "
    "yearLong pgNum"
)
CHANGES = {
    f"{W}ins": ("insertion", False),
    f"{W}del": ("deletion", True),
    f"{W}moveTo": ("move here", False),
    f"{W}moveFrom": ("move away", True),
}
MARK_CHANGES = {
    f"{W}ins": "paragraph mark insertion",
    f"{W}del": "paragraph mark deletion",
    f"{W}moveTo": "paragraph mark move here",
    f"{W}moveFrom": "paragraph mark move",
}
WHITESPACE = {f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}br": "\n", f"{W}cr": "\n"}
CONTAINERS = {
    f"{W}hyperlink": "hyperlink",
    f"{W}smartTag": "smart tag",
    f"{W}customXml": "custom XML element",
    f"{W}fldSimple": "simple field",
    f"{MATH}oMath": "equation",
}
FORMAT_CHANGES = (f"{W}pPrChange", f"{W}rPrChange", f"{W}sectPrChange", f"{W}numberingChange")


def on(element: Any, attribute: str = f"{W}val") -> bool:
    """A WordprocessingML on/off property: present and not 'false', '0' or 'off'."""
    return element is not None and element.get(attribute) not in ("false", "0", "off")


def text_of(element: Any) -> str:
    """An element's text, with the tails of any children (an unexpanded entity)."""
    if not len(element):
        return str(element.text or "")
    return "".join([element.text or "", *(child.tail or "" for child in element)])


def choice(element: Any) -> Any:
    """Of an mc:AlternateContent, the branch to read: the first Choice, else the Fallback."""
    branch = element.find(f"{MC}Choice")
    return branch if branch is not None else element.find(f"{MC}Fallback")


class Story:
    """What runs on from paragraph to paragraph in one story: the fields being read."""

    def __init__(self) -> None:
        # One entry a field begun: False in its code, True once its result shows.
        self.fields: list[bool] = []


Handler = Callable[["ParagraphReader", Any, "Change | None", bool], None]


class ParagraphReader:
    """Reads one paragraph (or run content outside any) into a Para; text boxes are kept."""

    def __init__(self, reading: Reading, story: Story) -> None:
        self.reading = reading
        self.story = story
        self.para = Para()
        self.parts: list[str] = []
        self.left_out: list[str] = []
        self.boxes: list[Any] = []  # w:txbxContent elements met, read by the caller
        self.changes: list[Change] = []
        self.refs: list[NoteRef] = []
        self.marks: list[str] = []
        self.vanish = False

    def read(self, paragraph: Any, outside: bool = False) -> Para:
        """The paragraph (or, `outside`, the element holding run content) read."""
        para = self.para
        for anchor in self.reading.waiting:
            anchor.para = para
        self.reading.waiting.clear()
        if outside:
            self.visit(paragraph, None, False)
        else:
            properties = paragraph.find(f"{W}pPr")
            if properties is not None:
                self.properties(properties)
            self.walk(paragraph, None, False)
        para.text = "".join(self.parts)
        para.left_out = "".join(self.left_out)
        if para.mark is not None:
            para.mark.add(para.text or para.left_out)
        para.changes = _merged(self.changes)
        para.refs = tuple(self.refs)
        para.marks = tuple(self.marks)
        return para

    def properties(self, properties: Any) -> None:
        """Style, list numbering and a tracked change of the paragraph mark."""
        para, styles = self.para, self.reading.styles
        style = properties.find(f"{W}pStyle")
        style_id = style.get(f"{W}val", "") if style is not None else ""
        para.style = styles.get(style_id, styles.get("", ""))
        numbering = properties.find(f"{W}numPr")
        if numbering is not None:
            number = numbering.find(f"{W}numId")
            para.numbered = number is None or number.get(f"{W}val") != "0"
        mark = properties.find(f"{W}rPr")
        if mark is not None:
            for tag, kind in MARK_CHANGES.items():
                change = mark.find(tag)
                if change is not None:
                    para.mark = Change(kind, change.get(f"{W}author", ""))
        self.reading.formatting += sum(1 for _ in properties.iter(*FORMAT_CHANGES))

    def walk(self, element: Any, change: Change | None, removing: bool) -> None:
        """Read the children of an element in order."""
        for child in element:
            self.visit(child, change, removing)

    def visit(self, child: Any, change: Change | None, removing: bool) -> None:
        """Read one element: its handler's way, or its children's."""
        tag = child.tag
        if tag in SKIPPED or not isinstance(tag, str):
            return
        handler = HANDLERS.get(tag)
        if handler is not None:
            handler(self, child, change, removing)
        elif tag in CONTAINERS:
            self.reading.read[CONTAINERS[tag]] += 1
            self.walk(child, change, removing)
        elif tag in WHITESPACE:
            self.emit(WHITESPACE[tag], change, removing)
        elif tag in CHANGES:
            kind, removes = CHANGES[tag]
            inner = Change(kind, child.get(f"{W}author", ""), start=len(self.parts))
            self.changes.append(inner)
            self.walk(child, inner, removing or removes)
            inner.end = len(self.parts)
        else:
            self.walk(child, change, removing)

    def emit(self, text: str, change: Change | None, removing: bool) -> None:
        """Text Word shows, unless it is in a field's code or removed by a change."""
        if False in self.story.fields:
            self.reading.sample(self.reading.codes, text)
            return
        if change is not None:
            change.add(text)
        if removing:
            self.left_out.append(text)
            return
        self.parts.append(text)
        for anchor in self.reading.open.values():
            anchor.add(text)

    def run(self, run: Any, change: Change | None, removing: bool) -> None:
        properties = run.find(f"{W}rPr")
        self.vanish = properties is not None and on(properties.find(f"{W}vanish"))
        if properties is not None:
            self.reading.formatting += sum(1 for _ in properties.iter(f"{W}rPrChange"))
        before = len(self.parts)
        self.walk(run, change, removing)
        if self.vanish and len(self.parts) > before:
            self.reading.read["run of hidden text"] += 1

    def text(self, element: Any, change: Change | None, removing: bool) -> None:
        self.emit(text_of(element), change, removing)

    def symbol(self, element: Any, change: Change | None, removing: bool) -> None:
        try:
            code = int(element.get(f"{W}char", ""), 16)
        except ValueError:
            return
        if 0xF000 <= code <= 0xF0FF and element.get(f"{W}font") == "Symbol":
            code = ord(SYMBOL_FONT.get(code - 0xF000, chr(code)))
        if 0x20 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            self.emit(chr(code), change, removing)

    def no_break_hyphen(self, element: Any, change: Change | None, removing: bool) -> None:
        self.emit("-", change, removing)

    def field_char(self, element: Any, change: Change | None, removing: bool) -> None:
        kind, fields = element.get(f"{W}fldCharType"), self.story.fields
        if kind == "begin":
            self._form_field(element.find(f"{W}ffData"), change, removing)
            fields.append(False)
        elif kind == "separate" and fields:
            fields[-1] = True
        elif kind == "end" and fields:
            fields.pop()

    def _form_field(self, data: Any, change: Change | None, removing: bool) -> None:
        """A legacy check box or drop-down shows no result text: its state is the text."""
        if data is None:
            return
        self.reading.read["form field"] += 1
        box, entries = data.find(f"{W}checkBox"), data.findall(f"{W}ddList/{W}listEntry")
        if box is not None:
            checked = box.find(f"{W}checked")
            state = on(checked) if checked is not None else on(box.find(f"{W}default"))
            self.emit("☒" if state else "☐", change, removing)
        elif entries:
            chosen = data.find(f"{W}ddList/{W}result")
            index = int(chosen.get(f"{W}val", "0")) if chosen is not None else 0
            if 0 <= index < len(entries):
                self.emit(entries[index].get(f"{W}val", ""), change, removing)

    def content_control(self, element: Any, change: Change | None, removing: bool) -> None:
        self.reading.read["content control"] += 1
        properties, content = element.find(f"{W}sdtPr"), element.find(f"{W}sdtContent")
        if content is None:
            return
        if properties is not None and properties.find(f"{W}showingPlcHdr") is not None:
            placeholder = "".join(text_of(t) for t in content.iter(f"{W}t"))
            self.reading.sample(self.reading.placeholders, placeholder)
            self.left_out.append(placeholder)
            return
        self.walk(content, change, removing)

    def alternate(self, element: Any, change: Change | None, removing: bool) -> None:
        branch = choice(element)
        if branch is not None:
            self.walk(branch, change, removing)

    def text_box(self, element: Any, change: Change | None, removing: bool) -> None:
        self.reading.read["text box"] += 1
        self.boxes.append(element)

    def note_reference(self, element: Any, change: Change | None, removing: bool) -> None:
        kind = "footnote" if element.tag == f"{W}footnoteReference" else "endnote"
        mark = ""  # a custom mark is the text of the run that follows
        if element.get(f"{W}customMarkFollows") not in ("1", "true", "on"):
            self.reading.marks[kind] += 1
            count = self.reading.marks[kind]
            mark = str(count) if kind == "footnote" else _roman(count)
        self.refs.append(NoteRef(kind, element.get(f"{W}id", ""), mark, removing))
        if mark:
            self.emit(f"[{mark}]", change, removing)

    def bookmark(self, element: Any, change: Change | None, removing: bool) -> None:
        name = element.get(f"{W}name", "")
        if name.startswith(MARK_PREFIX) and not removing:
            self.marks.append(name)

    def comment_start(self, element: Any, change: Change | None, removing: bool) -> None:
        comment = element.get(f"{W}id", "")
        anchor = self.reading.anchor(comment)
        anchor.para = anchor.para or self.para
        self.reading.open[comment] = anchor

    def comment_end(self, element: Any, change: Change | None, removing: bool) -> None:
        self.reading.open.pop(element.get(f"{W}id", ""), None)

    def comment_reference(self, element: Any, change: Change | None, removing: bool) -> None:
        anchor = self.reading.anchor(element.get(f"{W}id", ""))
        anchor.para = anchor.para or self.para

    def graphic(self, element: Any, change: Change | None, removing: bool) -> None:
        kind = GRAPHIC_KINDS.get((element.get("uri") or "").rsplit("/", 1)[-1])
        if kind is not None:
            self.reading.not_read[kind] += 1
        self.walk(element, change, removing)  # a shape may hold a text box

    def description(self, element: Any, change: Change | None, removing: bool) -> None:
        if text := (element.get("descr") or element.get("title") or "").strip():
            self.reading.sample(self.reading.descriptions, text)

    def not_read(self, element: Any, change: Change | None, removing: bool) -> None:
        kind = str(element.tag).rsplit("}", 1)[-1]
        self.reading.not_read[NOT_READ[kind]] += 1


NOT_READ = {
    "object": "embedded object",
    "subDoc": "subdocument",
    "contentPart": "ink drawing",
    "imagedata": "picture",
}
GRAPHIC_DATA = "{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData"
ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
HANDLERS: dict[str, Handler] = {
    f"{W}r": ParagraphReader.run,
    f"{W}t": ParagraphReader.text,
    f"{W}delText": ParagraphReader.text,
    f"{MATH}t": ParagraphReader.text,
    f"{W}sym": ParagraphReader.symbol,
    f"{W}noBreakHyphen": ParagraphReader.no_break_hyphen,
    f"{W}fldChar": ParagraphReader.field_char,
    f"{W}sdt": ParagraphReader.content_control,
    f"{MC}AlternateContent": ParagraphReader.alternate,
    f"{W}txbxContent": ParagraphReader.text_box,
    f"{W}footnoteReference": ParagraphReader.note_reference,
    f"{W}endnoteReference": ParagraphReader.note_reference,
    f"{W}bookmarkStart": ParagraphReader.bookmark,
    f"{W}commentRangeStart": ParagraphReader.comment_start,
    f"{W}commentRangeEnd": ParagraphReader.comment_end,
    f"{W}commentReference": ParagraphReader.comment_reference,
    GRAPHIC_DATA: ParagraphReader.graphic,
    f"{WP}docPr": ParagraphReader.description,
    f"{W}object": ParagraphReader.not_read,
    f"{W}subDoc": ParagraphReader.not_read,
    f"{W}contentPart": ParagraphReader.not_read,
    f"{VML}imagedata": ParagraphReader.not_read,
}


def _merged(changes: list[Change]) -> tuple[Change, ...]:
    """Neighbouring changes of one kind and author as one (Word splits them by run)."""
    merged: list[Change] = []
    for change in changes:
        last = merged[-1] if merged else None
        same = last and (last.kind, last.author) == (change.kind, change.author)
        if last and same and last.end == change.start:
            last.add(change.text)
            last.end = change.end
        else:
            merged.append(change)
    return tuple(merged)


def _roman(number: int) -> str:
    """Lower-case roman numerals, as Word numbers endnotes."""
    out = ""
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out
