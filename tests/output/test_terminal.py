"""What reaches a terminal: report text escaped by every command, and textconv as careful in
what it opens as validate (it runs on every `git diff` and `git log -p`)."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import add_valid_report, own_copy
from gitutil import git
from hangguard import watchdog
from paths import REPO_ROOT, VALID_REPORT

from ctt.catalogue.catalogue import load_catalogue
from ctt.compare.diff import diff_reports
from ctt.output.diff import FORMATTER_BY_NAME
from ctt.report.model import build_report
from ctt.store import yamlfile
from ctt.store.repo import Repository
from ctt.terminal import one_line, report_text

RunCtt = Callable[..., Any]
A1 = "a1-protect-cargo.yaml"
REPORT = Path("economies") / "peru" / "2021"
# Held escaped in YAML, as validate's hidden-character rule still lets a file be committed:
# a terminal title change, a bell and a right-to-left override.
ESCAPED_IN_YAML = r'"Risk \e]0;pwned\a targeting \u202e reversed"'
SHOWN = r"Risk \x1b]0;pwned\x07 targeting \u202e reversed"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # ctt's own colours


def raw_characters(text: str) -> set[str]:
    """Characters a terminal must never receive from report text: controls but line feed
    and tab, bidirectional and other format characters, separators, surrogates."""
    hidden = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    return {c for c in text if c not in "\n\t" and unicodedata.category(c) in hidden}


def with_hidden_text(folder: Path) -> None:
    """Write the hostile text into an item of a report's a1 section."""
    path = folder / A1
    text = path.read_text(encoding="utf-8")
    old = "  - Container scanning extended to a second port.\n"
    assert old in text
    path.write_text(text.replace(old, f"  - {ESCAPED_IN_YAML}\n"), encoding="utf-8")


# The one function


def test_report_text_escapes_what_drives_or_reorders_a_terminal() -> None:
    text = "line one\tcell\nline two \x1b[2J\x07\r\x85\u202e\u2066\u200b\u00ad\u2028\udcff é 🚢"
    shown = report_text(text)
    assert shown == (
        "line one\tcell\nline two \\x1b[2J\\x07\\r\\x85"
        "\\u202e\\u2066\\u200b\\xad\\u2028\\udcff é 🚢"
    )
    assert not raw_characters(shown)
    assert report_text(shown) == shown  # escaping twice changes nothing
    assert one_line(text) == shown.replace("\t", "\\t").replace("\n", "\\n")


# textconv: what it opens


def test_textconv_escapes_what_the_yaml_holds_escaped(repo: Path, run_ctt: RunCtt) -> None:
    with_hidden_text(repo / REPORT)
    run = run_ctt(repo, "textconv", str(repo / REPORT / A1))
    assert run.exit_code == 0, run.output
    assert f"  - {SHOWN}\n" in run.stdout
    assert not raw_characters(run.output)


def test_textconv_shows_other_files_as_they_are_but_escaped(
    repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    other = tmp_path / "notes.txt"
    other.write_bytes(b"plain text \x1b]0;pwned\x07 and \xe2\x80\xae\n{not: [yaml\n")
    run = run_ctt(repo, "textconv", str(other))
    assert run.exit_code == 0, run.output
    assert run.stdout == "plain text \\x1b]0;pwned\\x07 and \\u202e\n{not: [yaml\n"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_textconv_never_reads_a_device(repo: Path, device: str) -> None:
    """/dev/zero filled memory until a MemoryError (exit 3): run with 1 GiB of address space,
    so that a regression fails this test instead of the machine."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "ctt", "--root", str(repo), "textconv", device],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"ctt: error: {device}: not a regular file (a pipe, device or folder)\n"
    assert done.stdout == ""


def test_textconv_never_opens_a_pipe(repo: Path, run_ctt: RunCtt) -> None:
    """A named pipe blocked it forever, in place of a report file as anywhere else."""
    pipe = repo / REPORT / "report.yaml"
    pipe.unlink()
    os.mkfifo(pipe)
    with watchdog(30):
        run = run_ctt(repo, "textconv", str(pipe))
    assert run.exit_code == 2, run.output
    assert "not a regular file" in run.stderr and run.stdout == ""


def test_textconv_does_not_follow_a_link_out_of_the_repository(
    repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    """It printed /etc/passwd; validate reports such a link [symlink] and reads nothing."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("section: a1\npassword: hunter2\n", encoding="utf-8")
    link = repo / REPORT / A1
    link.unlink()
    link.symlink_to(secret)
    run = run_ctt(repo, "textconv", str(link))
    assert run.exit_code == 2, run.output
    assert "hunter2" not in run.output and run.stdout == ""
    assert run.stderr == (
        f"ctt: error: {link}: a symbolic link leading outside the repository: not followed\n"
    )
    # A link inside the repository is followed, as validate follows it.
    inside = repo / "economies" / "copy.yaml"
    inside.symlink_to(repo / REPORT / "b-halting-terrorist-financing.yaml")
    run = run_ctt(repo, "textconv", str(inside))
    assert run.exit_code == 0 and run.stdout.startswith("B. Halting Terrorist Financing")


def test_textconv_refuses_a_file_validate_would_not_read(repo: Path, run_ctt: RunCtt) -> None:
    big = repo / REPORT / A1
    big.write_bytes(b"# padding\n" * (yamlfile.MAX_FILE_BYTES // 10 + 1))
    run = run_ctt(repo, "textconv", str(big))
    assert run.exit_code == 2, run.output
    assert run.stderr.startswith(f"ctt: error: {big}: file is larger than 2 MiB")
    assert run.stdout == ""


def test_git_log_shows_no_raw_control_character(tmp_path: Path) -> None:
    """Through the diff driver, `git log -p` shows the escaped text as escapes."""
    root = tmp_path / "repo"
    for name in ("schema", "templates"):
        shutil.copytree(REPO_ROOT / name, root / name)
    folder = add_valid_report(root)
    (root / ".gitattributes").write_text("economies/**/*.yaml diff=ctt\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "report")
    with_hidden_text(folder)
    git(root, "commit", "-qam", "hostile item")
    driver = f"{sys.executable} -m ctt textconv"
    out = git(root, "-c", f"diff.ctt.textconv={driver}", "log", "-p", "-1")
    assert f"+  - {SHOWN}" in out
    assert not raw_characters(out)


# Every other command that prints report text


def _hostile_diff_inputs() -> tuple[Any, Any]:
    catalogue = load_catalogue(Repository(REPO_ROOT))
    documents = {
        path.name: yamlfile.parse(path.read_text(encoding="utf-8"), path)
        for path in VALID_REPORT.glob("*.yaml")
    }
    old = build_report(documents, catalogue)
    a1 = (VALID_REPORT / A1).read_text(encoding="utf-8")
    hostile = {
        "  - Container scanning extended to a second port.\n": f"  - {ESCAPED_IN_YAML}\n",
        "      - Electronic manifests\n": '      - "Electronic \\e[2J manifests"\n',
        "name: Ana Example Torres": 'name: "Ana \\u202e Torres"',
        "  - APEC workshop on supply chain security, 2020.\n": (
            '  - "APEC workshop on supply chain security, 2020 \\a"\n'
        ),
    }
    for before, after in hostile.items():
        assert before in a1, before
        a1 = a1.replace(before, after)
    documents[A1] = yamlfile.parse(a1, VALID_REPORT / A1)
    return old, build_report(documents, catalogue)


@pytest.mark.parametrize("fmt", ["text", "md"])
@pytest.mark.parametrize("colour", [False, True])
def test_diff_output_escapes_report_text(fmt: str, colour: bool) -> None:
    """Text added, removed or changed, contact names: escaped; ctt's own colours stay."""
    old, new = _hostile_diff_inputs()
    shown = FORMATTER_BY_NAME[fmt](diff_reports(old, new, "peru 2021", "peru 2022"), colour)
    assert shown.count("\\x1b") == 2 and shown.count("\\x07") == 2  # (in Markdown, ']' is '\\]')
    assert "\\u202e Torres" in shown and "\\u202e reversed" in shown
    if colour and fmt == "text":
        assert SGR.search(shown)
    assert not raw_characters(SGR.sub("", shown)), shown


def test_status_escapes_folder_names(repo: Path, run_ctt: RunCtt) -> None:
    """A folder's name is text a pull request chooses; status shows it escaped."""
    add_valid_report(repo, "x\x1b]0;pwned\x07\u202e", 2021)
    run = run_ctt(repo, "status")
    assert run.exit_code == 0, run.output
    assert "x\\x1b]0;pwned\\x07\\u202e 2021" in run.stdout
    assert not raw_characters(run.output)
    needs = run_ctt(repo, "needs")
    assert "x\\x1b]0;pwned\\x07\\u202e" in needs.stderr
    assert not raw_characters(needs.output)


@pytest.mark.parametrize(
    "args", [["topics"], ["needs"], ["needs", "--format", "md"], ["coverage", "--format", "md"]]
)
def test_topic_titles_are_escaped(repo: Path, run_ctt: RunCtt, args: list[str]) -> None:
    """The schema's files are text a pull request may change too."""
    topics = own_copy(repo, "schema/topics.yaml")
    text = topics.read_text(encoding="utf-8")
    old = "title: AEO and supply-chain security"
    assert old in text
    topics.write_text(text.replace(old, 'title: "AEO \\e]0;pwned\\a security"'), encoding="utf-8")
    commitments = own_copy(repo, "schema/commitments.yaml")
    text = commitments.read_text(encoding="utf-8")
    old = "text: Implement the APEC Framework for Secure Trade (2005)."
    assert old in text
    new = 'text: "\\u202eImplement the APEC Framework for Secure Trade (2005)."'
    commitments.write_text(text.replace(old, new), encoding="utf-8")
    run = run_ctt(repo, *args)
    assert run.exit_code == 0, run.output
    if args[0] == "coverage":
        assert "\\u202eImplement the APEC Framework" in run.stdout
    else:
        assert "AEO \\x1b" in run.stdout and "pwned\\x07 security" in run.stdout
    assert not raw_characters(run.output)
