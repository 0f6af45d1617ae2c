"""The one document pipeline: a report, a section or the region's summary, rendered to
Markdown and HTML (templates) and Word (python-docx), then written all or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from ctt.render.outfiles import summary_stem, write_rendered
from ctt.render.templates import render_template
from ctt.store.repo import Repository

if TYPE_CHECKING:
    from ctt.region.summary import Summary
    from ctt.render.section import SectionDocument
    from ctt.report.model import Report

D = TypeVar("D")


@dataclass(frozen=True)
class RenderOptions:
    """What shapes the output besides the document: for now, the styles of a .docx."""

    reference_docx: Path | None = None


@dataclass(frozen=True)
class RenderFormat(Generic[D]):
    """An output format of a kind of document: its file extension and how one becomes bytes."""

    name: str
    extension: str
    build: Callable[[D, Repository, RenderOptions], bytes]

    def render(self, document: D, repo: Repository, options: RenderOptions | None = None) -> bytes:
        """The document in this format."""
        return self.build(document, repo, options or RenderOptions())


def formats(
    template: str, variable: str, docx: Callable[[D, Path | None], bytes]
) -> dict[str, RenderFormat[D]]:
    """The formats of a kind of document: templates TEMPLATE.md.j2 and TEMPLATE.html.j2,
    which call it VARIABLE, and its Word writer."""

    def from_template(name: str) -> Callable[[D, Repository, RenderOptions], bytes]:
        def render(document: D, repo: Repository, options: RenderOptions) -> bytes:
            return render_template(repo, name, **{variable: document})

        return render

    def word(document: D, repo: Repository, options: RenderOptions) -> bytes:
        return docx(document, options.reference_docx)

    return {
        "md": RenderFormat("md", "md", from_template(f"{template}.md.j2")),
        "html": RenderFormat("html", "html", from_template(f"{template}.html.j2")),
        "docx": RenderFormat("docx", "docx", word),
    }


# python-docx is imported only when a Word document is asked for.
def _report_docx(report: Report, reference: Path | None) -> bytes:
    from ctt.render.docx.document import render_docx

    return render_docx(report, reference)


def _section_docx(doc: SectionDocument, reference: Path | None) -> bytes:
    from ctt.render.docx.section import render_section_docx

    return render_section_docx(doc, reference)


def _summary_docx(summary: Summary, reference: Path | None) -> bytes:
    from ctt.render.docx.summary import summary_docx

    return summary_docx(summary, reference)


FORMAT_BY_NAME: dict[str, RenderFormat[Report]] = formats("report", "report", _report_docx)
SECTION_FORMAT_BY_NAME: dict[str, RenderFormat[SectionDocument]] = formats(
    "section", "doc", _section_docx
)
SUMMARY_FORMAT_BY_NAME: dict[str, RenderFormat[Summary]] = formats(
    "summary", "summary", _summary_docx
)


def render_document(
    repo: Repository,
    registry: dict[str, RenderFormat[D]],
    document: D,
    chosen: list[str],
    out_dir: Path,
    stem: str,
    options: RenderOptions | None = None,
) -> list[Path]:
    """Render a document in each chosen format into `out_dir`; return the files written.

    Every format is rendered before any file is written, so a failure writes nothing.
    """
    outputs = {
        registry[name].extension: registry[name].render(document, repo, options) for name in chosen
    }
    return write_rendered(out_dir, stem, outputs)


def render_report(
    repo: Repository,
    report: Report,
    chosen: list[str],
    out_dir: Path,
    stem: str,
    options: RenderOptions | None = None,
) -> list[Path]:
    """Render a report in each chosen format into `out_dir`; return the files written."""
    return render_document(repo, FORMAT_BY_NAME, report, chosen, out_dir, stem, options)


def render_section(
    repo: Repository,
    doc: SectionDocument,
    chosen: list[str],
    out_dir: Path,
    stem: str,
    options: RenderOptions | None = None,
) -> list[Path]:
    """Render a section document in each chosen format into `out_dir`; return the files."""
    return render_document(repo, SECTION_FORMAT_BY_NAME, doc, chosen, out_dir, stem, options)


def write_summary(
    repo: Repository,
    summary: Summary,
    chosen: list[str],
    out_dir: Path,
    options: RenderOptions | None = None,
) -> list[Path]:
    """Render the region's summary in each chosen format into `out_dir`; return the files."""
    stem = summary_stem(summary.year)
    return render_document(repo, SUMMARY_FORMAT_BY_NAME, summary, chosen, out_dir, stem, options)
