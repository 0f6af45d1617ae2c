"""Rendering: a report into Markdown and HTML (templates) and Word (python-docx), atomically."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ctt.catalogue.catalogue import Catalogue
from ctt.check.validate import Validator
from ctt.errors import DataError, ProblemsError, UsageError
from ctt.problems import Problem
from ctt.report.model import Report, build_report
from ctt.store.fsutil import write_output
from ctt.store.repo import ReportRef, Repository

if TYPE_CHECKING:
    from jinja2 import Environment


class ReportInvalid(ProblemsError):
    """The report has errors, so it cannot be rendered or compared; carries the problems."""

    def __init__(self, ref: ReportRef, problems: list[Problem]) -> None:
        errors = sum(p.severity == "error" for p in problems)
        super().__init__(
            f"{ref.economy} {ref.year} has {errors} error(s); fix them first", problems
        )


PUBLIC_SUFFIX = "-public"


@dataclass(frozen=True)
class RenderOptions:
    """What shapes the output besides the report: for now, the styles of a .docx."""

    reference_docx: Path | None = None


@dataclass(frozen=True)
class RenderFormat:
    """An output format: its file extension and how a report becomes bytes."""

    name: str
    extension: str
    build: Callable[[Report, Repository, RenderOptions], bytes]

    def render(
        self, report: Report, repo: Repository, options: RenderOptions | None = None
    ) -> bytes:
        """The report in this format."""
        return self.build(report, repo, options or RenderOptions())


def make_environment(template_dirs: list[Path]) -> Environment:
    """The one Jinja environment: strict about undefined names, escaping HTML, our filters.

    Templates are looked up in `template_dirs` in order (Repository.template_dirs: the
    repository's own templates/, then ctt's), so a repository's file overrides ctt's."""
    import jinja2

    from ctt.dates import in_words
    from ctt.output.textfmt import anchor, markdown_text

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dirs),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["anchor"] = anchor
    env.filters["in_words"] = in_words
    return env


def render_template(repo: Repository, name: str, **context: object) -> bytes:
    """A template of templates/ rendered as UTF-8; DataError naming the template on error."""
    import jinja2

    env = make_environment(repo.template_dirs())
    try:
        text = env.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        line = getattr(exc, "lineno", None)
        raise DataError(f"template {where}{f':{line}' if line else ''}: {exc}") from exc
    return text.encode("utf-8")


def _template(name: str) -> Callable[[Report, Repository, RenderOptions], bytes]:
    def render(report: Report, repo: Repository, options: RenderOptions) -> bytes:
        return render_template(repo, name, report=report)

    return render


def _docx(report: Report, repo: Repository, options: RenderOptions) -> bytes:
    from ctt.render.docx.document import render_docx

    return render_docx(report, options.reference_docx)


FORMAT_BY_NAME: dict[str, RenderFormat] = {
    "md": RenderFormat("md", "md", _template("report.md.j2")),
    "html": RenderFormat("html", "html", _template("report.html.j2")),
    "docx": RenderFormat("docx", "docx", _docx),
}


def load_report(
    repo: Repository, catalogue: Catalogue, ref: ReportRef, redact: bool = False
) -> tuple[Report, list[Problem]]:
    """The report as objects, with its warnings; ReportInvalid when it has errors."""
    check = Validator(repo, catalogue).check_report(ref)
    if not check.ok:
        raise ReportInvalid(ref, check.problems)
    return build_report(check.documents, catalogue, redact=redact), check.problems


def output_stem(ref: ReportRef, redact: bool) -> str:
    """The output file name without extension: chile-2020, or chile-2020-public when redacted."""
    return f"{ref.name}{PUBLIC_SUFFIX if redact else ''}"


def check_output_dir(repo: Repository, out_dir: Path | None = None, option: str = "--out") -> Path:
    """The output folder (build/ by default), refused when it lies among the reports,
    schemas or templates, or leads out of the repository through a symbolic link."""
    name = "build/" if out_dir is None else f"{option} {out_dir}"
    out_dir = repo.build_dir if out_dir is None else out_dir
    if repo.escapes(out_dir):
        raise UsageError(
            f"{name}: a symbolic link leading outside the repository; refusing to write through it"
        )
    resolved = out_dir.resolve()
    for protected in (repo.economies_dir, repo.own_schema_dir, repo.own_templates_dir):
        target = protected.resolve()
        if resolved == target or target in resolved.parents:
            raise UsageError(f"{name}: refusing to write into {protected.name}/")
    try:
        is_folder = stat.S_ISDIR(os.stat(resolved).st_mode)
    except FileNotFoundError:
        is_folder = True  # made when the first file is written
    except OSError as exc:  # a name too long, a file where a folder should be
        raise UsageError(f"{name}: cannot be used: {exc.strerror or exc}") from None
    if not is_folder:
        raise UsageError(f"{name}: exists and is not a folder")
    return resolved


def render_report(
    repo: Repository,
    report: Report,
    formats: list[str],
    out_dir: Path,
    stem: str,
    options: RenderOptions | None = None,
) -> list[Path]:
    """Render a report in each format into `out_dir`; return the files written.

    Every format is rendered before any file is written, so a failure writes nothing.
    """
    outputs = {
        FORMAT_BY_NAME[name].extension: FORMAT_BY_NAME[name].render(report, repo, options)
        for name in formats
    }
    return write_rendered(out_dir, stem, outputs)


def write_rendered(out_dir: Path, stem: str, outputs: dict[str, bytes]) -> list[Path]:
    """Write each rendering (by extension) as `out_dir/stem.ext`, each file atomically, none
    through a symbolic link; return the files written."""
    targets = [(out_dir / f"{stem}.{extension}", data) for extension, data in outputs.items()]
    for target, _ in targets:
        if target.is_symlink():
            raise UsageError(f"{target}: is a symbolic link; refusing to write through it")
    for target, data in targets:
        write_output(target, data)
    return [target for target, _ in targets]
