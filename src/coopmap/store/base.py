"""The contract every store backend keeps: :class:`Store`.

A store holds records by id, each with a version number for optimistic editing, and a small
key-value cache for the online geocoder. Backends (the embedded GeoPackage, later PostGIS)
implement this protocol; callers only ever see :func:`coopmap.store.open_store` and ``Store``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import TracebackType
from typing import Any, Protocol, Self, runtime_checkable

import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.model import Event, Project, Record
from coopmap.query import Filter


@runtime_checkable
class Store(Protocol):
    """Where records live.

    Every write is one transaction: it applies completely or not at all. Reads return validated
    records. A store is a context manager that closes itself.
    """

    @property
    def url(self) -> str:
        """The URL the store was opened from, in a form :func:`open_store` accepts."""
        ...

    def get(self, id: str, /) -> Record | None:
        """The record with this id, or ``None`` when there is none."""
        ...

    def records(self, filter: Filter | None = None) -> list[Record]:
        """The records ``filter`` keeps (all without one), in the order they were added."""
        ...

    def records_in(self, area: BaseGeometry, /, filter: Filter | None = None) -> list[Record]:
        """The records ``filter`` keeps with a location that intersects ``area``, in order.

        ``area`` is in longitude and latitude: ``shapely.box(west, south, east, north)`` for a
        bounding box, or a country's outline (``Gazetteer.country_shape``) for the records in
        a country. Optional for a backend: this default checks each record in Python; a
        backend with a spatial index (PostGIS) answers in the database.
        """
        return intersecting(self.records(filter), area)

    def add(self, records: Iterable[Record] | Record, /, *, replace: bool = False) -> int:
        """Add records in one transaction and return how many were written.

        An id that is already stored is a :class:`DuplicateRecordError` unless ``replace`` is
        true, in which case the stored record is updated (its version goes up) and a record equal
        to the stored one is left alone, so importing the same file twice changes nothing.
        """
        ...

    def update(self, record: Record, /, *, expected_version: int) -> int:
        """Replace a stored record if it is still at ``expected_version``; return the new version.

        Raises :class:`~coopmap.errors.ConflictError` when someone else saved it in between and
        :class:`~coopmap.errors.RecordNotFoundError` when it is gone.
        """
        ...

    def version(self, id: str, /) -> int | None:
        """The stored version of a record (1 when first added), or ``None`` when there is none."""
        ...

    def delete(self, id: str, /) -> None:
        """Remove a record; :class:`~coopmap.errors.RecordNotFoundError` when there is none."""
        ...

    def count(self) -> int:
        """How many records are stored."""
        ...

    def revision(self) -> int:
        """A number that changes whenever records change, by this or any other connection.

        Caches of records (maps, tables) key on it. Geocoder cache writes do not change it.
        """
        ...

    def cache_get(self, key: str, /) -> dict[str, Any] | None:
        """The cached value for ``key``, or ``None`` when nothing is cached."""
        ...

    def cache_put(self, key: str, value: dict[str, Any], /) -> None:
        """Cache a JSON-able dict under ``key``, replacing what was there."""
        ...

    def close(self) -> None:
        """Release the connection; further calls fail with :class:`~coopmap.errors.StoreError`."""
        ...

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def as_record_list(records: Iterable[Record] | Record, /) -> list[Record]:
    """A list of records from one record or many (a single model must not be iterated)."""
    if isinstance(records, Project | Event):
        return [records]
    return list(records)


def intersecting(records: Iterable[Record], area: BaseGeometry, /) -> list[Record]:
    """The records with a location that intersects ``area``, in their order."""
    records = list(records)
    shapely.prepare(area)
    hits = shapely.intersects(area, [loc.geometry for r in records for loc in r.locations])
    kept, start = [], 0
    for record in records:
        end = start + len(record.locations)
        if hits[start:end].any():
            kept.append(record)
        start = end
    return kept


def repeated_ids(records: Iterable[Record], /) -> list[str]:
    """Ids that occur more than once, each named once, in first-seen order."""
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for record in records:
        if record.id in seen:
            repeated[record.id] = None
        seen.add(record.id)
    return list(repeated)


def redact(url: str, /) -> str:
    """``url`` with its password replaced by ``***``, for messages and logs."""
    url = re.sub(r"^([a-z]+://[^/@:]*:)[^/@]*@", r"\1***@", url, flags=re.IGNORECASE)
    return re.sub(r"(password=)[^&\s]*", r"\1***", url, flags=re.IGNORECASE)
