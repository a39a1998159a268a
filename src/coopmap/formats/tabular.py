"""A table's rows as records: the header mapped once, each row's cells read by
:func:`~coopmap.formats.columns.row_from_cells`.

CSV files and Excel workbooks (:mod:`~coopmap.formats.tables`) hold the same columns, so they
are read the same way here: the header is mapped onto :data:`~coopmap.formats.columns.COLUMNS`
as :mod:`~coopmap.formats.mapping` says (the user's mapping, coopmap's names and their
synonyms; a file whose layout it cannot place stops at once), and each row that has more cells
than the header is refused.
"""

from __future__ import annotations

from collections.abc import Iterator

from coopmap.errors import ValidationError
from coopmap.formats.columns import row_from_cells
from coopmap.formats.formulas import unguarded
from coopmap.formats.mapping import ColumnMapping, MappedRows, map_header
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Row, name_of
from coopmap.formats.tables import Table


def table_rows(table: Table, /, options: ReadOptions = DEFAULT) -> MappedRows:
    """The rows of a table as :class:`Row` values (mapping the header before yielding any)."""
    mapping = map_header(table.header, source=table.source, options=options)
    return MappedRows(_rows(table, mapping, options), [mapping])


def _rows(table: Table, mapping: ColumnMapping, options: ReadOptions) -> Iterator[Row]:
    headers = mapping.headers
    width = len(mapping.header)
    for where, values in table.rows:
        cells = [unguarded(value).strip() for value in values]
        data = mapping.cells(cells)
        if len(values) > width:
            error = ValidationError(
                f"{len(values)} cells but the header has {width} columns", record=where
            )
            yield Row(where, name_of(data), errors=[error])
            continue
        yield row_from_cells(data, where=where, headers=headers, options=options)
