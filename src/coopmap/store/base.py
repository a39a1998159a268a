"""The contract every store backend keeps: :class:`Store`.

A store holds records by id, each with a version number for optimistic editing, the history of
every change made through it (:class:`Change`), the records deleted from it (recoverable), and
a small key-value cache for the online geocoder. Backends (the embedded GeoPackage, PostGIS)
implement this protocol; callers only ever see :func:`coopmap.store.open_store` and ``Store``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, NamedTuple, Protocol, Self, runtime_checkable
from urllib.parse import unquote

import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.model import Event, Project, Record
from coopmap.model.bulk import batched
from coopmap.query import Filter

BATCH = 10_000
"""Records :meth:`Store.batches` reads at once by default."""

Action = Literal["added", "updated", "deleted", "restored"]
"""What a change did to a record."""


@dataclass(frozen=True)
class FieldChange:
    """One top-level field of a record before and after a change.

    ``old`` and ``new`` are the field's JSON values (as in ``Record.to_dict()``); ``None`` means
    the field was not set, which a record's JSON never says otherwise (it leaves unset fields
    out).
    """

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """One change to a record, as the store recorded it in the same transaction.

    ``version`` is the record's version after the change (for a deletion, the version that was
    deleted); ``fields`` holds every top-level field that changed, so replaying a record's
    changes from the first rebuilds each of its versions: an addition or a restore sets every
    field, a deletion unsets every field.
    """

    id: str
    version: int
    action: Action
    user: str
    at: dt.datetime
    """When, in UTC."""
    fields: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict, for ``coopmap history --json`` and the like."""
        return {
            "id": self.id,
            "version": self.version,
            "action": self.action,
            "user": self.user,
            "at": self.at.isoformat().replace("+00:00", "Z"),
            "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in self.fields],
        }


class DeletedRecord(NamedTuple):
    """A deleted record, kept so that :meth:`Store.restore` can bring it back."""

    record: Record
    deleted_at: dt.datetime
    """When, in UTC."""
    deleted_by: str


@dataclass(frozen=True)
class AddResult:
    """What one :meth:`Store.add` did, by record id, as its own transaction saw the store.

    ``added`` were new (version 1), ``updated`` replaced a stored record (one version up),
    ``unchanged`` were equal to the stored record and left alone; each in the batch's order.
    Counted inside the transaction, so another writer working at the same time never shows
    in these numbers.
    """

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    @property
    def written(self) -> int:
        """How many records were written (added or updated)."""
        return len(self.added) + len(self.updated)


class StoredBatch(NamedTuple):
    """Records as a SQL store holds them, a batch at a time
    (:meth:`~coopmap.store.sqlstore.SQLStore.stored_batches`): what an export builds its
    columns from without rebuilding the records."""

    data: list[dict[str, Any]]
    """Each record's JSON as the store wrote it (:meth:`~coopmap.model.Project.to_dict`),
    parsed."""
    wkb: list[bytes | None]
    """Each record's geometry (:attr:`~coopmap.model.Project.geometry`) as the 2D ISO WKB,
    little endian, that ``shapely.to_wkb`` gives; ``None`` for a record without locations."""


@dataclass(frozen=True)
class Migration:
    """One step of a backend's schema: ``version`` is its position (1, 2, ...).

    A released migration is never edited: a change to the schema is a new migration at the end.
    """

    version: int
    description: str
    sql: str


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

    @property
    def user(self) -> str:
        """The name the store records changes under.

        The ``user`` the store was opened with, else the ``COOPMAP_USER`` environment variable,
        else the operating system's login name.
        """
        ...

    def acting(self, user: str, /) -> AbstractContextManager[None]:
        """A block whose changes are recorded under ``user`` rather than :attr:`user`.

        One open store serves many people (the app's sessions, each in its own thread): the
        name holds for the calling thread only, so each write in the history names who made it.
        """
        ...

    def get(self, id: str, /) -> Record | None:
        """The record with this id, or ``None`` when there is none."""
        ...

    def get_versioned(self, id: str, /) -> tuple[Record, int] | None:
        """The record with this id and its stored version, read together in one query, or
        ``None`` when there is none.

        What an edit starts from: pass the version as ``expected_version`` to
        :meth:`update` or :meth:`delete`. Reading the record and then :meth:`version`
        separately could pair a record with a later version, and so overwrite unseen an
        edit saved in between.
        """
        ...

    def records(self, filter: Filter | None = None) -> list[Record]:
        """The records ``filter`` keeps (all without one), in the order they were added."""
        ...

    def batches(self, filter: Filter | None = None, *, size: int = BATCH) -> Iterator[list[Record]]:
        """The records ``filter`` keeps, ``size`` at a time, in the order of their kind and
        then their id (as ``coopmap.services.select`` sorts them): a read of any length that
        holds one batch of records at a time.

        A record changed while the batches are read is read as it is when its batch is, one
        deleted meanwhile is left out. This default reads every record first; a SQL store
        reads only the batch's.
        """
        found = sorted(self.records(filter), key=lambda record: (record.kind, record.id))
        return batched(found, size)

    def records_in(self, area: BaseGeometry, /, filter: Filter | None = None) -> list[Record]:
        """The records ``filter`` keeps with a location that intersects ``area``, in order.

        ``area`` is in longitude and latitude: ``shapely.box(west, south, east, north)`` for a
        bounding box, or a country's outline (``Gazetteer.country_shape``) for the records in
        a country. Optional for a backend: this default checks each record in Python; a
        backend with a spatial index (PostGIS) answers in the database.
        """
        return intersecting(self.records(filter), area)

    def add(
        self,
        records: Iterable[Record] | Record,
        /,
        *,
        replace: bool = False,
        expected_versions: Mapping[str, int] | None = None,
    ) -> AddResult:
        """Add records in one transaction and return what it added, updated and left alone.

        An id that is already stored is a :class:`DuplicateRecordError` unless ``replace`` is
        true, in which case the stored record is updated (its version goes up) and a record equal
        to the stored one is left alone, so importing the same file twice changes nothing. The
        :class:`AddResult` is counted inside the transaction: writers at the same time never
        change it.

        ``expected_versions`` maps ids of the batch to the version each must still be stored at
        (``0``: not stored), as :meth:`get_versioned` gave it: any other is a
        :class:`~coopmap.errors.ConflictError` and nothing is written, so a batch built from
        what was read never overwrites a change saved meanwhile.
        """
        ...

    def update(self, record: Record, /, *, expected_version: int) -> int:
        """Replace a stored record if it is still at ``expected_version``; return the new version.

        Raises :class:`~coopmap.errors.ConflictError` when someone else saved it in between and
        :class:`~coopmap.errors.RecordNotFoundError` when it is gone.
        """
        ...

    def version(self, id: str, /) -> int | None:
        """The stored version of a record (1 when first added), or ``None`` when there is none.

        To edit a record, read it with :meth:`get_versioned` instead, which reads both at once.
        """
        ...

    def delete(self, id: str, /, *, expected_version: int | None = None) -> None:
        """Remove a record, keeping it (and its history) for :meth:`restore`.

        With ``expected_version`` (the version the user saw), only if the record is still at
        that version: else a :class:`~coopmap.errors.ConflictError` and nothing changes. The
        check and the deletion are one transaction, so an edit saved meanwhile is never
        deleted unseen. :class:`~coopmap.errors.RecordNotFoundError` when there is no record.
        """
        ...

    def deleted(self) -> list[DeletedRecord]:
        """The deleted records that can be restored, the most recently deleted first."""
        ...

    def restore(self, id: str, /) -> Record:
        """Bring back the record most recently deleted under ``id``; return it.

        Its version goes up by one. Raises :class:`~coopmap.errors.RecordNotFoundError` when no
        record with this id was deleted and :class:`~coopmap.errors.ConflictError` when a new
        record has taken the id meanwhile.
        """
        ...

    def history(self, id: str, /) -> list[Change] | None:
        """Every change to the record with this id, oldest first, deleted records included.

        ``None`` when the store has never held a record with this id. Records stored before
        the store kept history (a file of schema version 1) have an empty history until they
        change.
        """
        ...

    def count(self) -> int:
        """How many records are stored (deleted ones not counted)."""
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


# The password of a URL: after the user's colon, up to the last "@" (a password typed with an
# "@", a space or a slash in it is still masked whole). Any scheme, so a mistyped one too.
_URL_PASSWORD = re.compile(r"^(\s*[A-Za-z][A-Za-z0-9+.-]*:/*[^/?#@:\s]*:)(.*)@", re.DOTALL)
# A password parameter: ``?password=...&`` in a URL; ``password=...`` or ``password='...'`` in a
# libpq keyword string (``sslpassword`` too).
_PARAMETER = r"(\b\w*password\s*=\s*)"
_URL_PARAMETER = re.compile(_PARAMETER + r"([^&#]*)", re.IGNORECASE)
_KEYWORD_PARAMETER = re.compile(_PARAMETER + r"('(?:[^'\\]|\\.)*'?|\S*)", re.IGNORECASE)
_MASK = "***"


def _parameters(store: str) -> re.Pattern[str]:
    return _URL_PARAMETER if _URL_PASSWORD.match(store) or "://" in store else _KEYWORD_PARAMETER


def redact(store: str, /) -> str:
    """A store's path or URL with its passwords replaced by ``***``, for messages and logs.

    Masks the password of a URL (``postgresql://user:***@host/db``, whatever its scheme, so a
    mistyped one too), a ``password=`` parameter of a URL and the ``password=`` of a libpq
    keyword string (``host=db password=***``, quoted or not).
    """
    store = _URL_PASSWORD.sub(rf"\g<1>{_MASK}@", store)
    return _parameters(store).sub(rf"\g<1>{_MASK}", store)


def secrets(store: str, /) -> list[str]:
    """The passwords in a store's URL or keyword string, as written and decoded, longest first."""
    found: set[str] = set()
    if match := _URL_PASSWORD.match(store):
        found.add(match[2])
    found.update(match[2] for match in _parameters(store).finditer(store))
    for secret in list(found):
        found.add(unquote(secret))
        if len(secret) > 1 and secret[0] == secret[-1] == "'":
            found.add(re.sub(r"\\(.)", r"\1", secret[1:-1]))
    return sorted((secret for secret in found if secret), key=len, reverse=True)


def redact_message(message: str, store: str, /) -> str:
    """``message`` without any password of ``store`` in it.

    For messages that may quote a store's URL or a piece of it, such as the database driver's
    (libpq repeats the part of a connection string it cannot parse).
    """
    for secret in secrets(store):
        message = message.replace(secret, _MASK)
    return message
