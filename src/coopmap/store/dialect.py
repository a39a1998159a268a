"""The few things the SQL backends write differently, and the statements built from them.

Both backends keep the same tables with the same columns (see :mod:`coopmap.store.gpkg_schema`
and :mod:`coopmap.store.pg_schema`); what differs is small, and a :class:`Dialect` says it:
how a statement names a parameter (``:name`` or ``%(name)s``), how a written column takes its
value (a cast, a geometry function, the server's clock), how values are encoded (GeoPackage
blobs and ``;``-joined lists, or WKB and arrays), a batch's values a column at a time (the
geometries of a batch in one vectorised call), how many rows go in at once (``executemany``,
or PostgreSQL's ``COPY``), how a list of values is tested, and whether rows read before a
change must be locked. Every statement uses named parameters, so that a row is one dict of
column values whatever the backend (a backend may bind a batch's rows by position).

This module imports no database driver.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any

RECORD_COLUMNS = (
    "id", "kind", "title", "sectors", "status", "event_type", "start_date", "end_date",
    "countries", "precision", "organisations", "draft", "version", "updated_at", "data", "geom",
)  # fmt: skip
"""The columns of ``records`` a write sets: :func:`~coopmap.store.rows.record_values` and
``version``, ``updated_at`` and ``data``."""
LOCATION_COLUMNS = (
    "record_id", "position", "name", "precision", "country", "kind", "title", "sectors",
    "status", "event_type", "start_date", "end_date", "draft", "geom",
)  # fmt: skip
"""The columns of ``locations``: :func:`~coopmap.store.rows.location_values`."""
HISTORY_COLUMNS = ("record_id", "version", "action", "changes", "changed_by", "changed_at")
DELETED_COLUMNS = ("id", "version", "deleted_at", "deleted_by", "data")
CACHE_COLUMNS = ("key", "value", "updated_at")
TABLES = {"records": RECORD_COLUMNS, "locations": LOCATION_COLUMNS, "history": HISTORY_COLUMNS}
"""The columns of the tables a write inserts many rows into (:meth:`Dialect.insert_columns`)."""

STAMPS = frozenset({"updated_at", "changed_at", "deleted_at"})
"""The columns that hold when a write happened."""


class Dialect:
    """What a backend's SQL looks like; a subclass per backend, one instance shared."""

    lock = ""
    """Appended to a SELECT of the rows a write goes on to change, to lock them until it ends
    (``" FOR UPDATE"``); empty where the write transaction already locks the whole store."""
    list_limit: int | None = None
    """How many values one list test may bind at most (SQLite's variable limit); ``None``
    where a list is one parameter."""
    bytewise = ""
    """What makes an ORDER BY compare text byte by byte, as Python compares it (SQLite's
    default; PostgreSQL's ``COLLATE "C"``)."""

    geometry_read = "geom"
    """What a read of a record's row selects for its geometry, which :meth:`wkb` decodes."""

    def param(self, name: str, /) -> str:
        """The placeholder of the named parameter ``name``."""
        raise NotImplementedError

    def placeholder(self, column: str, /) -> str:
        """What a written column takes: by default the parameter named after it."""
        return self.param(column)

    def encode_columns(self, columns: Mapping[str, list[Any]], /) -> dict[str, list[Any]]:
        """Columns of plain Python values (lists, booleans, geometries), a list of many rows'
        values each, as the database takes them; the geometries encoded together
        (:meth:`geometries`)."""
        raise NotImplementedError

    def geometries(self, values: Sequence[Any], /) -> list[Any]:
        """The geometry column values of many rows (shapely geometries or ``None``) as the
        database takes them, made in one vectorised call."""
        raise NotImplementedError

    def wkb(self, values: Sequence[Any], /) -> list[bytes | None]:
        """The geometries read by :attr:`geometry_read` as 2D ISO WKB, little endian (what
        ``shapely.to_wkb`` writes); ``None`` stays ``None``."""
        raise NotImplementedError

    def insert_columns(self, cursor: Any, table: str, columns: Mapping[str, list[Any]], /) -> None:
        """Insert the rows whose values ``columns`` holds (encoded, a list per column of
        ``table``, one of :data:`TABLES`): one prepared statement, executed for every row."""
        cursor.executemany(self.insert(table, TABLES[table]), rows_of(TABLES[table], columns))

    def now(self) -> Any:
        """The value of the timestamp columns of a write starting now (``None`` where the
        placeholders of those columns read the server's clock instead)."""
        return None

    def duplicate_key(self, error: BaseException, /) -> str | None:
        """What ``error`` says about the key when it is an INSERT meeting a row another writer
        has just added, else ``None`` (never, where the write transaction locks the store)."""
        return None

    def one_of(self, column: str, values: Sequence[Any], bind: Bind, /) -> str:
        """A condition that ``column`` is one of ``values``."""
        raise NotImplementedError

    def has_none(self, column: str, /) -> str:
        """A condition that the list column ``column`` is empty."""
        raise NotImplementedError

    def has_any(self, column: str, values: Sequence[str], bind: Bind, /) -> str:
        """A condition that the list column ``column`` holds one of ``values`` at least."""
        raise NotImplementedError

    # --- statements, built once per dialect ---

    def insert(self, table: str, columns: Sequence[str], /) -> str:
        marks = ", ".join(self.placeholder(column) for column in columns)
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"

    @cached_property
    def update_record(self) -> str:
        sets = ", ".join(f"{c} = {self.placeholder(c)}" for c in RECORD_COLUMNS if c != "id")
        return f"UPDATE records SET {sets} WHERE id = {self.param('id')}"

    @cached_property
    def delete_record(self) -> str:
        return f"DELETE FROM records WHERE id = {self.param('id')}"

    @cached_property
    def delete_locations(self) -> str:
        return f"DELETE FROM locations WHERE record_id = {self.param('record_id')}"

    @cached_property
    def insert_history(self) -> str:
        return self.insert("history", HISTORY_COLUMNS)

    @cached_property
    def insert_deleted(self) -> str:
        return self.insert("deleted_records", DELETED_COLUMNS)

    @cached_property
    def put_cache(self) -> str:
        return (
            f"{self.insert('geocode_cache', CACHE_COLUMNS)} ON CONFLICT (key) DO UPDATE "
            "SET value = excluded.value, updated_at = excluded.updated_at"
        )


class Bind:
    """The parameters of one statement as it is being written.

    ``bind(value)`` keeps ``value`` under a new name and returns its placeholder;
    :attr:`params` is what to execute the statement with.
    """

    def __init__(self, dialect: Dialect, /) -> None:
        self.dialect = dialect
        self.params: dict[str, Any] = {}

    def name(self, value: Any, /) -> str:
        """Keep ``value`` under a new name and return the name."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return name

    def __call__(self, value: Any, /) -> str:
        return self.dialect.param(self.name(value))


def rows_of(names: Sequence[str], columns: Mapping[str, list[Any]], /) -> list[dict[str, Any]]:
    """The rows of ``columns`` (a list per column) as dicts of the columns ``names``."""
    values = zip(*(columns[name] for name in names), strict=True)
    return [dict(zip(names, row, strict=True)) for row in values]


def chunks(values: Sequence[Any], size: int | None, /) -> Iterator[Sequence[Any]]:
    """``values`` in runs of ``size`` (all at once for ``None``; nothing for no values)."""
    step = size or max(len(values), 1)
    for start in range(0, len(values), step):
        yield values[start : start + step]
