"""README.md's examples run as written, and print what README.md shows.

What is an example: in each fenced code block of README.md, every line that starts with
`$ ctt ` is a command, and the lines after it, up to the next line starting with `$ ` or the
end of the block, are what it prints: standard output and standard error together, in the
order a terminal shows them. Blocks with no such line (`sh` snippets such as `make demo` or
`git config ...`, YAML) are not examples and are not read. A line starting with `$ ` that is
not `ctt` inside an example block fails the test: every command shown with output is run.

Each command is one test case, named after its command line. The commands before it in its
block run first, in the same place, as a reader typing the block would (a second `ctt site`
finds the first one's output); so each case checks its own output only.

Where: in a temporary copy of the checkout's `economies/`, `schema/`, `templates/` and
`tests/data/`, which is the working directory, so that the relative paths a reader types in a
fresh clone (`tests/data/region`, `build/...`) mean the same and nothing is written into the
checkout. `ctt` is `ctt.cli.main()`, in this process; the command line is split as a POSIX
shell splits it, a trailing `# comment` dropped (a line below a command is output, even one
starting with `#`). Git looks for no repository above that copy, as outside a clone. Every
example must exit 0.

The output must be the README's text exactly, line for line, except for these conventions,
the only ones:

- a line that is `...` alone (indentation aside) stands for one or more lines left out;
- `/home/me/.ctt/bin/ctt` stands for the absolute path of the ctt that runs (`ctt init`
  writes it into `.git/config`).

A `...` at the end of a line of output, or `…` inside one, is ctt's own (it shortens long
items and titles) and must match as it is.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from paths import REPO_ROOT

from ctt.authoring.scaffold import ctt_command
from ctt.cli import main

README = REPO_ROOT / "README.md"
COPIED = ("economies", "schema", "templates", "tests/data")
ELIDED = "..."
CTT_PATH = "/home/me/.ctt/bin/ctt"


@dataclass(frozen=True)
class Example:
    command: str  # as shown, without the `$ `
    expected: tuple[str, ...]
    before: tuple[str, ...]  # the commands above it in its block
    line: int  # of the command in README.md


def examples(text: str) -> list[Example]:
    """Every `$ ctt ...` of README.md's fenced blocks, with the output shown under it."""
    found: list[Example] = []
    blocks = re.finditer(r"^( *)```[^\n]*\n(.*?)^\1```", text, re.MULTILINE | re.DOTALL)
    for block in blocks:
        first = text.count("\n", 0, block.start(2)) + 1
        lines = block.group(2).splitlines()
        starts = [n for n, line in enumerate(lines) if line.startswith("$ ")]
        if not any(lines[n].startswith("$ ctt ") for n in starts):
            continue
        commands: list[str] = []
        for n, end in zip(starts, [*starts[1:], len(lines)], strict=True):
            command = lines[n][2:]
            assert command.startswith("ctt "), f"README.md:{first + n}: not ctt: {lines[n]}"
            found.append(Example(command, tuple(lines[n + 1 : end]), tuple(commands), first + n))
            commands.append(command)
    return found


def case_id(example: Example, seen: dict[str, int]) -> str:
    seen[example.command] = seen.get(example.command, 0) + 1
    count = seen[example.command]
    return example.command if count == 1 else f"{example.command} (#{count})"


def _id_list(found: list[Example]) -> list[str]:
    seen: dict[str, int] = {}
    return [case_id(example, seen) for example in found]


EXAMPLES = examples(README.read_text(encoding="utf-8"))


def run(command: str) -> tuple[int, str]:
    """Run one README command line through main(); its exit status and both streams."""
    argv = shlex.split(command, comments=True)
    assert argv[0] == "ctt", command
    with CliRunner().isolation() as (_, _, both):
        try:
            main(argv[1:])
        except SystemExit as exc:
            code = exc.code
        else:
            code = 0
        output = both.getvalue().decode("utf-8")
    assert isinstance(code, int | None), f"{command}: exited with {code!r}"
    return code or 0, output


def matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Whether the output is the README's text, a `...` line standing for one or more lines."""
    if not expected:
        return not actual
    head, *rest = expected
    if head.strip() == ELIDED:
        return any(matches(tuple(rest), actual[n:]) for n in range(1, len(actual) + 1))
    return bool(actual) and actual[0] == head and matches(tuple(rest), actual[1:])


def workspace(tmp_path: Path) -> Path:
    """A copy of what a fresh clone holds that the examples read."""
    copy = tmp_path / "ctt"
    for name in COPIED:
        shutil.copytree(REPO_ROOT / name, copy / name, ignore=shutil.ignore_patterns("build"))
    return copy


def test_readme_has_examples() -> None:
    # Guards the parser: README.md shows a dozen or so commands with their output.
    assert len(EXAMPLES) >= 12, [example.command for example in EXAMPLES]
    assert all(example.expected for example in EXAMPLES), "an example shows no output"


def test_elision_convention() -> None:
    assert matches(("a", "...", "d"), ["a", "b", "c", "d"])
    assert not matches(("a", "...", "d"), ["a", "d"])  # one or more lines
    assert not matches(("a", "...", "d"), ["a", "b", "d", "e"])  # the tail must match
    assert not matches(("a", "b"), ["a", "b", "c"])


@pytest.mark.parametrize("example", EXAMPLES, ids=_id_list(EXAMPLES))
def test_readme_example(example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace(tmp_path))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # `ctt init` runs git init
    for command in example.before:
        code, output = run(command)
        assert code == 0, f"README.md: {command}: exit {code}\n{output}"
    code, output = run(example.command)
    output = output.replace(ctt_command(), CTT_PATH)
    where = f"README.md:{example.line}: $ {example.command}"
    assert code == 0, f"{where}: exit {code}\n{output}"
    assert matches(example.expected, output.splitlines()), (
        f"{where}: the output differs from README.md's; it prints:\n{output}"
    )
