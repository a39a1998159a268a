"""CSV: one row per record, in flat columns a spreadsheet shows; written and read back.

The columns are :data:`coopmap.formats.columns.COLUMNS`, in that order: the record's values, the
exchange codes beside them (CRS sector codes, IATI location precision, ISO alpha-3 country
codes), and the geometry as ``lat``/``lon`` plus ``wkt`` for lines, polygons and several
locations. Coordinates are written rounded to 7 decimals (about 1 cm). A text cell a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is
written after a single quote, which reading takes off again (:mod:`coopmap.formats.formulas`).

A file read may hold any subset of those columns, read as :mod:`coopmap.formats.columns` says;
coordinates come from ``lat``/``lon`` (also ``latitude``/``longitude``) or from ``wkt``. Rows are
numbered as a spreadsheet shows them: the header is row 1. The delimiter (``,``, ``;`` or tab) is
detected. A header naming a column that is not one of the columns (or an alias) stops the whole
file: its values would otherwise be lost without a word.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import shapely

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.atomic import atomic_writer
from coopmap.formats.columns import COLUMNS, cells, row_from_cells
from coopmap.formats.encoding import DECIMALS, number
from coopmap.formats.formulas import unguarded, write_rows
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Reading, Row, collect, name_of
from coopmap.model import Record, latlon_of

__all__ = ["ALIASES", "COLUMNS", "read_text", "records_from_csv", "row", "rows", "write"]

log = logging.getLogger(__name__)


def write(
    records: Iterable[Record], path: str | os.PathLike[str], /, *, excel: bool = False
) -> None:
    """Write records to ``path`` as CSV; ``excel`` adds the byte-order mark Excel looks for."""
    rows = [row(record) for record in records]
    with atomic_writer(path, newline="", encoding="utf-8-sig" if excel else "utf-8") as handle:
        write_rows(handle, COLUMNS, rows)
    log.info("wrote %d rows to %s", len(rows), path)


def row(record: Record, /) -> dict[str, str]:
    """One record as a CSV row, every value a string."""
    values = {**cells(record), **_geometry_cells(record)}
    return {column: values.get(column) or "" for column in COLUMNS}


def _geometry_cells(record: Record) -> dict[str, str | None]:
    geometry = record.geometry
    if geometry is None:
        return {}
    wkt = shapely.to_wkt(geometry, rounding_precision=DECIMALS, trim=True)
    # lat/lon of the first location as written, so that reading them back finds them in agreement.
    first = shapely.from_wkt(wkt)
    lat, lon = latlon_of(first.geoms[0] if first.geom_type == "GeometryCollection" else first)
    single_point = geometry.geom_type == "Point"
    return {"lat": number(lat), "lon": number(lon), "wkt": None if single_point else wkt}


# --- reading --------------------------------------------------------------------------------------

ALIASES: dict[str, str] = {
    "latitude": "lat",
    "longitude": "lon",
    "lng": "lon",
    "long": "lon",
    "start_date": "start",
    "end_date": "end",
    "locations": "location",
}
"""Other header names accepted for columns of :data:`~coopmap.formats.columns.COLUMNS`."""


def rows(path: str | os.PathLike[str], /, options: ReadOptions = DEFAULT) -> Iterator[Row]:
    """The rows of a CSV file, read as they are needed (the file is never held whole);
    :class:`RecordImportError` when the file cannot be read."""
    path = Path(path)
    handle = path.open("rb")
    try:
        lines = _decoded_lines(path, handle)
        first_line = next(lines, "")
        # csv's own cell limit (131,072 characters) would end the import with a traceback; no
        # cell is longer than the file, and row_from_cells refuses one over the cell limit.
        csv.field_size_limit(max(csv.field_size_limit(), path.stat().st_size + 1))
        found = _rows_of_lines(
            itertools.chain([first_line], lines), _delimiter(first_line), source=str(path)
        )
    except BaseException:
        handle.close()
        raise
    return _closing(found, handle)


_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _decoded_lines(path: Path, handle: IO[bytes]) -> Iterator[str]:
    """The file's lines as text (a UTF-8 byte order mark dropped), each with its line end."""
    for line, raw in enumerate(handle, 1):
        try:
            text = raw.decode("utf-8-sig" if line == 1 else "utf-8")
        except UnicodeDecodeError as err:
            raise RecordImportError(
                str(path),
                [
                    ValidationError(
                        f"the file is not UTF-8 text ({err.reason} on line {line}, byte "
                        f"{err.start + 1} of the line); save it as UTF-8 CSV"
                    )
                ],
            ) from err
        yield from _LONE_CR.split(text)  # old Mac files end their lines with CR alone


def _closing(found: Iterator[Row], handle: IO[bytes]) -> Iterator[Row]:
    with handle:
        yield from found


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
    lines = io.StringIO(text, newline="")
    return _rows_of_lines(lines, _delimiter(text.split("\n", 1)[0]), source=source)


def _rows_of_lines(lines: Iterable[str], delimiter: str, /, *, source: str) -> Iterator[Row]:
    """The rows of CSV lines (checking the header before yielding any)."""
    reader = csv.reader(lines, delimiter=delimiter)
    header = _next(reader, 1, source)
    if not header or not any(cell.strip() for cell in header):
        raise RecordImportError(source, [ValidationError("the file has no header row")])
    columns, errors = _columns(header)
    if errors:
        raise RecordImportError(source, errors)
    return _rows(reader, columns, source)


def _next(reader: Iterator[list[str]], line: int, source: str) -> list[str] | None:
    """The next row of the reader; :class:`RecordImportError` when csv cannot read it."""
    try:
        return next(reader, None)
    except csv.Error as err:
        raise RecordImportError(
            source, [ValidationError(f"not CSV: {err}", record=f"row {line}")]
        ) from err


def _rows(
    reader: Iterator[list[str]], columns: list[tuple[str, str]], source: str
) -> Iterator[Row]:
    headers = dict(columns)
    line = 1
    while (values := _next(reader, line + 1, source)) is not None:
        line += 1
        if not any(value.strip() for value in values):
            continue
        where = f"row {line}"
        data = {
            column: unguarded(value).strip()
            for (column, _), value in zip(columns, values, strict=False)
        }
        if len(values) > len(columns):
            error = ValidationError(
                f"{len(values)} cells but the header has {len(columns)} columns", record=where
            )
            yield Row(where, name_of(data), errors=[error])
            continue
        yield row_from_cells(data, where=where, headers=headers)


def _delimiter(first_line: str) -> str:
    """The header row's delimiter; quoting follows the usual (Excel) rules whatever it is."""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _columns(header: list[str]) -> tuple[list[tuple[str, str]], list[ValidationError]]:
    """``(column, header as written)`` for each header cell, and errors for bad headers."""
    columns: list[tuple[str, str]] = []
    errors = []
    seen: set[str] = set()
    for written in header:
        name = "_".join(written.strip().lower().split())
        column = ALIASES.get(name, name)
        if column not in COLUMNS:
            errors.append(
                ValidationError(
                    f"unknown column; the columns are {', '.join(COLUMNS)}",
                    record="row 1 (header)",
                    field=written,
                )
            )
        elif column in seen:
            errors.append(
                ValidationError("the column appears twice", record="row 1 (header)", field=written)
            )
        seen.add(column)
        columns.append((column, written))
    if "title" not in seen:
        errors.append(
            ValidationError("the column is missing", record="row 1 (header)", field="title")
        )
    return columns, errors
