"""`ctt summary`: the region's summary in Markdown, HTML and Word. Every need and offer of
every included report appears in every format, attributed to its economy and report year;
the same data gives the same bytes; misuse exits 2; a report with errors is left out."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from conftest import Run
from paths import REGION_DIR as REGION
from paths import REPO_ROOT as ROOT
from summaryparse import Found, expected, from_docx, from_html, from_markdown, paragraphs

from ctt.render.docx import styles as st

FORMATS = ("md", "html", "docx")
READERS: dict[str, Callable[[Path], Found]] = {
    "md": lambda path: from_markdown(path.read_text(encoding="utf-8")),
    "html": lambda path: from_html(path.read_text(encoding="utf-8")),
    "docx": from_docx,
}
RunCtt = Callable[..., Run]


@pytest.fixture
def region(empty_repo: Path) -> Path:
    """A repository holding the made-up region (see test_region.py)."""
    shutil.copytree(REGION, empty_repo / "economies", dirs_exist_ok=True)
    return empty_repo


def summarise(run_ctt: RunCtt, root: Path, out: Path, *args: str) -> dict[str, Path]:
    run = run_ctt(root, "summary", *args, "--out", str(out))
    assert run.exit_code == 0, run.output
    written = {Path(line).suffix[1:]: Path(line) for line in run.stdout.splitlines()}
    assert set(written) == set(FORMATS)
    return written


def included(root: Path, *reports: str) -> Found:
    found: Found = {}
    for report in reports:
        found.update(expected(root / "economies" / report))
    return found


def test_every_need_and_offer_appears_attributed_in_every_format(
    region: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    written = summarise(run_ctt, region, tmp_path / "out", "2023")
    assert {name: path.name for name, path in written.items()} == {
        f: f"ctt-summary-2023.{f}" for f in FORMATS
    }
    want = included(region, "japan/2023", "peru/2021", "viet-nam/2020")
    assert len(want) == 28 and sum(map(len, want.values())) == 36
    for name, path in written.items():
        assert READERS[name](path) == want, name


def test_the_summary_says_who_reported_when_and_who_did_not(
    region: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    written = summarise(run_ctt, region, tmp_path / "out", "2023")
    md = written["md"].read_text(encoding="utf-8")
    assert (
        "3 of 21 economies have a report up to 2023 (1 not updated for more than 2 years); "
        "18 have no report."
    ) in md
    assert "| Japan | 2023 | 30 September 2023 | reported |" in md
    assert "| Peru | 2021 | 15 November 2021 | reported |" in md  # 2019 is not the latest
    assert "| Viet Nam | 2020 | – | not updated for more than 2 years |" in md
    assert "| Mexico | – | – | no report |" in md  # its report is from 2024
    assert "| Canada | – | – | no report |" in md
    assert "*Nothing reported by Peru (2021); Viet Nam (2020).*" in md
    assert "| **Maritime domain awareness** | Viet Nam (2020) | Japan (2023) |" in md
    assert "superseded" not in md  # peru 2019's need
    states = StatusRows()
    states.feed(written["html"].read_text(encoding="utf-8"))
    assert states.rows["viet-nam"] == "stale"
    assert states.rows["japan"] == states.rows["peru"] == "current"
    assert states.rows["mexico"] == states.rows["canada"] == "none"
    assert len(states.rows) == 21
    text = "\n".join(t for _, t in paragraphs(docx.Document(str(written["docx"]))))
    assert "not updated for more than 2 years" in text
    assert "Nothing reported by Peru (2021); Viet Nam (2020)." in text


class StatusRows(HTMLParser):
    """The state class of each economy's row in the status table."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "tr" and attr.get("data-economy"):
            self.rows[str(attr["data-economy"])] = str(attr["class"])


def test_the_default_year_is_the_latest_and_the_files_are_named_for_it(
    region: Path, run_ctt: RunCtt
) -> None:
    run = run_ctt(region, "summary", "--format", "md")
    assert run.exit_code == 0, run.output
    path = region / "build" / "ctt-summary-2024.md"
    assert run.stdout.strip() == path.as_posix()
    assert from_markdown(path.read_text(encoding="utf-8")) == included(
        region, "japan/2023", "mexico/2024", "peru/2021", "viet-nam/2020"
    )
    assert (
        "| Peru | 2021 | 15 November 2021 | not updated for more than 2 years |"
        in path.read_text(encoding="utf-8")
    )


def test_the_same_reports_give_the_same_bytes(
    region: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    first = summarise(run_ctt, region, tmp_path / "one", "2023")
    second = summarise(run_ctt, region, tmp_path / "two", "2023")
    for name in FORMATS:
        assert first[name].read_bytes() == second[name].read_bytes(), name


def test_the_word_document_uses_the_report_styles(
    region: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    document = docx.Document(str(summarise(run_ctt, region, tmp_path, "2023")["docx"]))
    used = {style for style, _ in paragraphs(document)}
    known = {
        st.TITLE,
        st.HEADING.format(1),
        st.HEADING.format(2),
        st.QUESTION,
        st.LABEL,
        st.EMPTY,
        st.OBJECTIVE,
        "Normal",
        *(st.bullet_style(d) for d in range(1, 6)),
        *(st.group_style(d) for d in range(1, 6)),
    }
    assert used <= known, used - known
    headings = [t for s, t in paragraphs(document) if s == "Heading 1"]
    assert headings == [
        "Reporting economies",
        "A. Enhancing the Secure Flow of Trade and People in the APEC Region",
        "B. Halting Terrorist Financing",
        "C. Promoting Cyber Security",
        "Across sections",
        "Needs and offers by topic",
    ]
    props = document.core_properties
    assert props.title == "APEC Counter-Terrorism Action Plans: Regional summary 2023"
    assert props.created is not None and props.created.date().isoformat() == "2023-09-30"


HOSTILE = [
    "<script>alert('x')</script>",
    "[click me](javascript:alert(1))",
    "# not a heading",
    "*not emphasis* | pipe & <b>not bold</b>",
]


def test_report_text_stays_text_in_every_format(
    region: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    path = region / "economies/peru/2021/c-promoting-cyber-security.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\nexpertise_offered: []\n")
    quoted = "".join(f"  - {_quote(h)}\n" for h in HOSTILE)
    path.write_text(text.removesuffix(" []\n") + "\n" + quoted, encoding="utf-8")
    written = summarise(run_ctt, region, tmp_path, "2023")
    html = written["html"].read_text(encoding="utf-8")
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    offers = {
        key: texts
        for key, texts in from_html(html).items()
        if key[:3] == ("c", "offer", "Peru (2021)")
    }
    assert offers == {("c", "offer", "Peru (2021)"): HOSTILE}
    assert (
        from_markdown(written["md"].read_text(encoding="utf-8"))[("c", "offer", "Peru (2021)")]
        == HOSTILE
    )
    assert from_docx(written["docx"])[("c", "offer", "Peru (2021)")] == HOSTILE


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_a_report_with_errors_is_left_out_the_rest_is_written(
    region: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    path = region / "economies/viet-nam/2020/report.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("last_updated: null", "last_updated: soon"),
        encoding="utf-8",
    )
    run = run_ctt(region, "summary", "2023", "--out", str(tmp_path))
    assert run.exit_code == 1, run.output
    assert "Traceback" not in run.output
    assert "economies/viet-nam/2020/report.yaml:" in run.stderr
    assert "ctt: error: viet-nam 2020 has 1 error(s); not included" in run.stderr
    md = (tmp_path / "ctt-summary-2023.md").read_text(encoding="utf-8")
    assert "| Viet Nam | 2020 | – | not included: the report has errors |" in md
    assert from_markdown(md) == included(region, "japan/2023", "peru/2021")
    assert (tmp_path / "ctt-summary-2023.docx").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2018",), "no reports up to 2018"),
        (("twenty",), "Invalid value for '[YEAR]'"),
        (("2023", "--format", "pdf"), "Invalid value for '--format'"),
        (("2023", "--out", "{root}/economies/japan"), "refusing to write into economies/"),
        (("2023", "--out", "{root}/schema"), "refusing to write into schema/"),
        (("2023", "--format", "md", "--reference-docx", "x.docx"), "applies to the docx format"),
        (("2023", "--reference-docx", "{root}/missing.docx"), "no such file"),
        (("2023", "japan"), "unexpected extra argument"),
    ],
)
def test_misuse_exits_2_and_writes_nothing(
    region: Path, run_ctt: RunCtt, args: tuple[str, ...], message: str
) -> None:
    before = sorted(p for p in region.rglob("*"))
    run = run_ctt(region, "summary", *(a.format(root=region) for a in args))
    assert run.exit_code == 2, run.output
    assert message in run.stderr
    assert "Traceback" not in run.output
    assert sorted(p for p in region.rglob("*")) == before


def test_the_repository_summary_has_all_of_chiles_needs_and_offers(
    tmp_path: Path, run_ctt: RunCtt
) -> None:
    """The real repository (a copy): Chile 2020 is its only report."""
    for name in ("schema", "templates", "economies"):
        shutil.copytree(ROOT / name, tmp_path / name)
    run = run_ctt(tmp_path, "summary")
    assert run.exit_code == 0, run.output
    want = expected(tmp_path / "economies/chile/2020")
    assert sum(map(len, want.values())) >= 40
    for name in FORMATS:
        path = tmp_path / "build" / f"ctt-summary-2020.{name}"
        assert READERS[name](path) == want, name
