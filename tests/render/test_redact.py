"""ctt render --redact contacts: the public version keeps who, and drops how to reach them."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt
from paths import REPO_ROOT as ROOT
from seedcheck import html_text

from ctt.cli import cli

REDACTED = ("telephone", "fax", "email")
KEPT = ("name", "title", "role")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's catalogue, templates and Chile's report."""
    root = tmp_path_factory.mktemp("repo")
    for name in ("schema", "templates"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(ROOT / "economies" / "chile", root / "economies" / "chile")
    return root


def contacts(root: Path) -> list[dict[str, str]]:
    """Every contact point of Chile 2020, as written in its files."""
    found: list[dict[str, str]] = []
    for path in sorted((root / "economies/chile/2020").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += data.get("contacts") or data["assistance_offer"]["contacts"]
    return found


def rendered_text(path: Path) -> str:
    """What a reader of the file sees, as plain text."""
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        source = MarkdownIt("commonmark").enable("table").render(source)
    return html_text(source)


def render(root: Path, out: Path, *args: str) -> list[Path]:
    result = CliRunner().invoke(cli, ["--root", str(root), "render", "chile", "2020", *args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return sorted(out.iterdir())


def values(entries: list[dict[str, str]], keys: tuple[str, ...]) -> set[str]:
    return {entry[key] for entry in entries for key in keys if entry.get(key)}


def test_public_version_has_no_telephone_fax_or_email(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    files = render(repo, out, "--redact", "contacts", "--out", str(out))
    assert [f.name for f in files] == [
        "chile-2020-public.docx",
        "chile-2020-public.html",
        "chile-2020-public.md",
    ]
    people = contacts(repo)
    secret = values(people, REDACTED)
    assert any("@" in s for s in secret) and len(secret) >= 5
    for path in files:
        text = " ".join(rendered_text(path).split())
        assert [s for s in secret if s in text] == [], path.name
        assert [k for k in values(people, KEPT) if " ".join(k.split()) not in text] == []


def test_full_version_has_them(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "full"
    files = render(repo, out, "--out", str(out))
    assert [f.name for f in files] == ["chile-2020.docx", "chile-2020.html", "chile-2020.md"]
    people = contacts(repo)
    for path in files:
        text = " ".join(rendered_text(path).split())
        assert [s for s in values(people, REDACTED) if s not in text] == [], path.name


def test_redact_knows_only_contacts(repo: Path) -> None:
    args = ["--root", str(repo), "render", "chile", "2020", "--redact", "names"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "'names' is not 'contacts'" in result.output
