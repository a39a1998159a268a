"""The embedded store: one SQLite file that is also an OGC GeoPackage.

The file opens in QGIS or any GDAL tool with two layers:

``records``
    one feature per record, geometry of type GEOMETRY (the single location, or a
    GeometryCollection when there are several), flat attribute columns for GIS users and the
    record's full JSON in ``data``. ``data`` is what coopmap reads back; the flat columns are
    derived from it on every write, so edit records through coopmap, not in a GIS.
``locations``
    one feature per location (point, line or polygon) with the record's main attributes:
    the layer to style and filter in QGIS, which handles GeometryCollections poorly.

Besides these, ``geocode_cache`` (registered as an ``attributes`` table) holds the online
geocoder's answers and ``meta`` (not GeoPackage content) the schema version and the revision
counter. Triggers on ``records`` bump the revision on every change, even one made by another
program, so caches keyed on :meth:`GeoPackageStore.revision` never go stale.

The file stays in SQLite's rollback-journal mode so that it is one self-contained file to copy
or mail; ``journal_mode="wal"`` lets readers work while a writer writes, and is turned off again
on :meth:`~GeoPackageStore.close` when no other connection holds the file.

Read the file with GDAL (pyogrio, QGIS) from another process, or after closing the store: GDAL
brings its own SQLite library, and two SQLite libraries in one process do not see each other's
locks (in WAL mode GDAL then deletes the write-ahead log from under the store).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import struct
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.errors import DuplicateRecordError, RecordNotFoundError, StoreError
from coopmap.model import Record
from coopmap.query import Filter
from coopmap.store import gpkg_schema, rows
from coopmap.store.base import Store, as_record_list, repeated_ids

log = logging.getLogger(__name__)

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10300  # GeoPackage 1.3: read by GDAL >= 3.3 without warnings
SRS_ID = 4326

_CHUNK = 500  # ids per IN (...) query, well below SQLite's variable limit

# --- GeoPackage geometry blobs -----------------------------------------------------------------
#
# A blob is a header (magic "GP", version 0, a flags byte, the SRS id and an optional envelope)
# followed by ISO WKB. Flags: bit 0 byte order of the header (1 = little endian), bits 1-3 the
# envelope kind (0 none, 1 xy, 2 xyz, 3 xym, 4 xyzm), bit 4 empty geometry, bit 5 extended type.

_ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}


def encode_geometry(geometry: BaseGeometry | None, /, *, srs_id: int = SRS_ID) -> bytes | None:
    """The GeoPackage binary form of a 2D geometry (``None`` stays ``None``).

    Points carry no envelope (their envelope is the point); other geometries carry an xy one,
    which spatial indexes and viewers read without parsing the WKB.
    """
    if geometry is None:
        return None
    wkb = shapely.to_wkb(geometry, output_dimension=2, byte_order=1, flavor="iso")
    if geometry.is_empty:
        return struct.pack("<2sBBi", b"GP", 0, 0b10001, srs_id) + wkb
    if geometry.geom_type == "Point":
        return struct.pack("<2sBBi", b"GP", 0, 0b00001, srs_id) + wkb
    minx, miny, maxx, maxy = geometry.bounds
    header = struct.pack("<2sBBi4d", b"GP", 0, 0b00011, srs_id, minx, maxx, miny, maxy)
    return header + wkb


def _header(blob: bytes) -> tuple[int, int, tuple[float, ...]]:
    """``(flags, header length, envelope)`` of a GeoPackage geometry blob."""
    if len(blob) < 8 or blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry (no 'GP' magic)")
    flags = blob[3]
    order = "<" if flags & 1 else ">"
    kind = (flags >> 1) & 0b111
    if kind not in _ENVELOPE_DOUBLES:
        raise ValueError(f"invalid envelope indicator {kind}")
    doubles = _ENVELOPE_DOUBLES[kind]
    envelope = struct.unpack_from(f"{order}{doubles}d", blob, 8) if doubles else ()
    return flags, 8 + 8 * doubles, envelope


def decode_geometry(blob: bytes | None, /) -> BaseGeometry | None:
    """The shapely geometry in a GeoPackage geometry blob (``None`` stays ``None``)."""
    if blob is None:
        return None
    _, length, _ = _header(blob)
    return shapely.from_wkb(blob[length:])


def _bounds(blob: bytes | None) -> tuple[float, float, float, float] | None:
    """``(minx, maxx, miny, maxy)`` from the header, or from the geometry when it has none."""
    if blob is None:
        return None
    flags, _, envelope = _header(blob)
    if flags & 0b10000:
        return None
    if envelope:
        return envelope[0], envelope[1], envelope[2], envelope[3]
    geometry = decode_geometry(blob)
    if geometry is None or geometry.is_empty:
        return None
    minx, miny, maxx, maxy = geometry.bounds
    return minx, maxx, miny, maxy


def _register_functions(conn: sqlite3.Connection) -> None:
    # The SQL functions GDAL's spatial-index triggers call: should QGIS or ogr2ogr add an R-tree
    # index to the file, our own writes keep working.
    def part(index: int) -> Any:
        def function(blob: bytes | None) -> float | None:
            bounds = _bounds(blob)
            return None if bounds is None else bounds[index]

        return function

    for index, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, part(index), deterministic=True)
    conn.create_function(
        "ST_IsEmpty",
        1,
        lambda blob: None if blob is None else int(_bounds(blob) is None),
        deterministic=True,
    )


# --- schema --------------------------------------------------------------------------------

_RECORD_COLUMNS = (
    "geom", "id", "kind", "title", "sectors", "status", "event_type", "start_date", "end_date",
    "countries", "precision", "organisations", "draft", "version", "updated_at", "data",
)  # fmt: skip
_LOCATION_COLUMNS = (
    "geom", "record_id", "position", "name", "precision", "country", "kind", "title", "sectors",
    "status", "event_type", "start_date", "end_date", "draft",
)  # fmt: skip
_INSERT_HISTORY = (
    "INSERT INTO history (record_id, version, action, changes, changed_by, changed_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def _schema_version(conn: sqlite3.Connection) -> int | None:
    """The version in ``meta``, or ``None`` when the file has no ``meta`` table."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: sqlite3.Connection, /, *, current: int) -> int:
    """Apply the migrations a file at schema version ``current`` (0 for a new one) lacks.

    The caller holds the write transaction, so that an upgrade applies completely or not at all
    and a second program opening the file at the same moment finds nothing left to do.
    """
    if current == 0:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    for migration in gpkg_schema.MIGRATIONS[current:]:
        try:
            for statement in gpkg_schema.statements(migration.sql):
                conn.execute(statement)
        except sqlite3.Error as err:
            raise StoreError(
                f"cannot bring the file to schema version {migration.version} "
                f"({migration.description}): {err}"
            ) from err
        log.info("applied migration %d, %s", migration.version, migration.description)
    latest = gpkg_schema.latest()
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(latest),))
    return latest


# --- rows ----------------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _column(value: Any) -> Any:
    """A column value as the file holds it: lists joined by ``;``, blobs for geometries."""
    if isinstance(value, list):
        return ";".join(str(item) for item in value) or None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, BaseGeometry):
        return encode_geometry(value)
    return value


def _record_row(item: rows.Serialised, version: int, when: str) -> tuple[Any, ...]:
    row = {**rows.record_values(item.record), "version": version, "updated_at": when}
    row["data"] = item.text
    return tuple(_column(row[column]) for column in _RECORD_COLUMNS)


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
        values = [str(value) for value in values]
        params.extend(values)
        return f"{column} IN ({', '.join('?' * len(values))})"

    if filter.ids and len(filter.ids) <= _CHUNK:
        clauses.append(one_of("id", sorted(filter.ids)))
    if filter.kinds:
        clauses.append(one_of("kind", filter.kinds))
    if not filter.include_drafts:
        clauses.append("draft = 0")
    if filter.statuses and filter.as_of is None:  # as of a day: that day's status, in Python
        clauses.append("kind = 'project' AND " + one_of("status", filter.statuses))
    if filter.precisions:
        clauses.append(one_of("precision", filter.precisions))
    if filter.sectors:
        # Records without sectors (events) pass a sector filter.
        tests = ["sectors IS NULL"]
        for sector in sorted(filter.sectors):
            tests.append("instr(';' || sectors || ';', ?) > 0")
            params.append(f";{sector};")
        clauses.append(f"({' OR '.join(tests)})")
    # Partial dates as text sort like the first day they cover; the last day a date covers is
    # on or after ``lo`` when the date is at or after ``lo`` cut to the date's own length.
    if filter.end is not None:
        clauses.append("COALESCE(start_date, end_date) <= ?")
        params.append(filter.end.isoformat())
    if filter.start is not None:
        clauses.append(
            "COALESCE(end_date, start_date) >= substr(?, 1, length(COALESCE(end_date, start_date)))"
        )
        params.append(filter.start.isoformat())
    return " AND ".join(f"({clause})" for clause in clauses) or "1", params


# --- the store ----------------------------------------------------------------------------------


class GeoPackageStore(rows.SharedReads, Store):
    """A :class:`~coopmap.store.base.Store` in one GeoPackage file.

    Parameters
    ----------
    path
        The ``.gpkg`` file.
    create
        Make the file (or set up an empty one) when it does not exist yet.
    journal_mode
        ``"delete"`` (one self-contained file) or ``"wal"`` (readers never wait for a writer).
    timeout
        Seconds to wait for another program's write to finish before failing.
    user
        Who the changes are recorded under (default: ``$COOPMAP_USER``, else the login name).
    """

    _mark = "?"

    def __init__(
        self,
        path: str | Path,
        /,
        *,
        create: bool = False,
        journal_mode: Literal["delete", "wal"] = "delete",
        timeout: float = 10.0,
        user: str | None = None,
    ) -> None:
        self.path = Path(path).expanduser().absolute()
        if journal_mode not in ("delete", "wal"):
            raise StoreError(f"journal_mode must be 'delete' or 'wal', got {journal_mode!r}")
        self._journal_mode = journal_mode
        self._user = rows.resolve_user(user)
        self._lock = threading.RLock()
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            raise StoreError(f"there is no store at {self.path}; create one with create=True")
        if not self.path.parent.is_dir():
            raise StoreError(f"cannot create {self.path}: the folder does not exist")
        try:
            self._conn: sqlite3.Connection | None = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as err:
            raise StoreError(f"cannot open {self.path}: {err}") from err
        try:
            _register_functions(self._conn)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._upgrade(self._check_schema() if exists else 0)
            if journal_mode == "wal":
                self._conn.execute("PRAGMA journal_mode = WAL")
        except BaseException:
            self._conn.close()
            self._conn = None
            raise

    def __repr__(self) -> str:
        return f"GeoPackageStore({str(self.path)!r})"

    @property
    def url(self) -> str:
        return f"gpkg://{self.path.as_posix()}"

    @property
    def user(self) -> str:
        return self._user

    # --- plumbing ---

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self.path} is closed")
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as err:
                raise StoreError(f"cannot write to {self.path}: {err}") from err
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as err:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error as rollback_error:  # the failed statement already ended it
                    log.debug("rollback on %s: %s", self.path, rollback_error)
                if isinstance(err, sqlite3.Error):
                    raise StoreError(f"cannot write to {self.path}: {err}") from err
                raise

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._connection().execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as err:
                raise StoreError(f"cannot read {self.path}: {err}") from err

    def _check_schema(self) -> int:
        """The schema version of an existing file, after checking it is a coopmap store."""
        try:
            application_id = self._query("PRAGMA application_id")[0][0]
        except StoreError as err:
            raise StoreError(f"{self.path} is not a coopmap store: {err.__cause__}") from err
        if application_id != APPLICATION_ID:
            raise StoreError(
                f"{self.path} is not a GeoPackage (application_id {application_id:#x})"
            )
        with self._lock:
            try:
                version = _schema_version(self._connection())
            except sqlite3.Error as err:
                raise StoreError(f"cannot read {self.path}: {err}") from err
        if version is None:
            raise StoreError(f"{self.path} is a GeoPackage but not a coopmap store")
        if version > gpkg_schema.latest():
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this coopmap's "
                f"{gpkg_schema.latest()}: upgrade coopmap to open it"
            )
        if version < 1:
            raise StoreError(f"{self.path} has schema version {version}, which cannot be migrated")
        return version

    def _upgrade(self, version: int) -> None:
        """Create the schema (``version`` 0) or bring an older file's up to date."""
        if version == gpkg_schema.latest():
            return
        with self._write() as conn:
            # Another program may have upgraded the file since we looked: look again, locked.
            current = _schema_version(conn) or 0
            if current == 0 and version > 0:
                raise StoreError(f"{self.path} lost its coopmap tables while opening")
            migrate(conn, current=current)
        if version == 0:
            log.info("created store %s", self.path)
        else:
            log.info("upgraded %s from schema version %d", self.path, version)

    def _load(self, id: str, data: str) -> Record:
        return rows.load(id, data, where=str(self.path))

    def _stored(self, conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[Any, int]]:
        """The stored ``(data, version)`` of those ``ids`` that are stored, data parsed."""
        stored: dict[str, tuple[Any, int]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for id, data, version in conn.execute(
                f"SELECT id, data, version FROM records WHERE id IN ({marks})", chunk
            ):
                stored[id] = (json.loads(data), version)
        return stored

    def _write_record(
        self, conn: sqlite3.Connection, item: rows.Serialised, version: int, *, new: bool, when: str
    ) -> None:
        row = _record_row(item, version, when)
        if new:
            marks = ", ".join("?" * len(_RECORD_COLUMNS))
            conn.execute(
                f"INSERT INTO records ({', '.join(_RECORD_COLUMNS)}) VALUES ({marks})", row
            )
        else:
            sets = ", ".join(f"{column} = ?" for column in _RECORD_COLUMNS)
            conn.execute(f"UPDATE records SET {sets} WHERE id = ?", (*row, item.record.id))
            conn.execute("DELETE FROM locations WHERE record_id = ?", (item.record.id,))
        marks = ", ".join("?" * len(_LOCATION_COLUMNS))
        conn.executemany(
            f"INSERT INTO locations ({', '.join(_LOCATION_COLUMNS)}) VALUES ({marks})",
            _location_rows(item.record),
        )

    # --- the protocol ---

    def records(self, filter: Filter | None = None) -> list[Record]:
        where, params = _prefilter(filter) if filter is not None else ("1", [])
        found = self._query(f"SELECT id, data FROM records WHERE {where} ORDER BY fid", params)
        loaded = (self._load(id, data) for id, data in found)
        return [r for r in loaded if filter is None or filter.matches(r)]

    def add(self, records: Iterable[Record] | Record, /, *, replace: bool = False) -> int:
        batch = as_record_list(records)
        if repeated := repeated_ids(batch):
            raise DuplicateRecordError(repeated, reason="occur more than once in the batch")
        serialised = [rows.serialise(record) for record in batch]
        with self._write() as conn:
            stored = self._stored(conn, [record.id for record in batch])
            writes = rows.plan(serialised, stored, replace=replace)
            when = _now()
            for write in writes:
                self._write_record(conn, write.new, write.version, new=write.old is None, when=when)
            conn.executemany(
                _INSERT_HISTORY, [(*write.history(), self._user, when) for write in writes]
            )
        log.info("added or updated %d of %d records in %s", len(writes), len(batch), self.path)
        return len(writes)

    def update(self, record: Record, /, *, expected_version: int) -> int:
        item = rows.serialise(record)
        with self._write() as conn:
            stored = self._stored(conn, [record.id]).get(record.id)
            if stored is None:
                raise RecordNotFoundError(f"there is no record {record.id} to update")
            stored_data, version = stored
            if version != expected_version:
                raise rows.version_conflict(record.id, expected_version, version)
            if stored_data == item.data:
                return int(version)
            write = rows.Write(item, version + 1, stored_data)
            when = _now()
            self._write_record(conn, item, write.version, new=False, when=when)
            conn.execute(_INSERT_HISTORY, (*write.history(), self._user, when))
        log.info("updated %s to version %d", record.id, version + 1)
        return int(version) + 1

    def delete(self, id: str, /) -> None:
        with self._write() as conn:
            row = conn.execute("SELECT version, data FROM records WHERE id = ?", (id,)).fetchone()
            if row is None:
                raise RecordNotFoundError(f"there is no record {id} to delete")
            version, data = row
            when = _now()
            conn.execute(
                "INSERT INTO deleted_records (id, version, deleted_at, deleted_by, data) "
                "VALUES (?, ?, ?, ?, ?)",
                (id, version, when, self._user, data),
            )
            history = rows.history_entry(id, version, "deleted", json.loads(data), None)
            conn.execute(_INSERT_HISTORY, (*history, self._user, when))
            conn.execute("DELETE FROM locations WHERE record_id = ?", (id,))
            conn.execute("DELETE FROM records WHERE id = ?", (id,))
        log.info("deleted %s", id)

    def restore(self, id: str, /) -> Record:
        with self._write() as conn:
            row = conn.execute(
                "SELECT fid, version, data FROM deleted_records WHERE id = ? "
                "ORDER BY fid DESC LIMIT 1",
                (id,),
            ).fetchone()
            if row is None:
                raise RecordNotFoundError(f"there is no deleted record {id} to restore")
            fid, version, data = row
            if conn.execute("SELECT 1 FROM records WHERE id = ?", (id,)).fetchone():
                raise rows.id_taken(id)
            item = rows.serialise(self._load(id, data))
            when = _now()
            self._write_record(conn, item, version + 1, new=True, when=when)
            history = rows.history_entry(id, version + 1, "restored", None, item.data)
            conn.execute(_INSERT_HISTORY, (*history, self._user, when))
            conn.execute("DELETE FROM deleted_records WHERE fid = ?", (fid,))
        log.info("restored %s at version %d", id, version + 1)
        return item.record

    def cache_put(self, key: str, value: dict[str, Any], /) -> None:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        with self._write() as conn:
            conn.execute(
                "INSERT INTO geocode_cache (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (key, text, _now()),
            )

    def close(self) -> None:
        with self._lock:
            if self._conn is None:
                return
            if self._journal_mode == "wal":
                # Back to one self-contained file, unless another connection still has it open.
                try:
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    self._conn.execute("PRAGMA journal_mode = DELETE")
                except sqlite3.Error as err:
                    log.debug("left %s in WAL mode: %s", self.path, err)
            self._conn.close()
            self._conn = None


def open_gpkg(path: str | Path, /, *, create: bool = False, **options: Any) -> GeoPackageStore:
    """Open (or with ``create`` make) a GeoPackage store; ``options`` go to the constructor."""
    return GeoPackageStore(path, create=create, **options)
