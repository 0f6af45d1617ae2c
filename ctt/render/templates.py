"""The one Jinja environment, and rendering a template of templates/ with it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ctt.errors import DataError
from ctt.store.repo import Repository

if TYPE_CHECKING:
    from jinja2 import Environment


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
