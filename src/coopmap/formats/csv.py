"""CSV: one row per record, in flat columns a spreadsheet shows; written and read back.

The columns are :data:`coopmap.formats.columns.COLUMNS`, in that order: the record's values, the
exchange codes beside them (CRS sector codes, IATI location precision, ISO alpha-3 country
codes), and the geometry as ``lat``/``lon`` plus ``wkt`` for lines, polygons and several
locations. Coordinates are written rounded to 7 decimals (about 1 cm). A text cell a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is
written after a single quote, which reading takes off again (:mod:`coopmap.formats.formulas`).
:func:`write_stored` writes the same file from a SQL store's rows, without rebuilding the
records.

A file read may hold any subset of those columns, under their names, synonyms or the user's
mapping (:mod:`coopmap.formats.mapping`), read as :mod:`coopmap.formats.columns` says;
coordinates come from ``lat``/``lon`` (also ``latitude``/``longitude``) or from ``wkt``, or are
geocoded from the ``location`` names. Rows are numbered as a spreadsheet shows them: the header
is row 1. The delimiter (``,``, ``;`` or tab) is detected. Other columns are ignored and listed;
a file in which no column is the title stops with one error listing its columns.
"""

from __future__ import annotations

import csv
import io
import logging
import operator
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.formats.atomic import atomic_writer
from coopmap.formats.columns import COLUMNS, GEOMETRY_COLUMNS, cells, stored_columns
from coopmap.formats.encoding import DECIMALS, number
from coopmap.formats.formulas import write_lines
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Reading, Row, collect
from coopmap.formats.tables import csv_file_table, csv_table
from coopmap.formats.tabular import table_rows
from coopmap.model import Record, latlon_of

if TYPE_CHECKING:
    from coopmap.store.base import StoredBatch

__all__ = ["COLUMNS", "read_text", "records_from_csv", "row", "rows", "write"]

log = logging.getLogger(__name__)


def write(
    records: Iterable[Record], path: str | os.PathLike[str], /, *, excel: bool = False
) -> None:
    """Write records to ``path`` as CSV, each row as its record comes (``records`` may be a
    stream of any length); ``excel`` adds the byte-order mark Excel looks for."""
    _write(map(_line, records), path, excel=excel)


def write_stored(
    batches: Iterable[StoredBatch], path: str | os.PathLike[str], /, *, excel: bool = False
) -> None:
    """:func:`write` of records as a SQL store holds them
    (:meth:`~coopmap.store.sqlstore.SQLStore.stored_batches`): the same file, each row's cells
    made from the record's stored JSON and its geometry's WKB, without rebuilding the records."""

    def lines() -> Iterator[tuple[str | None, ...]]:
        for batch in batches:
            columns: dict[str, list[str | None]] = stored_columns(batch.data)
            geometries = shapely.from_wkb(np.array(batch.wkb, dtype=object))
            located = [_geometry_cells(geometry) for geometry in geometries]
            for column in GEOMETRY_COLUMNS:
                columns[column] = [cells[column] for cells in located]
            yield from zip(*(columns[column] for column in COLUMNS), strict=True)

    _write(lines(), path, excel=excel)


def _write(
    lines: Iterable[tuple[str | None, ...]], path: str | os.PathLike[str], /, *, excel: bool
) -> None:
    with atomic_writer(path, newline="", encoding="utf-8-sig" if excel else "utf-8") as handle:
        count = write_lines(handle, COLUMNS, lines)
    log.info("wrote %d rows to %s", count, path)


def row(record: Record, /) -> dict[str, str]:
    """One record as a CSV row, every value a string."""
    return {column: value or "" for column, value in zip(COLUMNS, _line(record), strict=True)}


_IN_ORDER = operator.itemgetter(*COLUMNS)


def _line(record: Record) -> tuple[str | None, ...]:
    """The record's cells in :data:`COLUMNS` order (``None`` for empty, which CSV writes as
    an empty cell)."""
    return _IN_ORDER({**cells(record), **_geometry_cells(record.geometry)})


def _geometry_cells(geometry: BaseGeometry | None) -> dict[str, str | None]:
    """The ``lat``, ``lon`` and ``wkt`` cells of a record's geometry."""
    if geometry is None:
        return _NO_GEOMETRY
    if isinstance(geometry, shapely.Point):
        # what the WKT below would give, without writing and reading it (number() rounds alike)
        return {"lat": number(geometry.y), "lon": number(geometry.x), "wkt": None}
    wkt = shapely.to_wkt(geometry, rounding_precision=DECIMALS, trim=True)
    # lat/lon of the first location as written, so that reading them back finds them in agreement.
    first = shapely.from_wkt(wkt)
    lat, lon = latlon_of(first.geoms[0] if first.geom_type == "GeometryCollection" else first)
    single_point = geometry.geom_type == "Point"
    return {"lat": number(lat), "lon": number(lon), "wkt": None if single_point else wkt}


_NO_GEOMETRY: dict[str, str | None] = dict.fromkeys(GEOMETRY_COLUMNS)


# --- reading --------------------------------------------------------------------------------------


def rows(path: str | os.PathLike[str], /, options: ReadOptions = DEFAULT) -> Iterator[Row]:
    """The rows of a CSV file, read as they are needed (the file is never held whole);
    :class:`RecordImportError` when the file cannot be read."""
    return table_rows(csv_file_table(Path(path)), options)


def records_from_csv(text: str, /, *, source: str = "CSV") -> list[Record]:
    """The records in CSV text; :class:`RecordImportError` lists every bad row."""
    reading = read_text(text, source=source)
    if reading.problems:
        raise reading.error()
    return reading.records


def read_text(text: str, /, *, source: str = "CSV") -> Reading:
    """What :func:`coopmap.formats.read_file` finds in CSV text."""
    return collect(source, rows_of_text(text, source=source))


def rows_of_text(text: str, /, *, source: str = "CSV") -> Iterator[Row]:
    """The rows in CSV text (checking the header before yielding any)."""
    # csv's own cell limit (131,072 characters) would end the import with a traceback; no cell
    # is longer than the text, and row_from_cells refuses one over the cell limit by name.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    return table_rows(csv_table(io.StringIO(text, newline=""), source=source))
