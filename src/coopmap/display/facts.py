"""A whole record as plain text: every field it sets, under a label a person reads, for
``coopmap show``.

Each fact is a label and its values (one line each); fields the record leaves empty are left
out. Values are plain text from :mod:`~coopmap.display.labels`; an interface that shows them
as Markdown escapes them first.
"""

from __future__ import annotations

from coopmap.display.labels import dates_text, kind_text, location_text
from coopmap.model import Event, Participant, Project, Record, Source, StatusChange
from coopmap.places import country_label
from coopmap.taxonomy import SECTORS

Fact = tuple[str, list[str]]

NAMED_FIELDS = frozenset(
    {
        "id",
        "kind",
        "title",
        "event_type",
        "sectors",
        "status",
        "status_date",
        "status_history",
        "start",
        "end",
        "locations",
        "countries",
        "organisations",
        "amount",
        "specs",
        "participants",
        "outcomes",
        "links",
        "sources",
        "notes",
        "draft",
    }
)
"""The fields a record's panel says in its own words (:func:`record_facts`, the app's detail
panel); any other field it shows as it is."""


def source_text(source: Source, /) -> str:
    """A source as one line: its title, publisher and date, and its address."""
    extra = ", ".join(str(part) for part in (source.publisher, source.date) if part)
    text = f"{source.title} \u2014 {extra}" if extra else source.title
    return f"{text} <{source.url}>" if source.url else text


def record_facts(record: Record, /) -> list[Fact]:
    """Every field ``record`` sets, as ``(label, values)`` in reading order."""
    facts: list[Fact] = [
        ("Id", [record.id]),
        ("Kind", [kind_text(record) + (" (draft)" if record.draft else "")]),
        ("Title", [record.title]),
        ("Sectors", [f"{SECTORS[s].label} ({s.value})" for s in record.sectors]),
    ]
    if isinstance(record, Project):
        status = record.status.label
        facts.append(
            ("Status", [f"{status} (as of {record.status_date})" if record.status_date else status])
        )
        facts.append(
            ("Status history", [_status_change(change) for change in record.status_history])
        )
    facts.append(("Dates", [dates_text(record) or ""]))
    facts.append(("Locations", [location_text(location) for location in record.locations]))
    facts.append(("Countries", [country_label(code) for code in record.countries]))
    if isinstance(record, Project):
        facts.append(
            ("Organisations", [f"{o.name} ({o.role.value})" for o in record.organisations])
        )
        facts.append(("Amount", [str(record.amount) if record.amount else ""]))
        facts.append(("Specifications", [f"{spec.key}: {spec}" for spec in record.specs]))
    if isinstance(record, Event):
        facts.append(("Participants", [_participant(p) for p in record.participants]))
        facts.append(("Outcomes", list(record.outcomes)))
        facts.append(
            (
                "Links",
                [f"{link.type.value.replace('_', ' ')}: {link.project}" for link in record.links],
            )
        )
    facts.append(("Sources", [source_text(source) for source in record.sources]))
    facts.append(("Notes", (record.notes or "").splitlines()))
    for name in type(record).model_fields:
        value = getattr(record, name)
        if name not in NAMED_FIELDS and value not in (None, [], ""):
            facts.append((name.replace("_", " ").capitalize(), [str(value)]))
    return [(label, [v for v in values if v]) for label, values in facts if any(values)]


def _status_change(change: StatusChange) -> str:
    return f"{change} ({source_text(change.source)})" if change.source else str(change)


def _participant(participant: Participant) -> str:
    about = (participant.kind, participant.role, participant.country)
    details = ", ".join(part for part in about if part)
    return f"{participant.name} ({details})" if details else participant.name
