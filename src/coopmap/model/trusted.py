"""Records from JSON a store wrote itself, built without validating them again.

A store keeps only records that validated (:func:`coopmap.store.rows.serialise`), so reading
one back need not run every check a second time: :func:`record_from_stored` builds the same
record (equal to what :func:`~coopmap.model.record_from_dict` gives) from the stored JSON with
pydantic's ``model_construct``, turning each value into its type (enums, partial dates,
geometries from GeoJSON) and nothing more, several times faster. It is for the store's own rows
only: anything else goes through :func:`~coopmap.model.record_from_dict`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import shapely
from pydantic import BaseModel
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from coopmap.dates import PartialDate
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
from coopmap.model.records import Event, Project, Record, mark_validated
from coopmap.taxonomy import EventType, GeometrySource, LinkType, Precision, Role, Sector, Status

__all__ = ["record_from_stored", "records_from_stored"]

Convert = Callable[[Any], Any]


def _date(value: Any) -> PartialDate | None:
    return None if value is None else PartialDate.parse(value)


def _source(value: dict[str, Any]) -> Source:
    return _part(Source, value, {"date": _date})


Fields = tuple[frozenset[str], list[tuple[str, Any, Callable[[], Any] | None]]]


def _fields(model: type[BaseModel]) -> Fields:
    """The names of ``model``'s fields, and each one's name, default and default factory."""
    fields = model.model_fields
    defaults = [(name, info.default, info.default_factory) for name, info in fields.items()]
    return frozenset(fields), defaults  # type: ignore[return-value]


_FIELDS: dict[type[BaseModel], Fields] = {}


def _part(model: type[Any], value: dict[str, Any], converts: dict[str, Convert]) -> Any:
    """``model`` built from ``value``, the fields named in ``converts`` turned into their types.

    What ``model_construct`` does, without its per-call generality (a third of the time).
    """
    names, fields = _FIELDS.get(model) or _FIELDS.setdefault(model, _fields(model))
    if not names.issuperset(value):
        raise KeyError(f"{model.__name__} has no field {sorted(set(value) - names)[0]!r}")
    values: dict[str, Any] = {}
    for name, default, factory in fields:
        if name in value:
            item = value[name]
            values[name] = converts[name](item) if name in converts and item is not None else item
        else:
            values[name] = factory() if factory is not None else default
    instance = model.__new__(model)
    setattr_ = object.__setattr__
    setattr_(instance, "__dict__", values)
    setattr_(instance, "__pydantic_fields_set__", set(value))
    setattr_(instance, "__pydantic_extra__", None)
    setattr_(instance, "__pydantic_private__", None)
    return instance


def _many(convert: Convert) -> Convert:
    return lambda items: [convert(item) for item in items]


def _geometries(items: list[dict[str, Any]]) -> list[BaseGeometry]:
    """The locations' geometries of ``items`` in order: points made in one vectorised call."""
    found = [location["geometry"] for data in items for location in data.get("locations") or ()]
    points = [i for i, geometry in enumerate(found) if geometry.get("type") == "Point"]
    made: list[Any] = [None] * len(found)
    if points:
        xy = np.array([found[i]["coordinates"][:2] for i in points], dtype=float)
        for i, point in zip(points, shapely.points(xy), strict=True):
            made[i] = point
    for i, geometry in enumerate(found):
        if made[i] is None:
            made[i] = shape(geometry)
    return made


def _locations(geometries: Iterator[BaseGeometry]) -> Convert:
    converts: dict[str, Convert] = {
        "geometry": lambda _: next(geometries),
        "precision": Precision,
        "geometry_source": GeometrySource,
    }
    return _many(lambda item: _part(Location, item, converts))


_SHARED: dict[str, Convert] = {
    "sectors": _many(Sector),
    "start": _date,
    "end": _date,
    "sources": _many(_source),
}

_PROJECT: dict[str, Convert] = {
    **_SHARED,
    "status": Status,
    "status_date": _date,
    "organisations": _many(lambda item: _part(Organisation, item, {"role": Role})),
    "amount": lambda item: _part(Amount, item, {"value": float}),
    "specs": _many(lambda item: _part(Spec, item, {})),
    "status_history": _many(
        lambda item: _part(StatusChange, item, {"status": Status, "date": _date, "source": _source})
    ),
}

_EVENT: dict[str, Convert] = {
    **_SHARED,
    "event_type": EventType,
    "participants": _many(lambda item: _part(Participant, item, {})),
    "links": _many(lambda item: _part(Link, item, {"type": LinkType})),
}

_KINDS: dict[str, tuple[type[Project] | type[Event], dict[str, Convert]]] = {
    "project": (Project, _PROJECT),
    "event": (Event, _EVENT),
}


def records_from_stored(items: Iterable[dict[str, Any]], /) -> list[Record]:
    """The records in JSON that a store wrote from valid records, not validated again.

    Raises :class:`KeyError`, :class:`ValueError` or :class:`TypeError` for JSON that is not a
    record's at all (a store turns these into its own error).
    """
    items = list(items)
    locations = _locations(iter(_geometries(items)))
    records = []
    for data in items:
        model, converts = _KINDS[data["kind"]]
        record = _part(model, data, {**converts, "locations": locations})
        mark_validated(record)
        records.append(record)
    return records


def record_from_stored(data: dict[str, Any], /) -> Record:
    """The record in JSON that a store wrote from a valid record (:func:`records_from_stored`)."""
    return records_from_stored([data])[0]
