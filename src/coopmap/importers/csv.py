"""CSV import: the columns :mod:`coopmap.exporters.csv` writes, or any subset of them.

Rows are read as :mod:`coopmap.formats.columns` says; coordinates come from ``lat``/``lon`` (also
``latitude``/``longitude``) or from ``wkt``. Rows are numbered as a spreadsheet shows them: the
header is row 1. The delimiter (``,``, ``;`` or tab) is detected. A header naming a column that
is not one of :data:`~coopmap.formats.columns.COLUMNS` (or an alias) stops the whole file: its
values would otherwise be lost without a word.
"""

from __future__ import annotations

import csv
import io
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.columns import COLUMNS, row_from_cells
from coopmap.formats.reading import Reading, Row, collect, name_of
from coopmap.model import Record

log = logging.getLogger(__name__)

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


def rows(path: str | os.PathLike[str], /) -> Iterator[Row]:
    """The rows of a CSV file; :class:`RecordImportError` when the file cannot be read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise RecordImportError(
            str(path),
            [
                ValidationError(
                    f"the file is not UTF-8 text ({err.reason} at byte {err.start}); "
                    "save it as UTF-8 CSV"
                )
            ],
        ) from err
    return rows_of_text(text, source=str(path))


def records_from_csv(text: str, /, *, source: str = "CSV") -> list[Record]:
    """The records in CSV text; :class:`RecordImportError` lists every bad row."""
    reading = read_text(text, source=source)
    if reading.problems:
        raise reading.error()
    return reading.records


def read_text(text: str, /, *, source: str = "CSV") -> Reading:
    """What :func:`coopmap.importers.read_file` finds in CSV text."""
    return collect(source, rows_of_text(text, source=source))


def rows_of_text(text: str, /, *, source: str = "CSV") -> Iterator[Row]:
    """The rows in CSV text (checking the header before yielding any)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise RecordImportError(source, [ValidationError("the file has no header row")])
    columns, errors = _columns(header)
    if errors:
        raise RecordImportError(source, errors)
    return _rows(reader, columns)


def _rows(reader: Iterator[list[str]], columns: list[tuple[str, str]]) -> Iterator[Row]:
    headers = dict(columns)
    for number, cells in enumerate(reader, 2):
        if not any(cell.strip() for cell in cells):
            continue
        where = f"row {number}"
        row = {column: cell.strip() for (column, _), cell in zip(columns, cells, strict=False)}
        if len(cells) > len(columns):
            error = ValidationError(
                f"{len(cells)} cells but the header has {len(columns)} columns", record=where
            )
            yield Row(where, name_of(row), errors=[error])
            continue
        yield row_from_cells(row, where=where, headers=headers)


def _delimiter(text: str) -> str:
    """The header row's delimiter; quoting follows the usual (Excel) rules whatever it is."""
    first_line = text.split("\n", 1)[0]
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
