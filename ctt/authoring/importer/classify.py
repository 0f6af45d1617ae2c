"""The template's own lines in a past report: section and pillar headings, questions and other
headings (perhaps wrapped over two lines), and the template's instructions."""

from __future__ import annotations

import re

from ctt.authoring.importer.headings import first_word, match_heading, template_words
from ctt.authoring.importer.lines import Line, clean
from ctt.catalogue.catalogue import Catalogue, SectionDef
from ctt.report.shape import NO_CONTACT, NOTHING_REPORTED

SECTION_HEADING = re.compile(r"^([A-C])\.?\s*(\d)?\s*\.?\s+(.+?)\s*:?$")
STOP_WORDS = {"the", "and", "of", "in", "to", "a", "an", "for", "on"}
NOTHING = {
    *(text.casefold() for text in (NOTHING_REPORTED, NO_CONTACT)),
    *(text.casefold().rstrip(".") for text in (NOTHING_REPORTED, NO_CONTACT)),
    "none.",
    "n/a",
}


def norm(text: str) -> str:
    """Text for comparison: quotes straightened, case and spacing folded."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return clean(text).casefold()


def _title_key(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", norm(text))
    return frozenset(w[:5] for w in words if w not in STOP_WORDS)


def _heading(text: str) -> tuple[re.Match[str] | None, frozenset[str]]:
    """A heading's number and letter, if it has them ('A.1'), and the key of its title."""
    match = SECTION_HEADING.match(text)
    return match, _title_key(match.group(3) if match else text.rstrip(":"))


def names_economy(catalogue: Catalogue, economy: str, said: str) -> bool:
    """Whether `said` (a report's Economy row, a title) names the economy: its id or its name,
    with or without 'the'."""
    known = catalogue.economies.get(economy)
    names = {economy, norm(known.name).removeprefix("the ")} if known else {economy}
    return norm(said).removeprefix("the ") in names


class TemplateLines:
    """Recognises the lines of the template a past report keeps: what a parser skips or
    takes as the start of another part."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.questions = [(template_words(q.text), q.key) for q in catalogue.questions]
        self.summary_questions = [
            (template_words(text), key) for key, text in catalogue.summary_questions.items()
        ]
        self.leaders_heading = template_words("Leaders’ and Ministers’ commitments")
        self.offer_heading = template_words(catalogue.assistance_offer["title"])
        self.headings = [
            *(words for words, _ in self.questions),
            *(words for words, _ in self.summary_questions),
            self.leaders_heading,
            self.offer_heading,
        ]
        self.heading_starts = {words[0] for words in self.headings}
        self.template = [
            norm(catalogue.objective),
            norm(catalogue.assistance_offer["text"]),
            norm(catalogue.assistance_offer["contact_label"]),
        ]

    def section_of(self, text: str) -> SectionDef | None:
        """The section a heading names ('A.1 Protect Cargo:', 'HALTING TERRORIST FINANCING:')."""
        if len(text.split()) > 14:
            return None
        match, key = _heading(text)
        for section in self.catalogue.sections.values():
            if match:
                number = match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
                if number != section.number:
                    continue
            if _title_key(section.title) == key:
                return section
        return None

    def pillar_of(self, text: str) -> str | None:
        """The pillar a heading names, when that pillar has several sections (A)."""
        if len(text.split()) > 16:
            return None
        _, key = _heading(text)
        for pillar in self.catalogue.pillars.values():
            if _title_key(pillar.title) == key:
                return pillar.id
        return None

    def is_template(self, text: str) -> bool:
        """Instruction text of the template, which the rendering prints itself."""
        body = norm(text).rstrip(":").strip()
        if body in ("executive summary", "apec counter-terrorism action plan"):
            return True
        if body in NOTHING:
            return True
        if body.startswith("objective:"):
            body = body.removeprefix("objective:").strip()
        return len(body) > 12 and any(body in template for template in self.template)

    def _wrapped(self, line: Line, following: Line) -> bool:
        """A heading broken over two lines: a section, pillar, question or other heading."""
        if following.bullet or len(line.text.split()) > 60:
            return False
        first = first_word(line.text)
        for words in self.headings if first in self.heading_starts else ():
            found = match_heading(line.text, words, 2)
            if found is not None and found.pending:
                continued = match_heading(following.text, found.pending, 1)
                return continued is not None and not continued.diverged
        if line.bullet or len(line.text.split()) > 12 or len(following.text.split()) > 8:
            return False
        if self.section_of(line.text) or self.pillar_of(line.text):
            return False
        joined = f"{line.text} {following.text}"
        return self.section_of(joined) is not None or self.pillar_of(joined) is not None
