"""`ctt diff --format docx`: the new report in the official Word layout, every change since
the old one a Word tracked change, for reviewers to accept or reject."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ctt.compare.diff import ReportDiff, pair_contacts
from ctt.errors import UsageError
from ctt.render.docx import styles as st
from ctt.render.docx.document import build_docx, clean, report_date
from ctt.render.docx.package import stable_bytes
from ctt.render.docx.revisions import Revisions
from ctt.render.docx.track import Hints, Merger
from ctt.render.outfiles import check_output_dir
from ctt.report.model import Contact, Report
from ctt.store.fsutil import refuse_link, write_output
from ctt.store.repo import Repository

SUFFIX = "-changes"  # chile-2022-changes.docx: never the file `ctt render` writes
DEFAULT_AUTHOR = "ctt"
SETTINGS_BEFORE_TRACKING = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime "
    "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
    "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
    "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate "
    "linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView"
)


@dataclass(frozen=True)
class TrackOptions:
    """Who the changes are by, and the Word document to take the styles from."""

    author: str = DEFAULT_AUTHOR
    reference_docx: Path | None = None


def tracked_docx(diff: ReportDiff, options: TrackOptions | None = None) -> bytes:
    """The new report as .docx bytes with every change since the old one tracked; the same
    bytes for the same reports and options (the changes are dated the new report's update)."""
    options = options or TrackOptions()
    old, new = diff.old_report, diff.new_report
    if old is None or new is None:
        raise ValueError("a diff without its reports cannot be shown as tracked changes")
    old_document = build_docx(old, options.reference_docx)
    document = build_docx(new, options.reference_docx)
    date = report_date(new).strftime("%Y-%m-%dT%H:%M:%SZ")
    revisions = Revisions(options.author, date, _first_free_id(document))
    merger = Merger(revisions, _hints(diff, old, new, document))
    merger.body(old_document.element.body, document.element.body)
    document.core_properties.subject = f"Changes since {diff.old}"
    _track_revisions(document)
    return stable_bytes(document)


def _hints(diff: ReportDiff, old: Report, new: Report, document: Document) -> Hints:
    """Items reworded in place and contact points renamed, from the semantic diff; styles."""
    reworded = frozenset(
        (clean(change.old[0].text), clean(change.new[0].text))
        for section in diff.sections
        for change in section.items
        if change.kind == "changed"
    )
    before = {section.id: section.contacts for section in old.sections}
    lists = [(before.get(s.id, []), s.contacts) for s in new.sections]
    lists.append((old.offer_contacts, new.offer_contacts))
    names: dict[str, set[str]] = defaultdict(set)
    for old_contacts, new_contacts in lists:
        for was, contact in pair_contacts(old_contacts, new_contacts):
            if was is not None:
                names[_name(was)].add(_name(contact))
    # A name kept in one section and changed in another is left alone: its tables then show
    # as deleted and inserted, which is still right.
    renamed = {name: next(iter(to)) for name, to in names.items() if len(to) == 1}
    ids = {style.name: style.style_id for style in document.styles}
    depths = range(1, st.MAX_LIST_DEPTH + 1)
    items = {ids[name] for d in depths for name in (st.bullet_style(d), st.group_style(d))}
    return Hints(reworded, renamed, frozenset(items), ids[st.CONTACT], ids[st.TIMEFRAME])


def _name(contact: Contact) -> str:
    return " ".join(clean(contact.name).casefold().split())


def _first_free_id(document: Document) -> int:
    """An id above every w:id of the package (bookmarks of a reference's header, say)."""
    taken = [0]
    for part in document.part.package.iter_parts():
        element: Any = getattr(part, "element", None)
        if element is not None:
            values = (node.get(qn("w:id"), "") for node in element.iter())
            taken += [int(value) for value in values if value.isdigit()]
    return max(taken) + 1


def _track_revisions(document: Document) -> None:
    """Open with Track Changes on, so that a reviewer's own edits are tracked too."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    # w:trackRevisions goes after these settings and before all others (CT_Settings).
    before = {qn(f"w:{name}") for name in SETTINGS_BEFORE_TRACKING.split()}
    following = next((child for child in settings if child.tag not in before), None)
    if following is None:
        settings.append(OxmlElement("w:trackRevisions"))
    else:
        following.addprevious(OxmlElement("w:trackRevisions"))


def output_name(report: Report) -> str:
    """The document's file name: chile-2022-changes.docx."""
    return f"{report.economy.id}-{report.year}{SUFFIX}.docx"


def write_tracked(
    repo: Repository,
    diffs: list[ReportDiff],
    out: Path | None,
    one_file: bool,
    options: TrackOptions,
) -> list[Path]:
    """Write each diff's document into build/ (or the folder `out`), or, for one diff, to
    the file `out`; every document is made before any is written. The files written."""
    if not options.author.strip() or not options.author.isprintable():
        raise UsageError(f"--author {options.author!r}: give a name, in printable characters")
    folder, name = _destination(repo, out, one_file)
    outputs: list[tuple[Path, bytes]] = []
    for diff in diffs:
        assert diff.new_report is not None
        target = folder / (name or output_name(diff.new_report))
        refuse_link(target)
        outputs.append((target, tracked_docx(diff, options)))
    for target, data in outputs:
        write_output(target, data)
    return [target for target, _ in outputs]


def _destination(repo: Repository, out: Path | None, one_file: bool) -> tuple[Path, str | None]:
    """The folder to write into, and the file's name when --out gives it."""
    if out is not None and not os.path.isdir(out) and out.suffix.lower() == ".docx":
        if not one_file:
            raise UsageError(f"--out {out}: with --base, --out is a folder (a document per report)")
        return check_output_dir(repo, out.parent), out.name
    if out is not None and one_file and not os.path.isdir(out) and out.suffix:
        raise UsageError(f"--out {out}: a Word document's name ends in .docx")
    return check_output_dir(repo, out), None
