"""The records: :class:`Project` and :class:`Event` (together :data:`Record`), and the rules of a
project's status history.

Both kinds share their fields for title, sectors, countries, locations, dates and sources, an
id made from the title when none is given, and the views as GeoJSON.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import weakref
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import pydantic
import shapely
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from coopmap.dates import PartialDate
from coopmap.errors import ValidationError
from coopmap.model.ids import make_id
from coopmap.model.parts import (
    Amount,
    Link,
    Location,
    Organisation,
    Participant,
    Source,
    Spec,
    StatusChange,
)
from coopmap.model.values import CountryCode, Plain, Tag, Text
from coopmap.taxonomy import EventType, Precision, Sector, Status, parse_sector, parse_status

__all__ = ["Event", "Project", "Record", "check_status_order", "is_validated", "mark_validated"]


def check_status_order(history: list[StatusChange], /) -> list[StatusChange]:
    """``history`` if it reads oldest first with every entry but the first dated; else
    :class:`ValueError` naming the entry. The model's rule, for forms that check rows early."""
    for number, (before, after) in enumerate(itertools.pairwise(history), start=2):
        if after.date is None:
            raise ValueError(f"entry {number} ({after.status}) needs a date")
        if before.date is not None and after.date.first_day < before.date.first_day:
            raise ValueError(
                f"entry {number} ({after.status}, {after.date}) is dated before the entry "
                f"above it ({before.status}, {before.date}); list the history oldest first"
            )
    return history


def _sectors(value: Any) -> list[Sector]:
    """The sectors of a list (or a ``;``, ``,`` or ``|`` separated text) of names."""
    if isinstance(value, str):
        value = [part for part in re.split(r"[;,|]", value) if part.strip()]
    return [item if type(item) is Sector else parse_sector(item) for item in value or []]


_RANK = {precision: rank for rank, precision in enumerate(Precision)}
"""Each precision's place in :class:`Precision`, best first."""

_VALID: weakref.WeakValueDictionary[int, BaseModel] = weakref.WeakValueDictionary()
"""The records known valid, by identity: made by validation, or read from a store's own rows
(:mod:`coopmap.model.trusted`). Kept beside the records, not in them, so that records compare
by their fields alone and cost nothing more to make."""


def mark_validated(record: BaseModel, /) -> None:
    """Say that ``record`` is valid (for records built from data known valid)."""
    _VALID[id(record)] = record


def is_validated(record: BaseModel, /) -> bool:
    """Whether ``record`` is known valid: made by validation (or read from a store's own rows),
    not by ``model_construct``, ``model_copy`` or a copy, which skip validation."""
    return _VALID.get(id(record)) is record


class _Record(BaseModel):
    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, str_strip_whitespace=True, allow_inf_nan=False
    )

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
    title: Text
    sectors: list[Sector] = Field(default_factory=list)
    countries: list[CountryCode] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    start: PartialDate | None = None
    end: PartialDate | None = None
    sources: list[Source] = Field(default_factory=list)
    notes: Plain | None = None
    draft: bool = False
    tags: list[Tag] = Field(default_factory=list)
    """Labels to filter by, lower case (``umbrella``, ``recommended-for-aggregates``): what a
    source dataset flags about a record, kept so that exports and maps can leave it out."""

    @model_validator(mode="before")
    @classmethod
    def _default_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("id") and data.get("title"):
            kind = cls.model_fields["kind"].default
            data = {**data, "id": make_id(kind, str(data["title"]))}
        return data

    @field_validator("tags", mode="before")
    @classmethod
    def _lower_tags(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part for part in re.split(r"[;,|]", value) if part.strip()]
        return list(value or [])

    @field_validator("tags")
    @classmethod
    def _distinct_tags(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("sectors", mode="before")
    @classmethod
    def _parse_sectors(cls, value: Any) -> Any:
        return _sectors(value)

    @field_validator("end")
    @classmethod
    def _end_after_start(
        cls, end: PartialDate | None, info: pydantic.ValidationInfo
    ) -> PartialDate | None:
        start = info.data.get("start")
        if start and end and end.last_day < start.first_day:
            raise ValueError(f"end {end} is before start {start}")
        return end

    @model_validator(mode="after")
    def _validated(self) -> Any:
        self._complete()
        mark_validated(self)
        return self

    def _complete(self) -> None:
        """The checks of the whole record once its fields are valid (one model validator for
        every kind, so that validating a record makes one Python call after its fields)."""

    @property
    def precision(self) -> Precision:
        """The best precision among the record's locations (``unknown`` with none)."""
        if len(self.locations) == 1:
            return self.locations[0].precision
        return min(
            (loc.precision for loc in self.locations),
            key=_RANK.__getitem__,
            default=Precision.UNKNOWN,
        )

    @property
    def geometry(self) -> BaseGeometry | None:
        """All locations as one geometry: the single one, or a collection."""
        if not self.locations:
            return None
        if len(self.locations) == 1:
            return self.locations[0].geometry
        return shapely.GeometryCollection([loc.geometry for loc in self.locations])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict with the model's field names; geometries as GeoJSON."""
        return self.model_dump(mode="json", exclude_none=True)

    def properties(self) -> dict[str, Any]:
        """The record's attributes without geometries, as JSON-able values."""
        data = self.model_dump(mode="json", exclude_none=True)
        for location in data.get("locations", []):
            location.pop("geometry", None)
        data["precision"] = self.precision.value
        return data

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        geometry = self.geometry
        return {
            "type": "Feature",
            "id": self.id,
            "geometry": mapping(geometry) if geometry is not None else None,
            "properties": self.properties(),
        }

    def location_features(self) -> Iterator[dict[str, Any]]:
        """One GeoJSON Feature per location, each carrying the record's properties."""
        properties = self.properties()
        for index, location in enumerate(self.locations):
            yield {
                "type": "Feature",
                "id": f"{self.id}#{index}",
                "geometry": mapping(location.geometry),
                "properties": {
                    **properties,
                    "location": location.name,
                    "location_precision": location.precision.value,
                },
            }


class Project(_Record):
    """A cooperation project: a railway, a plant, a fund, a programme.

    Examples
    --------
    >>> from coopmap import Project
    >>> railway = Project(
    ...     id="pj-astana-lrt",
    ...     title="Astana light railway",
    ...     sectors=["transport"],
    ...     status="under_construction",
    ...     start="2015-05",
    ...     specs=[{"key": "length", "value": 22.4, "unit": "km"}],
    ... )
    >>> str(railway.start), railway.start.precision.value
    ('2015-05', 'month')
    """

    kind: Literal["project"] = "project"
    status: Status = Status.UNKNOWN
    status_date: PartialDate | None = None
    organisations: list[Organisation] = Field(default_factory=list)
    amount: Amount | None = None
    specs: list[Spec] = Field(default_factory=list)
    status_history: list[StatusChange] = Field(default_factory=list)

    @field_validator("status", mode="before")
    @classmethod
    def _parse_status(cls, value: Any) -> Status:
        return parse_status(value)

    @field_validator("status_history")
    @classmethod
    def _history_in_order(cls, value: list[StatusChange]) -> list[StatusChange]:
        return check_status_order(value)

    def _complete(self) -> None:
        """``status`` is the history's last entry: taken from it when not given, and a new
        status (say, from the form) becomes a new entry from ``status_date``, which it then
        needs. A status known "as of" a day before its entry began is known as of that
        entry's date."""
        if not self.status_history:
            return
        latest = self.status_history[-1]
        date, since = self.status_date, latest.date
        if "status" not in self.model_fields_set and self.status is Status.UNKNOWN:
            self.__dict__["status"] = latest.status
        elif self.status is not latest.status:
            if date is None:
                raise ValidationError(
                    f"the status {self.status} differs from the status history's last entry "
                    f"({latest.status}): give the date it is {self.status} as of, which adds it "
                    "to the history, or add it to the history yourself",
                    field="status_date",
                )
            if since is not None and date.first_day < since.first_day:
                raise ValidationError(
                    f"{self.status} as of {date} is dated before the status history's last "
                    f"entry ({latest.status}, {latest.date})",
                    field="status_date",
                )
            change = StatusChange(status=self.status, date=date)
            self.__dict__["status_history"] = [*self.status_history, change]
            return
        if date is not None and since is not None and date.first_day < since.first_day:
            self.__dict__["status_date"] = since

    def status_on(self, day: dt.date, /) -> Status:
        """The status in force on ``day``: the last history entry begun by then (an entry of
        May 2015 counts from 1 May), ``unknown`` before the first dated entry; without a
        history, the current status."""
        if not self.status_history:
            return self.status
        found = Status.UNKNOWN
        for change in self.status_history:
            if change.date is not None and change.date.first_day > day:
                break
            found = change.status
        return found

    @field_validator("sectors", mode="before")
    @classmethod
    def _parse_sectors(cls, value: Any) -> Any:
        sectors = _sectors(value)
        if not sectors:
            raise ValueError("a project needs at least one sector; use 'other' if none fits")
        return list(dict.fromkeys(sectors))


class Event(_Record):
    """Something that happened at a place and time: talks, a meeting, a signing.

    Examples
    --------
    >>> from coopmap import Event
    >>> talks = Event(
    ...     id="ev-beijing-talks",
    ...     title="Talks in Beijing",
    ...     event_type="meeting",
    ...     start="2015-12-14",
    ...     links=[{"type": "discussed_at", "project": "pj-astana-lrt"}],
    ... )
    >>> talks.links[0].type.value
    'discussed_at'
    """

    kind: Literal["event"] = "event"
    event_type: EventType
    participants: list[Participant] = Field(default_factory=list)
    outcomes: list[Text] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


Record = Project | Event
