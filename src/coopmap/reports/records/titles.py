"""The titles of candidate records: "Astana light railway", "Talks between Li Keqiang and
Karim Massimov in Beijing", "Signing of the deal on the Astana light railway"."""

from __future__ import annotations

import re

from coopmap.reports.cues import DEAL_HEADS
from coopmap.reports.records.draft import Draft
from coopmap.taxonomy import LOCAL_PRECISIONS, EventType, RecordKind

__all__ = ["title"]


def title(draft: Draft) -> str:
    """The title of the record ``draft`` becomes."""
    place = draft.place.place if draft.place else None
    name = place.name if place else None
    phrase = draft.phrase
    if draft.kind is RecordKind.PROJECT:
        # a proper name is title enough ("Laos-China Railway", not "Boten Laos-China Railway")
        local = place and place.precision in LOCAL_PRECISIONS and not draft.proper
        if local and name.lower() not in phrase.lower():
            return f"{name} {phrase}"
        return _capital(phrase)
    where = f" in {name}" if name and name.lower() not in phrase.lower() else ""
    people = [p.name for p in draft.participants.values() if p.kind == "person"]
    if len(people) >= 2 and phrase.lower() in ("talks", "meeting"):
        return f"{_capital(phrase)} between {people[0]} and {people[1]}{where}"
    if draft.event_type is EventType.VISIT:
        to = f" to {name}" if name else ""
        return f"{people[0]}'s {phrase}{to}" if people else _capital(f"{phrase}{to}")
    if draft.event_type is EventType.SIGNING:
        return f"Signing of {_signed_what(draft)}{where}"
    return _capital(f"{phrase}{where}")


def _signed_what(draft: Draft) -> str:
    """What a signing signed: "the bilateral deal on the Astana light railway"."""
    projects = list(dict.fromkeys(p.root() for _, p in draft.links))
    what = _strip_article(draft.signed or "")
    if len(projects) != 1:
        return what or "documents"
    project = projects[0]
    if project.head in DEAL_HEADS:
        return project.phrase  # the deal is the project
    named = title(project)
    if named == _capital(project.phrase):
        named = project.phrase  # "the light railway", not "the Light railway"
    deal = what if what.split()[-1:] and what.split()[-1].lower() in DEAL_HEADS else "deal"
    return f"the {deal} on the {named}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:a|an|the)\s+", "", text, flags=re.IGNORECASE)
