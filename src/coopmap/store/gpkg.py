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

from coopmap.errors import (
    ConflictError,
    DuplicateRecordError,
    RecordNotFoundError,
    StoreError,
    ValidationError,
)
from coopmap.model import Event, Project, Record, record_from_dict
from coopmap.query import Filter
from coopmap.store.base import Store, as_record_list, repeated_ids

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""The version of coopmap's tables in the file; :mod:`coopmap.store` refuses newer files."""

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

_WGS84 = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)

_GEOPACKAGE_TABLES = """
CREATE TABLE gpkg_spatial_ref_sys (
    srs_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL PRIMARY KEY,
    organization TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL,
    definition TEXT NOT NULL,
    description TEXT
);
CREATE TABLE gpkg_contents (
    table_name TEXT NOT NULL PRIMARY KEY,
    data_type TEXT NOT NULL,
    identifier TEXT UNIQUE,
    description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE,
    min_y DOUBLE,
    max_x DOUBLE,
    max_y DOUBLE,
    srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
    table_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    geometry_type_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL,
    z TINYINT NOT NULL,
    m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
"""

_COOPMAP_TABLES = """
CREATE TABLE records (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    geom GEOMETRY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('project', 'event')),
    title TEXT NOT NULL,
    sectors TEXT,
    status TEXT,
    event_type TEXT,
    start_date TEXT,
    end_date TEXT,
    countries TEXT,
    precision TEXT NOT NULL,
    organisations TEXT,
    draft BOOLEAN NOT NULL DEFAULT 0,
    version INTEGER NOT NULL CHECK (version >= 1),
    updated_at DATETIME NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE locations (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    geom GEOMETRY NOT NULL,
    record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE ON UPDATE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    precision TEXT NOT NULL,
    country TEXT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    sectors TEXT,
    status TEXT,
    event_type TEXT,
    start_date TEXT,
    end_date TEXT,
    draft BOOLEAN NOT NULL DEFAULT 0,
    UNIQUE (record_id, position)
);
CREATE TABLE geocode_cache (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE TABLE meta (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TRIGGER records_revision_insert AFTER INSERT ON records BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision';
    UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE table_name IN ('records', 'locations');
END;
CREATE TRIGGER records_revision_update AFTER UPDATE ON records BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision';
    UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE table_name IN ('records', 'locations');
END;
CREATE TRIGGER records_revision_delete AFTER DELETE ON records BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision';
    UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE table_name IN ('records', 'locations');
END;
"""

_RECORD_COLUMNS = (
    "geom", "id", "kind", "title", "sectors", "status", "event_type", "start_date", "end_date",
    "countries", "precision", "organisations", "draft", "version", "updated_at", "data",
)  # fmt: skip
_LOCATION_COLUMNS = (
    "geom", "record_id", "position", "name", "precision", "country", "kind", "title", "sectors",
    "status", "event_type", "start_date", "end_date", "draft",
)  # fmt: skip


def _create_schema(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    for statement in _split(_GEOPACKAGE_TABLES) + _split(_COOPMAP_TABLES):
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
        [
            ("Undefined cartesian SRS", -1, "NONE", -1, "undefined",
             "undefined cartesian coordinate reference system"),
            ("Undefined geographic SRS", 0, "NONE", 0, "undefined",
             "undefined geographic coordinate reference system"),
            ("WGS 84 geodetic", SRS_ID, "EPSG", 4326, _WGS84,
             "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
        ],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            ("records", "features", "records", "coopmap records, one feature each", SRS_ID),
            ("locations", "features", "locations", "coopmap record locations, one each", SRS_ID),
            ("geocode_cache", "attributes", "geocode_cache", "online geocoder answers", None),
        ],
    )
    conn.executemany(
        "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'GEOMETRY', ?, 0, 0)",
        [("records", SRS_ID), ("locations", SRS_ID)],
    )
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("schema_version", str(SCHEMA_VERSION)), ("revision", "0"), ("created_by", "coopmap")],
    )


def _split(script: str) -> list[str]:
    """Statements of a script (triggers keep their inner semicolons)."""
    statements, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


# --- rows ----------------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _joined(values: Iterable[object]) -> str | None:
    return ";".join(str(value) for value in values) or None


def _common(record: Record) -> dict[str, Any]:
    """The attributes the two layers share."""
    return {
        "kind": record.kind,
        "title": record.title,
        "sectors": _joined(record.sectors),
        "status": record.status.value if isinstance(record, Project) else None,
        "event_type": record.event_type.value if isinstance(record, Event) else None,
        "start_date": str(record.start) if record.start else None,
        "end_date": str(record.end) if record.end else None,
        "draft": int(record.draft),
    }


def _organisations(record: Record) -> str | None:
    if isinstance(record, Project):
        return _joined(f"{org.name} ({org.role.value})" for org in record.organisations)
    return _joined(
        f"{person.name} ({person.role})" if person.role else person.name
        for person in record.participants
    )


def _record_row(record: Record, data: str, version: int) -> tuple[Any, ...]:
    row = {
        **_common(record),
        "geom": encode_geometry(record.geometry),
        "id": record.id,
        "countries": _joined(record.countries),
        "precision": record.precision.value,
        "organisations": _organisations(record),
        "version": version,
        "updated_at": _now(),
        "data": data,
    }
    return tuple(row[column] for column in _RECORD_COLUMNS)


def _location_rows(record: Record) -> list[tuple[Any, ...]]:
    common = _common(record)
    rows = []
    for position, location in enumerate(record.locations):
        row = {
            **common,
            "geom": encode_geometry(location.geometry),
            "record_id": record.id,
            "position": position,
            "name": location.name,
            "precision": location.precision.value,
            "country": location.country,
        }
        rows.append(tuple(row[column] for column in _LOCATION_COLUMNS))
    return rows


def _serialise(record: Record) -> str:
    """The record's JSON, after checking it validates back into an equal record."""
    data = record.to_dict()
    if record_from_dict(data, where=record.id) != record:
        raise ValidationError("does not survive a round trip through JSON", record=record.id)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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
    if filter.statuses:
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


class GeoPackageStore(Store):
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
    """

    def __init__(
        self,
        path: str | Path,
        /,
        *,
        create: bool = False,
        journal_mode: Literal["delete", "wal"] = "delete",
        timeout: float = 10.0,
    ) -> None:
        self.path = Path(path).expanduser().absolute()
        if journal_mode not in ("delete", "wal"):
            raise StoreError(f"journal_mode must be 'delete' or 'wal', got {journal_mode!r}")
        self._journal_mode = journal_mode
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
            if exists:
                self._check_schema()
            else:
                with self._write() as conn:
                    _create_schema(conn)
                log.info("created store %s", self.path)
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

    def _check_schema(self) -> None:
        try:
            application_id = self._query("PRAGMA application_id")[0][0]
        except StoreError as err:
            raise StoreError(f"{self.path} is not a coopmap store: {err.__cause__}") from err
        if application_id != APPLICATION_ID:
            raise StoreError(
                f"{self.path} is not a GeoPackage (application_id {application_id:#x})"
            )
        try:
            found = dict(self._query("SELECT key, value FROM meta"))
        except StoreError as err:
            raise StoreError(f"{self.path} is a GeoPackage but not a coopmap store") from err
        version = int(found.get("schema_version", 0))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this coopmap's "
                f"{SCHEMA_VERSION}: upgrade coopmap to open it"
            )
        if version < SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}, which cannot be migrated")

    def _load(self, id: str, data: str) -> Record:
        try:
            return record_from_dict(json.loads(data), where=id)
        except (ValueError, TypeError) as err:
            raise StoreError(f"the stored record {id} in {self.path} is not valid: {err}") from err

    def _stored(self, conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, int]]:
        stored: dict[str, tuple[str, int]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for id, data, version in conn.execute(
                f"SELECT id, data, version FROM records WHERE id IN ({marks})", chunk
            ):
                stored[id] = (data, version)
        return stored

    def _write_record(
        self, conn: sqlite3.Connection, record: Record, data: str, version: int, *, new: bool
    ) -> None:
        row = _record_row(record, data, version)
        if new:
            marks = ", ".join("?" * len(_RECORD_COLUMNS))
            conn.execute(
                f"INSERT INTO records ({', '.join(_RECORD_COLUMNS)}) VALUES ({marks})", row
            )
        else:
            sets = ", ".join(f"{column} = ?" for column in _RECORD_COLUMNS)
            conn.execute(f"UPDATE records SET {sets} WHERE id = ?", (*row, record.id))
            conn.execute("DELETE FROM locations WHERE record_id = ?", (record.id,))
        marks = ", ".join("?" * len(_LOCATION_COLUMNS))
        conn.executemany(
            f"INSERT INTO locations ({', '.join(_LOCATION_COLUMNS)}) VALUES ({marks})",
            _location_rows(record),
        )

    # --- the protocol ---

    def get(self, id: str, /) -> Record | None:
        rows = self._query("SELECT data FROM records WHERE id = ?", (id,))
        return self._load(id, rows[0][0]) if rows else None

    def records(self, filter: Filter | None = None) -> list[Record]:
        where, params = _prefilter(filter) if filter is not None else ("1", [])
        rows = self._query(f"SELECT id, data FROM records WHERE {where} ORDER BY fid", params)
        loaded = (self._load(id, data) for id, data in rows)
        return [r for r in loaded if filter is None or filter.matches(r)]

    def add(self, records: Iterable[Record] | Record, /, *, replace: bool = False) -> int:
        batch = as_record_list(records)
        if repeated := repeated_ids(batch):
            raise DuplicateRecordError(repeated, reason="occur more than once in the batch")
        serialised = [_serialise(record) for record in batch]
        written = 0
        with self._write() as conn:
            stored = self._stored(conn, [record.id for record in batch])
            if stored and not replace:
                raise DuplicateRecordError([r.id for r in batch if r.id in stored])
            for record, data in zip(batch, serialised, strict=True):
                if record.id not in stored:
                    self._write_record(conn, record, data, 1, new=True)
                elif stored[record.id][0] != data:
                    self._write_record(conn, record, data, stored[record.id][1] + 1, new=False)
                else:
                    continue
                written += 1
        log.info("added or updated %d of %d records in %s", written, len(batch), self.path)
        return written

    def update(self, record: Record, /, *, expected_version: int) -> int:
        data = _serialise(record)
        with self._write() as conn:
            row = conn.execute(
                "SELECT data, version FROM records WHERE id = ?", (record.id,)
            ).fetchone()
            if row is None:
                raise RecordNotFoundError(f"there is no record {record.id} to update")
            stored_data, version = row
            if version != expected_version:
                raise ConflictError(
                    f"record {record.id} was changed while you edited it: you started from "
                    f"version {expected_version}, the store has version {version}; reload it "
                    "and apply your changes again"
                )
            if stored_data == data:
                return version
            self._write_record(conn, record, data, version + 1, new=False)
        log.info("updated %s to version %d", record.id, version + 1)
        return version + 1

    def version(self, id: str, /) -> int | None:
        rows = self._query("SELECT version FROM records WHERE id = ?", (id,))
        return rows[0][0] if rows else None

    def delete(self, id: str, /) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM locations WHERE record_id = ?", (id,))
            if conn.execute("DELETE FROM records WHERE id = ?", (id,)).rowcount == 0:
                raise RecordNotFoundError(f"there is no record {id} to delete")
        log.info("deleted %s", id)

    def count(self) -> int:
        return int(self._query("SELECT count(*) FROM records")[0][0])

    def revision(self) -> int:
        return int(self._query("SELECT value FROM meta WHERE key = 'revision'")[0][0])

    def cache_get(self, key: str, /) -> dict[str, Any] | None:
        rows = self._query("SELECT value FROM geocode_cache WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None

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
