"""What the store backends share: records as JSON and column values, what a batch writes, and
the history of changes.

Both backends keep a record's full JSON (what coopmap reads back) beside flat columns derived
from it, and write a history entry per change in the same transaction. The column values here
are plain Python (lists, booleans, shapely geometries); each backend turns them into what its
database holds (joined text and GeoPackage blobs, or arrays and WKB).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from coopmap.errors import ConflictError, DuplicateRecordError, StoreError, ValidationError
from coopmap.model import Event, Project, Record, record_from_dict
from coopmap.store.base import Action, Change, DeletedRecord, FieldChange

log = logging.getLogger(__name__)

USER_VARIABLE = "COOPMAP_USER"
"""The environment variable naming who makes changes, when a store is not told."""


def resolve_user(user: str | None = None, /) -> str:
    """The name to record changes under: ``user``, else ``$COOPMAP_USER``, else the login."""
    for name in (user, os.environ.get(USER_VARIABLE)):
        if name and name.strip():
            return name.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError) as err:  # no login name (a container without a passwd entry)
        log.warning("cannot tell who is changing records (%s); recording 'unknown'", err)
        return "unknown"


# --- records as JSON ----------------------------------------------------------------------------


class Serialised(NamedTuple):
    """A record with its JSON text (what is stored) and the JSON value of that text."""

    record: Record
    text: str
    data: dict[str, Any]


# A NUL character as json.dumps writes it: "\u0000" after an even number of backslashes.
_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


def serialise(record: Record, /) -> Serialised:
    """The record as JSON, after checking it validates back into an equal record.

    Values no backend can keep alike are refused here, before any write: numbers that are not
    finite (JSON has no NaN; PostgreSQL's jsonb refuses it) and NUL characters (PostgreSQL
    refuses them; GDAL cuts text at them).
    """
    data = record.to_dict()
    if record_from_dict(data, where=record.id) != record:
        raise ValidationError("does not survive a round trip through JSON", record=record.id)
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError as err:
        raise ValidationError(
            "holds a number that is not finite (NaN or infinity), which a store cannot keep",
            record=record.id,
        ) from err
    if _NUL.search(text):
        raise ValidationError("holds a NUL character, which a store cannot keep", record=record.id)
    return Serialised(record, text, data)


def load(id: str, data: str | dict[str, Any], /, *, where: str) -> Record:
    """The record in stored JSON (text or parsed); a :class:`StoreError` when it is not valid."""
    try:
        return record_from_dict(json.loads(data) if isinstance(data, str) else data, where=id)
    except (ValueError, TypeError) as err:
        raise StoreError(f"the stored record {id} in {where} is not valid: {err}") from err


# --- records as column values -------------------------------------------------------------------


def _common(record: Record) -> dict[str, Any]:
    """The attributes the records and locations tables share."""
    return {
        "kind": record.kind,
        "title": record.title,
        "sectors": [str(sector) for sector in record.sectors],
        "status": str(record.status) if isinstance(record, Project) else None,
        "event_type": str(record.event_type) if isinstance(record, Event) else None,
        "start_date": str(record.start) if record.start else None,
        "end_date": str(record.end) if record.end else None,
        "draft": record.draft,
    }


def _organisations(record: Record) -> list[str]:
    if isinstance(record, Project):
        return [f"{org.name} ({org.role})" for org in record.organisations]
    return [f"{p.name} ({p.role})" if p.role else p.name for p in record.participants]


def record_values(record: Record, /) -> dict[str, Any]:
    """The flat columns of a record's row (without ``version`` and ``data``)."""
    return {
        **_common(record),
        "id": record.id,
        "countries": list(record.countries),
        "precision": str(record.precision),
        "organisations": _organisations(record),
        "geom": record.geometry,
    }


def location_values(record: Record, /) -> list[dict[str, Any]]:
    """The columns of a record's location rows, one dict per location, in order."""
    common = _common(record)
    return [
        {
            **common,
            "record_id": record.id,
            "position": position,
            "name": location.name,
            "precision": str(location.precision),
            "country": location.country,
            "geom": location.geometry,
        }
        for position, location in enumerate(record.locations)
    ]


# --- what a batch writes ------------------------------------------------------------------------


class Write(NamedTuple):
    """A record to write: a new one (``old`` is ``None``) or a changed one."""

    new: Serialised
    version: int
    """The version it is written at."""
    old: dict[str, Any] | None
    """The stored JSON it replaces."""

    @property
    def action(self) -> Action:
        return "added" if self.old is None else "updated"

    def history(self) -> tuple[str, int, str, str]:
        """``(record_id, version, action, changes)`` of the history entry for this write."""
        return history_entry(self.new.record.id, self.version, self.action, self.old, self.new.data)


def plan(
    batch: Iterable[Serialised],
    stored: dict[str, tuple[dict[str, Any], int]],
    /,
    *,
    replace: bool,
) -> list[Write]:
    """The writes that store ``batch``, given the stored ``(data, version)`` of its ids.

    New records are written at version 1; changed ones (with ``replace``) one version up;
    records equal to the stored ones are left out. An id that is stored is a
    :class:`DuplicateRecordError` without ``replace``.
    """
    batch = list(batch)
    if stored and not replace:
        raise DuplicateRecordError([item.record.id for item in batch if item.record.id in stored])
    writes = []
    for item in batch:
        old = stored.get(item.record.id)
        if old is None:
            writes.append(Write(item, 1, None))
        elif old[0] != item.data:
            writes.append(Write(item, old[1] + 1, old[0]))
    return writes


def version_conflict(id: str, expected: int, stored: int, /) -> ConflictError:
    """The refusal of an edit that started from an older version than the stored one."""
    return ConflictError(
        f"record {id} was changed while you edited it: you started from version {expected}, "
        f"the store has version {stored}; reload it and apply your changes again"
    )


def id_taken(id: str, /) -> ConflictError:
    """The refusal to restore a record whose id a new record has taken since."""
    return ConflictError(
        f"cannot restore record {id}: a new record with the id {id} was added after it was "
        "deleted; delete the new one (or save it under another id) first"
    )


# --- history ------------------------------------------------------------------------------------


def field_changes(old: dict[str, Any] | None, new: dict[str, Any] | None, /) -> list[FieldChange]:
    """The top-level fields whose JSON differs between two versions of a record, in field order.

    ``None`` for a side is no record (before an addition, after a deletion).
    """
    old, new = old or {}, new or {}
    fields = [*new, *(name for name in old if name not in new)]
    return [
        FieldChange(name, old.get(name), new.get(name))
        for name in fields
        if old.get(name) != new.get(name)
    ]


def history_entry(
    id: str, version: int, action: Action, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> tuple[str, int, str, str]:
    """``(record_id, version, action, changes)``: a history row but for who and when.

    ``changes`` is a JSON array of ``{"field", "old", "new"}`` objects (an array, not an object
    keyed by field, so that the fields keep their order in PostgreSQL's jsonb too).
    """
    changes = [{"field": c.field, "old": c.old, "new": c.new} for c in field_changes(old, new)]
    return id, version, action, json.dumps(changes, ensure_ascii=False, separators=(",", ":"))


def as_utc(value: str | dt.datetime, /) -> dt.datetime:
    """A stored timestamp (ISO text, or a database's aware datetime) as an aware UTC datetime."""
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def change(
    id: str,
    version: int,
    action: Action,
    user: str,
    at: str | dt.datetime,
    changes: str | list[dict[str, Any]],
    /,
) -> Change:
    """A :class:`Change` from the columns of a stored history row."""
    items = json.loads(changes) if isinstance(changes, str) else changes
    fields = tuple(FieldChange(item["field"], item.get("old"), item.get("new")) for item in items)
    return Change(id, int(version), action, user, as_utc(at), fields)


# --- reads ------------------------------------------------------------------------------------


class SharedReads:
    """The reads both backends answer with the same SQL, given their parameter mark (``?`` or
    ``%s``), their ``_query`` (rows of a statement, database errors as :class:`StoreError`)
    and their ``_load`` (a record from stored JSON)."""

    _mark: str

    def _query(self, statement: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _load(self, id: str, data: Any) -> Record:
        raise NotImplementedError

    def get(self, id: str, /) -> Record | None:
        found = self._query(f"SELECT data FROM records WHERE id = {self._mark}", (id,))
        return self._load(id, found[0][0]) if found else None

    def version(self, id: str, /) -> int | None:
        found = self._query(f"SELECT version FROM records WHERE id = {self._mark}", (id,))
        return int(found[0][0]) if found else None

    def count(self) -> int:
        return int(self._query("SELECT count(*) FROM records")[0][0])

    def revision(self) -> int:
        return int(self._query("SELECT value FROM meta WHERE key = 'revision'")[0][0])

    def deleted(self) -> list[DeletedRecord]:
        found = self._query(
            "SELECT id, data, deleted_at, deleted_by FROM deleted_records ORDER BY fid DESC"
        )
        return [DeletedRecord(self._load(id, data), as_utc(at), by) for id, data, at, by in found]

    def history(self, id: str, /) -> list[Change] | None:
        found = self._query(
            "SELECT record_id, version, action, changed_by, changed_at, changes FROM history "
            f"WHERE record_id = {self._mark} ORDER BY fid",
            (id,),
        )
        if not found and self.version(id) is None:
            return None
        return [change(*row) for row in found]

    def cache_get(self, key: str, /) -> dict[str, Any] | None:
        found = self._query(f"SELECT value FROM geocode_cache WHERE key = {self._mark}", (key,))
        if not found:
            return None
        value = found[0][0]
        return json.loads(value) if isinstance(value, str) else value
