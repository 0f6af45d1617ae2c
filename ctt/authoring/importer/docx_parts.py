"""The parts of a .docx to read: found through its relationships, parsed safely as a stream."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ctt.authoring.importer.docx_model import TooLarge
from ctt.errors import UsageError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STRICT_W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# An old binary Word file (.doc) or a password-protected one: an OLE compound file, not a zip.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What a broken package, part or stream raises while it is read.
UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    KeyError,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,  # a compression method zipfile does not have
    RuntimeError,  # an encrypted member
    etree.LxmlError,
)
Event = tuple[str, Any]
MIB = 1024 * 1024
# The XML of a long real report is a few MiB; reading 64 MiB takes some seconds.
MAX_PART_BYTES = 64 * MIB


def w_names(names: str) -> frozenset[str]:
    """The qualified WordprocessingML tags of space-separated local names."""
    return frozenset(f"{W}{name}" for name in names.split())


@dataclass
class Package:
    """A .docx opened: its main document part and the parts that part relates to by type."""

    zip: zipfile.ZipFile
    shown: str
    main: str
    related: dict[str, list[str]] = field(default_factory=dict)

    def events(self, name: str) -> Iterator[Event]:
        """The start and end events of a part's elements, parsed as they are read; a broken
        part is a UsageError, and an error of the code reading the events stays its own."""
        try:
            stream = self.zip.open(name)
        except UNREADABLE as exc:
            raise not_a_docx(self.shown, exc) from None
        too_large = TooLarge(f"{name} is larger than {MAX_PART_BYTES // MIB} MiB")
        if self.zip.getinfo(name).file_size > MAX_PART_BYTES:
            raise too_large
        with stream:
            parsed = safe_iterparse(_Capped(stream, MAX_PART_BYTES, too_large))
            while True:
                try:
                    item = next(parsed)
                except StopIteration:
                    return
                except UNREADABLE as exc:
                    raise not_a_docx(self.shown, exc, name) from None
                yield item

    def parts(self, kind: str) -> list[str]:
        """The parts the main document relates to as `kind` ('styles', 'footnotes', 'header')."""
        return self.related.get(kind, [])


class _Capped:
    """A stream that fails once more than `limit` bytes are read (a zip's sizes may lie)."""

    def __init__(self, stream: Any, limit: int, error: Exception) -> None:
        self.stream, self.left, self.error = stream, limit, error

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.stream.read(size)
        self.left -= len(data)
        if self.left < 0:
            raise self.error
        return data


def safe_iterparse(stream: Any) -> Iterator[Event]:
    """Parse events with no entity expansion, no DTD or network access, libxml2's limits kept."""
    yield from etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,  # keeps the depth (256) and text-node limits: Word needs neither
        remove_comments=True,
        remove_pis=True,
    )


def open_package(raw: bytes, shown: str) -> Package:
    """The package of a .docx, or a UsageError saying why it is not one."""
    if raw.startswith(OLE_MAGIC):
        raise UsageError(
            f"{shown}: an old Word (.doc) or password-protected file: save it in Word as a "
            "Word Document (.docx) without a password, then import that"
        )
    try:
        pack = zipfile.ZipFile(io.BytesIO(raw))
        names = set(pack.namelist())
        main = _targets(pack, names, "", "_rels/.rels").get("officeDocument", ["word/document.xml"])
        if main[0] not in names:
            raise KeyError(main[0])
        folder, base = posixpath.split(main[0])
        related = _targets(pack, names, folder, posixpath.join(folder, "_rels", f"{base}.rels"))
    except UNREADABLE as exc:
        raise not_a_docx(shown, exc) from None
    return Package(pack, shown, main[0], related)


def not_a_docx(shown: str, exc: BaseException | str, part: str = "") -> UsageError:
    """The error for a file that is not (quite) a Word document."""
    detail = str(exc).strip() or type(exc).__name__
    where = f"{part}: " if part else ""
    return UsageError(f"{shown}: not a Word .docx document ({where}{detail})")


def _targets(
    pack: zipfile.ZipFile, names: set[str], folder: str, rels: str
) -> dict[str, list[str]]:
    """The parts a relationships part names, by the last word of their type, in order."""
    found: dict[str, list[str]] = {}
    if rels not in names:
        return found
    with pack.open(rels) as stream:
        for event, element in safe_iterparse(stream):
            if event != "end" or element.tag != f"{RELS}Relationship":
                continue
            kind = (element.get("Type") or "").rsplit("/", 1)[-1]
            target = element.get("Target") or ""
            if element.get("TargetMode") != "External" and target:
                path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                found.setdefault(kind, []).append(posixpath.normpath(path))
            release(element)
    return found


def style_names(pack: Package) -> dict[str, str]:
    """Paragraph style names by style id; '' names the default paragraph style."""
    names: dict[str, str] = {}
    for part in pack.parts("styles")[:1]:
        for event, element in pack.events(part):
            if event != "end" or element.tag != f"{W}style":
                continue
            if element.get(f"{W}type") == "paragraph":
                name_element = element.find(f"{W}name")
                name = name_element.get(f"{W}val", "") if name_element is not None else ""
                names[element.get(f"{W}styleId", "")] = name
                if element.get(f"{W}default") in ("1", "true", "on"):
                    names[""] = name
            release(element)
    return names


def release(element: Any) -> None:
    """Free a parsed element and the siblings before it: a part is read in bounded memory."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
