"""A table's rows as records: the header mapped once, each row's cells read by
:func:`~coopmap.formats.columns.row_from_cells`.

CSV files and Excel workbooks (:mod:`~coopmap.formats.tables`) hold the same columns, so they
are read the same way here: the header is mapped onto :data:`~coopmap.formats.columns.COLUMNS`
as :mod:`~coopmap.formats.mapping` says (the user's mapping, coopmap's names and their
synonyms; a file whose layout it cannot place stops at once), and each row that has more cells
than the header is refused. Rows are read in batches of :data:`BATCH` and their cells through
one :class:`~coopmap.formats.bulk.CellCache` per file (:mod:`~coopmap.formats.bulk`).
"""

from __future__ import annotations

from collections.abc import Iterator

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.bulk import CellCache, batch_points
from coopmap.formats.columns import row_from_cells
from coopmap.formats.formulas import QUOTE, unguarded
from coopmap.formats.mapping import ColumnMapping, MappedRows, map_header
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Row, name_of
from coopmap.formats.tables import Table

BATCH = 1000
"""Rows read at once: their points made in one call (:func:`~coopmap.formats.bulk.batch_points`)."""


def table_rows(table: Table, /, options: ReadOptions = DEFAULT) -> MappedRows:
    """The rows of a table as :class:`Row` values (mapping the header before yielding any)."""
    mapping = map_header(table.header, source=table.source, options=options)
    return MappedRows(_rows(table, mapping, options), [mapping])


def _rows(table: Table, mapping: ColumnMapping, options: ReadOptions) -> Iterator[Row]:
    headers = mapping.headers
    width = len(mapping.header)
    cache = CellCache()
    for batch in _batches(table.rows):
        read = [(where, len(values), mapping.cells(_cells(values))) for where, values in batch]
        points = batch_points([data for _, _, data in read])
        for (where, count, data), point in zip(read, points, strict=True):
            if count > width:
                error = ValidationError(
                    f"{count} cells but the header has {width} columns", record=where
                )
                yield Row(where, name_of(data), errors=[error])
                continue
            yield row_from_cells(
                data, where=where, headers=headers, options=options, cache=cache, point=point
            )


def _batches(rows: Iterator[tuple[str, list[str]]]) -> Iterator[list[tuple[str, list[str]]]]:
    """The rows in lists of :data:`BATCH`; the rows before one that cannot be read (a line
    that is not UTF-8) still come before its error."""
    batch: list[tuple[str, list[str]]] = []
    try:
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                yield batch
                batch = []
    except RecordImportError:
        if batch:
            yield batch
        raise
    if batch:
        yield batch


def _cells(values: list[str]) -> list[str]:
    """A row's cells as read: stripped, a formula's guard taken off (:mod:`~.formulas`)."""
    return [(unguarded(value) if value[:1] == QUOTE else value).strip() for value in values]
