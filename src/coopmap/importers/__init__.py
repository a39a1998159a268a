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
see :mod:`coopmap.places.checks`). It returns a :class:`Reading`: the valid records, a
:class:`Problem` for each thing wrong with a rejected row, and the warnings.
:func:`read_records` is the all-or-nothing form: the records, or one error listing every
problem so that the user fixes them all in one go.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pydantic

from coopmap.errors import RecordImportError, ValidationError
from coopmap.exporters import format_for
from coopmap.model import Record, field_errors

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

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or, as a warning, doubtful) in one row or feature of a file.

    ``where`` is the row or feature (``row 3``, ``feature 2``) or, for the file as a whole,
    ``None``; ``record`` the id (or title) the row gives; ``field`` the column or property.
    """

    reason: str
    where: str | None = None
    record: str | None = None
    field: str | None = None
    level: Level = "error"
    source: str | None = None

    @property
    def row(self) -> int | None:
        """The row or feature number, as the user counts them."""
        match = re.match(r"^\w+ (\d+)$", self.where or "")
        return int(match[1]) if match else None

    def error(self, *, with_source: bool = False) -> ValidationError:
        """The problem as the error that names it: ``record row 3 (my-id) field 'lat': ...``
        (``... row 3 (my-id) in sheet.csv ...`` ``with_source``)."""
        where = label(self.where, self.record) if self.where else self.record
        if with_source and self.source:
            where = f"{where} in {self.source}" if where else self.source
        return ValidationError(self.reason, record=where, field=self.field)

    def __str__(self) -> str:
        """``sheet.csv row 3 (my-id) field 'lat': ...``, as the CLI lists problems."""
        parts = [self.source, label(self.where, self.record) if self.where else self.record]
        parts.append(f"field {self.field!r}" if self.field else None)
        where = " ".join(part for part in parts if part)
        return f"{where}: {self.reason}" if where else self.reason


@dataclass
class Row:
    """A row or feature as a format module reads it: a record, or the errors that stop it.

    ``geometry_field`` names where the row's geometry came from (``geometry``, ``wkt``,
    ``lat/lon``), for the location checks to name.
    """

    where: str
    name: str | None = None
    record: Record | None = None
    errors: list[ValidationError] = field(default_factory=list)
    geometry_field: str = "geometry"


@dataclass
class Reading:
    """What :func:`read_file` found: the valid records, and the problems of the other rows."""

    source: str
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)
    """The row or feature each valid record came from, by id."""

    @property
    def rejected(self) -> int:
        """How many rows or features were rejected."""
        return len({(problem.source, problem.where) for problem in self.problems})

    def error(self) -> RecordImportError:
        """Every problem in one error (raise it when all or nothing is wanted)."""
        return RecordImportError(
            self.source,
            [problem.error(with_source=problem.source != self.source) for problem in self.problems],
        )


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


def collect(
    source: str, rows: Iterable[Row], /, *, strict: bool = False, check_places: bool = True
) -> Reading:
    """Sort rows into valid records and problems, checking ids and places across them."""
    from coopmap.places import PlaceCheck

    reading = Reading(source)
    places = PlaceCheck() if check_places else None
    for row in rows:
        record = row.record
        errors = [problem for error in row.errors for problem in _problems(row, error, source)]
        warnings: list[Problem] = []
        if record is not None and record.id in reading.where:
            errors.append(
                Problem(
                    f"id {record.id!r} is already used by {reading.where[record.id]}",
                    where=row.where,
                    record=record.id,
                    field="id",
                    source=source,
                )
            )
        if record is not None and not errors and places is not None:
            for level, field_name, reason in places.check(record, field=row.geometry_field):
                problem = Problem(
                    reason,
                    where=row.where,
                    record=record.id,
                    field=field_name,
                    level="error" if strict else level,
                    source=source,
                )
                (errors if problem.level == "error" else warnings).append(problem)
        if errors or record is None:
            reading.problems += errors
        else:
            reading.records.append(record)
            reading.where[record.id] = row.where
        reading.warnings += warnings
    return reading


def _problems(row: Row, error: ValidationError, source: str) -> Iterator[Problem]:
    """One problem per field an error names (the model folds several into one error)."""
    cause = error.__cause__
    pairs: list[tuple[str | None, str]] = [(error.field, error.reason)]
    if isinstance(cause, pydantic.ValidationError) and len(cause.errors()) > 1:
        pairs = list(field_errors(cause))
        fields = {name for name, _ in pairs}
        if "title" in fields:  # a missing id only follows from a missing title
            pairs = [(name, reason) for name, reason in pairs if name != "id"]
    for field_name, reason in pairs:
        yield Problem(reason, where=row.where, record=row.name, field=field_name, source=source)


def label(where: str, name: Any = None) -> str:
    """How errors name a row or feature: ``row 3 (astana-lrt)``, as record_from_dict does."""
    return f"{where} ({name})" if name and str(name) != where else where


def name_of(data: dict[str, Any] | None) -> str | None:
    """The id or title a row or feature gives, to name it in messages."""
    data = data or {}
    name = data.get("id") or data.get("title")
    return str(name) if name else None
