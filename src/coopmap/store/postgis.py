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

Every write is one transaction. Edits are optimistic: a write locks the rows it is about to
change (``SELECT ... FOR UPDATE``) before it checks their versions, so of two people saving the
same record the second waits for the first, then gets a :class:`~coopmap.errors.ConflictError`,
and nothing is lost. Triggers bump the revision on every change to ``records``, whichever
connection makes it. The reads and writes themselves are :mod:`coopmap.store.sqlstore`'s, in
the SQL of :class:`PostGISSQL`.

psycopg is imported here only; :func:`coopmap.store.open_store` imports this module for
``postgresql://`` URLs alone, so the embedded store never loads the driver.
"""

from __future__ import annotations

import logging
import re
import struct
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import psycopg
import shapely
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import set_json_loads
from shapely.geometry.base import BaseGeometry

from coopmap.errors import MissingStoreError, StoreBusyError, StoreError
from coopmap.model import Record
from coopmap.query import Filter
from coopmap.store import pg_schema, prefilter
from coopmap.store.base import redact, redact_message
from coopmap.store.dialect import STAMPS, TABLES, Bind, Dialect
from coopmap.store.rows import loads
from coopmap.store.sqlstore import SQLStore

log = logging.getLogger(__name__)

SRID = 4326
_MIGRATION_LOCK = 0x636F6F706D6170  # "coopmap": one migrating connection per database

# --- the SQL ----------------------------------------------------------------------------------

_JSONB = frozenset({"data", "changes", "value"})
"""The jsonb columns a write sets, sent as JSON text."""


def _wkb(geometry: BaseGeometry | None) -> bytes | None:
    if geometry is None:
        return None
    return shapely.to_wkb(geometry, output_dimension=2, byte_order=1, flavor="iso")


_EWKB_SRID = 0x20000000
"""The flag of an extended WKB geometry type that says an SRID follows it."""


def _copied(column: str, value: Any) -> Any:
    """A column value as ``COPY`` takes it in text: a geometry as hex extended WKB with its
    SRID (what PostGIS's text input reads), the rest as psycopg writes it."""
    if column != "geom" or value is None:
        return value
    wkb = bytes(value)  # ISO WKB, little endian: the order byte, the type, the coordinates
    (kind,) = struct.unpack_from("<I", wkb, 1)
    return (wkb[:1] + struct.pack("<II", kind | _EWKB_SRID, SRID) + wkb[5:]).hex()


_SPECIAL = re.compile(r"[\\\n\r\t]")
_ESCAPED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _copy_lines(names: Sequence[str], columns: Mapping[str, list[Any]], /) -> str:
    """The rows of ``columns`` (the columns ``names``, a list of values each) in ``COPY``'s
    text format, made a column at a time for a whole batch (what psycopg's ``write_row`` does
    value by value): ``\\N`` for NULL, ``t``/``f``, a list as an array of texts, a geometry as
    :func:`_copied` says; backslashes, tabs and line ends are escaped in a column that holds
    any."""
    cells = []
    for column in names:
        values = columns[column]
        if column == "geom":
            values = [_copied(column, value) for value in values]
        texts = [value if value.__class__ is str else _text(value) for value in values]
        if _SPECIAL.search("".join(text for text in texts if text is not None)):
            texts = [text if text is None else _escaped(text) for text in texts]
        cells.append(["\\N" if text is None else text for text in texts])
    return "".join(f"{line}\n" for line in map("\t".join, zip(*cells, strict=True)))


def _text(value: Any) -> str | None:
    """A value that is not text as ``COPY`` reads it (``None`` for NULL)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "{" + ",".join(_array_item(item) for item in value) + "}"
    raise TypeError(f"no COPY text for {type(value).__name__}")


def _escaped(text: str) -> str:
    return _SPECIAL.sub(lambda found: _ESCAPED[found[0]], text)


def _array_item(text: str) -> str:
    """One text of an array literal, quoted (so that commas, braces and NULL stay text)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class PostGISSQL(Dialect):
    """PostgreSQL's SQL: ``%(name)s`` parameters, lists as arrays, geometries as WKB, the
    server's clock; rows about to change are locked ``FOR UPDATE``."""

    lock = " FOR UPDATE"
    bytewise = ' COLLATE "C"'
    geometry_read = "ST_AsBinary(geom, 'NDR')"

    def param(self, name: str, /) -> str:
        return f"%({name})s"

    def placeholder(self, column: str, /) -> str:
        if column == "geom":
            return f"ST_GeomFromWKB(%(geom)b, {SRID})"
        if column in STAMPS:
            return "now()"
        return f"%({column})s::jsonb" if column in _JSONB else self.param(column)

    def encode_columns(self, columns: Mapping[str, list[Any]], /) -> dict[str, list[Any]]:
        """Geometries as WKB, organisations as one text; other lists stay lists (arrays)."""
        encoded = dict(columns)
        if "organisations" in encoded:
            encoded["organisations"] = [";".join(v) or None for v in encoded["organisations"]]
        if "geom" in encoded:
            encoded["geom"] = self.geometries(encoded["geom"])
        return encoded

    def geometries(self, values: Sequence[BaseGeometry | None], /) -> list[bytes | None]:
        array = np.empty(len(values), dtype=object)
        array[:] = values
        return list(shapely.to_wkb(array, output_dimension=2, byte_order=1, flavor="iso"))

    def wkb(self, values: Sequence[Any], /) -> list[bytes | None]:
        wkb = [None if value is None else bytes(value) for value in values]
        array = np.empty(len(wkb), dtype=object)
        array[:] = wkb
        geometries = shapely.from_wkb(array)
        coordinates = shapely.get_coordinates(geometries)
        if not (np.signbit(coordinates) & (coordinates == 0)).any():
            return wkb
        # jsonb keeps a number as numeric, which has no -0.0: the record read back from its
        # JSON has 0.0 where the geometry column kept -0.0.
        geometries = shapely.set_coordinates(geometries, coordinates + 0.0)
        return list(shapely.to_wkb(geometries, output_dimension=2, byte_order=1, flavor="iso"))

    def insert_columns(self, cursor: Any, table: str, columns: Mapping[str, list[Any]], /) -> None:
        """``COPY`` the rows in: PostgreSQL's bulk load, several times faster than one INSERT a
        row. The stamps are left to the columns' default, ``now()``, as the INSERT's are."""
        names = [column for column in TABLES[table] if column not in STAMPS]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names))
        )
        if not columns[names[0]]:
            return
        block = _copy_lines(names, columns)
        with cursor.copy(statement) as copy:
            copy.write(block)

    def duplicate_key(self, error: BaseException, /) -> str | None:
        if not isinstance(error, psycopg.errors.UniqueViolation):
            return None
        return error.diag.message_detail or str(error)

    def one_of(self, column: str, values: Sequence[Any], bind: Bind, /) -> str:
        return f"{column} = ANY({bind(list(values))})"

    def has_none(self, column: str, /) -> str:
        return f"{column} = '{{}}'"

    def has_any(self, column: str, values: Sequence[str], bind: Bind, /) -> str:
        return f"{column} && {bind(list(values))}::text[]"


# --- connecting and migrating ----------------------------------------------------------------


def _connect(url: str, *, connect_timeout: float, timeout: float) -> psycopg.Connection:
    options: dict[str, Any] = {"connect_timeout": max(1, round(connect_timeout))}
    if "application_name" not in conninfo_to_dict(url):
        options["application_name"] = "coopmap"
    conn = psycopg.connect(url, autocommit=True, **options)
    set_json_loads(loads, conn)  # jsonb parsed by pydantic's core, faster than json.loads
    try:
        # How long a write waits for another writer's lock before it fails (0 would be
        # forever to PostgreSQL: at least a millisecond, as 0 is "at once" to SQLite).
        milliseconds = max(1, int(timeout * 1000))
        conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{milliseconds}",))
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
            f"the database of {where} does not exist and cannot be created: "
            f"{redact_message(str(err), url)}"
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
            raise MissingStoreError(where)
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


class PostGISStore(SQLStore):
    """A :class:`~coopmap.store.base.Store` in a PostgreSQL database with PostGIS.

    Parameters
    ----------
    url
        A libpq URL, ``postgresql://user:password@host:port/database?options``.
    create
        Add coopmap's tables (and the PostGIS extension, and the database itself) when they
        are not there yet.
    timeout
        Seconds a write waits for another writer's lock before a
        :class:`~coopmap.errors.StoreBusyError`. A connection lost and not regained (the
        server stopped) is a :class:`~coopmap.errors.StoreError` that says the database
        cannot be reached.
    connect_timeout
        Seconds to wait for the server when connecting.
    user
        Who the changes are recorded under (default: ``$COOPMAP_USER``, else the login name).
    """

    dialect = PostGISSQL()

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
        super().__init__(redact(url), user)
        self._url = url
        self._timeouts = {"timeout": timeout, "connect_timeout": connect_timeout}
        try:
            conn = _connect(url, **self._timeouts)
        except psycopg.OperationalError as err:
            if not (create and _missing_database(err)):
                raise self._cannot_connect(err) from err
            _create_database(url, connect_timeout=connect_timeout, where=self._where)
            try:
                conn = _connect(url, **self._timeouts)
            except psycopg.Error as again:
                raise self._cannot_connect(again) from again
        except psycopg.Error as err:
            raise self._cannot_connect(err) from err
        self._conn: psycopg.Connection | None = conn
        try:
            migrate(conn, create=create, where=self._where)
        except psycopg.Error as err:
            conn.close()
            raise StoreError(f"cannot open {self._where}: {self._reason(err)}") from err
        except BaseException:
            conn.close()
            raise

    def __repr__(self) -> str:
        return f"PostGISStore({self._where!r})"

    @property
    def url(self) -> str:
        return self._url

    # --- plumbing ---

    def _reason(self, err: BaseException) -> str:
        """The driver's words, without the password libpq may quote from a bad URL."""
        return redact_message(str(err), self._url)

    def _cannot_connect(self, err: BaseException) -> StoreError:
        return StoreError(f"cannot connect to {self._where}: {self._reason(err)}")

    def _unreachable(self, err: BaseException) -> StoreError:
        return StoreError(f"cannot reach the database {self._where}: {self._reason(err)}")

    def _error(self, doing: str, err: psycopg.Error, conn: psycopg.Connection) -> StoreError:
        """What a failed read or write says: busy when another program held a lock it needed
        for longer than the timeout, unreachable when the connection died under it."""
        if isinstance(err, psycopg.errors.LockNotAvailable):
            return StoreBusyError(
                f"{self._where} is busy: another program is writing to the same records; "
                "try again in a moment"
            )
        if conn.broken:
            return self._unreachable(err)
        return StoreError(f"cannot {doing} {self._where}: {self._reason(err)}")

    def _connection(self) -> psycopg.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self._where} is closed")
        if self._conn.broken:  # the server restarted or the network dropped: try once more
            log.warning("lost the connection to %s; reconnecting", self._where)
            try:
                self._conn = _connect(self._url, **self._timeouts)
            except psycopg.Error as err:
                raise self._unreachable(err) from err
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Cursor[Any]]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction(), conn.cursor() as cursor:
                    yield cursor
            except psycopg.Error as err:
                raise self._error("write to", err, conn) from err

    def _query(self, statement: str, params: Mapping[str, Any] | None = None) -> list[Any]:
        params = params or None
        with self._lock:
            conn = self._connection()
            try:
                return conn.execute(statement, params).fetchall()
            except psycopg.Error as err:
                if not conn.broken:
                    raise self._error("read", err, conn) from err
            # The connection died under the read (a server restart): reconnect and read again.
            conn = self._connection()
            try:
                return conn.execute(statement, params).fetchall()
            except psycopg.Error as err:
                raise self._error("read", err, conn) from err

    # --- the protocol ---

    def records_in(self, area: BaseGeometry, /, filter: Filter | None = None) -> list[Record]:
        """The records ``filter`` keeps with a location that intersects ``area``, in order.

        The spatial test runs in the database, on the GIST index of ``locations``.
        """
        bind = Bind(self.dialect)
        where = prefilter.conditions(filter, bind)
        spatial = (
            "id IN (SELECT record_id FROM locations "
            f"WHERE ST_Intersects(geom, ST_GeomFromWKB(%({bind.name(_wkb(area))})b, {SRID})))"
        )
        return self._select(f"({where}) AND {spatial}", bind, filter)

    def close(self) -> None:
        with self._lock:
            if self._conn is None:
                return
            self._conn.close()
            self._conn = None


def open_postgis(url: str, /, *, create: bool = False, **options: Any) -> PostGISStore:
    """Open (or with ``create`` set up) a PostGIS store; ``options`` go to the constructor."""
    return PostGISStore(url, create=create, **options)
