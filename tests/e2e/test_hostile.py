"""Hostile input that case files cannot hold: links, huge files, memory bounds, inert output."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from docxtext import docx_paragraphs
from hangguard import watchdog
from markdown_it import MarkdownIt
from paths import CASES_DIR as CASES
from paths import SEED

from ctt.store import yamlfile, yamlwrite
from ctt.store.hidden import find_hidden, is_hidden

REPORT = "economies/peru/2021"
A1 = "a1-protect-cargo.yaml"
C = "c-promoting-cyber-security.yaml"
SECRET = "SECRET-7f3a9"  # in files outside the repository: must never be printed

RunCtt = Callable[..., Any]


def secret_file(path: Path) -> Path:
    """A YAML file outside the repository whose every key would be quoted back if read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{SECRET}: password\nsection: a1\n", encoding="utf-8")
    return path


def one_problem(stdout: str, rule: str) -> str:
    """The single problem line of a rule."""
    lines = [line for line in stdout.splitlines() if line.endswith(f"[{rule}]")]
    assert len(lines) == 1, stdout
    return lines[0]


# Symbolic links leading out of the repository: refused, never followed.


def test_a_report_file_linked_outside_is_not_read(
    repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    link = repo / REPORT / A1
    link.unlink()
    link.symlink_to(secret_file(tmp_path / "elsewhere" / A1))
    run = run_ctt(repo, "validate", "--no-cache")
    assert run.exit_code == 1, run.output
    assert one_problem(run.stdout, "symlink") == (
        f"{REPORT}/{A1}:1:1: error: a symbolic link leading outside the repository: "
        "not followed [symlink]"
    )
    assert SECRET not in run.output
    for args in (["render", "peru", "2021"], ["validate", "--no-cache", f"{repo}/{REPORT}/{A1}"]):
        run = run_ctt(repo, *args)
        assert run.exit_code == 1, run.output
        assert "[symlink]" in run.output and SECRET not in run.output
    assert not (repo / "build").exists()


def test_a_report_folder_linked_outside_is_not_read(
    repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    outside = tmp_path / "elsewhere" / "2021"
    outside.parent.mkdir()
    (repo / REPORT).rename(outside)
    secret_file(outside / A1)
    (repo / REPORT).symlink_to(outside, target_is_directory=True)
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1, run.output
    assert one_problem(run.stdout, "symlink").startswith(f"{REPORT}:1:1: error: a symbolic link")
    assert [line for line in run.stdout.splitlines() if REPORT in line] == [
        one_problem(run.stdout, "symlink")
    ]  # one problem for the folder; none of its files read
    assert SECRET not in run.output
    for args in (["render", "peru", "2021"], ["diff", "peru", "2021", "2021"]):
        run = run_ctt(repo, *args)
        assert run.exit_code == 1, run.output
        assert "[symlink]" in run.output and SECRET not in run.output


def test_an_economy_folder_linked_outside_is_not_read(
    repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    outside = tmp_path / "elsewhere"
    (repo / "economies" / "peru").rename(outside)
    secret_file(outside / "2021" / A1)
    (repo / "economies" / "peru").symlink_to(outside, target_is_directory=True)
    run = run_ctt(repo, "validate")
    assert run.exit_code == 1, run.output
    assert one_problem(run.stdout, "symlink").startswith(f"{REPORT}:1:1: error:")
    assert SECRET not in run.output


def validate_in_subprocess(repo: Path) -> subprocess.CompletedProcess[str]:
    """`ctt validate` in a child process with a timeout: a read that never ends fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "ctt", "--root", str(repo), "validate"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("target", ["/dev/zero", "/nonexistent/ctt-test-target"])
def test_links_to_devices_or_nowhere_outside(repo: Path, target: str) -> None:
    """Refused without reading (a device would never end); run in a subprocess with a timeout."""
    link = repo / REPORT / A1
    link.unlink()
    link.symlink_to(target)
    done = validate_in_subprocess(repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{REPORT}/{A1}:1:1: error: a symbolic link leading outside" in done.stdout


def test_a_fifo_in_a_report_folder_is_not_read(repo: Path) -> None:
    """A named pipe would block a reader forever: it is not a report file."""
    fifo = repo / REPORT / A1
    fifo.unlink()
    os.mkfifo(fifo)
    done = validate_in_subprocess(repo)
    assert done.returncode == 1
    assert f"{REPORT}/{A1}:1:1: error: section file is missing [missing-section]" in done.stdout


def test_a_link_inside_the_repository_is_followed(repo: Path, run_ctt: RunCtt) -> None:
    """Only links leading out are refused: one file shared within the repository is fine."""
    shared = repo / "shared" / A1
    shared.parent.mkdir()
    (repo / REPORT / A1).rename(shared)
    (repo / REPORT / A1).symlink_to(Path("../../../shared") / A1)
    run = run_ctt(repo, "validate")
    assert run.exit_code == 0, run.output
    assert "[symlink]" not in run.output


def test_render_never_writes_through_a_build_link(
    repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (repo / "build").symlink_to(outside, target_is_directory=True)
    run = run_ctt(repo, "render", "peru", "2021")
    assert run.exit_code == 2, run.output
    assert run.stderr.strip() == (
        "ctt: error: build/: a symbolic link leading outside the repository; "
        "refusing to write through it"
    )
    (repo / "out").symlink_to(outside, target_is_directory=True)
    run = run_ctt(repo, "render", "peru", "2021", "--out", str(repo / "out"))
    assert run.exit_code == 2 and "refusing to write through it" in run.stderr
    assert list(outside.iterdir()) == []


def test_import_never_writes_through_an_economy_link(
    empty_repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (empty_repo / "economies" / "chile").symlink_to(outside, target_is_directory=True)
    seed = SEED
    run = run_ctt(empty_repo, "import", str(seed), "chile", "2020")
    assert run.exit_code == 2, run.output
    assert "economies/chile/2020: a symbolic link on the way leads elsewhere" in run.stderr
    assert list(outside.iterdir()) == []


# Bombs and giants: refused fast and in bounded memory (measured, never timed).


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    """YAML whose aliases would expand to width**levels strings."""
    lines = ["section: a1", "l0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    lines.append(f"measures_undertaken: [*a{levels - 1}]")
    return "\n".join(lines) + "\n"


def peak_memory(action: Callable[[], object]) -> int:
    """The peak of Python memory allocated while `action` runs, in bytes."""
    tracemalloc.start()
    try:
        action()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_billion_laughs_is_refused_in_bounded_memory(repo: Path, run_ctt: RunCtt) -> None:
    text = billion_laughs()  # 10**9 strings (gigabytes) if the aliases were expanded
    (repo / REPORT / A1).write_text(text, encoding="utf-8")
    with pytest.raises(yamlfile.YamlError) as caught:
        yamlfile.parse(text, Path(A1))
    assert caught.value.rule == "yaml-alias"

    results: list[Any] = []
    peak = peak_memory(lambda: results.append(run_ctt(repo, "validate", "--no-cache")))
    run = results[0]
    assert run.exit_code == 1, run.output
    assert one_problem(run.stdout, "yaml-alias").startswith(f"{REPORT}/{A1}:3:10: error: alias *a0")
    assert peak < 32 * 1024 * 1024, f"peak {peak} bytes"


def test_many_aliases_of_one_big_anchor(repo: Path, run_ctt: RunCtt) -> None:
    """Width instead of depth: 100,000 aliases of a 1,000-item list (10**8 items expanded)."""
    text = "section: a1\nbig: &big [" + ", ".join(["x"] * 1000) + "]\n"
    text += "measures_undertaken: [" + ", ".join(["*big"] * 100_000) + "]\n"
    (repo / REPORT / A1).write_text(text, encoding="utf-8")
    results: list[Any] = []
    peak = peak_memory(lambda: results.append(run_ctt(repo, "validate", "--no-cache")))
    assert results[0].exit_code == 1
    assert "[yaml-alias]" in results[0].stdout
    assert peak < 64 * 1024 * 1024, f"peak {peak} bytes"


def big_yaml(size: int) -> str:
    """A well-formed section file of about `size` bytes (one long list of items)."""
    head = (CASES / ".." / "data" / "valid-report" / A1).read_text(encoding="utf-8")
    item = "  - A measure that is repeated to make the file large, number {}.\n"
    count = max(0, (size - len(head)) // len(item.format(100000)))
    items = "".join(item.format(100000 + i) for i in range(count))
    return head.replace("measures_undertaken:\n", "measures_undertaken:\n" + items, 1)


def test_a_20_mb_file_is_refused_unread(repo: Path, run_ctt: RunCtt) -> None:
    (repo / REPORT / A1).write_text(big_yaml(21 * 1024 * 1024), encoding="utf-8")
    assert (repo / REPORT / A1).stat().st_size > 20 * 1024 * 1024
    results: list[Any] = []
    peak = peak_memory(lambda: results.append(run_ctt(repo, "validate", "--no-cache")))
    run = results[0]
    assert run.exit_code == 1, run.output
    assert one_problem(run.stdout, "file-too-large") == (
        f"{REPORT}/{A1}:1:1: error: file is larger than 2 MiB, far beyond any report file: "
        "not read [file-too-large]"
    )
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes: the file was read whole"
    for args in (["render", "peru", "2021"], ["diff", "peru", "2021", "2021"]):
        run = run_ctt(repo, *args)
        assert run.exit_code == 1 and "[file-too-large]" in run.output, run.output


def test_a_file_just_under_the_limit_is_checked(repo: Path, run_ctt: RunCtt) -> None:
    text = big_yaml(yamlfile.MAX_FILE_BYTES - 200)
    assert yamlfile.MAX_FILE_BYTES - 300 < len(text.encode()) <= yamlfile.MAX_FILE_BYTES
    (repo / REPORT / A1).write_text(text, encoding="utf-8")
    run = run_ctt(repo, "validate", "--no-cache")
    assert run.exit_code == 0, run.output[-2000:]


@pytest.mark.parametrize("kind", ["sequence", "mapping"])
def test_indented_nesting_is_refused_without_recursion(
    repo: Path, run_ctt: RunCtt, kind: str
) -> None:
    """Block nesting by indentation, 1,500 levels (20,000 would exceed the size limit: an
    indented form needs depth**2 / 2 bytes)."""
    depth = 1500
    if kind == "sequence":
        body = "".join(" " * level + "-\n" for level in range(depth)) + " " * depth + "- x\n"
    else:
        body = "".join(" " * level + f"k{level}:\n" for level in range(depth)) + " " * depth + "v\n"
    (repo / REPORT / A1).write_text("section: a1\nmeasures_undertaken:\n" + body)
    run = run_ctt(repo, "validate", "--no-cache")
    assert run.exit_code == 1, run.output
    assert "nesting deeper than 200 levels [yaml-depth]" in one_problem(run.stdout, "yaml-depth")


# Hidden characters: found exactly, by any spelling.


def test_hidden_characters_are_found_where_they_are() -> None:
    text = 'a: "x\\u202ey"\r\nb: plain\u2066text # note \u200b\rc: "\\\\u202e is text"\n'
    found = list(find_hidden(text))
    assert found == [
        (1, 6, "\u202e", True),
        (2, 9, "\u2066", False),
        (2, 22, "\u200b", False),
    ]


def test_hidden_means_control_format_or_separator() -> None:
    for char in "\t\n\r a\u00e9\u00a0\u2013\u3000\u4e2d\U0001f6a2":
        assert not is_hidden(char), repr(char)
    for char in "\x00\x07\x1b\x7f\x85\u00ad\u200b\u200d\u202e\u2066\u2028\ufeff\U000e0041":
        assert is_hidden(char), repr(char)


def test_special_characters_survive_in_the_new_case_files() -> None:
    """Editors and git may strip invisible characters: the cases still hold them."""
    negative = CASES / "negative"
    assert "\u202e" in (negative / "hidden-bidi-override.yaml").read_text(encoding="utf-8")
    assert "\u200b" in (negative / "hidden-zero-width-in-id.yaml").read_text(encoding="utf-8")
    assert "\U000e0049" in (negative / "hidden-tag-characters.yaml").read_text(encoding="utf-8")
    assert b"\x07" in (negative / "hidden-control-byte.bin").read_bytes()
    assert (negative / "utf32.bin").read_bytes().startswith(b"\xff\xfe\x00\x00")
    assert (negative / "bom-only.bin").read_bytes() == b"\xef\xbb\xbf"
    cr = (CASES / "positive" / "cr-only-line-ends.yaml").read_bytes()
    assert b"\n" not in cr and cr.count(b"\r") > 10


def test_payloads_of_the_tag_cases_are_live(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under an unsafe loader each case with `# absent: FILE` creates FILE: the case that
    shows ctt does not run it proves something."""
    monkeypatch.chdir(tmp_path)
    cases = [
        path
        for path in sorted((CASES / "negative").glob("*.yaml"))
        if "# absent: " in path.read_text(encoding="utf-8")
    ]
    assert len(cases) >= 3
    for path in cases:
        text = path.read_text(encoding="utf-8")
        absent = re.search(r"^# absent: (\S+)", text, re.M)
        assert absent is not None
        # The payload runs; what it returns may not build a document.
        with contextlib.suppress(Exception):
            yaml.unsafe_load(text)
        assert (tmp_path / absent.group(1)).exists(), path.name


# Report text stays text in every output: no markup, no links, no fields.

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click me](javascript:alert(1))",
    "[ref]: javascript:alert(1)",
    "![tracker](https://example.org/pixel.png)",
    "<https://example.org/autolink>",
    "*emphasis* _and_ **strong** ~~strike~~ `code` $x^2$",
    "# not a heading",
    "> not a quote",
    "- not a list",
    "1. not numbered",
    "| not | a table |",
    "```",
    "&lt;kept&gt; &amp; &#x3C;script&#x3E;",
    "<!-- not a comment -->",
    "{{ report.economy.name }} {% if true %}not jinja{% endif %}",
    '{ HYPERLINK "https://example.org" } { DDEAUTO c:\\windows\\system32\\cmd.exe }',
    ']]></w:t></w:r><w:hyperlink r:id="rId1"><w:r><w:t>injected</w:t></w:r></w:hyperlink>',
    "=cmd|' /C calc'!A0",
    "trailing backslash \\",
]


def hostile_report(repo: Path) -> None:
    """Hostile text in every kind of field of section C: items, a group, a timeframe, a contact."""
    path = repo / REPORT / C
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["measures_undertaken"] = [*HOSTILE, {"text": HOSTILE[0], "items": HOSTILE[1:3]}]
    data["measures_planned"] = [{"text": "A plan", "timeframe": HOSTILE[3]}]
    data["capacity_building_needs"] = [{"heading": HOSTILE[2], "items": ["Needed"]}]
    data["contacts"][0].update(name=HOSTILE[1], title=HOSTILE[4], telephone=HOSTILE[17])
    data["contacts"][0]["role"] = HOSTILE[16]
    path.write_text(yamlwrite.dump(data), encoding="utf-8")


class Tags(HTMLParser):
    """Every element and text of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def assert_inert(html: str, baseline: str) -> None:
    """No element, attribute or link beyond what the template makes; every text literal."""
    doc, base = Tags(html), Tags(baseline)
    assert {tag for tag, _ in doc.tags} <= {tag for tag, _ in base.tags}
    for tag, attrs in doc.tags:
        assert tag not in ("script", "img", "iframe", "object")
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert doc.comments == base.comments
    text = "".join(doc.text)
    for hostile in HOSTILE:
        assert hostile in text, hostile


@pytest.fixture
def rendered(repo: Path, run_ctt: RunCtt) -> Iterator[dict[str, Path]]:
    """The valid report rendered as it is (baseline/) and with hostile text (hostile/)."""
    base = run_ctt(repo, "render", "peru", "2021", "--out", str(repo.parent / "baseline"))
    assert base.exit_code == 0, base.output
    hostile_report(repo)
    run = run_ctt(repo, "render", "peru", "2021")
    assert run.exit_code == 0, run.output
    yield {"baseline": repo.parent / "baseline", "hostile": repo / "build"}


def test_hostile_text_is_inert_in_html(rendered: dict[str, Path]) -> None:
    html = (rendered["hostile"] / "peru-2021.html").read_text(encoding="utf-8")
    baseline = (rendered["baseline"] / "peru-2021.html").read_text(encoding="utf-8")
    assert_inert(html, baseline)


def test_hostile_text_is_inert_in_markdown(rendered: dict[str, Path]) -> None:
    md = MarkdownIt("commonmark").enable("table")
    source = (rendered["hostile"] / "peru-2021.md").read_text(encoding="utf-8")
    baseline = (rendered["baseline"] / "peru-2021.md").read_text(encoding="utf-8")
    tokens = [t.type for t in md.parse(source)]
    assert "html_block" not in tokens and "fence" not in tokens and "blockquote_open" not in tokens
    assert_inert(md.render(source), md.render(baseline))


def test_hostile_text_is_inert_in_docx(rendered: dict[str, Path]) -> None:
    path = rendered["hostile"] / "peru-2021.docx"
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode("utf-8")
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
        names = package.namelist()
    for element in ("w:hyperlink", "w:fldSimple", "w:fldChar", "w:instrText", "w:object"):
        assert f"<{element}" not in body, element
    assert "injected</w:t></w:r></w:hyperlink>" not in body  # escaped, not markup
    assert 'TargetMode="External"' not in rels
    assert not any(name.startswith(("word/embeddings", "word/activeX")) for name in names)
    texts = docx_paragraphs(path)
    joined = "\n".join(texts)
    for hostile in HOSTILE:
        assert hostile in joined, hostile
    assert "A plan (timeframe: [click me](javascript:alert(1)))" in texts


def test_import_removes_hidden_characters_and_says_so(
    empty_repo: Path, tmp_path: Path, run_ctt: RunCtt
) -> None:
    """Word leaves soft hyphens and direction marks in text: the import drops each one, with a
    note naming it and its line, so that the report it writes validates."""
    seed = SEED
    text = seed.read_text(encoding="utf-8")
    line = "· Since 2019, the private sector has been actively trained"
    assert text.count(line) == 1
    number = text[: text.index(line)].count("\n") + 1
    source = tmp_path / "chile.txt"
    source.write_text(
        text.replace(
            line, "· Since 2019, the pri\u00advate sector\u202e has been actively trained"
        ),
        encoding="utf-8",
    )
    run = run_ctt(empty_repo, "import", str(source), "chile", "2020")
    assert run.exit_code == 0, run.output
    assert (
        f"{source}:{number}: note: removed 2 hidden character(s): U+00AD SOFT HYPHEN, "
        "U+202E RIGHT-TO-LEFT OVERRIDE"
    ) in run.stderr
    written = (empty_repo / "economies/chile/2020/a1-protect-cargo.yaml").read_text("utf-8")
    assert "Since 2019, the private sector has been actively trained" in written
    assert list(find_hidden(written)) == []


def test_a_link_to_a_fifo_inside_the_repository_is_not_read(repo: Path) -> None:
    """A link that stays inside the repository is followed, but never into a pipe."""
    fifo = repo / "pipe.yaml"
    os.mkfifo(fifo)
    (repo / REPORT / A1).unlink()
    (repo / REPORT / A1).symlink_to(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "ctt", "--root", str(repo), "validate", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{REPORT}/{A1}:1:1: error: not a regular file" in done.stdout


class Scanned(str):
    """Text that counts the characters its searches go over (a step count, not a timing)."""

    steps = 0

    def count(self, sub: str, start: Any = None, end: Any = None) -> int:
        Scanned.steps += (len(self) if end is None else end) - (start or 0)
        return super().count(sub, start, end)

    def rfind(self, sub: str, start: Any = None, end: Any = None) -> int:
        Scanned.steps += (len(self) if end is None else end) - (start or 0)
        return super().rfind(sub, start, end)


@pytest.mark.parametrize(
    ("flood", "each"), [("TBD\n", 1), ("TBD ", 1), ("  # TBD\n", 0), ("___ [insert x] ", 2)]
)
def test_many_placeholders_are_found_in_linear_steps(flood: str, each: int) -> None:
    """A file of nothing but placeholders (on one line or many) is scanned once, not once per
    placeholder (that took minutes for a 2 MiB file)."""
    from ctt.check.lint import scan_text

    text = Scanned("section: a1\n" + flood * 100_000)
    Scanned.steps = 0
    found = list(scan_text(text))
    assert Scanned.steps <= 3 * len(text), Scanned.steps
    assert len(found) == 100_000 * each


def test_an_unclosed_insert_placeholder_flood_ends() -> None:
    """'[insert' without its ']' many times over: each is looked at over a bounded span."""
    from ctt.check.lint import scan_text

    with watchdog():
        assert list(scan_text("x: " + "[insert " * 250_000)) == []
