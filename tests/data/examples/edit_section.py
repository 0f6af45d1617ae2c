"""How chile-2022-a1-edited.docx was made: the agency's edit of its section in Word.

Run from the repository's root, it renders A.1 of the made-up chile 2022 report, then, as
Customs would in Word, rewords one measure, adds one and comments on another:

    python tests/data/examples/edit_section.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import docx

from ctt.cli import main

HERE = Path(__file__).resolve().parent


def edit(source: Path, target: Path) -> None:
    document = docx.Document(str(source))
    bullets = [
        paragraph
        for table in document.tables
        for cell in table._cells
        for paragraph in cell.paragraphs
        if paragraph.style is not None and paragraph.style.name.startswith("List Bullet")
    ]
    [launched] = [p for p in bullets if p.text.startswith("The AEO program was launched")]
    launched.runs[0].text = launched.text.replace("was launched", "went live")
    [unit] = [p for p in bullets if p.text.startswith("Customs opened a second")]
    added = unit.insert_paragraph_before(
        "Customs trained 40 officers in risk analysis in 2022.", style=unit.style
    )
    unit._p.addnext(added._p)  # after it, not before
    [plan] = [p for p in bullets if p.text.startswith("By 2018, the Directorate")]
    document.add_comment(plan.runs, text="Is this plan finished?", author="A. Reviewer")
    document.save(str(target))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as out:
        args = ["--root", str(HERE), "render", "chile", "2022", "--section", "a1"]
        try:
            main([*args, "--format", "docx", "--out", out])
        except SystemExit as exc:
            assert not exc.code, exc.code
        edit(Path(out) / "chile-2022-a1.docx", HERE / "chile-2022-a1-edited.docx")
