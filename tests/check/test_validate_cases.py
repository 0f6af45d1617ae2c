"""Data-driven tests of `ctt validate`: one bad or good file per case, under tests/cases/.

A case file replaces one file of the made-up valid report (tests/data/valid-report/, copied
into a temporary repository as economies/peru/2021/). Its leading comment block says what
must happen; the lines are counted in the case file as it is, header included:

    # expect: exit=1 rule=duplicate-key line=9 column=5 message="duplicate key 'name'"
    # file: a1-protect-cargo.yaml      (the file it replaces; this is the default)
    # args: --strict                   (extra options for validate)
    # absent: ctt-pwned                (a file that must not exist after the run)

`expect` may be repeated (each problem must be printed, and nothing else in any file but the
valid report's one deliberate warning); `severity=warning` is allowed, error is the default.
The same problems must come out of `--format json`. A case that cannot carry a comment (an
empty file, UTF-16) keeps its header in a sidecar `<case>.expect`.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from paths import CASES_DIR, VALID_REPORT

REPORT_DIR = Path("economies") / "peru" / "2021"
DEFAULT_FILE = "a1-protect-cargo.yaml"
# The valid report's only problem: its one answer written [] on purpose.
BASELINE = [
    {
        "path": (REPORT_DIR / "b-halting-terrorist-financing.yaml").as_posix(),
        "line": 13,
        "column": 19,
        "severity": "warning",
        "rule": "empty-answer",
        "message": "measures_planned is answered with nothing",
    }
]
HEADER_LINE = re.compile(r"^#\s*(expect|file|args|absent):\s*(.*?)\s*$")
# path:line:column: severity: message [rule], exactly as compilers and linters print them.
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:\s][^:]*):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): "
    r"(?P<severity>error|warning): (?P<message>\S.*) \[(?P<rule>[a-z0-9]+(?:-[a-z0-9]+)*)\]$"
)


@dataclass(frozen=True)
class Expected:
    """One problem a case must produce."""

    exit: int
    rule: str
    line: int
    column: int
    message: str
    severity: str = "error"


@dataclass
class Case:
    """A case file and what it expects."""

    path: Path
    file: str = DEFAULT_FILE
    args: list[str] = field(default_factory=list)
    expects: list[Expected] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

    @property
    def exit(self) -> int:
        """The exit status every expectation agrees on."""
        codes = {e.exit for e in self.expects}
        assert len(codes) == 1, f"{self.path.name}: expectations disagree on exit: {codes}"
        return codes.pop()


def _header_lines(path: Path) -> list[str]:
    sidecar = path.with_suffix(".expect")
    if sidecar.is_file():
        return sidecar.read_text(encoding="utf-8").splitlines()
    # The header is ASCII at the top of the file; what follows may be any bytes.
    lines = []
    for line in path.read_bytes().decode("latin-1").removeprefix("\xef\xbb\xbf").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def _expected(spec: str, where: str) -> Expected:
    fields = dict(part.split("=", 1) for part in shlex.split(spec))
    try:
        return Expected(
            exit=int(fields.pop("exit")),
            rule=fields.pop("rule"),
            line=int(fields.pop("line")),
            column=int(fields.pop("column")),
            message=fields.pop("message"),
            severity=fields.pop("severity", "error"),
        )
    except KeyError as exc:
        raise AssertionError(f"{where}: expect lacks {exc}") from None
    finally:
        assert not fields, f"{where}: unknown expect fields {sorted(fields)}"


def load_case(path: Path) -> Case:
    """Read a case's header (in the file or its sidecar)."""
    case = Case(path)
    for line in _header_lines(path):
        match = HEADER_LINE.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "expect":
            case.expects.append(_expected(value, path.name))
        elif key == "file":
            case.file = value
        elif key == "args":
            case.args = shlex.split(value)
        else:
            case.absent.append(value)
    return case


def _case_files(kind: str) -> list[Path]:
    return sorted(p for p in (CASES_DIR / kind).iterdir() if p.suffix in (".yaml", ".bin"))


NEGATIVE = _case_files("negative")
POSITIVE = _case_files("positive")


def parse_problems(stdout: str) -> list[dict[str, Any]]:
    """Every line of text output as a problem; fails on a line not in the exact form."""
    problems = []
    for line in stdout.splitlines():
        match = PROBLEM_LINE.match(line)
        assert match, f"not a 'path:line:column: severity: message [rule]' line: {line!r}"
        row: dict[str, Any] = match.groupdict()
        row["line"], row["column"] = int(row["line"]), int(row["column"])
        problems.append(row)
    return problems


def _matches(row: dict[str, Any], path: str, expected: Expected) -> bool:
    return (
        row["path"] == path
        and row["rule"] == expected.rule
        and row["severity"] == expected.severity
        and (row["line"], row["column"]) == (expected.line, expected.column)
        and expected.message in row["message"]
    )


def install_case(repo: Path, case: Case) -> str:
    """Replace a file of the valid report with the case's bytes; the path ctt shows."""
    target = repo / REPORT_DIR / case.file
    assert target.is_file(), f"{case.path.name}: the valid report has no {case.file}"
    target.write_bytes(case.path.read_bytes())
    return (REPORT_DIR / case.file).as_posix()


def test_cases_are_well_formed() -> None:
    """Every case states what it expects, and names a file the valid report has."""
    assert len(NEGATIVE) >= 30 and len(POSITIVE) >= 5
    for path in NEGATIVE:
        case = load_case(path)
        assert case.expects, f"{path.name}: no '# expect:' line"
        assert case.exit in (0, 1), path.name
        assert (VALID_REPORT / case.file).is_file(), f"{path.name}: no {case.file} to replace"
    for path in POSITIVE:
        case = load_case(path)
        assert not case.expects, f"{path.name}: a positive case expects no problem"
        assert (VALID_REPORT / case.file).is_file(), f"{path.name}: no {case.file} to replace"


@pytest.mark.parametrize("case_path", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative_case(case_path: Path, repo: Path, run_ctt: Callable[..., Any]) -> None:
    """The bad file is reported at the right place, with the right rule and exit status."""
    case = load_case(case_path)
    shown = install_case(repo, case)

    run = run_ctt(repo, "validate", *case.args)
    assert "Traceback" not in run.output
    assert run.exit_code == case.exit, run.output
    problems = parse_problems(run.stdout)
    for expected in case.expects:
        assert any(_matches(row, shown, expected) for row in problems), (
            f"expected {expected} in:\n{run.stdout}"
        )
    # Nothing else: no noise in the file, and the other files are as valid as before.
    unexpected = [
        row
        for row in problems
        if not any(_matches(row, shown, e) for e in case.expects) and row not in BASELINE
    ]
    assert unexpected == [], run.stdout

    as_json = run_ctt(repo, "validate", "--format", "json", *case.args)
    assert "Traceback" not in as_json.output
    assert as_json.exit_code == case.exit, as_json.output
    rows = json.loads(as_json.stdout)
    for expected in case.expects:
        assert any(_matches(row, shown, expected) for row in rows), as_json.stdout
    # Both formats report the same problems, field for field.
    assert rows == [
        {k: p[k] for k in ("path", "line", "column", "severity", "rule", "message")}
        for p in problems
    ]

    for name in case.absent:
        assert not (Path.cwd() / name).exists(), f"{name} was created: the file was executed"
        assert not (repo / name).exists(), f"{name} was created: the file was executed"


@pytest.mark.parametrize("case_path", POSITIVE, ids=[p.name for p in POSITIVE])
def test_positive_case(case_path: Path, repo: Path, run_ctt: Callable[..., Any]) -> None:
    """A good file validates: exit 0 and not one problem in that file."""
    case = load_case(case_path)
    shown = install_case(repo, case)
    run = run_ctt(repo, "validate", *case.args)
    assert "Traceback" not in run.output
    assert run.exit_code == 0, run.output
    assert parse_problems(run.stdout) == BASELINE, f"{shown}:\n{run.stdout}"


def test_valid_report_has_only_its_deliberate_warning(
    repo: Path, run_ctt: Callable[..., Any]
) -> None:
    """The made-up report is valid: exit 0, one warning for its one [] answer."""
    run = run_ctt(repo, "validate")
    assert run.exit_code == 0, run.output
    assert parse_problems(run.stdout) == BASELINE
    assert run.stderr == "0 error(s), 1 warning(s) in 8 file(s)\n"


def test_special_bytes_survive_in_case_files() -> None:
    """The cases about bytes still hold those bytes (an editor or git may normalise them)."""
    positive, negative = CASES_DIR / "positive", CASES_DIR / "negative"
    assert (positive / "bom.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    crlf = (positive / "crlf-line-ends.yaml").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 10
    assert (positive / "bom-and-crlf.yaml").read_bytes().startswith(b"\xef\xbb\xbf#")
    assert b"\t" in (negative / "tab-indentation.yaml").read_bytes()
    assert (negative / "empty-file.yaml").read_bytes() == b""
    assert (negative / "utf16.bin").read_bytes().startswith(b"\xff\xfe")
    assert (negative / "utf16-no-bom.bin").read_bytes()[1:2] == b"\x00"
    assert b"Jos\xe9" in (negative / "invalid-utf8.bin").read_bytes()
    assert b"\x00" in (negative / "nul-byte.bin").read_bytes()
    unicode_text = (positive / "unicode-text.yaml").read_text(encoding="utf-8")
    assert "Núñez" in unicode_text and "🚢" in unicode_text


def test_python_tag_payload_is_live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under an unsafe loader the python-tag case runs its command: its test proves something."""
    import yaml

    monkeypatch.chdir(tmp_path)
    text = (CASES_DIR / "negative" / "python-tag.yaml").read_text(encoding="utf-8")
    yaml.unsafe_load(text)
    assert (tmp_path / "ctt-pwned").exists()


def _item_forms(items: list[Any], inside_group: bool = False) -> set[str]:
    forms: set[str] = set()
    for item in items:
        if isinstance(item, str):
            forms.add("plain string")
            continue
        if "text" in item:
            forms.update(
                f"text+{key}" for key in ("items", "timeframe", "commitments") if key in item
            )
        else:
            forms.update(f"{key} group" for key in ("heading", "commitment") if key in item)
            if inside_group:
                forms.add("nested group")
        forms |= _item_forms(item.get("items", []), inside_group="text" not in item)
    return forms


def test_valid_report_shows_every_item_form() -> None:
    """The made-up report keeps an example of every form an answer's items can take."""
    import yaml

    forms: set[str] = set()
    for path in VALID_REPORT.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        answers = [data.get(key) for key in data if key not in ("contacts", "commitments")]
        summary = data.get("executive_summary", {})
        answers += [*summary.get("achievements", {}).values(), *summary.values()]
        answers.append(data.get("assistance_offer", {}).get("items"))
        for answer in answers:
            if answer == []:
                forms.add("empty answer")
            elif isinstance(answer, list):
                forms |= _item_forms(answer)
    assert forms >= {
        "plain string",
        "text+items",
        "text+timeframe",
        "text+commitments",
        "heading group",
        "commitment group",
        "nested group",
        "empty answer",
    }
