"""The region's summary report: who reported, needs and offers by section, needs against
offers by topic (ctt.render writes it as Markdown, HTML and Word)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ctt.catalogue.catalogue import Catalogue, Pillar
from ctt.dates import first_day
from ctt.region.needs import NO_TOPIC_AREA, NeedsTable, PartEntries, needs_table, region_parts
from ctt.region.region import STALE_AFTER_YEARS, Attribution, EconomyState, Region
from ctt.report.shape import NEEDS, OFFERS
from ctt.report.sources import (
    NEED,
    OFFER,
    OFFER_PART,
    SUMMARY_LABEL,
    SUMMARY_PART,
    Kind,
)

SUMMARY_TITLE = "APEC Counter-Terrorism Action Plans"
GENERAL_TITLE = "Across sections"
INTRO = (
    "The capacity-building needs and the expertise and assistance offered in the latest "
    "Counter-Terrorism Action Plan of each APEC economy up to {year}, section by section, each "
    "attributed to its economy and the year of its report; then needs against offers by topic."
)
TOPICS_NOTE = (
    "Each topic with the economies whose needs (or offers) mention it, by the keywords of "
    "schema/topics.yaml or an item's own topics: list (ctt topics ECONOMY YEAR shows why). "
    "Topics in bold are needed by one economy and offered by another."
)
NO_TOPIC_ROW = "Needs and offers that match no topic"


@dataclass(frozen=True)
class SectionBlock:
    """One section of the report: the needs and the offers the region reported in it."""

    id: str
    label: str
    needs: PartEntries
    offers: PartEntries


@dataclass(frozen=True)
class Summary:
    """Everything the summary documents show, in order."""

    year: int
    states: list[EconomyState]
    included: list[Attribution]
    pillars: list[tuple[Pillar, list[SectionBlock]]]
    general: list[PartEntries]  # the executive summaries' needs, the closing offers
    table: NeedsTable
    stale_after: int = STALE_AFTER_YEARS
    title: str = SUMMARY_TITLE
    general_title: str = GENERAL_TITLE
    topics_note: str = TOPICS_NOTE
    untagged_area: str = NO_TOPIC_AREA
    untagged_title: str = NO_TOPIC_ROW

    @property
    def intro(self) -> str:
        """What the document holds, in one paragraph."""
        return INTRO.format(year=self.year)

    @property
    def subtitle(self) -> str:
        """The document's second title line."""
        return f"Regional summary {self.year}"

    @property
    def status_line(self) -> str:
        """How many economies reported, how many not lately, how many not at all."""
        line = (
            f"{self.count('current', 'stale')} of {len(self.states)} economies have a report "
            f"up to {self.year} ({self.count('stale')} not updated for more than "
            f"{self.stale_after} years); {self.count('none')} have no report"
        )
        if self.count("invalid"):
            line += f"; {self.count('invalid')} not included because the report has errors"
        return f"{line}."

    def count(self, *states: str) -> int:
        """How many economies are in one of these states."""
        return sum(s.state in states for s in self.states)

    def date(self) -> dt.datetime:
        """The document's date: the latest update of a report in it, else 1 January."""
        days = [day for state in self.states if (day := first_day(state.last_updated))]
        day = max(days, default=dt.date(self.year, 1, 1))
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def build_summary(region: Region, catalogue: Catalogue) -> Summary:
    """The summary of a region: every part's needs and offers, and the table by topic."""
    parts = {(p.part, p.kind): p for p in region_parts(region, catalogue)}
    titles = {q.key: q.title for q in catalogue.questions}

    def part(part_id: str, label: str, kind: Kind, title: str) -> PartEntries:
        return parts.get((part_id, kind)) or PartEntries(part_id, label, kind, title, [], [])

    pillars: list[tuple[Pillar, list[SectionBlock]]] = []
    for section in catalogue.sections.values():
        pillar = catalogue.pillars[section.pillar]
        if not pillars or pillars[-1][0].id != pillar.id:
            pillars.append((pillar, []))
        needs = part(section.id, section.label, NEED, titles[NEEDS])
        offers = part(section.id, section.label, OFFER, titles[OFFERS])
        pillars[-1][1].append(SectionBlock(section.id, section.label, needs, offers))
    offer_title = catalogue.assistance_offer["title"]
    general = [
        part(SUMMARY_PART, SUMMARY_LABEL, NEED, titles[NEEDS]),
        part(OFFER_PART, offer_title, OFFER, offer_title),
    ]
    return Summary(
        region.year,
        region.states,
        region.included,
        pillars,
        general,
        needs_table(region, catalogue),
    )
