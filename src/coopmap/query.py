"""Which records to show: one filter shared by the map, the exports, the CLI and the app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from coopmap.dates import PartialDate, overlaps
from coopmap.model import Event, Project, Record
from coopmap.taxonomy import Precision, RecordKind, Sector, Status, parse_sector, parse_status


@dataclass(frozen=True)
class Filter:
    """A conjunction of conditions; an empty condition lets everything through.

    ``sectors`` keeps a record with any of the sectors (events without sectors pass a sector
    filter, so the events around projects stay on the map); ``no_sectors`` keeps only records
    without any sector (what is left when every sector is deselected); ``start``/``end`` keep
    records whose interval overlaps the range, each date read at its own precision (a
    project without an end date is ongoing unless its status says it ended: completed or
    cancelled, as of its status date); ``text``
    searches titles, notes, organisations, participants and location names, case-insensitively.
    ``tags`` keeps the records that have every one of them, ``without_tags`` those that have
    none of them (``without_tags={"umbrella"}`` leaves GCDF's umbrella agreements out).
    ``as_of`` keeps the records known by that day (see :func:`known_on`) and reads ``statuses``
    as the status in force that day; :func:`as_of` then shows them as they were.

    Examples
    --------
    >>> from coopmap import Filter, Project
    >>> railway = Project(id="pj-lrt", title="Astana LRT", sectors=["transport"], countries=["KZ"])
    >>> Filter.make(sectors=["transport"], countries=["KZ"]).matches(railway)
    True
    >>> Filter.make(sectors=["energy"]).apply([railway])
    []
    """

    kinds: frozenset[RecordKind] = frozenset()
    sectors: frozenset[Sector] = frozenset()
    countries: frozenset[str] = frozenset()
    statuses: frozenset[Status] = frozenset()
    precisions: frozenset[Precision] = frozenset()
    organisation: str | None = None
    text: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    no_sectors: bool = False
    as_of: dt.date | None = None
    include_drafts: bool = True
    ids: frozenset[str] = field(default_factory=frozenset)
    tags: frozenset[str] = frozenset()
    without_tags: frozenset[str] = frozenset()

    @classmethod
    def make(
        cls,
        *,
        kinds: Iterable[str] = (),
        sectors: Iterable[str] = (),
        countries: Iterable[str] = (),
        statuses: Iterable[str] = (),
        precisions: Iterable[str] = (),
        tags: Iterable[str] = (),
        without_tags: Iterable[str] = (),
        **options: object,
    ) -> Filter:
        """Build a filter from plain strings, validating each value."""
        return cls(
            tags=frozenset(tag.strip().lower() for tag in tags),
            without_tags=frozenset(tag.strip().lower() for tag in without_tags),
            kinds=frozenset(RecordKind(k) for k in kinds),
            sectors=frozenset(parse_sector(s) for s in sectors),
            countries=frozenset(c.upper() for c in countries),
            statuses=frozenset(parse_status(s) for s in statuses),
            precisions=frozenset(Precision(p) for p in precisions),
            **options,  # type: ignore[arg-type]
        )

    def matches(self, record: Record, /) -> bool:
        if self.ids and record.id not in self.ids:
            return False
        if self.kinds and record.kind not in self.kinds:
            return False
        if self.tags and not self.tags.issubset(record.tags):
            return False
        if self.without_tags and self.without_tags.intersection(record.tags):
            return False
        if not self.include_drafts and record.draft:
            return False
        if self.no_sectors and record.sectors:
            return False
        if self.sectors and record.sectors and not self.sectors.intersection(record.sectors):
            return False
        if self.sectors and not record.sectors and isinstance(record, Project):
            return False
        if self.countries and not self.countries.intersection(_countries(record)):
            return False
        if self.as_of and not known_on(record, self.as_of):
            return False
        if self.statuses and not (
            isinstance(record, Project) and _status(record, self.as_of) in self.statuses
        ):
            return False
        if self.precisions and record.precision not in self.precisions:
            return False
        if (self.start or self.end) and not overlaps(
            record.start, _end(record, self.as_of), self.start, self.end
        ):
            return False
        if self.organisation and not any(
            self.organisation.casefold() in name.casefold() for name in _organisations(record)
        ):
            return False
        return not self.text or self.text.casefold() in _haystack(record)

    def key(self) -> tuple[Any, ...]:
        """A plain, order-independent key of the conditions (for caches and widget keys)."""
        return tuple(
            tuple(sorted(map(str, value))) if isinstance(value, frozenset) else value
            for value in (getattr(self, name) for name in self.__dataclass_fields__)
        )

    def apply(self, records: Iterable[Record], /) -> list[Record]:
        return [record for record in records if self.matches(record)]


def known_on(record: Record, day: dt.date, /) -> bool:
    """Whether ``record`` had begun by ``day``: its start, else the first dated entry of its
    status history, else its status date, counted from the first day it may mean. A record
    with none of these has no date to hide it by and is always kept."""
    first = record.start
    if first is None and isinstance(record, Project):
        dated = [change.date for change in record.status_history if change.date is not None]
        first = dated[0] if dated else record.status_date
    return first is None or first.first_day <= day


def as_of(records: Iterable[Record], day: dt.date, /) -> list[Record]:
    """The records known by ``day`` as they stood then: each project with the status in force
    that day (``unknown`` before its first dated status) and its history up to that day.
    Records are copies; the stored ones are not changed."""
    shown: list[Record] = []
    for record in records:
        if not known_on(record, day):
            continue
        if isinstance(record, Project) and record.status_history:
            history = [
                change
                for change in record.status_history
                if change.date is None or change.date.first_day <= day
            ]
            record = record.model_copy(
                update={
                    "status": record.status_on(day),
                    "status_date": history[-1].date if history else None,
                    "status_history": history,
                }
            )
        shown.append(record)
    return shown


def _end(record: Record, day: dt.date | None) -> PartialDate | None:
    """The end of the interval a record covers, for the date range: its end date; for a
    project without one, none (still ongoing) unless its status (on ``day``, if given) says it
    ended, then its status date, else its start. An event without an end is a single day."""
    if record.end is not None or not isinstance(record, Project):
        return record.end if record.end is not None else record.start
    if record.start is None:
        return None
    if not _status(record, day).ended:
        return PartialDate.parse("9999-12-31")
    ended = record.status_date
    if day is not None and record.status_history:
        dated = [c.date for c in record.status_history if c.date and c.date.first_day <= day]
        ended = dated[-1] if dated else None
    if ended is not None and ended.last_day >= record.start.first_day:
        return ended
    return record.start


def _status(record: Project, day: dt.date | None) -> Status:
    return record.status if day is None else record.status_on(day)


def _countries(record: Record) -> set[str]:
    found = set(record.countries)
    found.update(loc.country for loc in record.locations if loc.country)
    return found


def _organisations(record: Record) -> list[str]:
    if isinstance(record, Project):
        return [org.name for org in record.organisations]
    if isinstance(record, Event):
        return [p.name for p in record.participants]
    return []


def _haystack(record: Record) -> str:
    parts = [record.title, record.notes or "", *_organisations(record)]
    parts += [loc.name for loc in record.locations]
    return "\n".join(parts).casefold()
