"""The pull-request comment: what changed in the reports, kept within GitHub's size limit.

The comment starts with a hidden marker, so the bot updates its comment instead of adding
one. When the whole diff would not fit, the comment keeps every report's table of counts and
the folded details of the sections that fit (in order, skipping any too long), or else only
the tables that fit, and says the full diff is attached to the workflow run as the artefact
FULL_DIFF_NAME.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ctt.compare.diff import ReportDiff
from ctt.dates import in_words
from ctt.output.diff import markdown_details, markdown_table
from ctt.output.status import ANSWER_HEADERS
from ctt.output.textfmt import github_text
from ctt.region.status import ReportStatus

if TYPE_CHECKING:
    from ctt.catalogue.catalogue import Catalogue
    from ctt.compare.compare import BaseComparison
    from ctt.store.repo import Repository

MARKER = "<!-- ctt-diff -->"
GITHUB_LIMIT = 65_536  # characters in an issue or pull-request comment
BUDGET = 60_000  # what the comment may use, leaving room below GITHUB_LIMIT
FULL_DIFF_NAME = "ctt-diff.md"
COMMENT_HEADING = "## CTAP reports in this pull request"
VALIDATION_FAILED = (
    "> [!WARNING]\n"
    "> **ctt validate found problems**: see the annotations on the changed files and the "
    "job log. What changed is shown below for the reports that could be read."
)


@dataclass(frozen=True)
class PullRequestChanges:
    """What a pull request changed: reports compared, first reports, notes, validation."""

    diffs: list[ReportDiff]
    first: list[ReportStatus] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    validation_failed: bool = False
    nothing_since: str = ""  # the revision, for "No report changed since REV."


def pull_request_changes(
    repo: Repository, catalogue: Catalogue, comparison: BaseComparison, validation_failed: bool
) -> PullRequestChanges:
    """The comment's facts from `diff --base`: first reports are read for their contents."""
    from ctt.region.status import StatusReader

    reader = StatusReader(repo, catalogue)
    return PullRequestChanges(
        comparison.diffs,
        [reader.report(ref) for ref in comparison.first],
        comparison.notes,
        validation_failed,
        comparison.revision.name,
    )


@dataclass(frozen=True)
class Comment:
    """The comment's body (within the budget) and the full text (the artefact)."""

    body: str
    full: str

    @property
    def shortened(self) -> bool:
        """Whether the body leaves out part of the full text."""
        return self.body != self.full


@dataclass
class _Block:
    """A report's part of the comment: its table (always shown) and its folded details."""

    table: list[str]
    details: list[list[str]]


def build_comment(changes: PullRequestChanges, budget: int = BUDGET) -> Comment:
    """The comment's Markdown: all of it when it fits the budget, else as much as fits."""
    blocks = [
        _Block(markdown_table(d), [markdown_details(s) for s in d.changed_sections()])
        for d in changes.diffs
    ]
    earliest: dict[str, int] = {}
    for status in changes.first:  # several new reports of one economy: only one is its first
        ref = status.ref
        earliest[ref.economy] = min(earliest.get(ref.economy, ref.year), ref.year)
    blocks += [
        _Block(_first_report(status, earliest[status.ref.economy]), []) for status in changes.first
    ]
    everything = [set(range(len(b.details))) for b in blocks]
    full = _body(changes, blocks, everything, len(blocks), cut=False)
    if len(full) <= budget:
        return Comment(full, full)
    # Every table, then each section's details that still fit; failing that, the tables that fit.
    shown: list[set[int]] = [set() for _ in blocks]
    if len(_body(changes, blocks, shown, len(blocks), cut=True)) > budget:
        reports = 0
        while (
            reports < len(blocks)
            and len(_body(changes, blocks, shown, reports + 1, cut=True)) <= budget
        ):
            reports += 1
        return Comment(_body(changes, blocks, shown, reports, cut=True), full)
    for index, block in enumerate(blocks):
        for section in range(len(block.details)):
            shown[index].add(section)
            if len(_body(changes, blocks, shown, len(blocks), cut=True)) > budget:
                shown[index].remove(section)
    return Comment(_body(changes, blocks, shown, len(blocks), cut=True), full)


def _body(
    changes: PullRequestChanges,
    blocks: list[_Block],
    shown: list[set[int]],
    reports: int,
    cut: bool,
) -> str:
    """The comment with the details `shown[i]` of block i, for the first `reports` blocks."""
    lines = [MARKER, COMMENT_HEADING, ""]
    if changes.validation_failed:
        lines += [VALIDATION_FAILED, ""]
    if cut:
        lines += [
            f"The full diff is too long for a comment: it is attached to the workflow run as "
            f"the artefact `{FULL_DIFF_NAME}`. Shown here: each report's counts, and the "
            f"details of the sections that fit.",
            "",
        ]
    if not blocks:
        since = f" since {github_text(changes.nothing_since)}" if changes.nothing_since else ""
        lines += [f"No report changed{since}.", ""]
    for block, chosen in zip(blocks[:reports], shown, strict=False):
        lines += [*block.table, ""]
        for index, details in enumerate(block.details):
            if index in chosen:
                lines += [*details, ""]
        left = len(block.details) - len(chosen)
        if left:
            lines += [f"_The details of {left} more section(s) are in `{FULL_DIFF_NAME}`._", ""]
    if reports < len(blocks):
        lines += [f"_{len(blocks) - reports} more report(s) are in `{FULL_DIFF_NAME}`._", ""]
    if changes.notes:
        lines += ["**Notes**", "", *(f"- {github_text(note)}" for note in changes.notes), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _first_report(status: ReportStatus, earliest: int) -> list[str]:
    """A new report's heading and a table of what it holds, section by section; it is the
    economy's first when no new report of the economy comes before it (`earliest`)."""
    md = github_text
    economy, year = status.ref.economy, status.ref.year
    why = (
        f"first report of {md(economy)}"
        if year == earliest
        else f"new, as is {md(f'{economy} {earliest}')}: no earlier report to compare with"
    )
    lines = [f"### New report: {md(f'{economy} {year}')} ({why})", ""]
    lines.append(
        f"Completeness {status.completeness}%, last updated "
        f"{md(in_words(status.last_updated) if status.last_updated else 'not stated')}; "
        "items per answer:"
    )
    keys = [a.key for a in status.sections[0].answers] if status.sections else []
    headers = ["Section", "Contacts", *(ANSWER_HEADERS.get(k, k) for k in keys)]
    lines += ["", "| " + " | ".join(headers) + " |", "|---" + "|---:" * (len(headers) - 1) + "|"]
    for section in status.sections:
        if section.state in ("missing", "unreadable"):
            cells = [f"{section.state} file"] + [""] * (len(headers) - 2)
        else:
            contacts = "?" if section.contacts is None else str(section.contacts)
            cells = [contacts, *(str(a.items) for a in section.answers)]
        lines.append("| " + " | ".join([md(section.label), *cells]) + " |")
    return lines
