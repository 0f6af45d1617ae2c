"""ctt render: files written, text kept inert, errors reported with exit statuses."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import RunCtt, own_copy
from markdown_it import MarkdownIt

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


def test_render_writes_every_format_into_build(chile_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(chile_repo, "render", "chile", "2020")
    assert run.exit_code == 0
    assert (chile_repo / "build/chile-2020.md").is_file()
    assert (chile_repo / "build/chile-2020.html").is_file()
    assert "chile-2020.md" in run.stdout and "chile-2020.html" in run.stdout
    assert not list((chile_repo / "build").glob(".*tmp")), "temporary files left behind"


def test_render_one_format_into_out_dir(chile_repo: Path, tmp_path: Path, run_ctt: RunCtt) -> None:
    out = tmp_path / "elsewhere"
    run = run_ctt(chile_repo, "render", "chile", "2020", "--format", "md", "--out", str(out))
    assert run.exit_code == 0
    assert [p.name for p in out.iterdir()] == ["chile-2020.md"]
    assert not (chile_repo / "build").exists()


def test_render_is_deterministic(chile_repo: Path, run_ctt: RunCtt) -> None:
    assert run_ctt(chile_repo, "render", "chile", "2020").exit_code == 0
    first = {p.name: p.read_bytes() for p in (chile_repo / "build").iterdir()}
    assert run_ctt(chile_repo, "render", "chile", "2020").exit_code == 0
    assert first == {p.name: p.read_bytes() for p in (chile_repo / "build").iterdir()}


def test_html_is_self_contained_and_structured(chile_repo: Path, run_ctt: RunCtt) -> None:
    assert run_ctt(chile_repo, "render", "chile", "2020", "--format", "html").exit_code == 0
    html = (chile_repo / "build/chile-2020.html").read_text(encoding="utf-8")
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


def test_hostile_text_is_inert_in_html(chile_repo: Path, run_ctt: RunCtt) -> None:
    add_hostile_items(chile_repo)
    run = run_ctt(chile_repo, "render", "chile", "2020", "--format", "html")
    assert run.exit_code == 0
    doc = parse((chile_repo / "build/chile-2020.html").read_text(encoding="utf-8"))
    assert [t for t, _ in doc.tags if t in ("script", "img", "em")] == []
    text = "".join(doc.text)
    for hostile in HOSTILE:
        assert hostile in text


def test_hostile_text_is_inert_in_markdown(chile_repo: Path, run_ctt: RunCtt) -> None:
    add_hostile_items(chile_repo)
    run = run_ctt(chile_repo, "render", "chile", "2020", "--format", "md")
    assert run.exit_code == 0
    source = (chile_repo / "build/chile-2020.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(source)
    doc = parse(html)
    start = html.index("Exchange of best practices in cybersecurity.")
    hostile_part = parse(html[start : html.index("Possible assistance and expertise", start)])
    assert {t for t, _ in hostile_part.tags} <= {"li", "ul", "h2"}
    assert not any(t == "a" and "javascript" in (a.get("href") or "") for t, a in doc.tags)
    text = "".join(doc.text)
    for hostile in HOSTILE:
        assert hostile in text


def test_render_refuses_a_report_with_errors(chile_repo: Path, run_ctt: RunCtt) -> None:
    path = chile_repo / "economies/chile/2020/a1-protect-cargo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("measures_planned:", "measures_plan:"))
    run = run_ctt(chile_repo, "render", "chile", "2020")
    assert run.exit_code == 1
    assert (
        "a1-protect-cargo.yaml:" in run.stderr
        and "[unknown-key]" in run.stderr
        and "[missing-answer]" in run.stderr
    )
    assert not (chile_repo / "build").exists()


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
def test_render_misuse_exits_2(
    chile_repo: Path, args: list[str], message: str, run_ctt: RunCtt
) -> None:
    run = run_ctt(chile_repo, *args)
    assert run.exit_code == 2
    assert message in run.output


def test_render_refuses_to_write_among_the_reports(chile_repo: Path, run_ctt: RunCtt) -> None:
    target = chile_repo / "economies/chile/2020"
    before = sorted(p.name for p in target.iterdir())
    run = run_ctt(chile_repo, "render", "chile", "2020", "--out", str(target))
    assert run.exit_code == 2
    assert "refusing to write into economies/" in run.stderr
    assert sorted(p.name for p in target.iterdir()) == before


def test_a_template_typo_fails_loudly(chile_repo: Path, run_ctt: RunCtt) -> None:
    template = own_copy(chile_repo, "templates/report.md.j2")
    template.write_text(template.read_text(encoding="utf-8").replace("report.year", "report.yaer"))
    run = run_ctt(chile_repo, "render", "chile", "2020", "--format", "md")
    assert run.exit_code == 1
    assert "report.md.j2" in run.stderr and "yaer" in run.stderr
    assert not (chile_repo / "build/chile-2020.md").exists()
