"""What a candidate record is: the fields found in a report, each with its evidence.

A :class:`Candidate` is what :mod:`coopmap.reports.records` proposes from a report: an event
or a project with the fields the report gave and, for each, the :class:`Evidence` (the words,
their span, their sentence). :meth:`Candidate.to_record` turns it into a draft record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coopmap.dates import PartialDate
from coopmap.model import (
    Amount,
    Location,
    Organisation,
    Participant,
    Record,
    Source,
    Spec,
    point_from_latlon,
    record_from_dict,
)
from coopmap.reports.dates import DateMention
from coopmap.reports.lines import line_location
from coopmap.reports.organisations import Actor
from coopmap.reports.quantities import Quantity
from coopmap.reports.sectors import SectorMention
from coopmap.reports.tokens import Token
from coopmap.reports.toponyms import Toponym
from coopmap.taxonomy import EventType, LinkType, RecordKind, Sector, Status

__all__ = ["Candidate", "Evidence", "Mentions"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a field of a candidate comes from: ``text[start:end]`` in ``sentence``.

    ``field`` names the field it supports (``title``, ``event_type``, ``date``, ``place``,
    ``sector``, ``status``, ``organisation``, ``participant``, ``spec``, ``amount``,
    ``link``); ``sentence_start`` is the sentence's offset in the report.
    """

    field: str
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int

    def to_dict(self) -> dict[str, Any]:
        """The evidence as a JSON-ready dict."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Candidate:
    """A proposed event or project, as found in one report.

    ``key`` identifies the candidate within its report (stable for the same text); ``links``
    pairs a link type with the key of a project candidate; ``line`` the places a line runs
    through, which its record is drawn along. :meth:`to_record` turns it into a draft
    :class:`~coopmap.model.Project` or :class:`~coopmap.model.Event`.
    """

    kind: RecordKind
    key: str
    title: str
    sectors: tuple[Sector, ...] = ()
    start: PartialDate | None = None
    end: PartialDate | None = None
    places: tuple[Toponym, ...] = ()
    line: tuple[Toponym, ...] = ()
    countries: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    event_type: EventType | None = None
    status: Status | None = None
    organisations: tuple[Organisation, ...] = ()
    participants: tuple[Participant, ...] = ()
    specs: tuple[Spec, ...] = ()
    amount: Amount | None = None
    links: tuple[tuple[LinkType, str], ...] = ()

    @property
    def date(self) -> PartialDate | None:
        """The date the candidate is at (an event) or starts (a project)."""
        return self.start

    def to_dict(self) -> dict[str, Any]:
        """The candidate as a JSON-ready dict (the shape ``coopmap extract --json`` prints)."""
        return {
            "kind": self.kind.value,
            "key": self.key,
            "title": self.title,
            "sectors": [s.value for s in self.sectors],
            "date": str(self.start) if self.start else None,
            "start": str(self.start) if self.start else None,
            "end": str(self.end) if self.end else None,
            "places": [t.to_dict() for t in self.places],
            "line": [t.to_dict() for t in self.line],
            "countries": list(self.countries),
            "event_type": self.event_type.value if self.event_type else None,
            "status": self.status.value if self.status else None,
            "organisations": [o.model_dump(mode="json") for o in self.organisations],
            "participants": [
                p.model_dump(mode="json", exclude_none=True) for p in self.participants
            ],
            "specs": [s.model_dump(mode="json", exclude_none=True) for s in self.specs],
            "amount": self.amount.model_dump(mode="json") if self.amount else None,
            "links": [{"type": t.value, "key": key} for t, key in self.links],
            "evidence": [e.to_dict() for e in self.evidence],
        }

    def to_record(
        self,
        *,
        id: str,
        source: Source,
        links: Mapping[str, str] | None = None,
        status_date: PartialDate | None = None,
    ) -> Record:
        """A draft record citing ``source``; ``links`` maps project keys to record ids."""
        data: dict[str, Any] = {
            "kind": self.kind.value,
            "id": id,
            "title": self.title,
            "sectors": [s.value for s in self.sectors],
            "countries": list(self.countries),
            "locations": (
                [line_location(self.line).model_dump()]
                if self.line
                else [_location(t).model_dump() for t in self.places if t.place]
            ),
            "start": self.start,
            "end": self.end,
            "sources": [source.model_dump()],
            "notes": _notes(self.evidence),
            "draft": True,
        }
        if self.kind is RecordKind.PROJECT:
            data["sectors"] = data["sectors"] or [Sector.OTHER.value]
            data["status"] = (self.status or Status.UNKNOWN).value
            data["status_date"] = status_date if self.status else None
            data["organisations"] = [o.model_dump() for o in self.organisations]
            data["specs"] = [s.model_dump() for s in self.specs]
            data["amount"] = self.amount.model_dump() if self.amount else None
        else:
            data["event_type"] = (self.event_type or EventType.MEETING).value
            data["participants"] = [p.model_dump() for p in self.participants]
            known = links or {}
            data["links"] = [
                {"type": t.value, "project": known[key]} for t, key in self.links if key in known
            ]
        return record_from_dict(data, where=self.title)


def _location(toponym: Toponym) -> Location:
    place = toponym.place
    assert place is not None
    return Location(
        name=toponym.name,
        geometry=point_from_latlon(place.lat, place.lon),
        precision=place.precision,
        resolved_name=place.name,
        country=place.country,
        gazetteer_id=place.geonameid,
    )


_MAX_NOTES = 1500


def _notes(evidence: Iterable[Evidence]) -> str:
    sentences = list(dict.fromkeys(e.sentence for e in evidence))
    quoted = " ".join(f"\u201c{s}\u201d" for s in sentences)
    text = "".join(ch for ch in f"Proposed from a report; check it. {quoted}" if ch.isprintable())
    return text if len(text) <= _MAX_NOTES else text[: _MAX_NOTES - 1] + "\u2026"


@dataclass(frozen=True)
class Mentions:
    """Everything the finders found in a report, which :func:`propose` reads."""

    text: str
    tokens: Sequence[Token]
    sentences: Sequence[tuple[int, int]]
    places: Sequence[Toponym]
    dates: Sequence[DateMention]
    actors: Sequence[Actor]
    quantities: Sequence[Quantity]
    sectors: Sequence[SectorMention]
    report_date: PartialDate | None = None
