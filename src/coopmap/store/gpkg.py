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

The reads and writes are :mod:`coopmap.store.sqlstore`'s, in the SQL of :class:`GeoPackageSQL`;
a write transaction (``BEGIN IMMEDIATE``) locks the whole file, so a version check and the
write it guards are one step.

The file stays in SQLite's rollback-journal mode so that it is one self-contained file to copy
or mail; ``journal_mode="wal"`` lets readers work while a writer writes, and is turned off again
on :meth:`~GeoPackageStore.close` when no other connection holds the file.

Read the file with GDAL (pyogrio, QGIS) from another process, or after closing the store: GDAL
brings its own SQLite library, and two SQLite libraries in one process do not see each other's
locks (in WAL mode GDAL then deletes the write-ahead log from under the store).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import struct
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.errors import MissingStoreError, StoreBusyError, StoreError
from coopmap.store import gpkg_schema
from coopmap.store.dialect import TABLES, Bind, Dialect
from coopmap.store.sqlstore import SQLStore

log = logging.getLogger(__name__)

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10300  # GeoPackage 1.3: read by GDAL >= 3.3 without warnings
SRS_ID = 4326

# --- GeoPackage geometry blobs -----------------------------------------------------------------
#
# A blob is a header (magic "GP", version 0, a flags byte, the SRS id and an optional envelope)
# followed by ISO WKB. Flags: bit 0 byte order of the header (1 = little endian), bits 1-3 the
# envelope kind (0 none, 1 xy, 2 xyz, 3 xym, 4 xyzm), bit 4 empty geometry, bit 5 extended type.

_ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}


_POINT = struct.pack("<2sBBi", b"GP", 0, 0b00001, SRS_ID)
_EMPTY = struct.pack("<2sBBi", b"GP", 0, 0b10001, SRS_ID)
_ENVELOPED = struct.Struct("<2sBBi4d")


def encode_geometry(geometry: BaseGeometry | None, /, *, srs_id: int = SRS_ID) -> bytes | None:
    """The GeoPackage binary form of a 2D geometry (``None`` stays ``None``).

    Points carry no envelope (their envelope is the point); other geometries carry an xy one,
    which spatial indexes and viewers read without parsing the WKB.
    """
    return encode_geometries([geometry], srs_id=srs_id)[0]


def encode_geometries(
    geometries: Sequence[BaseGeometry | None], /, *, srs_id: int = SRS_ID
) -> list[bytes | None]:
    """:func:`encode_geometry` of each of ``geometries``, the WKB and envelopes of all made in
    one vectorised call each."""
    blobs: list[bytes | None] = [None] * len(geometries)
    given = [i for i, geometry in enumerate(geometries) if geometry is not None]
    if not given:
        return blobs
    array = np.empty(len(given), dtype=object)
    array[:] = [geometries[i] for i in given]
    wkbs = shapely.to_wkb(array, output_dimension=2, byte_order=1, flavor="iso")
    empty = shapely.is_empty(array)
    points = shapely.get_type_id(array) == shapely.GeometryType.POINT
    bounds = shapely.bounds(array)
    point, nothing = _POINT, _EMPTY
    if srs_id != SRS_ID:
        point = struct.pack("<2sBBi", b"GP", 0, 0b00001, srs_id)
        nothing = struct.pack("<2sBBi", b"GP", 0, 0b10001, srs_id)
    for k, i in enumerate(given):
        if empty[k]:
            blobs[i] = nothing + wkbs[k]
        elif points[k]:
            blobs[i] = point + wkbs[k]
        else:
            minx, miny, maxx, maxy = bounds[k]
            header = _ENVELOPED.pack(b"GP", 0, 0b00011, srs_id, minx, maxx, miny, maxy)
            blobs[i] = header + wkbs[k]
    return blobs


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


def wkb_of(blob: bytes | None, /) -> bytes | None:
    """The WKB part of a GeoPackage geometry blob, after its header (``None`` stays ``None``)."""
    if blob is None:
        return None
    return blob[8 + 8 * _ENVELOPE_DOUBLES[(blob[3] >> 1) & 0b111] :]


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


def register_functions(conn: sqlite3.Connection, /) -> None:
    """Give ``conn`` the SQL functions GDAL's spatial-index triggers call (``ST_MinX`` and the
    like): should QGIS or ogr2ogr add an R-tree index to the file, our own writes keep working.
    """

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


# --- the SQL --------------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


_LISTS = ("sectors", "countries", "organisations")
"""The list columns, kept as ``;``-joined text."""


class GeoPackageSQL(Dialect):
    """SQLite's SQL: ``:name`` parameters, lists as ``;``-joined text (``NULL`` when empty),
    timestamps as ISO text from this program's clock; the write transaction locks the file."""

    list_limit = 500  # values per IN (...), well below SQLite's variable limit

    def param(self, name: str, /) -> str:
        return f":{name}"

    def encode_columns(self, columns: Mapping[str, list[Any]], /) -> dict[str, list[Any]]:
        encoded = dict(columns)
        for name in _LISTS:
            if name in encoded:
                encoded[name] = [";".join(values) or None for values in encoded[name]]
        if "draft" in encoded:
            encoded["draft"] = [int(draft) for draft in encoded["draft"]]
        if "geom" in encoded:
            encoded["geom"] = self.geometries(encoded["geom"])
        return encoded

    def geometries(self, values: Sequence[BaseGeometry | None], /) -> list[Any]:
        return encode_geometries(values)

    def wkb(self, values: Sequence[Any], /) -> list[bytes | None]:
        # The blobs this store wrote hold what encode_geometries made: ISO WKB, little endian.
        return [wkb_of(blob) for blob in values]

    def insert_columns(self, cursor: Any, table: str, columns: Mapping[str, list[Any]], /) -> None:
        """The rows bound by position (tuples made a batch at a time), not as dicts by name."""
        values = zip(*(columns[name] for name in TABLES[table]), strict=True)
        cursor.executemany(self._positional[table], values)

    @cached_property
    def _positional(self) -> dict[str, str]:
        """The INSERT of each of :data:`TABLES` with ``?`` for each column, in order."""
        marks = {table: ", ".join("?" * len(names)) for table, names in TABLES.items()}
        return {
            table: f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks[table]})"
            for table, names in TABLES.items()
        }

    def now(self) -> str:
        return _now()

    def one_of(self, column: str, values: Sequence[Any], bind: Bind, /) -> str:
        return f"{column} IN ({', '.join(bind(value) for value in values)})"

    def has_none(self, column: str, /) -> str:
        return f"{column} IS NULL"

    def has_any(self, column: str, values: Sequence[str], bind: Bind, /) -> str:
        tests = (f"instr(';' || {column} || ';', {bind(f';{value};')}) > 0" for value in values)
        return f"({' OR '.join(tests)})"


# --- the store ----------------------------------------------------------------------------------


def _busy(err: sqlite3.Error) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (SQLITE_BUSY)."""
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == sqlite3.SQLITE_BUSY
    return "database is locked" in str(err)


class GeoPackageStore(SQLStore):
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
        Seconds to wait for another program holding the file (writing to it; or reading it,
        for a write to commit) before a :class:`~coopmap.errors.StoreBusyError`. A read
        waits only for another program's commit, not for its whole write transaction.
    user
        Who the changes are recorded under (default: ``$COOPMAP_USER``, else the login name).
    """

    dialect = GeoPackageSQL()

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
        super().__init__(str(self.path), user)
        if journal_mode not in ("delete", "wal"):
            raise StoreError(f"journal_mode must be 'delete' or 'wal', got {journal_mode!r}")
        self._journal_mode = journal_mode
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            raise MissingStoreError(str(self.path))
        if not self.path.parent.is_dir():
            raise StoreError(f"cannot create {self.path}: the folder does not exist")
        try:
            self._conn: sqlite3.Connection | None = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as err:
            raise StoreError(f"cannot open {self.path}: {err}") from err
        try:
            register_functions(self._conn)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._upgrade(self._check_schema() if exists else 0)
            # A page cache of 64 MiB (SQLite's default is 2): a bulk write of 100,000 records
            # otherwise rereads the index pages it keeps evicting. Durability is untouched.
            self._conn.execute("PRAGMA cache_size = -65536")
            if journal_mode == "wal":
                try:
                    self._conn.execute("PRAGMA journal_mode = WAL")
                except sqlite3.Error as err:
                    raise self._error("switch to WAL mode", err) from err
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

    def _error(self, doing: str, err: sqlite3.Error, /) -> StoreError:
        """What a failed read or write says: a :class:`StoreBusyError` when another program
        held the file for longer than the timeout, else what SQLite said."""
        if _busy(err):
            who = "writing to it" if doing == "read" else "using it"
            return StoreBusyError(
                f"{self.path} is busy: another program is {who}; try again in a moment"
            )
        return StoreError(f"cannot {doing} {self.path}: {err}")

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self.path} is closed")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as err:
                raise self._error("write to", err) from err
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as err:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error as rollback_error:  # the failed statement already ended it
                    log.debug("rollback on %s: %s", self.path, rollback_error)
                if isinstance(err, sqlite3.Error):
                    raise self._error("write to", err) from err
                raise

    def _query(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Any]:
        with self._lock:
            try:
                return self._connection().execute(sql, params or {}).fetchall()
            except sqlite3.Error as err:
                raise self._error("read", err) from err

    def _check_schema(self) -> int:
        """The schema version of an existing file, after checking it is a coopmap store."""
        try:
            application_id = self._query("PRAGMA application_id")[0][0]
        except StoreBusyError:
            raise  # a store another program is writing to, not a broken one
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
                raise self._error("read", err) from err
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
        with self._transaction() as conn:
            # Another program may have upgraded the file since we looked: look again, locked.
            current = _schema_version(conn) or 0
            if current == 0 and version > 0:
                raise StoreError(f"{self.path} lost its coopmap tables while opening")
            migrate(conn, current=current)
        if version == 0:
            log.info("created store %s", self.path)
        else:
            log.info("upgraded %s from schema version %d", self.path, version)

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
