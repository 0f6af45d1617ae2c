"""Rendering: a report through the templates into Markdown, HTML (and more), written atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ctt.catalogue import Catalogue
from ctt.errors import DataError, UsageError
from ctt.fsutil import atomic_write
from ctt.model import Report, build_report
from ctt.problems import Problem
from ctt.repo import ReportRef, Repository
from ctt.validate import Validator

if TYPE_CHECKING:
    from jinja2 import Environment


class ReportInvalid(DataError):
    """The report has errors, so it cannot be rendered; carries the problems."""

    def __init__(self, ref: ReportRef, problems: list[Problem]) -> None:
        errors = sum(p.severity == "error" for p in problems)
        super().__init__(f"{ref.economy} {ref.year} has {errors} error(s); fix them to render")
        self.problems = problems


@dataclass(frozen=True)
class RenderFormat:
    """An output format: its file extension and how a report becomes bytes."""

    name: str
    extension: str
    render: Callable[[Report, Repository], bytes]


def make_environment(templates_dir: Path) -> Environment:
    """The one Jinja environment: strict about undefined names, escaping HTML, our filters."""
    import jinja2

    from ctt.textfmt import anchor, markdown_text

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["anchor"] = anchor
    return env


def _template(name: str) -> Callable[[Report, Repository], bytes]:
    def render(report: Report, repo: Repository) -> bytes:
        import jinja2

        env = make_environment(repo.templates_dir)
        try:
            text = env.get_template(name).render(report=report)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or name
            line = getattr(exc, "lineno", None)
            raise DataError(f"template {where}{f':{line}' if line else ''}: {exc}") from exc
        return text.encode("utf-8")

    return render


FORMAT_BY_NAME: dict[str, RenderFormat] = {
    "md": RenderFormat("md", "md", _template("report.md.j2")),
    "html": RenderFormat("html", "html", _template("report.html.j2")),
}


def load_report(
    repo: Repository, catalogue: Catalogue, ref: ReportRef, redact: bool = False
) -> tuple[Report, list[Problem]]:
    """The report as objects, with its warnings; ReportInvalid when it has errors."""
    check = Validator(repo, catalogue).check_report(ref)
    if not check.ok:
        raise ReportInvalid(ref, check.problems)
    return build_report(check.documents, catalogue, redact=redact), check.problems


def check_output_dir(repo: Repository, out_dir: Path) -> Path:
    """The output folder, refused when it lies among the reports, schemas or templates."""
    resolved = out_dir.resolve()
    for protected in (repo.economies_dir, repo.schema_dir, repo.templates_dir):
        target = protected.resolve()
        if resolved == target or target in resolved.parents:
            raise UsageError(f"--out {out_dir}: refusing to write into {protected.name}/")
    if resolved.exists() and not resolved.is_dir():
        raise UsageError(f"--out {out_dir}: exists and is not a folder")
    return resolved


def render_report(
    repo: Repository,
    report: Report,
    formats: list[str],
    out_dir: Path,
    stem: str,
) -> list[Path]:
    """Render a report in each format into `out_dir`; return the files written."""
    written = []
    for name in formats:
        fmt = FORMAT_BY_NAME[name]
        data = fmt.render(report, repo)
        target = out_dir / f"{stem}.{fmt.extension}"
        if target.is_symlink():
            raise UsageError(f"{target}: is a symbolic link; refusing to write through it")
        atomic_write(target, data)
        written.append(target)
    return written
