"""Output formats of a report diff: text (coloured on a terminal), Markdown, JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ctt.compare.diff import ContactChange, Entry, ItemChange, ReportDiff, SectionDiff, WordOp
from ctt.dates import in_words
from ctt.output.textfmt import github_text
from ctt.terminal import report_text


class Style:
    """ANSI colours, or none; the text painted is escaped for a terminal (report_text)."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def paint(self, text: str, code: str) -> str:
        """Text in a colour (when colour is on)."""
        text = report_text(text)
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour and text else text

    def words(self, ops: list[tuple[WordOp, str]]) -> str:
        """A word diff: removed words [-like this-], added {+like this+}."""
        out = []
        for op, text in ops:
            if op == "removed":
                out.append(self.paint(f"[-{text}-]", "31"))
            elif op == "added":
                out.append(self.paint(f"{{+{text}+}}", "32"))
            else:
                out.append(report_text(text))
        return " ".join(out)


def summary(diff: ReportDiff) -> str:
    """One line: how many sections changed."""
    changed = diff.changed_sections()
    if not changed:
        return f"{diff.old} → {diff.new}: no changes"
    return f"{diff.old} → {diff.new}: {len(changed)} section(s) changed"


def _field(name: str, value: str | None) -> str:
    """A header field's value as the report says it: last_updated in words (JSON keeps it)."""
    if not value:
        return "(none)"
    return in_words(value) if name == "last_updated" else value


def _where(entry: Entry) -> str:
    groups = " › ".join(entry.place.groups)
    return entry.place.describe() + (f" › {groups}" if groups else "")


def format_text(diff: ReportDiff, colour: bool = False) -> str:
    """A plain-text diff, section by section; coloured when `colour`."""
    style = Style(colour)
    lines = [style.paint(summary(diff), "1")]
    for section in diff.changed_sections():
        lines += ["", style.paint(section.label, "1;36")]
        for name, before, after in section.fields:
            lines.append(report_text(f"  {name}: {_field(name, before)} → {_field(name, after)}"))
        for contact in section.contacts:
            lines += _text_contact(contact, style)
        for ref in section.commitments_added:
            lines.append(style.paint(f"  + commitment now referenced: {ref}", "32"))
        for ref in section.commitments_removed:
            lines.append(style.paint(f"  - commitment no longer referenced: {ref}", "31"))
        for answer, changes in by_answer(section.items):
            lines.append(report_text(f"  {answer}"))
            for change in changes:
                lines += _text_item(change, style)
    return "\n".join(lines)


def by_answer(changes: list[ItemChange]) -> list[tuple[str, list[ItemChange]]]:
    """Item changes grouped under the answer they are shown in, in order of appearance."""
    groups: dict[str, list[ItemChange]] = {}
    for change in changes:
        groups.setdefault(change.place.answer_label, []).append(change)
    return list(groups.items())


def _group_path(entry: Entry) -> str:
    """The groups above an entry; for a commitment group's heading, which one it is."""
    path = "".join(f"{group} › " for group in entry.place.groups)
    return path + (f"heading of {entry.commitment}: " if entry.commitment else "")


def _text_contact(contact: ContactChange, style: Style) -> list[str]:
    if contact.kind == "added":
        return [style.paint(f"  + contact point added: {contact.name}", "32")]
    if contact.kind == "removed":
        return [style.paint(f"  - contact point removed: {contact.name}", "31")]
    lines = [f"  ~ contact point changed: {contact.name}"]
    for name, before, after in contact.fields:
        lines.append(f"      {name}: {before or '(none)'} → {after or '(none)'}")
    return [report_text(line) for line in lines]


def _text_item(change: ItemChange, style: Style) -> list[str]:
    """An item's change as lines; text from the report is escaped, then painted."""
    path = report_text(_group_path(change.place_entry))
    if change.kind == "added":
        return [style.paint(f"    + {path}{change.new[0].text}", "32")]
    if change.kind == "removed":
        return [style.paint(f"    - {path}{change.old[0].text}", "31")]
    if change.kind == "changed":
        return [f"    ~ {path}{style.words(change.words)}"]
    if change.kind == "moved":
        text = style.words(change.words) if change.words else report_text(change.new[0].text)
        moved = report_text(f"      (moved from {_where(change.old[0])})")
        return [f"    > {path}{text}", moved]
    if change.kind == "split":
        lines = [f"    < split: {path}{report_text(change.old[0].text)}"]
        return lines + [style.paint(f"      into: {entry.text}", "32") for entry in change.new]
    lines = [f"    > merged into: {path}{report_text(change.new[0].text)}"]
    return lines + [style.paint(f"      from: {entry.text}", "31") for entry in change.old]


def _md_words(ops: list[tuple[WordOp, str]]) -> str:
    out = []
    for op, text in ops:
        escaped = github_text(text)
        if op == "removed":
            out.append(f"~~{escaped}~~")
        elif op == "added":
            out.append(f"**{escaped}**")
        else:
            out.append(escaped)
    return " ".join(out)


def format_markdown(diff: ReportDiff) -> str:
    """A Markdown diff for a pull-request comment: a summary table, then details per section."""
    lines = markdown_table(diff)
    for section in diff.changed_sections():
        lines += ["", *markdown_details(section)]
    return "\n".join(lines) + "\n"


def markdown_table(diff: ReportDiff) -> list[str]:
    """A report's heading and its table of counts per changed section (or "No changes.")."""
    md = github_text
    lines = [f"### CTAP changes: {md(diff.old)} → {md(diff.new)}", ""]
    changed = diff.changed_sections()
    if not changed:
        return [*lines, "No changes."]
    header = (
        "| Section | Contacts | Commitments | Added | Removed | Changed | Moved | Split/merged |"
    )
    lines += [header, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in changed:
        refs = len(s.commitments_added) + len(s.commitments_removed)
        counts = [s.count(k) for k in ("added", "removed", "changed", "moved")]
        row = [md(s.label), str(len(s.contacts)), str(refs), *map(str, counts)]
        row.append(str(s.count("split") + s.count("merged")))
        lines.append("| " + " | ".join(row) + " |")
    return lines


def markdown_details(section: SectionDiff) -> list[str]:
    """A changed section's changes in a collapsed <details> block."""
    lines = ["<details>", f"<summary>{html_text(section.label)}</summary>", ""]
    return [*lines, *_md_section(section), "", "</details>"]


def html_text(text: str) -> str:
    """Text escaped for HTML (in a <summary>, where Markdown is not read)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_section(s: SectionDiff) -> list[str]:
    md = github_text
    lines = []
    for name, before, after in s.fields:
        lines.append(f"- `{name}`: {md(_field(name, before))} → {md(_field(name, after))}")
    for c in s.contacts:
        if c.kind == "changed":
            fields = "; ".join(f"{n}: ~~{md(b or '')}~~ **{md(a or '')}**" for n, b, a in c.fields)
            lines.append(f"- Contact point changed: {md(c.name)} ({fields})")
        else:
            lines.append(f"- Contact point {c.kind}: **{md(c.name)}**")
    lines += [f"- Commitment now referenced: `{ref}`" for ref in s.commitments_added]
    lines += [f"- Commitment no longer referenced: `{ref}`" for ref in s.commitments_removed]
    for answer, changes in by_answer(s.items):
        lines += ["", f"**{md(answer)}**", ""]
        for change in changes:
            lines += _md_item(change)
    return lines


def _md_item(change: ItemChange) -> list[str]:
    md = github_text
    path = _group_path(change.place_entry)
    path = f"{md(path)} " if path else ""  # md() strips the space that ends the path
    if change.kind == "added":
        return [f"- Added: {path}{md(change.new[0].text)}"]
    if change.kind == "removed":
        return [f"- Removed: {path}~~{md(change.old[0].text)}~~"]
    if change.kind == "changed":
        return [f"- Changed: {path}{_md_words(change.words)}"]
    if change.kind == "moved":
        text = _md_words(change.words) if change.words else md(change.new[0].text)
        return [f"- Moved from {md(_where(change.old[0]))}: {path}{text}"]
    if change.kind == "split":
        lines = [f"- Split: {path}~~{md(change.old[0].text)}~~ into:"]
        return lines + [f"  - {md(entry.text)}" for entry in change.new]
    lines = [f"- Merged into: {path}{md(change.new[0].text)}, from:"]
    return lines + [f"  - ~~{md(entry.text)}~~" for entry in change.old]


def _entry_json(entry: Entry) -> dict[str, Any]:
    place = entry.place
    return {
        "text": entry.text,
        "timeframe": entry.timeframe,
        "commitments": list(entry.commitments),
        "topics": None if entry.topics is None else list(entry.topics),
        "section": place.section,
        "answer": place.answer,
        "groups": list(place.groups),
        "heading_of": entry.commitment,
    }


def format_json(diff: ReportDiff) -> str:
    """The diff as JSON: every section with its changes."""
    return json.dumps(_json_body(diff), indent=2, ensure_ascii=False)


def format_json_many(diffs: list[ReportDiff]) -> str:
    """Several diffs as one JSON list."""
    return json.dumps([_json_body(d) for d in diffs], indent=2, ensure_ascii=False)


def _json_body(diff: ReportDiff) -> dict[str, Any]:
    sections = []
    for s in diff.sections:
        sections.append(
            {
                "section": s.id,
                "label": s.label,
                "changed": s.changed,
                "fields": [{"field": n, "old": b, "new": a} for n, b, a in s.fields],
                "contacts": [
                    {
                        "change": c.kind,
                        "name": c.name,
                        "fields": [{"field": n, "old": b, "new": a} for n, b, a in c.fields],
                    }
                    for c in s.contacts
                ],
                "commitments_added": s.commitments_added,
                "commitments_removed": s.commitments_removed,
                "items": [
                    {
                        "change": i.kind,
                        "old": [_entry_json(e) for e in i.old],
                        "new": [_entry_json(e) for e in i.new],
                        "words": [{"op": op, "text": t} for op, t in i.words],
                    }
                    for i in s.items
                ],
            }
        )
    return {"old": diff.old, "new": diff.new, "changed": diff.changed, "sections": sections}


# The text formats of one diff; json (format_json, format_json_many) writes one diff or many.
FORMATTER_BY_NAME: dict[str, Callable[[ReportDiff, bool], str]] = {
    "text": format_text,
    "md": lambda diff, colour: report_text(format_markdown(diff)),
}
