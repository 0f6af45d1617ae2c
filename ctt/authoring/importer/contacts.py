"""Contact points in a past report: lines of labelled fields ('Name: ... Title: ...')."""

from __future__ import annotations

import re

from ctt.authoring.importer.lines import clean
from ctt.report.shape import CONTACT_FIELDS

CONTACT_LABEL = re.compile(
    r"(Name|Title|Telephone Number|Telephone|Phone|Fax Number|Fax|"
    r"Email Address|E-mail Address|Email|E-mail):",
    re.I,
)
FIELD_BY_LABEL = {
    "name": "name",
    "title": "title",
    "telephone number": "telephone",
    "telephone": "telephone",
    "phone": "telephone",
    "fax number": "fax",
    "fax": "fax",
    "email address": "email",
    "e-mail address": "email",
    "email": "email",
    "e-mail": "email",
}
GENERIC_CONTACT = re.compile(r"^contact points?( \d+)?$", re.I)


def has_contact_fields(text: str) -> bool:
    """Whether a line holds a contact field's label."""
    return CONTACT_LABEL.search(text) is not None


def contact_fields(text: str) -> tuple[str | None, list[tuple[str, str]]]:
    """The role a line names before its fields ('Contact Point 2' is none), and each field
    with its value."""
    parts = CONTACT_LABEL.split(text)
    prefix = parts[0].strip().rstrip(":").strip()
    role = prefix if prefix and not GENERIC_CONTACT.match(prefix) else None
    fields = [
        (FIELD_BY_LABEL[label.lower()], clean(value).strip("_ ").strip())
        for label, value in zip(parts[1::2], parts[2::2], strict=True)
    ]
    return role, fields


def ordered_contact(contact: dict[str, str]) -> dict[str, str]:
    """A contact's fields in the order a report lists them, 'Name, Title' split in two."""
    if "title" not in contact and ", " in contact.get("name", ""):
        contact["name"], contact["title"] = contact["name"].split(", ", 1)
    ordered = {k: contact[k] for k in CONTACT_FIELDS if k in contact}
    if "name" not in ordered:
        ordered = {"name": "", **ordered}
    return ordered
