"""A table's rows as records: the header checked once, each row's cells read by
:func:`~coopmap.formats.columns.row_from_cells`.

CSV files and Excel workbooks (:mod:`~coopmap.formats.tables`) hold the same columns, so they
are read the same way here: the header names :data:`~coopmap.formats.columns.COLUMNS` (or
their aliases), a header naming anything else stops the whole file (its values would otherwise
be lost without a word), and each row that has more cells than the header is refused.
"""

from __future__ import annotations

from collections.abc import Iterator

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.columns import COLUMNS, row_from_cells
from coopmap.formats.formulas import unguarded
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Row, name_of
from coopmap.formats.tables import Table

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


def table_rows(table: Table, /, options: ReadOptions = DEFAULT) -> Iterator[Row]:
    """The rows of a table as :class:`Row` values (checking the header before yielding any)."""
    columns, errors = _columns(table.header)
    if errors:
        raise RecordImportError(table.source, errors)
    return _rows(table, columns, options)


def _rows(table: Table, columns: list[tuple[str, str]], options: ReadOptions) -> Iterator[Row]:
    headers = dict(columns)
    for where, values in table.rows:
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
        yield row_from_cells(data, where=where, headers=headers, options=options)


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
