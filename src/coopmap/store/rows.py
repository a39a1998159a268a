"""What the store backends share about rows: records as JSON and column values, what a batch
writes, and the history of changes.

Both backends keep a record's full JSON (what coopmap reads back) beside flat columns derived
from it, and write a history entry per change in the same transaction. A record is validated
once on the way in (:func:`serialise` validates only one not made by validation) and not again
on the way out (:func:`load_many` rebuilds the store's own JSON with
:mod:`coopmap.model.trusted`). The column values here
are plain Python (lists, booleans, shapely geometries); each backend turns them into what its
database holds (joined text and GeoPackage blobs, or arrays and WKB); the statements that
write and read them are :mod:`coopmap.store.sqlstore`'s.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import pydantic_core

from coopmap.errors import ConflictError, DuplicateRecordError, StoreError, ValidationError
from coopmap.model import Event, Project, Record, record_from_dict
from coopmap.model.bulk import paused_gc
from coopmap.model.records import is_validated
from coopmap.model.trusted import records_from_stored
from coopmap.store.base import Action, AddResult, Change, FieldChange

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


def dumps(value: Any, /, *, allow_nan: bool = True) -> str:
    """Compact JSON text, as the stores keep it (non-ASCII characters as they are).

    Written by pydantic's core (the same text as ``json.dumps`` with compact separators, several
    times faster); without ``allow_nan`` a number that is not finite is a :class:`ValueError`.
    """
    text = pydantic_core.to_json(value, inf_nan_mode="constants").decode()
    if not allow_nan and ("NaN" in text or "Infinity" in text):  # or only inside a string
        json.dumps(value, allow_nan=False)  # raises ValueError for a number that is not finite
    return text


def loads(text: str | bytes, /) -> Any:
    """The value of JSON text, parsed by pydantic's core (faster than ``json.loads``)."""
    return pydantic_core.from_json(text, allow_inf_nan=True)  # as json.loads: NaN is read


def json_value(value: Any, /) -> Any:
    """A stored JSON value: parsed from text (SQLite), or as the driver parsed it (jsonb)."""
    return loads(value) if isinstance(value, str) else value


class Serialised(NamedTuple):
    """A record with its JSON text (what is stored) and the JSON value of that text."""

    record: Record
    text: str
    data: dict[str, Any]


# A NUL character as json.dumps writes it: "\u0000" after an even number of backslashes.
_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


def serialise(record: Record, /) -> Serialised:
    """The record as JSON, after checking that it is valid.

    A record made by validation (:func:`~coopmap.model.records.is_validated`: read from a file,
    built by its class, read from a store) is not validated again; one built past validation
    (``model_construct``, ``model_copy(update=...)``) must validate back into an equal record.
    Values no backend can keep alike are refused here, before any write: numbers that are not
    finite (JSON has no NaN; PostgreSQL's jsonb refuses it) and NUL characters (PostgreSQL
    refuses them; GDAL cuts text at them).
    """
    data = record.to_dict()
    if not is_validated(record) and record_from_dict(data, where=record.id) != record:
        raise ValidationError("does not survive a round trip through JSON", record=record.id)
    try:
        text = dumps(data, allow_nan=False)
    except ValueError as err:
        raise ValidationError(
            "holds a number that is not finite (NaN or infinity), which a store cannot keep",
            record=record.id,
        ) from err
    if "\\u0000" in text and _NUL.search(text):
        raise ValidationError("holds a NUL character, which a store cannot keep", record=record.id)
    return Serialised(record, text, data)


def load(id: str, data: str | dict[str, Any], /, *, where: str) -> Record:
    """The record in stored JSON (text or parsed); a :class:`StoreError` when it is not valid."""
    return load_many([(id, data)], where=where)[0]


def load_many(found: Iterable[tuple[str, str | dict[str, Any]]], /, *, where: str) -> list[Record]:
    """The records in stored ``(id, JSON)`` rows, in order, built without validating them again
    (:mod:`coopmap.model.trusted`: the store wrote them from valid records). Should the batch
    not build so (JSON from an older coopmap, or edited by another program), each record is
    validated, and one that is not valid is a :class:`StoreError`."""
    with paused_gc():
        found = [(id, json_value(data)) for id, data in found]
        try:
            return records_from_stored([data for _, data in found])
        except (KeyError, ValueError, TypeError, AttributeError, IndexError) as err:
            log.debug("validating the records read from %s: %r", where, err)
    records = []
    for id, data in found:
        try:
            records.append(record_from_dict(data, where=id))
        except (ValueError, TypeError) as err:
            raise StoreError(f"the stored record {id} in {where} is not valid: {err}") from err
    return records


# --- records as column values -------------------------------------------------------------------


def _common(record: Record) -> tuple[Any, ...]:
    """The attributes the records and locations tables share, in :data:`COMMON` order."""
    return (
        record.kind,
        record.title,
        [str(sector) for sector in record.sectors],
        str(record.status) if isinstance(record, Project) else None,
        str(record.event_type) if isinstance(record, Event) else None,
        str(record.start) if record.start else None,
        str(record.end) if record.end else None,
        record.draft,
    )


COMMON = ("kind", "title", "sectors", "status", "event_type", "start_date", "end_date", "draft")
"""The columns of :func:`_common`."""
RECORD_VALUES = ("id", *COMMON, "countries", "precision", "organisations", "geom")
"""The columns of :func:`record_values`, in order."""
LOCATION_VALUES = ("record_id", "position", "name", "precision", "country", *COMMON, "geom")
"""The columns of :func:`location_values`, in order."""


def _organisations(record: Record) -> list[str]:
    if isinstance(record, Project):
        return [f"{org.name} ({org.role})" for org in record.organisations]
    return [f"{p.name} ({p.role})" if p.role else p.name for p in record.participants]


def record_values(record: Record, /) -> tuple[Any, ...]:
    """The flat columns of a record's row (without ``version`` and ``data``), in
    :data:`RECORD_VALUES` order."""
    return (
        record.id,
        *_common(record),
        list(record.countries),
        str(record.precision),
        _organisations(record),
        record.geometry,
    )


def location_values(record: Record, /) -> list[tuple[Any, ...]]:
    """The columns of a record's location rows, one tuple per location in
    :data:`LOCATION_VALUES` order, in the locations' order."""
    common = _common(record)
    return [
        (
            record.id,
            position,
            location.name,
            str(location.precision),
            location.country,
            *common,
            location.geometry,
        )
        for position, location in enumerate(record.locations)
    ]


def columns(names: Sequence[str], values: Sequence[Sequence[Any]], /) -> dict[str, list[Any]]:
    """Rows of values (each in ``names``' order) as one list per column, by name."""
    if not values:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*values, strict=True)), strict=True))


# --- what a batch writes ------------------------------------------------------------------------


class Write(NamedTuple):
    """A record to write: a new one (``old`` is ``None``), a changed one, or a restored one."""

    new: Serialised
    version: int
    """The version it is written at."""
    old: dict[str, Any] | None
    """The stored JSON it replaces."""
    restored: bool = False
    """A deleted record brought back (new, but its history says so)."""

    @property
    def action(self) -> Action:
        if self.restored:
            return "restored"
        return "added" if self.old is None else "updated"

    def history(self) -> dict[str, Any]:
        """The history entry for this write, but for who and when (see :func:`history_entry`)."""
        return history_entry(self.new.record.id, self.version, self.action, self.old, self.new.data)


def plan(
    batch: Iterable[Serialised],
    stored: dict[str, tuple[str | dict[str, Any], int]],
    /,
    *,
    replace: bool,
) -> list[Write]:
    """The writes that store ``batch``, given the stored ``(data, version)`` of its ids (data
    as JSON text or parsed: :func:`json_value`).

    New records are written at version 1; changed ones (with ``replace``) one version up;
    records equal to the stored ones are left out: stored text the same as the record's is
    the same record, without parsing either; other text is parsed and compared by value (JSON
    written by another program, or an older coopmap, may differ in its spelling alone). An id
    that is stored is a :class:`DuplicateRecordError` without ``replace``.
    """
    batch = list(batch)
    if stored and not replace:
        raise DuplicateRecordError([item.record.id for item in batch if item.record.id in stored])
    writes = []
    for item in batch:
        old = stored.get(item.record.id)
        if old is None:
            writes.append(Write(item, 1, None))
            continue
        data, version = old
        if data == item.text:
            continue
        data = json_value(data)
        if data != item.data:
            writes.append(Write(item, version + 1, data))
    return writes


def add_result(batch: Iterable[Record], writes: Iterable[Write], /) -> AddResult:
    """What a batch's ``writes`` (from :func:`plan`) did to each of its records, in its order."""
    actions = {write.new.record.id: write.action for write in writes}
    ids = [record.id for record in batch]
    return AddResult(
        added=tuple(id for id in ids if actions.get(id) == "added"),
        updated=tuple(id for id in ids if actions.get(id) == "updated"),
        unchanged=tuple(id for id in ids if id not in actions),
    )


def check_versions(stored: dict[str, tuple[Any, int]], expected: Mapping[str, int], /) -> None:
    """Raise a :class:`ConflictError` for the first id not stored at its ``expected`` version
    (``0``: not stored), given the stored ``(data, version)`` of the batch's ids."""
    for id, version in expected.items():
        found = stored[id][1] if id in stored else 0
        if found != version:
            raise version_conflict(id, version, found)


def version_conflict(id: str, expected: int, stored: int, /) -> ConflictError:
    """The refusal of an edit that started from an older version than the stored one."""
    return ConflictError(
        f"record {id} was changed while you edited it: you started from version {expected}, "
        f"the store has version {stored}; reload it and apply your changes again"
    )


def deletion_conflict(id: str, expected: int, stored: int, /) -> ConflictError:
    """The refusal to delete a record someone changed after the user saw it."""
    return ConflictError(
        f"record {id} was changed after you saw it: you saw version {expected}, the store has "
        f"version {stored}; nothing was deleted, reload it and delete it again if you still mean to"
    )


def added_meanwhile(detail: str, /) -> ConflictError:
    """The refusal of a batch in which a new record's id was just added by another writer."""
    return ConflictError(
        f"another writer added one of these records meanwhile ({detail}); nothing was written, "
        "try again"
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
) -> dict[str, Any]:
    """The columns ``record_id``, ``version``, ``action`` and ``changes`` of a history row: all
    but who and when.

    ``changes`` is a JSON array of ``{"field", "old", "new"}`` objects (an array, not an object
    keyed by field, so that the fields keep their order in PostgreSQL's jsonb too).
    """
    if old is None and new is not None:  # an addition: every field is new (the common case)
        changes = [{"field": k, "old": None, "new": v} for k, v in new.items() if v is not None]
    else:
        changes = [{"field": c.field, "old": c.old, "new": c.new} for c in field_changes(old, new)]
    return {"record_id": id, "version": version, "action": action, "changes": dumps(changes)}


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
    items = json_value(changes)
    fields = tuple(FieldChange(item["field"], item.get("old"), item.get("new")) for item in items)
    return Change(id, int(version), action, user, as_utc(at), fields)
