"""Contact points compared: paired by name (then by email), their fields compared."""

from __future__ import annotations

from ctt.compare.changes import ContactChange
from ctt.report.model import Contact
from ctt.report.shape import CONTACT_FIELDS


def _contact_key(contact: Contact) -> str:
    return " ".join(contact.name.casefold().split())


def pair_contacts(old: list[Contact], new: list[Contact]) -> list[tuple[Contact | None, Contact]]:
    """Each new contact with the old one it is (same name, else same email), or None."""
    pairs: list[tuple[Contact | None, Contact]] = []
    remaining = list(old)
    for contact in new:
        match = next((c for c in remaining if _contact_key(c) == _contact_key(contact)), None)
        if match is None and contact.email:
            match = next((c for c in remaining if c.email and c.email == contact.email), None)
        if match is not None:
            remaining.remove(match)
        pairs.append((match, contact))
    return pairs


def diff_contacts(old: list[Contact], new: list[Contact]) -> list[ContactChange]:
    """Contacts added, removed or changed, paired by name (then by email)."""
    changes = []
    pairs = pair_contacts(old, new)
    for match, contact in pairs:
        if match is None:
            changes.append(ContactChange("added", contact.name))
            continue
        fields = [
            (name, getattr(match, name), getattr(contact, name))
            for name in CONTACT_FIELDS
            if getattr(match, name) != getattr(contact, name)
        ]
        if fields:
            changes.append(ContactChange("changed", contact.name, fields))
    paired = [id(match) for match, _ in pairs]
    changes += [ContactChange("removed", c.name) for c in old if id(c) not in paired]
    return changes
