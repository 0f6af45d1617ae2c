"""`render --all` renders only what changed: a file is made again when anything it is made
from changes (the report's bytes, a template, the catalogue, a reference .docx, ctt's
version, the options), when it was deleted or edited, or with --force; never otherwise."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ECONOMY, YEAR, Run, own_copy

import ctt

RunCtt = Callable[..., Run]
Stamps = dict[str, tuple[int, int]]
A1 = "a1-protect-cargo.yaml"


@pytest.fixture
def two(repo: Path, add_report: Callable[..., Path]) -> Path:
    """The repository with two reports: peru 2021 and peru 2022."""
    add_report(repo, ECONOMY, YEAR + 1)
    return repo


def stamps(out: Path) -> Stamps:
    """Each output file's inode and time: either changes when a file is written again."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in out.iterdir()
        if not p.name.startswith(".")
    }


def render(run_ctt: RunCtt, repo: Path, out: Path, *extra: str) -> Run:
    run = run_ctt(
        repo, "render", "--all", "--format", "md", "--format", "html", "--out", str(out), *extra
    )
    assert run.exit_code == 0, run.output
    return run


def rewritten(before: Stamps, after: Stamps) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


ALL = {f"{ECONOMY}-{year}.{ext}" for year in (YEAR, YEAR + 1) for ext in ("md", "html")}
SECOND = {f"{ECONOMY}-{YEAR + 1}.md", f"{ECONOMY}-{YEAR + 1}.html"}


def test_nothing_changed_nothing_rendered(two: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = render(run_ctt, two, out)
    assert first.stdout.splitlines()[-1].startswith("rendered 4 file(s)")
    before = stamps(out)
    again = render(run_ctt, two, out)
    assert again.stdout.splitlines() == [
        f"rendered 0 file(s) in {out.as_posix()}/; 4 unchanged (2 report(s))"
    ]
    assert stamps(out) == before


def test_one_changed_file_renders_only_its_report(
    two: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    render(run_ctt, two, out)
    before = stamps(out)
    path = two / "economies" / ECONOMY / str(YEAR + 1) / A1
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run = render(run_ctt, two, out)
    assert rewritten(before, stamps(out)) == SECOND
    assert run.stdout.splitlines()[-1].endswith("; 2 unchanged (2 report(s))")


def test_a_touched_but_identical_file_renders_nothing(
    two: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    render(run_ctt, two, out)
    before = stamps(out)
    path = two / "economies" / ECONOMY / str(YEAR) / A1
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5 * 10**9))
    render(run_ctt, two, out)
    assert stamps(out) == before


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda repo: _append(own_copy(repo, "templates/report.md.j2"), "\n"), id="template"
        ),
        pytest.param(
            lambda repo: _append(own_copy(repo, "schema/commitments.yaml"), "\n"), id="catalogue"
        ),
    ],
)
def test_a_changed_template_or_catalogue_renders_everything(
    two: Path, run_ctt: RunCtt, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    out = tmp_path / "out"
    render(run_ctt, two, out)
    before = stamps(out)
    change(two)
    render(run_ctt, two, out)
    assert rewritten(before, stamps(out)) == ALL


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_another_ctt_version_renders_everything(
    two: Path, run_ctt: RunCtt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    render(run_ctt, two, out)
    before = stamps(out)
    monkeypatch.setattr(ctt, "__version__", ctt.__version__ + ".post1")
    render(run_ctt, two, out)
    assert rewritten(before, stamps(out)) == ALL


def test_force_renders_everything(two: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(run_ctt, two, out)
    before = stamps(out)
    run = render(run_ctt, two, out, "--force")
    assert rewritten(before, stamps(out)) == ALL
    assert run.stdout.splitlines()[-1].endswith("; 0 unchanged (2 report(s))")


def test_force_needs_all(repo: Path, run_ctt: RunCtt) -> None:
    assert run_ctt(repo, "render", ECONOMY, str(YEAR), "--force").exit_code == 2


def test_a_deleted_or_edited_output_is_made_again(
    two: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    render(run_ctt, two, out)
    deleted, edited = out / f"{ECONOMY}-{YEAR}.md", out / f"{ECONOMY}-{YEAR}.html"
    good = edited.read_bytes()
    deleted.unlink()
    edited.write_bytes(good.replace(b"<", b"&lt;", 1))
    before = stamps(out)
    render(run_ctt, two, out)
    assert rewritten(before, stamps(out)) == {deleted.name, edited.name}
    assert edited.read_bytes() == good


def test_a_report_with_errors_is_tried_again(two: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    path = two / "economies" / ECONOMY / str(YEAR) / A1
    path.write_text(path.read_text(encoding="utf-8").replace("section: a1", "section: a9"))
    out = tmp_path / "out"
    for _ in range(2):
        run = run_ctt(two, "render", "--all", "--format", "md", "--out", str(out))
        assert run.exit_code == 1 and "[section-mismatch]" in run.stderr


def test_a_changed_reference_docx_renders_the_word_files_only(
    two: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    made = tmp_path / "made"
    assert run_ctt(two, "render", "--all", "--format", "docx", "--out", str(made)).exit_code == 0
    reference = tmp_path / "reference.docx"
    shutil.copyfile(made / f"{ECONOMY}-{YEAR}.docx", reference)
    out = tmp_path / "out"
    argv = ["--format", "docx", "--reference-docx", str(reference)]
    render(run_ctt, two, out, *argv)
    before = stamps(out)
    render(run_ctt, two, out, *argv)
    assert stamps(out) == before
    shutil.copyfile(made / f"{ECONOMY}-{YEAR + 1}.docx", reference)  # another document
    render(run_ctt, two, out, *argv)
    assert rewritten(before, stamps(out)) == {f"{ECONOMY}-{y}.docx" for y in (YEAR, YEAR + 1)}


def test_other_options_are_other_inputs(two: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    """Rendered with a reference .docx, then without: the Word files are made again."""
    made = tmp_path / "made"
    assert run_ctt(two, "render", "--all", "--format", "docx", "--out", str(made)).exit_code == 0
    out = tmp_path / "out"
    render(
        run_ctt,
        two,
        out,
        "--format",
        "docx",
        "--reference-docx",
        str(made / f"{ECONOMY}-{YEAR}.docx"),
    )
    before = stamps(out)
    render(run_ctt, two, out, "--format", "docx")
    assert {n for n in rewritten(before, stamps(out)) if n.endswith(".docx")} == {
        f"{ECONOMY}-{y}.docx" for y in (YEAR, YEAR + 1)
    }


def test_a_manifest_that_is_a_link_is_not_followed(
    two: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    """A record committed as a link to /dev/zero must not hang the run: it is ignored."""
    out = tmp_path / "out"
    out.mkdir()
    (out / ".ctt-render.json").symlink_to("/dev/zero")
    first = render(run_ctt, two, out)
    assert first.stdout.splitlines()[-1].startswith("rendered 4 file(s)")
    assert not (out / ".ctt-render.json").is_symlink()
    again = render(run_ctt, two, out)
    assert again.stdout.splitlines()[-1].endswith("; 4 unchanged (2 report(s))")


@pytest.mark.parametrize(
    "text",
    [
        "garbage",
        "[1, 2]",
        "null",
        '{"format": 1, "outputs": [1]}',
        '{"format": 1}',
        '{"format": 1, "outputs": {"a.md": null}}',
        '{"format": 1, "pages": {}, "valid": []}',
    ],
)
def test_a_corrupt_manifest_is_no_manifest(tmp_path: Path, text: str) -> None:
    """render --all's and the site's manifests are read by one loader: anything malformed
    is as if there were none (everything is made again), never an error."""
    from ctt.render.render_all import load_records
    from ctt.site.manifest import load_manifest

    path = tmp_path / "manifest.json"
    path.write_text(text, encoding="utf-8")
    assert load_records(path) == {}
    assert load_manifest(path) is None
