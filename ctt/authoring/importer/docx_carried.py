"""ctt's own part of a .docx (see ctt.render.docx.wordrefs): which report it is, and items'
references."""

from __future__ import annotations

from ctt.authoring.importer.docx_parts import Package, release
from ctt.render.docx.wordrefs import NAMESPACE, Carried, read_carried

ROOT = f"{{{NAMESPACE}}}ctt"
MARK = f"{{{NAMESPACE}}}mark"


def carried_part(pack: Package) -> Carried | None:
    """The first ctt part among the document's custom XML parts, or None."""
    for part in pack.parts("customXml"):
        root: dict[str, str] | None = None
        marks: list[dict[str, str]] = []
        for event, element in pack.events(part):
            if root is None:
                if element.tag != ROOT:
                    break  # another program's data (a bibliography...): not read on
                root = dict(element.attrib)
            elif event == "end" and element.tag == MARK:
                marks.append(dict(element.attrib))
                release(element)
        if root is not None:
            return read_carried(root, marks)
    return None
