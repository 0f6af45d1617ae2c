"""The report's shape, named once: the keys of its answers, its contact points' fields, and
the data of a blank report (report.yaml and one file per section)."""

from __future__ import annotations

from typing import Any

from ctt.catalogue.catalogue import Catalogue, SectionDef

# The executive summary (in report.yaml): achievements per section, then two lists.
SUMMARY = "executive_summary"
ACHIEVEMENTS = "achievements"
WORK_PROGRAMME = "forward_work_programme"
NEEDS = "capacity_building_needs"  # also a section's answer
SUMMARY_LISTS = (WORK_PROGRAMME, NEEDS)
# The closing offer of assistance (in report.yaml): contact points and items.
ASSISTANCE_OFFER = "assistance_offer"
# A section's answers (the catalogue lists them all: Catalogue.answer_keys).
UNDERTAKEN = "measures_undertaken"
PLANNED = "measures_planned"
ACTIVITIES = "capacity_building_activities"
OFFERS = "expertise_offered"
# A contact point's fields, in the order a report lists them.
CONTACT_FIELDS = ("role", "name", "title", "telephone", "fax", "email")


def blank_report(catalogue: Catalogue, economy: str, year: int) -> dict[str, Any]:
    """The data of an empty report.yaml."""
    return {
        "economy": economy,
        "year": year,
        "last_updated": None,
        SUMMARY: {
            ACHIEVEMENTS: {s: [] for s in catalogue.sections},
            WORK_PROGRAMME: [],
            NEEDS: [],
        },
        ASSISTANCE_OFFER: {"contacts": [], "items": []},
    }


def blank_section(
    catalogue: Catalogue, section: SectionDef, economy: str, year: int
) -> dict[str, Any]:
    """The data of an empty section file: no contact points, no commitments, every answer []."""
    data: dict[str, Any] = {
        "section": section.id,
        "economy": economy,
        "year": year,
        "contacts": [],
        "commitments": [],
    }
    data.update({key: [] for key in catalogue.answer_keys})
    return data


# What a document shows for an answer with no items and a section with no contact point
# (the templates spell them too); an import reads them back as the template's own text.
NOTHING_REPORTED = "Nothing reported."
NO_CONTACT = "No contact point given."
