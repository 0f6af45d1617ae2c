"""The notes that say what a .docx held beside its paragraphs: kinds read, things left out."""

from __future__ import annotations

from collections import Counter

from ctt.authoring.importer.docx_model import Reading
from ctt.authoring.importer.source import Note

PLURALS = {
    "text box": "text boxes",
    "run of hidden text": "runs of hidden text",
    "run outside any paragraph": "runs outside any paragraph",
    "embedded document (altChunk)": "embedded documents (altChunk)",
}


def counted(number: int, noun: str) -> str:
    """'1 text box', '3 text boxes'."""
    return f"{number} {noun if number == 1 else PLURALS.get(noun, noun + 's')}"


def listed(counts: Counter[str]) -> str:
    """'3 content controls, 2 smart tags, 1 text box', most first."""
    return ", ".join(counted(number, noun) for noun, number in counts.most_common() if number)


def summary_notes(reading: Reading, running_heads: list[tuple[str, str]]) -> list[Note]:
    """One note a kind of thing met: containers read, things without text, things left out."""
    notes: list[Note] = []
    if reading.read:
        notes.append(Note(0, f"read text inside {listed(reading.read)}"))
    if reading.not_read:
        notes.append(Note(0, f"not imported, having no text to read: {listed(reading.not_read)}"))
    for description in reading.descriptions:
        if description:
            notes.append(Note(0, f'not imported: a picture described as "{description}"'))
    if reading.formatting:
        changes = counted(reading.formatting, "tracked formatting change")
        notes.append(Note(0, f"left {changes} as they are (formatting is not imported)"))
    if reading.placeholders:
        first = next((text for text in reading.placeholders if text.strip()), "")
        controls = counted(len(reading.placeholders), "empty content control")
        notes.append(Note(0, f'left out the placeholder text of {controls} ("{first.strip()}")'))
    if reading.codes:
        codes = " ".join(text for text in reading.codes if text).strip()
        notes.append(Note(0, f'left out text inside field codes (Word shows results): "{codes}"'))
    notes += [Note(0, f'not imported: the page {kind} "{text}"') for kind, text in running_heads]
    return notes
