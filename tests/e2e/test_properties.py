"""Property tests: any well-formed report validates, renders and shows every item; no mutation
of Chile's real files makes ctt crash or hang.

The number of examples is small in CI; `make fuzz` sets CTT_FUZZ_EXAMPLES to run the mutation
properties for many more (with a fresh random seed each time, and the failing input printed).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import string
import zipfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from docxtext import docx_text
from fuzzing import examples
from hangguard import watchdog
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from paths import REPO_ROOT, SEED

from ctt.catalogue.catalogue import REPORT_FILE, load_catalogue
from ctt.check.lint import PLACEHOLDER
from ctt.store import yamlfile, yamlwrite
from ctt.store.repo import Repository

CHILE = REPO_ROOT / "economies" / "chile" / "2020"
CATALOGUE = load_catalogue(Repository(REPO_ROOT))
SECTIONS = list(CATALOGUE.sections.values())
ANSWERS = CATALOGUE.answer_keys
PROBLEM_LINE = re.compile(
    r"^[^:\s][^:]*:[1-9]\d*:[1-9]\d*: (error|warning): \S.* \[[a-z0-9]+(-[a-z0-9]+)*\]$"
)
RunCtt = Callable[..., Any]


# Generated reports: every item form, printable text without hidden characters.

TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip() != "" and not PLACEHOLDER.search(text))
EMAIL = st.from_regex(r"[a-z0-9.+-]{1,10}@[a-z0-9-]{1,10}\.[a-z]{2,6}", fullmatch=True)


@st.composite
def contacts(draw: st.DrawFn) -> list[dict[str, str]]:
    found = []
    for _ in range(draw(st.integers(0, 2))):
        contact = {"name": draw(TEXT)}
        for key in ("role", "title", "telephone", "fax"):
            if draw(st.booleans()):
                contact[key] = draw(TEXT)
        if draw(st.booleans()):
            contact["email"] = draw(EMAIL)
        found.append(contact)
    return found


@st.composite
def item(draw: st.DrawFn, commitment_ids: list[str], depth: int = 0) -> Any:
    kinds = ["plain", "text", "timeframe", "commitments"]
    if depth < 3:
        kinds += ["sub-items", "heading group", "commitment group"]
    kind = draw(st.sampled_from(kinds))
    if kind == "plain":
        return draw(TEXT)
    if kind in ("heading group", "commitment group"):
        group: dict[str, Any] = {}
        if kind == "heading group":
            group["heading"] = draw(TEXT)
        else:
            group["commitment"] = draw(st.sampled_from(commitment_ids))
            if draw(st.booleans()):  # the economy's own wording of it
                group["heading"] = draw(TEXT)
        group["items"] = draw(st.lists(item(commitment_ids, depth + 1), min_size=1, max_size=3))
        return group
    entry: dict[str, Any] = {"text": draw(TEXT)}
    if kind == "sub-items":
        entry["items"] = draw(st.lists(item(commitment_ids, depth + 1), min_size=1, max_size=3))
    elif kind == "timeframe":
        entry["timeframe"] = draw(st.one_of(TEXT, st.integers(1990, 2100)))
    elif kind == "commitments":
        entry["commitments"] = draw(
            st.lists(st.sampled_from(commitment_ids), min_size=1, max_size=2, unique=True)
        )
    return entry


def answer(commitment_ids: list[str]) -> st.SearchStrategy[Any]:
    """An answer: its items, or nothing ([] or null, a warning)."""
    items = st.lists(item(commitment_ids), min_size=1, max_size=3)
    return st.one_of(items, items, st.just([]), st.none())


@st.composite
def report(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """The files of one report (economies/peru/2021), as data."""
    every_id = sorted(CATALOGUE.commitments)
    files: dict[str, dict[str, Any]] = {}
    files[REPORT_FILE] = {
        "economy": "peru",
        "year": 2021,
        "last_updated": draw(
            st.one_of(
                st.none(),
                st.dates().map(lambda d: d.isoformat()),  # a day
                st.dates().map(lambda d: d.isoformat()[:7]),  # a month
            )
        ),
        "executive_summary": {
            "achievements": {s.id: draw(answer(every_id)) for s in SECTIONS},
            "forward_work_programme": draw(answer(every_id)),
            "capacity_building_needs": draw(answer(every_id)),
        },
        "assistance_offer": {"contacts": draw(contacts()), "items": draw(answer(every_id))},
    }
    for section in SECTIONS:
        ids = [c.id for c in CATALOGUE.commitments_of(section.id)]
        data: dict[str, Any] = {
            "section": section.id,
            "economy": "peru",
            "year": 2021,
            "contacts": draw(contacts()),
            "commitments": draw(st.lists(st.sampled_from(ids), max_size=3, unique=True)),
        }
        for key in ANSWERS:
            data[key] = draw(answer(ids))
        files[section.file] = data
    return files


def shown_texts(value: Any) -> Iterator[str]:
    """Every text of a report a reader must see: items, headings (a commitment group without
    its own heading shows its commitment's text) and contact names."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for entry in value:
            yield from shown_texts(entry)
    elif isinstance(value, dict):
        for key in ("text", "heading", "name"):
            if isinstance(value.get(key), str):
                yield value[key]
        if "commitment" in value and "heading" not in value:
            yield CATALOGUE.commitments[value["commitment"]].text
        for key in ("items", "contacts"):
            yield from shown_texts(value.get(key))


def report_texts(files: dict[str, dict[str, Any]]) -> list[str]:
    found = []
    for data in files.values():
        summary = data.get("executive_summary", {})
        answers = [data.get(key) for key in ANSWERS] + list(
            summary.get("achievements", {}).values()
        )
        answers += [summary.get("forward_work_programme"), summary.get("capacity_building_needs")]
        offer = data.get("assistance_offer", {})
        for value in [*answers, data.get("contacts"), offer.get("contacts"), offer.get("items")]:
            found += shown_texts(value)
    return found


class TextOf(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.feed(html)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Catalogue and templates of this checkout; reports are written per example."""
    root = tmp_path_factory.mktemp("properties") / "repo"
    for name in ("schema", "templates"):
        shutil.copytree(REPO_ROOT / name, root / name)
    (root / "economies").mkdir()
    return root


@examples(20)
@given(files=report())
def test_any_well_formed_report_validates_renders_and_shows_every_item(
    base_repo: Path, run_ctt: RunCtt, files: dict[str, dict[str, Any]]
) -> None:
    folder = base_repo / "economies" / "peru" / "2021"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_text(yamlwrite.dump(data), encoding="utf-8")
        assert yamlfile.load(folder / name).data == data  # written and read back the same
    out = base_repo / "out"
    with watchdog():
        checked = run_ctt(base_repo, "validate", "--no-cache", "--format", "json")
        assert checked.exit_code == 0, checked.output
        assert [p for p in json.loads(checked.stdout) if p["severity"] == "error"] == []
        rendered = run_ctt(base_repo, "render", "peru", "2021", "--out", str(out))
    assert rendered.exit_code == 0, rendered.output
    markdown = (out / "peru-2021.md").read_text(encoding="utf-8")
    outputs = {
        "md": squeeze(
            "".join(TextOf(MarkdownIt("commonmark").enable("table").render(markdown)).parts)
        ),
        "html": squeeze(
            "".join(TextOf((out / "peru-2021.html").read_text(encoding="utf-8")).parts)
        ),
        "docx": squeeze(docx_text(out / "peru-2021.docx")),
    }
    for text in report_texts(files):
        for name, shown in outputs.items():
            assert squeeze(text) in shown, f"{text!r} missing from the {name} output"


# Mutations of Chile's real files: never a traceback, a crash status or a hang.

CHILE_FILES = sorted(p.name for p in CHILE.glob("*.yaml"))
TOKENS = [
    b":", b": ", b"- ", b"-", b"&a ", b"*a", b"<<: ", b"!!python/object/apply:os.system ",
    b"!x ", b"!!binary ", b"\t", b"\x00", b"{", b"}", b"[", b"]", b'"', b"'", b"\\", b"\\u202e",
    "\u202e".encode(), "\u200b".encode(), b"\xef\xbb\xbf", b"\r\n", b"\r", b"\n", b"---\n",
    b"...\n", b"%YAML 1.1\n", b"? ", b"|", b">-\n", b"#", b"~", b"0x1f", b"1:2:3", b"\xff",
    b"\xc3", b"  ", b"\n  - ", b"\n    ", b"text: ", b"items:", b"heading: ", b"commitment: ",
    b"timeframe: ", b"TBD", b"___", b"a1-container-security", b"2020-02-30", b"[[[[[[", b"]]]]",
    b"\x07", b"\x1b[2J", b"@", b"<script>",
]  # fmt: skip


@st.composite
def mutated_bytes(draw: st.DrawFn, raw: bytes) -> bytes:
    """A few byte-level edits: tokens YAML and ctt care about, bits, cuts and copies."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["token", "token", "word", "delete", "copy", "flip", "byte"]))
        if edit == "word":  # often lands in text: the report stays valid, but differs
            data[at:at] = draw(st.text(string.ascii_letters + " ", min_size=1, max_size=8)).encode()
        elif edit == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif edit == "copy":
            start = draw(st.integers(0, len(data)))
            data[at:at] = data[start : start + draw(st.integers(1, 400))]
        elif edit == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "byte":
            data[at:at] = bytes([draw(st.integers(0, 255))])
    return bytes(data)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "", "a1", "c", "peru", "chile", "2020", "2020-02-30", "TBD", "[insert name]",
            "a1-container-security", "b-unknown", "x@y", "x@example.org", "<script>", "\u202e",
            "a" * 5000,
        ]
    ),
)  # fmt: skip
KEYS = st.one_of(
    st.sampled_from(
        [
            "text", "items", "heading", "commitment", "commitments", "timeframe", "name",
            "email", "role", "contacts", "section", "year", "economy", "carried_over",
            "unplaced", *ANSWERS,
        ]
    ),
    st.text(max_size=12),
)  # fmt: skip


def containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Lists and mappings of `inner` values."""
    return st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4)


VALUES = st.recursive(SCALARS, containers, max_leaves=12)


def places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value in a document."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from places(value, (*path, index))


@st.composite
def mutated_data(draw: st.DrawFn, data: Any) -> Any:
    """A few node-level edits. Gentle ones keep the report valid but different (items
    reworded, dropped, copied, moved, nested, answers emptied), so that render and diff get
    to work on them; wild ones put any value or key anywhere."""
    for _ in range(draw(st.integers(1, 4))):
        answers = [
            path
            for path in places(data)
            if path and path[-1] in (*ANSWERS, "items") and isinstance(_at(data, path), list)
        ]
        if answers and draw(st.integers(0, 5)):
            _gentle(draw, data, answers)
        else:
            data = _wild(draw, data)
    return data


def _gentle(draw: st.DrawFn, data: Any, answers: list[tuple[Any, ...]]) -> None:
    items = _at(data, draw(st.sampled_from(answers)))
    edit = draw(st.sampled_from(["retext", "drop", "copy", "move", "empty", "nest"]))
    if edit == "empty" or not items:
        items.clear()
        return
    index = draw(st.integers(0, len(items) - 1))
    text = draw(st.one_of(TEXT, st.sampled_from(HOSTILE_TEXT)))
    if edit == "retext":
        if isinstance(items[index], dict) and "text" in items[index]:
            items[index]["text"] = text
        else:
            items[index] = text
    elif edit == "drop":
        del items[index]
    elif edit == "copy":
        items.insert(draw(st.integers(0, len(items))), copy.deepcopy(items[index]))
    elif edit == "move":
        target = _at(data, draw(st.sampled_from(answers)))
        if not any(target is _at(items[index], p) for p in places(items[index])):
            moved = items.pop(index)  # (not into itself)
            target.insert(draw(st.integers(0, len(target))), moved)
    else:
        items[index] = {"text": text, "items": [items[index]]}


def _wild(draw: st.DrawFn, data: Any) -> Any:
    path = draw(st.sampled_from(list(places(data))))
    if not path:
        return draw(VALUES)
    parent = _at(data, path[:-1])
    key = path[-1]
    edit = draw(st.sampled_from(["replace", "delete", "wrap", "rename", "deepen"]))
    if edit == "replace":
        parent[key] = draw(VALUES)
    elif edit == "delete":
        del parent[key]
    elif edit == "wrap":
        parent[key] = [parent[key]]
    elif edit == "rename" and isinstance(parent, dict):
        parent[draw(KEYS)] = parent.pop(key)
    elif edit == "deepen":
        parent[key] = {"text": "deeper", "items": [parent[key]]}
    return data


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "# heading",
    "{{ report }}",
    "a" * 3000,
    "word " * 600,
    "\u202e",
]


@pytest.fixture(scope="module")
def chile_repo_for_mutations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Chile 2020 as it is, and a copy as 2022 whose files the examples replace."""
    root = tmp_path_factory.mktemp("mutations") / "repo"
    for name in ("schema", "templates"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copytree(CHILE, root / "economies" / "chile" / "2020")
    shutil.copytree(CHILE, root / "economies" / "chile" / "2022")
    for path in (root / "economies" / "chile" / "2022").iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("year: 2020", "year: 2022"))
    return root


def check_never_crashes(root: Path, run_ctt: RunCtt, name: str, content: bytes) -> None:
    """Put `content` in place of one file of chile/2022; every command ends as documented."""
    folder = root / "economies" / "chile" / "2022"
    pristine = (CHILE / name).read_bytes().replace(b"year: 2020", b"year: 2022")
    (folder / name).write_bytes(content)
    out = root / "out"
    shutil.rmtree(out, ignore_errors=True)
    try:
        with watchdog():
            runs = {
                "validate": run_ctt(root, "validate", "--no-cache", "chile", "2022"),
                "json": run_ctt(
                    root, "validate", "--no-cache", "chile", "2022", "--format", "json"
                ),
                "github": run_ctt(root, "validate", "--no-cache", "--format", "github", "chile"),
                "render": run_ctt(root, "render", "chile", "2022", "--out", str(out)),
                "diff": run_ctt(root, "diff", "chile", "2020", "2022", "--format", "json"),
                "diff-md": run_ctt(root, "diff", "chile", "2020", "2022", "--format", "md"),
                "status": run_ctt(root, "status", "chile", "2022"),
                "textconv": run_ctt(root, "textconv", str(folder / name)),
            }
    finally:
        (folder / name).write_bytes(pristine)
    for command, run in runs.items():
        assert "Traceback" not in run.output, (command, run.output)
        assert run.exit_code in (0, 1), (command, run.exit_code, run.output[-3000:])
    lines = runs["validate"].stdout.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert len(json.loads(runs["json"].stdout)) == len(lines)
    valid = runs["validate"].exit_code == 0
    assert runs["render"].exit_code == runs["diff"].exit_code == (0 if valid else 1)
    if valid:
        json.loads(runs["diff"].stdout)
        with zipfile.ZipFile(out / "chile-2022.docx") as package:
            assert package.testzip() is None


@examples(40)
@given(data=st.data())
def test_byte_mutations_of_chile_never_crash(
    chile_repo_for_mutations: Path, run_ctt: RunCtt, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(CHILE_FILES), label="file")
    raw = (CHILE / name).read_bytes().replace(b"year: 2020", b"year: 2022")
    content = data.draw(mutated_bytes(raw), label="content")
    check_never_crashes(chile_repo_for_mutations, run_ctt, name, content)


@examples(40)
@given(data=st.data())
def test_node_mutations_of_chile_never_crash(
    chile_repo_for_mutations: Path, run_ctt: RunCtt, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(CHILE_FILES), label="file")
    document = yamlfile.load(CHILE / name).data
    document["year"] = 2022
    mutated = data.draw(mutated_data(document), label="document")
    content = yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False).encode("utf-8")
    check_never_crashes(chile_repo_for_mutations, run_ctt, name, content)


@examples(10)
@given(data=st.data())
def test_byte_mutations_of_the_seed_never_crash_import(
    base_repo: Path, run_ctt: RunCtt, data: st.DataObject
) -> None:
    """`ctt import` of a damaged plain-text export: a report, a refusal or problems, never a
    crash; whatever it writes is then read by validate without a crash either."""
    content = data.draw(mutated_bytes(SEED.read_bytes()), label="content")
    source = base_repo / "seed.txt"
    source.write_bytes(content)
    with watchdog():
        imported = run_ctt(base_repo, "import", str(source), "chile", "2020", "--force")
        checked = run_ctt(base_repo, "validate", "--no-cache", "chile")
    for run in (imported, checked):
        assert "Traceback" not in run.output, run.output
        assert run.exit_code in (0, 1, 2), run.output[-3000:]
