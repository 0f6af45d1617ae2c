"""ctt render: files written, text kept inert, errors reported with exit statuses."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from paths import REPO_ROOT as ROOT

from ctt.cli import cli

HOSTILE = [
    "<script>alert('x')</script>",
    "*not emphasis* and _not either_",
    "[click me](javascript:alert(1))",
    "# not a heading",
    "- not a sub-list",
    "1. not a numbered list",
    "<img src=x onerror=alert(1)>",
    "&lt;kept as typed&gt; and `no code` and $x$ and ~~no strike~~ | pipe",
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository's catalogue, templates and Chile's report."""
    for name in ("schema", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "economies" / "chile", tmp_path / "economies" / "chile")
    return tmp_path


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def add_hostile_items(root: Path) -> None:
    path = root / "economies/chile/2020/c-promoting-cyber-security.yaml"
    text = path.read_text(encoding="utf-8")
    quoted = "".join(f"  - {_yaml_quote(h)}\n" for h in HOSTILE)
    assert text.endswith("cybersecurity.\n")
    text += quoted
    path.write_text(text, encoding="utf-8")


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def test_render_writes_every_format_into_build(repo: Path) -> None:
    code, out, _ = run(repo, "render", "chile", "2020")
    assert code == 0
    assert (repo / "build/chile-2020.md").is_file()
    assert (repo / "build/chile-2020.html").is_file()
    assert "chile-2020.md" in out and "chile-2020.html" in out
    assert not list((repo / "build").glob(".*tmp")), "temporary files left behind"


def test_render_one_format_into_out_dir(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    code, _, _ = run(repo, "render", "chile", "2020", "--format", "md", "--out", str(out))
    assert code == 0
    assert [p.name for p in out.iterdir()] == ["chile-2020.md"]
    assert not (repo / "build").exists()


def test_render_is_deterministic(repo: Path) -> None:
    run(repo, "render", "chile", "2020")
    first = {p.name: p.read_bytes() for p in (repo / "build").iterdir()}
    run(repo, "render", "chile", "2020")
    assert first == {p.name: p.read_bytes() for p in (repo / "build").iterdir()}


def test_html_is_self_contained_and_structured(repo: Path) -> None:
    run(repo, "render", "chile", "2020", "--format", "html")
    html = (repo / "build/chile-2020.html").read_text(encoding="utf-8")
    doc = parse(html)
    tags = [t for t, _ in doc.tags]
    assert "style" in tags and "script" not in tags and "link" not in tags
    for _, attrs in doc.tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), f"external reference {value}"
    ids = {attrs.get("id") for _, attrs in doc.tags}
    for _, attrs in doc.tags:
        if (href := attrs.get("href")) is not None:
            assert href[1:] in ids, f"table of contents link {href} goes nowhere"
    text = " ".join(doc.text)
    assert "Carlos A. Escudero Collante" in text
    assert "Nothing reported." in text  # empty answers are visible
    assert "@page" in html and "A4" in html


def test_hostile_text_is_inert_in_html(repo: Path) -> None:
    add_hostile_items(repo)
    code, _, _ = run(repo, "render", "chile", "2020", "--format", "html")
    assert code == 0
    doc = parse((repo / "build/chile-2020.html").read_text(encoding="utf-8"))
    assert [t for t, _ in doc.tags if t in ("script", "img", "em")] == []
    text = "".join(doc.text)
    for hostile in HOSTILE:
        assert hostile in text


def test_hostile_text_is_inert_in_markdown(repo: Path) -> None:
    add_hostile_items(repo)
    code, _, _ = run(repo, "render", "chile", "2020", "--format", "md")
    assert code == 0
    source = (repo / "build/chile-2020.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(source)
    doc = parse(html)
    start = html.index("Exchange of best practices in cybersecurity.")
    hostile_part = parse(html[start : html.index("Possible assistance and expertise", start)])
    assert {t for t, _ in hostile_part.tags} <= {"li", "ul", "h2"}
    assert not any(t == "a" and "javascript" in (a.get("href") or "") for t, a in doc.tags)
    text = "".join(doc.text)
    for hostile in HOSTILE:
        assert hostile in text


def test_render_refuses_a_report_with_errors(repo: Path) -> None:
    path = repo / "economies/chile/2020/a1-protect-cargo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("measures_planned:", "measures_plan:"))
    code, _, err = run(repo, "render", "chile", "2020")
    assert code == 1
    assert "a1-protect-cargo.yaml:" in err and "[unknown-key]" in err and "[missing-answer]" in err
    assert not (repo / "build").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "chile", "1999"], "no report for chile 1999"),
        (["render", "atlantis", "2020"], "no report for atlantis 2020"),
        (["render", "../../etc", "2020"], "is not an economy id"),
        (["render", "chile", "2020", "--format", "pdf"], "'pdf' is not one of"),
        (["render", "chile", "twenty"], "'twenty' is not a year"),
    ],
)
def test_render_misuse_exits_2(repo: Path, args: list[str], message: str) -> None:
    code, out, err = run(repo, *args)
    assert code == 2
    assert message in out + err


def test_render_refuses_to_write_among_the_reports(repo: Path) -> None:
    target = repo / "economies/chile/2020"
    before = sorted(p.name for p in target.iterdir())
    code, _, err = run(repo, "render", "chile", "2020", "--out", str(target))
    assert code == 2
    assert "refusing to write into economies/" in err
    assert sorted(p.name for p in target.iterdir()) == before


def test_a_template_typo_fails_loudly(repo: Path) -> None:
    template = repo / "templates/report.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("report.year", "report.yaer"))
    code, _, err = run(repo, "render", "chile", "2020", "--format", "md")
    assert code == 1
    assert "report.md.j2" in err and "yaer" in err
    assert not (repo / "build/chile-2020.md").exists()
