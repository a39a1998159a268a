"""The team store: a PostgreSQL database with PostGIS, which several app instances share.

It keeps the same :class:`~coopmap.store.base.Store` contract as the embedded GeoPackage, in
the tables of :mod:`coopmap.store.pg_schema`:

``records``
    one row per record: the record's full JSON in ``data`` (what coopmap reads back), flat
    columns derived from it on every write for SQL and GIS users, and the record's geometry
    (the single location, or a GeometryCollection) in ``geom``, SRID 4326.
``locations``
    one row per location with the record's main attributes; its GIST index answers
    :meth:`PostGISStore.records_in` (bounding boxes, countries) inside the database.
``geocode_cache``, ``meta``, ``schema_version``
    the online geocoder's answers, the revision counter, the applied migrations.

Every write is one transaction. Edits are optimistic: :meth:`PostGISStore.update` writes only
where the row is still at the version the editor started from, so of two people saving the
same record the second gets a :class:`~coopmap.errors.ConflictError` and nothing is lost.
Triggers bump the revision on every change to ``records``, whichever connection makes it.

psycopg is imported here only; :func:`coopmap.store.open_store` imports this module for
``postgresql://`` URLs alone, so the embedded store never loads the driver.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import shapely
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from shapely.geometry.base import BaseGeometry

from coopmap.errors import ConflictError, DuplicateRecordError, RecordNotFoundError, StoreError
from coopmap.model import Record
from coopmap.query import Filter
from coopmap.store import pg_schema, rows
from coopmap.store.base import (
    Store,
    as_record_list,
    redact,
    repeated_ids,
)

log = logging.getLogger(__name__)

SRID = 4326
_BATCH = 1000  # records per round of executemany
_MIGRATION_LOCK = 0x636F6F706D6170  # "coopmap": one migrating connection per database

_RECORD_COLUMNS = (
    "id", "kind", "title", "sectors", "status", "event_type", "start_date", "end_date",
    "countries", "precision", "organisations", "draft", "version", "data", "geom",
)  # fmt: skip
_LOCATION_COLUMNS = (
    "record_id", "position", "name", "precision", "country", "kind", "title", "sectors",
    "status", "event_type", "start_date", "end_date", "draft", "geom",
)  # fmt: skip


def _placeholder(column: str) -> str:
    if column == "geom":
        return f"ST_GeomFromWKB(%b, {SRID})"
    return "%s::jsonb" if column == "data" else "%s"


_INSERT_RECORD = (
    f"INSERT INTO records ({', '.join(_RECORD_COLUMNS)}) "
    f"VALUES ({', '.join(map(_placeholder, _RECORD_COLUMNS))})"
)
_UPDATE_RECORD = (
    "UPDATE records SET "
    + ", ".join(f"{column} = {_placeholder(column)}" for column in _RECORD_COLUMNS[1:])
    + ", updated_at = now() WHERE id = %s AND version = %s"
)
_INSERT_LOCATION = (
    f"INSERT INTO locations ({', '.join(_LOCATION_COLUMNS)}) "
    f"VALUES ({', '.join(map(_placeholder, _LOCATION_COLUMNS))})"
)
_INSERT_HISTORY = (
    "INSERT INTO history (record_id, version, action, changes, changed_by) "
    "VALUES (%s, %s, %s, %s::jsonb, %s)"
)


# --- rows ----------------------------------------------------------------------------------


def _wkb(geometry: BaseGeometry | None) -> bytes | None:
    if geometry is None:
        return None
    return shapely.to_wkb(geometry, output_dimension=2, byte_order=1, flavor="iso")


def _column(value: Any) -> Any:
    """A column value as psycopg sends it: geometries as WKB, organisations as one text."""
    return _wkb(value) if isinstance(value, BaseGeometry) else value


def _record_row(item: rows.Serialised, version: int) -> tuple[Any, ...]:
    row = {**rows.record_values(item.record), "version": version, "data": item.text}
    row["organisations"] = ";".join(row["organisations"]) or None
    return tuple(_column(row[column]) for column in _RECORD_COLUMNS)


def _update_row(item: rows.Serialised, version: int) -> tuple[Any, ...]:
    """Parameters of ``_UPDATE_RECORD``: the new values, then the id and the stored version."""
    return (*_record_row(item, version + 1)[1:], item.record.id, version)


def _location_rows(record: Record) -> list[tuple[Any, ...]]:
    return [
        tuple(_column(values[column]) for column in _LOCATION_COLUMNS)
        for values in rows.location_values(record)
    ]


def _prefilter(filter: Filter) -> tuple[str, list[Any]]:
    """SQL conditions that keep at least every record ``filter`` keeps (it is applied after)."""
    clauses: list[str] = []
    params: list[Any] = []

    def one_of(column: str, values: Iterable[object]) -> str:
        params.append(sorted(str(value) for value in values))
        return f"{column} = ANY(%s)"

    if filter.ids:
        clauses.append(one_of("id", filter.ids))
    if filter.kinds:
        clauses.append(one_of("kind", filter.kinds))
    if not filter.include_drafts:
        clauses.append("NOT draft")
    if filter.statuses and filter.as_of is None:  # as of a day: that day's status, in Python
        clauses.append("kind = 'project' AND " + one_of("status", filter.statuses))
    if filter.precisions:
        clauses.append(one_of("precision", filter.precisions))
    if filter.no_sectors:
        clauses.append("sectors = '{}'")
    if filter.sectors:
        # Records without sectors (events) pass a sector filter.
        clauses.append("sectors = '{}' OR sectors && %s::text[]")
        params.append(sorted(str(sector) for sector in filter.sectors))
    if filter.countries:
        clauses.append(
            "countries && %s::text[] OR EXISTS (SELECT FROM locations AS l "
            "WHERE l.record_id = records.id AND l.country = ANY(%s))"
        )
        params += [sorted(filter.countries)] * 2
    # Partial dates as text sort like the first day they cover (the columns collate as "C");
    # the last day a date covers is on or after ``lo`` when the date is at or after ``lo`` cut
    # to the date's own length.
    if filter.end is not None:
        clauses.append("COALESCE(start_date, end_date) <= %s")
        params.append(filter.end.isoformat())
    if filter.start is not None:
        clauses.append(
            "COALESCE(end_date, start_date) >= "
            "substr(%s, 1, length(COALESCE(end_date, start_date)))"
        )
        params.append(filter.start.isoformat())
    return " AND ".join(f"({clause})" for clause in clauses) or "true", params


# --- connecting and migrating ----------------------------------------------------------------


def _connect(url: str, *, connect_timeout: float, timeout: float) -> psycopg.Connection:
    options: dict[str, Any] = {"connect_timeout": max(1, round(connect_timeout))}
    if "application_name" not in conninfo_to_dict(url):
        options["application_name"] = "coopmap"
    conn = psycopg.connect(url, autocommit=True, **options)
    try:
        # How long a write waits for another writer's lock before it fails.
        conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{int(timeout * 1000)}",))
    except BaseException:
        conn.close()
        raise
    return conn


def _missing_database(err: psycopg.OperationalError) -> bool:
    return bool(re.search(r'database ".*" does not exist', str(err)))


def _create_database(url: str, *, connect_timeout: float, where: str) -> None:
    name = conninfo_to_dict(url).get("dbname")
    if not name:
        raise StoreError(f"{where} names no database to create")
    try:
        with psycopg.connect(
            url, dbname="postgres", autocommit=True, connect_timeout=max(1, round(connect_timeout))
        ) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(str(name))))
    except psycopg.errors.DuplicateDatabase:
        pass  # someone else made it meanwhile
    except psycopg.Error as err:
        raise StoreError(
            f"the database of {where} does not exist and cannot be created: {err}"
        ) from err
    log.info("created database %s", name)


def _exists(conn: psycopg.Connection, table: str) -> bool:
    row = conn.execute(
        "SELECT to_regclass(format('%%I.%%I', current_schema(), %s::text)) IS NOT NULL", (table,)
    ).fetchone()
    return bool(row and row[0])


def _ensure_postgis(conn: psycopg.Connection, where: str) -> None:
    if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone():
        return
    try:
        with conn.transaction():  # a savepoint: the error message below is the useful one
            conn.execute("CREATE EXTENSION postgis")
    except psycopg.Error as err:
        raise StoreError(
            f"{where} has no PostGIS extension and coopmap cannot add it ({err}); install "
            "PostGIS on the server and have the database's owner run CREATE EXTENSION postgis"
        ) from err
    log.info("added the PostGIS extension to %s", where)


def migrate(
    conn: psycopg.Connection, /, *, create: bool = False, where: str = "the database"
) -> int:
    """Bring the schema up to date in one transaction; return the version it is at.

    Applies every migration of :data:`coopmap.store.pg_schema.MIGRATIONS` the database lacks,
    in order. Without ``create`` a database with no coopmap tables is refused; one with a newer
    schema than this coopmap knows always is.
    """
    latest = pg_schema.latest()
    with conn.transaction():
        # Two app instances starting at once: the second waits, then finds nothing to do.
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        if _exists(conn, "schema_version"):
            row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
            current = int(row[0]) if row else 0
        elif _exists(conn, "records"):
            raise StoreError(f"{where} has a records table but is not a coopmap store")
        elif not create:
            raise StoreError(f"there is no store at {where}; create one with create=True")
        else:
            _ensure_postgis(conn, where)
            conn.execute(pg_schema.SCHEMA_VERSION_TABLE)
            current = 0
        if current > latest:
            raise StoreError(
                f"{where} has schema version {current}, newer than this coopmap's {latest}: "
                "upgrade coopmap to open it"
            )
        for migration in pg_schema.MIGRATIONS[current:]:
            try:
                conn.execute(migration.sql)
            except psycopg.Error as err:
                raise StoreError(
                    f"cannot bring {where} to schema version {migration.version} "
                    f"({migration.description}): {err}"
                ) from err
            conn.execute(
                "INSERT INTO schema_version (version, description) VALUES (%s, %s)",
                (migration.version, migration.description),
            )
            log.info(
                "%s: applied migration %d, %s", where, migration.version, migration.description
            )
    return max(current, latest)


# --- the store ---------------------------------------------------------------------------------


class PostGISStore(rows.SharedReads, Store):
    """A :class:`~coopmap.store.base.Store` in a PostgreSQL database with PostGIS.

    Parameters
    ----------
    url
        A libpq URL, ``postgresql://user:password@host:port/database?options``.
    create
        Add coopmap's tables (and the PostGIS extension, and the database itself) when they
        are not there yet.
    timeout
        Seconds a write waits for another writer's lock before it fails.
    connect_timeout
        Seconds to wait for the server when connecting.
    user
        Who the changes are recorded under (default: ``$COOPMAP_USER``, else the login name).
    """

    _mark = "%s"

    def __init__(
        self,
        url: str,
        /,
        *,
        create: bool = False,
        timeout: float = 10.0,
        connect_timeout: float = 10.0,
        user: str | None = None,
    ) -> None:
        self._url = url
        self._where = redact(url)
        self._user = rows.resolve_user(user)
        self._timeouts = {"timeout": timeout, "connect_timeout": connect_timeout}
        self._lock = threading.RLock()
        try:
            conn = _connect(url, **self._timeouts)
        except psycopg.OperationalError as err:
            if not (create and _missing_database(err)):
                raise StoreError(f"cannot connect to {self._where}: {err}") from err
            _create_database(url, connect_timeout=connect_timeout, where=self._where)
            try:
                conn = _connect(url, **self._timeouts)
            except psycopg.Error as again:
                raise StoreError(f"cannot connect to {self._where}: {again}") from again
        except psycopg.Error as err:
            raise StoreError(f"cannot connect to {self._where}: {err}") from err
        self._conn: psycopg.Connection | None = conn
        try:
            migrate(conn, create=create, where=self._where)
        except psycopg.Error as err:
            conn.close()
            raise StoreError(f"cannot open {self._where}: {err}") from err
        except BaseException:
            conn.close()
            raise

    def __repr__(self) -> str:
        return f"PostGISStore({self._where!r})"

    @property
    def url(self) -> str:
        return self._url

    @property
    def user(self) -> str:
        return self._user

    # --- plumbing ---

    def _connection(self) -> psycopg.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self._where} is closed")
        if self._conn.broken:  # the server restarted or the network dropped: try once more
            log.warning("lost the connection to %s; reconnecting", self._where)
            try:
                self._conn = _connect(self._url, **self._timeouts)
            except psycopg.Error as err:
                raise StoreError(f"cannot connect to {self._where}: {err}") from err
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[psycopg.Cursor[Any]]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction(), conn.cursor() as cursor:
                    yield cursor
            except psycopg.Error as err:
                raise StoreError(f"cannot write to {self._where}: {err}") from err

    def _query(self, statement: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        params = tuple(params)
        with self._lock:
            conn = self._connection()
            try:
                return conn.execute(statement, params).fetchall()
            except psycopg.Error as err:
                if not conn.broken:
                    raise StoreError(f"cannot read {self._where}: {err}") from err
            # The connection died under the read (a server restart): reconnect and read again.
            try:
                return self._connection().execute(statement, params).fetchall()
            except psycopg.Error as err:
                raise StoreError(f"cannot read {self._where}: {err}") from err

    def _load(self, id: str, data: Any) -> Record:
        return rows.load(id, data, where=self._where)

    def _select(self, where: str, params: list[Any], filter: Filter | None) -> list[Record]:
        found = self._query(f"SELECT id, data FROM records WHERE {where} ORDER BY fid", params)
        loaded = (self._load(id, data) for id, data in found)
        return [r for r in loaded if filter is None or filter.matches(r)]

    # --- the protocol ---

    def records(self, filter: Filter | None = None) -> list[Record]:
        where, params = _prefilter(filter) if filter is not None else ("true", [])
        return self._select(where, params, filter)

    def records_in(self, area: BaseGeometry, /, filter: Filter | None = None) -> list[Record]:
        """The records ``filter`` keeps with a location that intersects ``area``, in order.

        The spatial test runs in the database, on the GIST index of ``locations``.
        """
        where, params = _prefilter(filter) if filter is not None else ("true", [])
        spatial = (
            "id IN (SELECT record_id FROM locations "
            f"WHERE ST_Intersects(geom, ST_GeomFromWKB(%b, {SRID})))"
        )
        return self._select(f"({where}) AND {spatial}", [*params, _wkb(area)], filter)

    def add(self, records: Iterable[Record] | Record, /, *, replace: bool = False) -> int:
        batch = as_record_list(records)
        if repeated := repeated_ids(batch):
            raise DuplicateRecordError(repeated, reason="occur more than once in the batch")
        serialised = [rows.serialise(record) for record in batch]
        with self._write() as cursor:
            # Locked until the end of the transaction, in one order so writers cannot deadlock.
            stored = {
                id: (data, version)
                for id, data, version in cursor.execute(
                    "SELECT id, data, version FROM records WHERE id = ANY(%s) "
                    "ORDER BY id FOR UPDATE",
                    (sorted(record.id for record in batch),),
                )
            }
            writes = rows.plan(serialised, stored, replace=replace)
            for start in range(0, len(writes), _BATCH):
                self._flush(cursor, writes[start : start + _BATCH])
        log.info("added or updated %d of %d records in %s", len(writes), len(batch), self._where)
        return len(writes)

    def _flush(self, cursor: psycopg.Cursor[Any], writes: list[rows.Write]) -> None:
        """Write some of a batch's rows and history (inside the caller's transaction)."""
        inserts = [_record_row(w.new, w.version) for w in writes if w.old is None]
        updates = [_update_row(w.new, w.version - 1) for w in writes if w.old is not None]
        locations = [row for w in writes for row in _location_rows(w.new.record)]
        if inserts:
            try:
                cursor.executemany(_INSERT_RECORD, inserts)
            except psycopg.errors.UniqueViolation as err:
                raise ConflictError(
                    "another writer added one of these records meanwhile "
                    f"({err.diag.message_detail}); nothing was written, try again"
                ) from err
        if updates:
            cursor.executemany(_UPDATE_RECORD, updates)
            cursor.execute(
                "DELETE FROM locations WHERE record_id = ANY(%s)", ([row[-2] for row in updates],)
            )
        if locations:
            cursor.executemany(_INSERT_LOCATION, locations)
        cursor.executemany(_INSERT_HISTORY, [(*w.history(), self._user) for w in writes])

    def update(self, record: Record, /, *, expected_version: int) -> int:
        item = rows.serialise(record)
        with self._write() as cursor:
            row = cursor.execute(
                "SELECT data, version FROM records WHERE id = %s", (record.id,)
            ).fetchone()
            if row is None:
                raise RecordNotFoundError(f"there is no record {record.id} to update")
            stored_data, version = row
            if version != expected_version:
                raise rows.version_conflict(record.id, expected_version, version)
            if stored_data == item.data:
                return int(version)
            cursor.execute(_UPDATE_RECORD, _update_row(item, version))
            if cursor.rowcount == 0:  # someone saved (or deleted) it since the SELECT above
                now = cursor.execute(
                    "SELECT version FROM records WHERE id = %s", (record.id,)
                ).fetchone()
                if now is None:
                    raise RecordNotFoundError(f"there is no record {record.id} to update")
                raise rows.version_conflict(record.id, expected_version, now[0])
            cursor.execute("DELETE FROM locations WHERE record_id = %s", (record.id,))
            cursor.executemany(_INSERT_LOCATION, _location_rows(record))
            write = rows.Write(item, version + 1, stored_data)
            cursor.execute(_INSERT_HISTORY, (*write.history(), self._user))
        log.info("updated %s to version %d", record.id, version + 1)
        return int(version) + 1

    def delete(self, id: str, /) -> None:
        with self._write() as cursor:
            # The locations go with the record (ON DELETE CASCADE).
            row = cursor.execute(
                "DELETE FROM records WHERE id = %s RETURNING version, data", (id,)
            ).fetchone()
            if row is None:
                raise RecordNotFoundError(f"there is no record {id} to delete")
            version, data = row
            cursor.execute(
                "INSERT INTO deleted_records (id, version, deleted_by, data) "
                "VALUES (%s, %s, %s, %s::jsonb)",
                (id, version, self._user, json.dumps(data, ensure_ascii=False)),
            )
            history = rows.history_entry(id, version, "deleted", data, None)
            cursor.execute(_INSERT_HISTORY, (*history, self._user))
        log.info("deleted %s", id)

    def restore(self, id: str, /) -> Record:
        with self._write() as cursor:
            # Locked, so that of two people restoring it at once the second finds nothing.
            row = cursor.execute(
                "SELECT fid, version, data FROM deleted_records WHERE id = %s "
                "ORDER BY fid DESC LIMIT 1 FOR UPDATE",
                (id,),
            ).fetchone()
            if row is None:
                raise RecordNotFoundError(f"there is no deleted record {id} to restore")
            fid, version, data = row
            if cursor.execute("SELECT 1 FROM records WHERE id = %s", (id,)).fetchone():
                raise rows.id_taken(id)
            item = rows.serialise(self._load(id, data))
            try:
                cursor.execute(_INSERT_RECORD, _record_row(item, version + 1))
            except psycopg.errors.UniqueViolation as err:  # added by someone else just now
                raise rows.id_taken(id) from err
            cursor.executemany(_INSERT_LOCATION, _location_rows(item.record))
            history = rows.history_entry(id, version + 1, "restored", None, item.data)
            cursor.execute(_INSERT_HISTORY, (*history, self._user))
            cursor.execute("DELETE FROM deleted_records WHERE fid = %s", (fid,))
        log.info("restored %s at version %d", id, version + 1)
        return item.record

    def cache_put(self, key: str, value: dict[str, Any], /) -> None:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        with self._write() as cursor:
            cursor.execute(
                "INSERT INTO geocode_cache (key, value) VALUES (%s, %s::jsonb) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()",
                (key, text),
            )

    def close(self) -> None:
        with self._lock:
            if self._conn is None:
                return
            self._conn.close()
            self._conn = None


def open_postgis(url: str, /, *, create: bool = False, **options: Any) -> PostGISStore:
    """Open (or with ``create`` set up) a PostGIS store; ``options`` go to the constructor."""
    return PostGISStore(url, create=create, **options)
