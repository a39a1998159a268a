"""Files of records: every format coopmap reads or writes, one module each.

:func:`read_file` reads and checks a file, :func:`export` writes one; both take the format from
the file's extension (or ``format``) through the registry, :mod:`coopmap.formats.registry`.
Reading validates everything and writes nothing: the caller decides what to do with the records
(:func:`coopmap.services.import_files` hands them to :meth:`coopmap.store.Store.add`, which takes
all or none). :func:`read_records` is the all-or-nothing form: the records, or one error listing
every problem so that the user fixes them all in one go.

The modules:

- one per format, reading and writing it: :mod:`~coopmap.formats.csv`,
  :mod:`~coopmap.formats.xlsx`, :mod:`~coopmap.formats.geojson`, :mod:`~coopmap.formats.gpkg`,
  :mod:`~coopmap.formats.kml`, :mod:`~coopmap.formats.iati` (IATI 2.03 activity XML, a package
  with its schemas), :mod:`~coopmap.formats.html` (written only) and
  :mod:`~coopmap.formats.gcdf` (AidData's GCDF, read only, known by its columns;
  :mod:`~coopmap.formats.gcdf_files` tells its files apart); :mod:`~coopmap.formats.registry`
  lists them, :func:`plan` reads a file with the files that complete it (GCDF's location
  files), :mod:`~coopmap.formats.options` holds what a user chooses beyond the file (sheet,
  column mapping, geocoding);
- tables of text cells (CSV files and workbooks, both ways): :mod:`~coopmap.formats.tables`, and
  their rows as records: :mod:`~coopmap.formats.tabular`;
- place names without coordinates, geocoded on import: :mod:`~coopmap.formats.placing`;
- the flat column layout of CSV, GeoPackage and KML, both ways: :mod:`~coopmap.formats.columns`
  (record to cells and back), :mod:`~coopmap.formats.encoding` (the text of one cell),
  :mod:`~coopmap.formats.layers` (the columns beside a geometry in a GIS layer);
- :mod:`~coopmap.formats.reading` (rows into valid records, problems and warnings, with the
  checks across rows), :mod:`~coopmap.formats.report` (the import report's CSV or JSON);
- :mod:`~coopmap.formats.atomic` (files replaced only once written whole and on disk),
  :mod:`~coopmap.formats.formulas` (CSV cells no spreadsheet runs as formulas, read back),
  :mod:`~coopmap.formats.gdal` (GIS layers through pyogrio), :mod:`~coopmap.formats.codes`
  (the exchange codes: CRS sectors, IATI precision, ISO alpha-3 countries),
  :mod:`~coopmap.formats.values` (sectors, statuses, countries and dates as other
  vocabularies write them).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coopmap.errors import RecordImportError, UnknownFormatError
from coopmap.formats.limits import check_file_size, check_rows, max_rows
from coopmap.formats.options import DEFAULT, Progress, ReadOptions
from coopmap.formats.options import DEFAULT as DEFAULT_OPTIONS
from coopmap.formats.reading import Problem, Reading, Row, collect
from coopmap.formats.registry import FORMATS, Format, format_for
from coopmap.model import Record
from coopmap.model.bulk import paused_gc

if TYPE_CHECKING:
    from coopmap.store.base import StoredBatch

__all__ = [
    "DEFAULT_OPTIONS",
    "FORMATS",
    "Format",
    "Problem",
    "ReadOptions",
    "Reading",
    "RecordImportError",
    "Row",
    "UnknownFormatError",
    "export",
    "export_stored",
    "format_for",
    "plan",
    "read_file",
    "read_records",
]

log = logging.getLogger(__name__)


def read_file(
    path: str | os.PathLike[str],
    /,
    *,
    format: str | None = None,
    strict: bool = False,
    check_places: bool = True,
    options: ReadOptions = DEFAULT,
) -> Reading:
    """Read and validate the records of a CSV, GeoJSON, GeoPackage, KML or IATI XML file.

    ``strict`` rejects the rows that only have warnings too; ``check_places=False`` skips the
    checks against the country outlines (which open the gazetteer). ``options`` (a
    :class:`~coopmap.formats.options.ReadOptions`) carry the sheet, the column mapping and
    whether to geocode place names without coordinates.

    Raises
    ------
    RecordImportError
        The file as a whole cannot be read (its rows are not even looked at).
    UnknownFormatError
        Neither ``format`` nor the extension names a format that can be read.
    OSError
        The file cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> from coopmap import read_file
    >>> path = tempfile.mkdtemp() + "/sheet.csv"
    >>> rows = ["id,title,sectors,lat,lon", "pj-lrt,Astana LRT,transport,51.18,71.45",
    ...         "pj-bad,A plant,rail,51.18,71.45"]
    >>> _ = open(path, "w").write("".join(row + chr(10) for row in rows))
    >>> reading = read_file(path)
    >>> [record.id for record in reading.records], len(reading.problems)
    (['pj-lrt'], 1)
    """
    path = Path(path)
    module = format_for(path, action="read", format=format, options=options).module
    check_file_size(path)
    produced = module.rows(path, options)
    rows = _counted(produced, source=str(path), progress=options.progress)
    with paused_gc():
        reading = collect(str(path), rows, strict=strict, check_places=check_places)
    reading.mappings = list(getattr(produced, "mappings", ()))
    log.info(
        "read %d records from %s (%d rows rejected, %d warnings)",
        len(reading.records),
        path,
        reading.rejected,
        len(reading.warnings),
    )
    return reading


def plan(
    paths: Sequence[str | os.PathLike[str]], /, options: ReadOptions = DEFAULT
) -> list[tuple[Path, ReadOptions]]:
    """The files to read, in order, each with its options: a file that completes another of
    its format (a GCDF file's ADM location files) is read with it, as
    :attr:`ReadOptions.companions <coopmap.formats.options.ReadOptions.companions>`, not alone.

    The formats that group their files are those whose module has ``group`` (see
    :mod:`~coopmap.formats.registry`); a file that no format can read is left for
    :func:`read_file` to refuse.
    """
    chosen: list[tuple[Path, Format | None]] = []
    for given in paths:
        path = Path(given)
        try:
            chosen.append((path, format_for(path, action="read", options=options)))
        except UnknownFormatError:
            chosen.append((path, None))
    planned: list[tuple[Path, ReadOptions]] = []
    grouped: set[str] = set()
    for path, entry in chosen:
        group = getattr(entry.module, "group", None) if entry is not None else None
        if group is None:
            planned.append((path, options))
        elif entry is not None and entry.name not in grouped:
            grouped.add(entry.name)
            mine = [other for other, its in chosen if its == entry]
            planned += [
                (main, replace(options, companions=companions))
                for main, companions in group(mine, options)
            ]
    return planned


PROGRESS_EVERY = 500
"""How many rows :func:`read_file` reads between two calls of ``options.progress``."""


def _counted(
    rows: Iterable[Row], /, *, source: str, progress: Progress | None = None
) -> Iterator[Row]:
    """The rows, stopping the file once they are more than the row limit; ``progress`` is told
    the count every :data:`PROGRESS_EVERY` rows and once at the end."""
    count = 0
    limit = max_rows()
    for count, row in enumerate(rows, 1):
        if count > limit:
            check_rows(count, source=source)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count, None)
        yield row
    if progress is not None:
        progress(count, count)


def read_records(
    path: str | os.PathLike[str],
    /,
    *,
    format: str | None = None,
    options: ReadOptions = DEFAULT,
) -> list[Record]:
    """The records of a file, or :class:`RecordImportError` listing every problem in it.

    Warnings (a location outside its record's country) do not stop the records.

    Examples
    --------
    >>> import tempfile
    >>> from coopmap import Project, export, read_records
    >>> plant = Project(id="pj-x", title="X", sectors=["energy"])
    >>> path = export([plant], tempfile.mkdtemp() + "/x.csv")
    >>> [record.title for record in read_records(path)]
    ['X']
    """
    reading = read_file(path, format=format, options=options)
    if reading.problems:
        raise reading.error()
    return reading.records


def export(
    records: Iterable[Record],
    path: str | os.PathLike[str],
    /,
    *,
    format: str | None = None,
    **options: Any,
) -> Path:
    """Write records to ``path`` in ``format`` (by default the one its extension names).

    ``options`` go to the format's ``write``. A format that ``streams`` (CSV, GeoJSON,
    GeoPackage) takes the records as they come, so ``records`` may be a generator of any
    length; the others are given them as one list. Returns the path written. Raises
    :class:`UnknownFormatError` listing the formats when none fits, and
    :class:`~coopmap.errors.ExportError` (an :class:`OSError`) when the file cannot be written,
    which leaves ``path`` as it was: every format writes a temporary file beside it and renames
    it into place once complete (:mod:`coopmap.formats.atomic`).

    Examples
    --------
    >>> import tempfile
    >>> from coopmap import Project, export
    >>> railway = Project(id="pj-lrt", title="Astana light railway", sectors=["transport"])
    >>> export([railway], tempfile.mkdtemp() + "/atlas.geojson").suffix
    '.geojson'
    """
    path = Path(path)
    found = format_for(path, action="write", format=format)
    with paused_gc():
        found.module.write(records if found.streams else list(records), path, **options)
    return path


def export_stored(
    batches: Iterable[StoredBatch],
    path: str | os.PathLike[str],
    /,
    *,
    format: str | None = None,
    **options: Any,
) -> Path:
    """:func:`export` of records as a SQL store holds them
    (:meth:`~coopmap.store.sqlstore.SQLStore.stored_batches`), into a format that writes them
    so (``from_store`` in :mod:`~coopmap.formats.registry`): the same file, without rebuilding
    the records.
    Raises :class:`UnknownFormatError` for a format that does not."""
    path = Path(path)
    found = format_for(path, action="write", format=format)
    if not found.from_store:
        raise UnknownFormatError(
            f"{found.name} files are written from records, not from a store's rows"
        )
    with paused_gc():
        found.module.write_stored(batches, path, **options)
    return path
