"""The catalogue: economies, sections, questions and commitments, read from schema/."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ctt.catalogue.checked import CheckedRecord
from ctt.catalogue.topics import TOPICS_FILE, Vocabulary, build_vocabulary
from ctt.errors import DataError, UsageError
from ctt.problems import display_path
from ctt.store import yamlfile

if TYPE_CHECKING:
    from ctt.store.repo import Repository

SECTIONS_FILE = "sections.yaml"
COMMITMENTS_FILE = "commitments.yaml"
ECONOMIES_FILE = "economies.yaml"
REPORT_FILE = "report.yaml"
CATALOGUE_SCHEMA = "catalogue.schema.json"
# The catalogue's files, which `ctt init --own-catalogue` copies into a repository's schema/.
CATALOGUE_FILES = (SECTIONS_FILE, COMMITMENTS_FILE, ECONOMIES_FILE, TOPICS_FILE)


@dataclass(frozen=True)
class Economy:
    """An APEC member economy."""

    id: str
    name: str


@dataclass(frozen=True)
class Pillar:
    """A pillar of the report (A, B, C)."""

    id: str
    letter: str
    title: str


@dataclass(frozen=True)
class SectionDef:
    """A section of the report as the catalogue defines it."""

    id: str
    number: str
    pillar: str
    title: str
    file: str

    @property
    def label(self) -> str:
        """The number and title as headings show them: 'A.1 Protect Cargo', 'B. Halting ...'."""
        number = self.number if "." in self.number else f"{self.number}."
        return f"{number} {self.title}"


@dataclass(frozen=True)
class Question:
    """One of the five questions every section answers."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class Commitment:
    """A Leaders' or Ministers' commitment, with the years it was made."""

    id: str
    section: str
    text: str
    years: tuple[int, ...]

    def own_words(self, text: str) -> str | None:
        """`text` if it words this commitment otherwise than the catalogue, else None."""
        # Case, quotes, spacing, a final full stop and leaving out the cited years are the
        # same wording; other years, spelling or words are the economy's own.
        key = wording_key(text)
        catalogue = wording_key(self.text)
        return None if key in (catalogue, _CITED_AT_END.sub("", catalogue)) else text


@dataclass(frozen=True)
class Catalogue:
    """Everything ctt knows about the shape of a report, as data."""

    objective: str
    economies: dict[str, Economy]
    pillars: dict[str, Pillar]
    sections: dict[str, SectionDef]
    questions: tuple[Question, ...]
    summary_questions: dict[str, str]
    assistance_offer: dict[str, str]
    commitments: dict[str, Commitment]
    topics: Vocabulary = field(default_factory=Vocabulary)

    @cached_property
    def section_files(self) -> dict[str, SectionDef]:
        """Sections by their file name."""
        return {s.file: s for s in self.sections.values()}

    @cached_property
    def report_files(self) -> tuple[str, ...]:
        """The files of every report folder: report.yaml, then each section's file."""
        return (REPORT_FILE, *(s.file for s in self.sections.values()))

    @property
    def answer_keys(self) -> tuple[str, ...]:
        """The YAML keys of the five answers, in order."""
        return tuple(q.key for q in self.questions)

    def require_economy(self, economy: str) -> None:
        """UsageError unless `economy` is the id of an APEC economy (schema/economies.yaml)."""
        if economy not in self.economies:
            shown = economy if len(economy) <= 40 else f"{economy[:40]}..."
            known = ", ".join(sorted(self.economies))
            raise UsageError(f"unknown economy {shown!r} (known: {known})")

    def commitments_of(self, section_id: str) -> list[Commitment]:
        """The commitments of one section, in catalogue order."""
        return [c for c in self.commitments.values() if c.section == section_id]

    @cached_property
    def _commitment_keys(self) -> tuple[tuple[Commitment, str], ...]:
        return tuple((c, commitment_key(c.text)) for c in self.commitments.values())

    def match_commitment(self, text: str, section_id: str | None = None) -> Commitment | None:
        """The commitment whose text this is, robust to punctuation, case, quotes and years."""
        from difflib import SequenceMatcher  # not needed at start-up

        key = commitment_key(text)
        best: tuple[float, Commitment | None] = (0.0, None)
        for commitment, other in self._commitment_keys:
            if section_id is not None and commitment.section != section_id:
                continue
            if other == key:
                return commitment
            # The ratio is at most 2 * shorter / (both): texts of unlike length never match,
            # and a long measure is not compared character by character with every commitment.
            if 2 * min(len(key), len(other)) < MATCH_RATIO * (len(key) + len(other)):
                continue
            matcher = SequenceMatcher(None, key, other, autojunk=False)
            if matcher.quick_ratio() < max(MATCH_RATIO, best[0]):
                continue
            ratio = matcher.ratio()
            if ratio > best[0]:
                best = (ratio, commitment)
        return best[1] if best[0] >= MATCH_RATIO else None


MATCH_RATIO = 0.9  # how alike a text must be to a commitment's to be taken for it
_YEARS = re.compile(r"\(\s*(?:\d{4}\s*(?:,|-|\u2013|and)?\s*)+\)")
_NON_WORD = re.compile(r"[^\w]+")
_CITED_AT_END = re.compile(r"\s*" + _YEARS.pattern + "$")
_QUOTES = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201b", "'") | dict.fromkeys("\u201c\u201d\u201f", '"')
)
_SPACED_PUNCTUATION = re.compile(r"\s*([(),;:.])\s*")


def commitment_key(text: str) -> str:
    """Text reduced for matching: no cited years, accents, quotes, punctuation or case."""
    text = _YEARS.sub(" ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text.casefold()).strip()


def wording_key(text: str) -> str:
    """Text reduced to its wording: quotes straightened; spacing, case, a final stop dropped."""
    text = " ".join(text.translate(_QUOTES).split()).casefold()
    return _SPACED_PUNCTUATION.sub(r"\1", text).rstrip(".:")


def _load_part(repo: Repository, name: str, part: str, record: CheckedRecord) -> Any:
    path = repo.schema_file(name)
    shown = display_path(path, repo.root)
    try:
        raw = yamlfile.read(path)
        doc = yamlfile.parse(yamlfile.decode(raw), path)
    except yamlfile.YamlError as exc:
        raise DataError(f"{shown}:{exc.line}:{exc.column}: {exc.message} [{exc.rule}]") from None
    token = record.token(part, raw)
    if token in record:
        return doc.data  # these bytes were found right before
    from ctt.catalogue.schemas import compiled

    schema = json.loads(record.schema)
    part_schema = {"$ref": f"#/$defs/{part}", "$defs": schema["$defs"]}
    if compiled(part_schema)(doc.data):
        record.add(token)
        return doc.data
    import jsonschema  # only to explain what is wrong

    validator = jsonschema.Draft202012Validator(part_schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(doc.data))
    if error is not None:
        mark = doc.mark(tuple(error.absolute_path))
        raise DataError(f"{shown}:{mark.line}:{mark.column}: {error.message} [catalogue]")
    return doc.data


def load_catalogue(repo: Repository, use_record: bool = True) -> Catalogue:
    """Read and check the repository's effective catalogue (its own schema/ files over ctt's
    defaults); raise DataError naming the file and line if it is wrong. Files recorded as
    checked before are not checked again, unless not `use_record`."""
    record = CheckedRecord(repo.schema_file(CATALOGUE_SCHEMA).read_bytes(), use_record)
    sections = _load_part(repo, SECTIONS_FILE, "sections", record)
    commitments = _load_part(repo, COMMITMENTS_FILE, "commitments", record)
    economies = _load_part(repo, ECONOMIES_FILE, "economies", record)
    topics = _load_part(repo, TOPICS_FILE, "topics", record)
    record.save()
    catalogue = Catalogue(
        objective=sections["objective"],
        economies=_unique(Economy(**e) for e in economies["economies"]),
        pillars=_unique(Pillar(**p) for p in sections["pillars"]),
        sections=_unique(SectionDef(**s) for s in sections["sections"]),
        questions=tuple(Question(**q) for q in sections["questions"]),
        summary_questions=dict(sections["summary_questions"]),
        assistance_offer=dict(sections["assistance_offer"]),
        commitments=_unique(
            Commitment(c["id"], c["section"], c["text"], tuple(c["years"]))
            for c in commitments["commitments"]
        ),
        topics=build_vocabulary(topics),
    )
    for section in catalogue.sections.values():
        if section.pillar not in catalogue.pillars:
            raise DataError(f"section {section.id}: unknown pillar {section.pillar!r} [catalogue]")
    for commitment in catalogue.commitments.values():
        if commitment.section not in catalogue.sections:
            raise DataError(
                f"commitment {commitment.id}: unknown section {commitment.section!r} [catalogue]"
            )
    return catalogue


def _unique(entries: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for entry in entries:
        if entry.id in result:
            raise DataError(f"catalogue: id {entry.id!r} is defined twice [catalogue]")
        result[entry.id] = entry
    return result
