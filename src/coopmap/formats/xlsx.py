"""Excel workbooks (``.xlsx``): the CSV columns on one sheet, written and read back.

A workbook holds exactly what a CSV file does (:data:`~coopmap.formats.columns.COLUMNS`, the
same cells): :func:`write` puts the records on a sheet called ``records``, :func:`rows` reads
the sheet ``options.sheet`` names (``coopmap import --sheet NAME``), by default the first. Its
header is the first row that is not empty; rows are numbered as Excel shows them. Cells are
read as text (:mod:`~coopmap.formats.tables`), so a number, date or formula result means in a
workbook what it means in CSV, and no text is ever written as a formula.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator

from coopmap.formats.columns import COLUMNS
from coopmap.formats.csv import row
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Row
from coopmap.formats.tables import read_table, write_table
from coopmap.formats.tabular import table_rows
from coopmap.model import Record

log = logging.getLogger(__name__)

SHEET = "records"
"""The sheet :func:`write` puts the records on."""


def write(
    records: Iterable[Record], path: str | os.PathLike[str], /, *, sheet: str = SHEET
) -> None:
    """Write records to ``path`` as a workbook with one sheet, ``sheet``."""
    count = write_table(path, COLUMNS, [row(record) for record in records], sheet=sheet)
    log.info("wrote %d rows to %s", count, path)


def rows(path: str | os.PathLike[str], /, options: ReadOptions = DEFAULT) -> Iterator[Row]:
    """The rows of the workbook's sheet ``options.sheet`` (by default its first)."""
    return table_rows(read_table(path, sheet=options.sheet), options)
