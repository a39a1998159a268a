"""Read records from files: :func:`read_file` picks the reader from the extension.

Readers validate everything and write nothing: the caller decides what to do with the records
(:func:`coopmap.tools.import_files` hands them to :meth:`coopmap.store.Store.add`, which takes
all or none). Each format module has ``rows(path, /)``, which yields one :class:`Row` per row or
feature of the file: the record it gives, or the errors that stop it. A problem with the file
as a whole (not UTF-8, not JSON, an unknown column) raises :class:`RecordImportError` at once,
since no row of such a file can be trusted.

:func:`read_file` then checks what no single row can tell: an id used twice in the file, and,
with the gazetteer's country outlines, a location that lies outside the country its record
names (a warning) or that would lie inside it with latitude and longitude swapped (an error;
see :mod:`coopmap.importers.places`). It returns a :class:`Reading`: the valid records, a
:class:`Problem` for each thing wrong with a rejected row, and the warnings.
:func:`read_records` is the all-or-nothing form: the records, or one error listing every
problem so that the user fixes them all in one go.
"""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path

from coopmap.errors import RecordImportError
from coopmap.exporters import format_for
from coopmap.formats.reading import Problem, Reading, Row, collect
from coopmap.model import Record

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "Problem",
    "Reading",
    "RecordImportError",
    "Row",
    "read_file",
    "read_records",
]

log = logging.getLogger(__name__)

FORMATS: dict[str, str] = {
    "geojson": "coopmap.importers.geojson",
    "csv": "coopmap.importers.csv",
    "gpkg": "coopmap.importers.gpkg",
    "kml": "coopmap.importers.kml",
}
"""Reader modules by format name; each has ``rows(path, /) -> Iterator[Row]``."""

EXTENSIONS: dict[str, str] = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".csv": "csv",
    ".gpkg": "gpkg",
    ".kml": "kml",
}
"""Format names by file extension."""


def read_file(
    path: str | os.PathLike[str],
    /,
    *,
    format: str | None = None,
    strict: bool = False,
    check_places: bool = True,
) -> Reading:
    """Read and validate the records of a CSV, GeoJSON, GeoPackage or KML file.

    ``strict`` rejects the rows that only have warnings too; ``check_places=False`` skips the
    checks against the country outlines (which open the gazetteer).

    Raises
    ------
    RecordImportError
        The file as a whole cannot be read (its rows are not even looked at).
    UnknownFormatError
        Neither ``format`` nor the extension names a format that can be read.
    OSError
        The file cannot be read.
    """
    path = Path(path)
    name = format_for(path, format=format, formats=FORMATS, extensions=EXTENSIONS, what="import")
    module = importlib.import_module(FORMATS[name])
    reading = collect(str(path), module.rows(path), strict=strict, check_places=check_places)
    log.info(
        "read %d records from %s (%d rows rejected, %d warnings)",
        len(reading.records),
        path,
        reading.rejected,
        len(reading.warnings),
    )
    return reading


def read_records(path: str | os.PathLike[str], /, *, format: str | None = None) -> list[Record]:
    """The records of a file, or :class:`RecordImportError` listing every problem in it.

    Warnings (a location outside its record's country) do not stop the records.
    """
    reading = read_file(path, format=format)
    if reading.problems:
        raise reading.error()
    return reading.records
