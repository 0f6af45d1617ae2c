"""What a report says beyond its words survives Word: items' `commitments:`, `topics:` and
`carried_over:`, and a group's commitment in the economy's own words, kept out of sight in the
.docx, read back."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import Run
from office import libreoffice
from paths import TESTS_DIR

from ctt.store import yamlfile

RunCtt = Callable[..., Run]
REFERENCES = TESTS_DIR / "data" / "references-report"
A1 = "a1-protect-cargo.yaml"
A3 = "a3-protect-international-aviation.yaml"
# Word's rule for a bookmark name: a letter, then letters, digits or underscores; 40 at most.
BOOKMARK = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


def report_data(folder: Path) -> dict[str, Any]:
    return {path.name: yamlfile.load(path).data for path in sorted(folder.glob("*.yaml"))}


@pytest.fixture
def refs_repo(empty_repo: Path) -> Path:
    """A repository holding a made-up report whose items refer to commitments and topics."""
    shutil.copytree(REFERENCES, empty_repo / "economies" / "peru" / "2021")
    return empty_repo


def rendered(root: Path, run_ctt: RunCtt, out: Path) -> Path:
    run = run_ctt(root, "render", "peru", "2021", "--format", "docx", "--out", str(out))
    assert run.exit_code == 0, run.output
    return out / "peru-2021.docx"


def reimported(root: Path, run_ctt: RunCtt, source: Path) -> dict[str, Any]:
    shutil.rmtree(root / "economies" / "peru")
    run = run_ctt(root, "import", str(source), "peru", "2021")
    assert run.exit_code == 0, run.output
    assert "ledger:" in run.stderr and ", 0 unplaced, 0 lost" in run.stderr
    return report_data(root / "economies" / "peru" / "2021")


def test_the_test_report_refers_to_what_it_must(refs_repo: Path) -> None:
    """The report exercises every kind of reference, at several depths and in report.yaml."""
    text = "".join(path.read_text(encoding="utf-8") for path in REFERENCES.glob("*.yaml"))
    assert "topics: []" in text and "    topics:\n" in text and "      commitments:\n" in text
    assert "carried_over: 2020" in text
    a3 = yamlfile.load(REFERENCES / A3).data["measures_undertaken"]
    assert a3[1]["commitment"] == "a3-baggage-screening"
    assert a3[1]["heading"] == "What we did about bags"  # no word of the catalogue's text


def test_the_whole_report_keeps_its_references(
    refs_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    source = rendered(refs_repo, run_ctt, tmp_path / "out")
    assert reimported(refs_repo, run_ctt, source) == report_data(REFERENCES)


def test_references_survive_a_libreoffice_save(
    refs_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    source = rendered(refs_repo, run_ctt, tmp_path / "out")
    saved = libreoffice(source, "docx", tmp_path / "saved")
    assert reimported(refs_repo, run_ctt, saved) == report_data(REFERENCES)


def test_references_are_out_of_sight(refs_repo: Path, run_ctt: RunCtt, tmp_path: Path) -> None:
    document = docx.Document(str(rendered(refs_repo, run_ctt, tmp_path / "out")))
    shown = "\n".join(
        [p.text for p in document.paragraphs]
        + [p.text for table in document.tables for cell in table._cells for p in cell.paragraphs]
    )
    assert "Container scanning extended to a second port." in shown
    for word in ("container-security-inspection", "a1-container-security", "ctt_"):
        assert word not in shown
    names = [
        element.get(docx.oxml.ns.qn("w:name"))
        for element in document.element.body.iter(docx.oxml.ns.qn("w:bookmarkStart"))
    ]
    assert len(names) >= 10 and len(set(names)) == len(names)
    assert all(BOOKMARK.fullmatch(name) for name in names), names


def test_only_what_refers_to_something_is_marked(
    chile_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    """Chile's items refer to nothing: only its groups under a commitment carry a bookmark."""
    run = run_ctt(chile_repo, "render", "chile", "2020", "--format", "docx", "--out", str(tmp_path))
    assert run.exit_code == 0, run.output
    folder = chile_repo / "economies" / "chile" / "2020"
    groups = sum(
        len(re.findall(r"^ *- commitment: ", path.read_text(encoding="utf-8"), re.M))
        for path in folder.glob("*.yaml")
    )
    document = docx.Document(str(tmp_path / "chile-2020.docx"))
    marks = list(document.element.body.iter(docx.oxml.ns.qn("w:bookmarkStart")))
    assert groups > 0 and len(marks) == groups


def with_changes(root: Path) -> Path:
    """Peru 2022: the 2021 report with references changed and not one word."""
    new = root / "economies" / "peru" / "2022"
    shutil.copytree(root / "economies" / "peru" / "2021", new)
    for path in new.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("year: 2021", "year: 2022"))
    a1 = new / A1
    text = a1.read_text(encoding="utf-8")
    text = text.replace(
        "      - container-security-inspection\n      - aeo-supply-chain-security\n",
        "      - container-security-inspection\n",
        1,
    )
    text = text.replace("      - a1-supply-chain-security\n", "", 1)
    a1.write_text(text, encoding="utf-8")
    a3 = new / A3
    a3.write_text(
        a3.read_text(encoding="utf-8").replace(
            "  - commitment: a3-baggage-screening\n    heading: What we did about bags",
            "  - commitment: a3-air-cargo-icao-guidelines\n    heading: What we did about bags",
        ),
        encoding="utf-8",
    )
    return new


def test_diff_shows_a_change_of_references_only(refs_repo: Path, run_ctt: RunCtt) -> None:
    with_changes(refs_repo)
    run = run_ctt(refs_repo, "diff", "peru", "2021", "2022", "--exit-code")
    assert run.exit_code == 1, run.output
    lines = run.stdout.splitlines()
    assert (
        "    ~ Container scanning extended to a second port. [-(topics: "
        "container-security-inspection, aeo-supply-chain-security)-] {+(topics: "
        "container-security-inspection)+}"
    ) in lines
    assert (
        "    ~ Extend the authorised economic operator programme to exporters (2021 - 2022) "
        "[-(commitments: a1-aeo-best-practices, a1-supply-chain-security)-] "
        "{+(commitments: a1-aeo-best-practices)+}"
    ) in lines
    assert (
        "    ~ heading of a3-air-cargo-icao-guidelines: What we did about bags "
        "[-(commitment: a3-baggage-screening)-] {+(commitment: a3-air-cargo-icao-guidelines)+}"
    ) in lines
    assert sum(line.startswith("    ") for line in lines) == 3, run.stdout  # nothing else

    run = run_ctt(refs_repo, "diff", "peru", "2021", "2022", "--format", "json")
    changes = [i for s in json.loads(run.stdout)["sections"] for i in s["items"]]
    topics = [(c["old"][0]["topics"], c["new"][0]["topics"]) for c in changes]
    assert (
        ["container-security-inspection", "aeo-supply-chain-security"],
        ["container-security-inspection"],
    ) in topics
    run = run_ctt(refs_repo, "diff", "peru", "2021", "2022", "--format", "md")
    assert "~~(commitments: a1-aeo-best-practices, a1-supply-chain-security)~~" in run.stdout


def test_textconv_shows_references(refs_repo: Path, run_ctt: RunCtt) -> None:
    run = run_ctt(refs_repo, "textconv", str(refs_repo / "economies/peru/2021" / A1))
    assert run.exit_code == 0, run.output
    lines = run.stdout.splitlines()
    assert (
        "  - Container scanning extended to a second port.  [commitments: a1-container-security; "
        "topics: container-security-inspection, aeo-supply-chain-security]"
    ) in lines
    assert "  - Risk targeting methods for small customs services.  [topics: none]" in lines
    assert "    - Advance cargo declarations  [topics: none]" in lines


def test_a_tampered_part_is_read_with_care(
    refs_repo: Path, run_ctt: RunCtt, tmp_path: Path
) -> None:
    """What is not an id in ctt's part is left out with a note, never written."""
    source = rendered(refs_repo, run_ctt, tmp_path / "out")
    with zipfile.ZipFile(source) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    [name] = [n for n, data in parts.items() if b"urn:x-ctt:word:1" in data and "Props" not in n]
    parts[name] = parts[name].replace(
        b'commitments="a1-container-security"',
        b'commitments="a1-container-security Evil&#x202E;id ../x"',
        1,
    )
    tampered = tmp_path / "tampered.docx"
    with zipfile.ZipFile(tampered, "w") as target:
        for part, data in parts.items():
            target.writestr(part, data)
    shutil.rmtree(refs_repo / "economies" / "peru")
    run = run_ctt(refs_repo, "import", str(tampered), "peru", "2021")
    assert run.exit_code == 0, run.output
    assert "note: left out a reference that is not an id: 'Evil\\u202eid'" in run.stderr
    assert "note: left out a reference that is not an id: '../x'" in run.stderr
    written = report_data(refs_repo / "economies" / "peru" / "2021")
    assert written == report_data(REFERENCES)
