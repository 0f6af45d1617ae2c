"""ctt render --redact contacts: the public version keeps who, and drops how to reach them."""

from __future__ import annotations

from pathlib import Path

import docx
import yaml
from conftest import RunCtt, _run_ctt
from markdown_it import MarkdownIt
from seedcheck import html_text

REDACTED = ("telephone", "fax", "email")
KEPT = ("name", "title", "role")


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
    run = _run_ctt(root, "render", "chile", "2020", *args)
    assert run.exit_code == 0, run.output
    return sorted(out.iterdir())


def values(entries: list[dict[str, str]], keys: tuple[str, ...]) -> set[str]:
    return {entry[key] for entry in entries for key in keys if entry.get(key)}


def test_public_version_has_no_telephone_fax_or_email(chile_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    files = render(chile_repo, out, "--redact", "contacts", "--out", str(out))
    assert [f.name for f in files] == [
        "chile-2020-public.docx",
        "chile-2020-public.html",
        "chile-2020-public.md",
    ]
    people = contacts(chile_repo)
    secret = values(people, REDACTED)
    assert any("@" in s for s in secret) and len(secret) >= 5
    for path in files:
        text = " ".join(rendered_text(path).split())
        assert [s for s in secret if s in text] == [], path.name
        assert [k for k in values(people, KEPT) if " ".join(k.split()) not in text] == []


def test_full_version_has_them(chile_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "full"
    files = render(chile_repo, out, "--out", str(out))
    assert [f.name for f in files] == ["chile-2020.docx", "chile-2020.html", "chile-2020.md"]
    people = contacts(chile_repo)
    for path in files:
        text = " ".join(rendered_text(path).split())
        assert [s for s in values(people, REDACTED) if s not in text] == [], path.name


def test_redact_knows_only_contacts(chile_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(chile_repo, "render", "chile", "2020", "--redact", "names")
    assert run.exit_code == 2
    assert "'names' is not 'contacts'" in run.output
