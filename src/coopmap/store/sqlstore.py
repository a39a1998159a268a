"""The :class:`~coopmap.store.base.Store` protocol in SQL, written once for both backends.

:class:`SQLStore` reads and writes records, their locations, their history and the deleted
ones with the statements of its backend's :class:`~coopmap.store.dialect.Dialect`. A backend
(:mod:`~coopmap.store.gpkg`, :mod:`~coopmap.store.postgis`) adds what is its own: connecting,
migrating, ``_transaction`` (one write transaction, yielding what statements run on) and
``_query`` (the rows of a read), both turning database errors into
:class:`~coopmap.errors.StoreError`.

Every write reads the rows it is about to change inside its transaction, with the dialect's
lock (PostgreSQL's ``FOR UPDATE``; SQLite's write transaction locks the whole file), so a
version check and the write it guards are one step: of two writers of a record, the second
sees the first one's version.
"""

from __future__ import annotations

import logging
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar

from coopmap.errors import ConflictError, DuplicateRecordError, RecordNotFoundError
from coopmap.model import Record
from coopmap.model.bulk import paused_gc
from coopmap.query import Filter
from coopmap.store import base, prefilter, rows
from coopmap.store.base import (
    AddResult,
    Change,
    DeletedRecord,
    Store,
    as_record_list,
    repeated_ids,
)
from coopmap.store.dialect import RECORD_COLUMNS, Bind, Dialect, chunks, rows_of

log = logging.getLogger(__name__)

BATCH = 1000
"""Records written per round of ``executemany``."""
BATCH_READ = base.BATCH
"""Records :meth:`SQLStore.batches` reads at once by default."""

_ACTING: ContextVar[str | None] = ContextVar("coopmap_acting_user", default=None)
"""Who the writes of this thread (or task) are made by, inside :meth:`SQLStore.acting`."""


class SQLStore(Store):
    """What both SQL backends do alike; a backend sets :attr:`dialect` and the plumbing."""

    dialect: ClassVar[Dialect]

    def __init__(self, where: str, user: str | None, /) -> None:
        self._where = where
        """The store as messages name it (a path, a URL without its password)."""
        self._user = rows.resolve_user(user)
        self._lock = threading.RLock()

    @property
    def user(self) -> str:
        return _ACTING.get() or self._user

    @contextmanager
    def acting(self, user: str, /) -> Iterator[None]:
        token = _ACTING.set(rows.resolve_user(user))
        try:
            yield
        finally:
            _ACTING.reset(token)

    # --- what a backend provides ---

    def _transaction(self) -> AbstractContextManager[Any]:
        """One write transaction, yielding what statements run on (``execute``,
        ``executemany``): committed when the block ends, rolled back on any error."""
        raise NotImplementedError

    def _query(self, statement: str, params: Mapping[str, Any] | None = None) -> list[Any]:
        """The rows of a read."""
        raise NotImplementedError

    # --- reads ---

    def _load(self, id: str, data: Any) -> Record:
        return rows.load(id, data, where=self._where)

    def _one(self, statement: str, **params: Any) -> Any | None:
        """The first column of the first row of a read, or ``None`` without rows."""
        found = self._query(statement, params)
        return found[0][0] if found else None

    def get(self, id: str, /) -> Record | None:
        data = self._one(f"SELECT data FROM records WHERE id = {self.dialect.param('id')}", id=id)
        return None if data is None else self._load(id, data)

    def get_versioned(self, id: str, /) -> tuple[Record, int] | None:
        p = self.dialect.param
        found = self._query(f"SELECT data, version FROM records WHERE id = {p('id')}", {"id": id})
        if not found:
            return None
        data, version = found[0]
        return self._load(id, data), int(version)

    def version(self, id: str, /) -> int | None:
        p = self.dialect.param
        version = self._one(f"SELECT version FROM records WHERE id = {p('id')}", id=id)
        return None if version is None else int(version)

    def count(self) -> int:
        return int(self._one("SELECT count(*) FROM records"))

    def revision(self) -> int:
        return int(self._one("SELECT value FROM meta WHERE key = 'revision'"))

    def records(self, filter: Filter | None = None) -> list[Record]:
        bind = Bind(self.dialect)
        return self._select(prefilter.conditions(filter, bind), bind, filter)

    def batches(
        self, filter: Filter | None = None, *, size: int = BATCH_READ
    ) -> Iterator[list[Record]]:
        for fids in self._numbers(filter, size):
            found = [(id, data) for id, data, *_ in self._rows_numbered(fids)]
            loaded = rows.load_many(found, where=self._where)
            yield [r for r in loaded if filter is None or filter.matches(r)]

    def stored_batches(
        self, filter: Filter | None = None, *, size: int = BATCH_READ
    ) -> Iterator[base.StoredBatch] | None:
        """What :meth:`batches` gives, in the same batches and order, as the store holds it
        (each record's JSON and its geometry's WKB), or ``None`` when the store's SQL does not
        keep exactly the records ``filter`` keeps (:func:`~coopmap.store.prefilter.exact`):
        records read without being rebuilt, for exports."""
        if not prefilter.exact(filter, self.dialect):
            return None
        return self._stored_batches(filter, size)

    def _stored_batches(self, filter: Filter | None, size: int) -> Iterator[base.StoredBatch]:
        dialect = self.dialect
        for fids in self._numbers(filter, size):
            found = self._rows_numbered(fids, geometry=True)
            with paused_gc():
                data = [rows.json_value(data) for _, data, _ in found]
            yield base.StoredBatch(data, dialect.wkb([geometry for *_, geometry in found]))

    def _numbers(self, filter: Filter | None, size: int) -> Iterator[Sequence[int]]:
        """The numbers of the rows ``filter``'s conditions keep, ``size`` at a time, in the
        order of :meth:`batches`."""
        # The order is read first (the rows' numbers only, sorted by the database, byte by
        # byte as Python compares text), then each batch's rows by their numbers.
        bind = Bind(self.dialect)
        where = prefilter.conditions(filter, bind)
        bytewise = self.dialect.bytewise
        order = self._query(
            f"SELECT fid FROM records WHERE {where} ORDER BY kind{bytewise}, id{bytewise}",
            bind.params,
        )
        fids = array("q", (fid for (fid,) in order))
        del order
        for start in range(0, len(fids), size):
            yield fids[start : start + size]

    def _rows_numbered(
        self, fids: Sequence[int], /, *, geometry: bool = False
    ) -> list[tuple[Any, ...]]:
        """The ``(id, data)`` of the rows numbered ``fids``, in that order (without those
        deleted meanwhile); with ``geometry``, ``(id, data, geometry)`` as the dialect reads
        it back (:attr:`Dialect.geometry_read <coopmap.store.dialect.Dialect.geometry_read>`)."""
        columns = f"fid, id, data, {self.dialect.geometry_read}" if geometry else "fid, id, data"
        by_fid: dict[int, tuple[Any, ...]] = {}
        for part in chunks(fids, self.dialect.list_limit):
            bind = Bind(self.dialect)
            condition = self.dialect.one_of("fid", list(part), bind)
            for fid, *values in self._query(
                f"SELECT {columns} FROM records WHERE {condition}", bind.params
            ):
                by_fid[fid] = tuple(values)
        return [by_fid[fid] for fid in fids if fid in by_fid]

    def _select(self, where: str, bind: Bind, filter: Filter | None) -> list[Record]:
        """The records ``where`` and then ``filter`` keep, in the order they were added."""
        found = self._query(f"SELECT id, data FROM records WHERE {where} ORDER BY fid", bind.params)
        loaded = rows.load_many(found, where=self._where)
        return [r for r in loaded if filter is None or filter.matches(r)]

    def deleted(self) -> list[DeletedRecord]:
        found = self._query(
            "SELECT id, data, deleted_at, deleted_by FROM deleted_records ORDER BY fid DESC"
        )
        loaded = rows.load_many(((id, data) for id, data, _, _ in found), where=self._where)
        return [
            DeletedRecord(record, rows.as_utc(at), by)
            for record, (_, _, at, by) in zip(loaded, found, strict=True)
        ]

    def history(self, id: str, /) -> list[Change] | None:
        found = self._query(
            "SELECT record_id, version, action, changed_by, changed_at, changes FROM history "
            f"WHERE record_id = {self.dialect.param('id')} ORDER BY fid",
            {"id": id},
        )
        if not found and self.version(id) is None:
            return None
        return [rows.change(*row) for row in found]

    def cache_get(self, key: str, /) -> dict[str, Any] | None:
        p = self.dialect.param
        value = self._one(f"SELECT value FROM geocode_cache WHERE key = {p('key')}", key=key)
        return None if value is None else rows.json_value(value)

    # --- writes ---

    def _stored(self, cursor: Any, ids: Iterable[str]) -> dict[str, tuple[Any, int]]:
        """The stored ``(data, version)`` of those ``ids`` that are stored, their rows locked
        until the transaction ends (in one order, so writers cannot deadlock). ``data`` is as
        the driver gives it: JSON text (SQLite), which :func:`~coopmap.store.rows.plan`
        compares with a record's text before it parses it, or parsed (``jsonb``)."""
        stored: dict[str, tuple[Any, int]] = {}
        for chunk in chunks(sorted(ids), self.dialect.list_limit):
            bind = Bind(self.dialect)
            found = cursor.execute(
                "SELECT id, data, version FROM records WHERE "
                f"{self.dialect.one_of('id', chunk, bind)} ORDER BY id{self.dialect.lock}",
                bind.params,
            )
            for id, data, version in found.fetchall():
                stored[id] = (data, int(version))
        return stored

    def _write(self, cursor: Any, writes: list[rows.Write]) -> None:
        """Write records, their locations and their history, inside the caller's transaction:
        each batch's rows made a column at a time (:meth:`Dialect.encode_columns`)."""
        dialect = self.dialect
        when = dialect.now()
        for start in range(0, len(writes), BATCH):
            part = writes[start : start + BATCH]
            new = [write for write in part if write.old is None]
            changed = [write for write in part if write.old is not None]
            if new:
                dialect.insert_columns(cursor, "records", self._record_columns(new, when))
            if changed:
                updated = rows_of(RECORD_COLUMNS, self._record_columns(changed, when))
                cursor.executemany(dialect.update_record, updated)
                old = [{"record_id": row["id"]} for row in updated]
                cursor.executemany(dialect.delete_locations, old)
            located = [values for w in part for values in rows.location_values(w.new.record)]
            if located:
                locations = rows.columns(rows.LOCATION_VALUES, located)
                dialect.insert_columns(cursor, "locations", dialect.encode_columns(locations))
            entries = [write.history() for write in part]
            history = {
                name: [entry[name] for entry in entries]
                for name in ("record_id", "version", "action", "changes")
            }
            history |= {"changed_by": [self.user] * len(part), "changed_at": [when] * len(part)}
            dialect.insert_columns(cursor, "history", history)

    def _record_columns(self, writes: list[rows.Write], when: Any) -> dict[str, list[Any]]:
        """The encoded columns of the records' rows."""
        found = rows.columns(rows.RECORD_VALUES, [rows.record_values(w.new.record) for w in writes])
        found |= {
            "version": [write.version for write in writes],
            "updated_at": [when] * len(writes),
            "data": [write.new.text for write in writes],
        }
        return self.dialect.encode_columns(found)

    def _history_row(self, entry: dict[str, Any], when: Any) -> dict[str, Any]:
        return {**entry, "changed_by": self.user, "changed_at": when}

    @contextmanager
    def _inserting(self, conflict: Callable[[str], ConflictError]) -> Iterator[None]:
        """Raise ``conflict(detail)`` for an INSERT meeting a record just added by another
        writer (the transaction is rolled back)."""
        try:
            yield
        except Exception as err:
            detail = self.dialect.duplicate_key(err)
            if detail is None:
                raise
            raise conflict(detail) from err

    def add(
        self,
        records: Iterable[Record] | Record,
        /,
        *,
        replace: bool = False,
        expected_versions: Mapping[str, int] | None = None,
    ) -> AddResult:
        batch = as_record_list(records)
        if repeated := repeated_ids(batch):
            raise DuplicateRecordError(repeated, reason="occur more than once in the batch")
        with paused_gc():
            serialised = [rows.serialise(record) for record in batch]
            with self._transaction() as cursor:
                stored = self._stored(cursor, (record.id for record in batch))
                rows.check_versions(stored, expected_versions or {})
                writes = rows.plan(serialised, stored, replace=replace)
                with self._inserting(rows.added_meanwhile):
                    self._write(cursor, writes)
        result = rows.add_result(batch, writes)
        log.info(
            "added %d, updated %d of %d records in %s",
            len(result.added),
            len(result.updated),
            len(batch),
            self._where,
        )
        return result

    def update(self, record: Record, /, *, expected_version: int) -> int:
        item = rows.serialise(record)
        with self._transaction() as cursor:
            stored = self._stored(cursor, [record.id]).get(record.id)
            if stored is None:
                raise RecordNotFoundError(f"there is no record {record.id} to update")
            raw, version = stored
            if version != expected_version:
                raise rows.version_conflict(record.id, expected_version, version)
            data = rows.json_value(raw)
            if data == item.data:
                return version
            self._write(cursor, [rows.Write(item, version + 1, data)])
        log.info("updated %s to version %d", record.id, version + 1)
        return version + 1

    def delete(self, id: str, /, *, expected_version: int | None = None) -> None:
        dialect = self.dialect
        with self._transaction() as cursor:
            stored = self._stored(cursor, [id]).get(id)
            if stored is None:
                raise RecordNotFoundError(f"there is no record {id} to delete")
            raw, version = stored
            if expected_version is not None and version != expected_version:
                raise rows.deletion_conflict(id, expected_version, version)
            data = rows.json_value(raw)
            when = dialect.now()
            kept = {"id": id, "version": version, "data": rows.dumps(data)}
            cursor.execute(
                dialect.insert_deleted, {**kept, "deleted_at": when, "deleted_by": self.user}
            )
            entry = rows.history_entry(id, version, "deleted", data, None)
            cursor.execute(dialect.insert_history, self._history_row(entry, when))
            cursor.execute(dialect.delete_locations, {"record_id": id})
            cursor.execute(dialect.delete_record, {"id": id})
        log.info("deleted %s at version %d", id, version)

    def restore(self, id: str, /) -> Record:
        p = self.dialect.param
        with self._transaction() as cursor:
            # Locked, so that of two people restoring it at once the second finds nothing.
            row = cursor.execute(
                f"SELECT fid, version, data FROM deleted_records WHERE id = {p('id')} "
                f"ORDER BY fid DESC LIMIT 1{self.dialect.lock}",
                {"id": id},
            ).fetchone()
            if row is None:
                raise RecordNotFoundError(f"there is no deleted record {id} to restore")
            fid, version, data = row
            if cursor.execute(f"SELECT 1 FROM records WHERE id = {p('id')}", {"id": id}).fetchone():
                raise rows.id_taken(id)
            item = rows.serialise(self._load(id, data))
            with self._inserting(lambda _: rows.id_taken(id)):  # added by someone else just now
                self._write(cursor, [rows.Write(item, version + 1, None, restored=True)])
            cursor.execute(f"DELETE FROM deleted_records WHERE fid = {p('fid')}", {"fid": fid})
        log.info("restored %s at version %d", id, version + 1)
        return item.record

    def cache_put(self, key: str, value: dict[str, Any], /) -> None:
        params = {"key": key, "value": rows.dumps(value), "updated_at": self.dialect.now()}
        with self._transaction() as cursor:
            cursor.execute(self.dialect.put_cache, params)
