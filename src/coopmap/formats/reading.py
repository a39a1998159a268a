"""What reading a file gives, whatever its format: valid records, problems and warnings.

Each format module's ``rows(path, /)`` yields one :class:`Row` per row or feature of the file:
the record it gives, or the errors that stop it. A problem with the file as a whole (not UTF-8,
not JSON, an unknown column) raises :class:`~coopmap.errors.RecordImportError` at once, since
no row of such a file can be trusted.

:func:`collect` then checks what no single row can tell: an id used twice in the file, and,
with the gazetteer's country outlines, a location that lies outside the country its record
names (a warning) or that would lie inside it with latitude and longitude swapped (an error;
see :mod:`coopmap.places.checks`). It gives a :class:`Reading`: the valid records, a
:class:`Problem` for each thing wrong with a rejected row, and the warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

import pydantic

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.placing import Geocoded

if TYPE_CHECKING:
    from coopmap.formats.mapping import ColumnMapping
from coopmap.model import Record, field_errors

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

    @classmethod
    def of_geocoded(cls, geocoded: Geocoded, /) -> Problem:
        """How a place name was geocoded, worded and placed as a problem is (an ambiguous or
        unfound name is doubtful, a found one is not: all are listed for review)."""
        return cls(
            geocoded.describe(),
            where=geocoded.where,
            record=geocoded.record,
            field=geocoded.field,
            level="error" if geocoded.place is None else "warning",
            source=geocoded.source,
        )

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
    ``lat/lon``), for the location checks to name. ``warnings`` are what the format found
    doubtful in the row (an IATI activity that breaks the schema); :func:`collect` gives them
    the file's name (and under ``strict`` makes them errors).
    """

    where: str
    name: str | None = None
    record: Record | None = None
    errors: list[ValidationError] = field(default_factory=list)
    geometry_field: str = "geometry"
    warnings: list[Problem] = field(default_factory=list)
    geocoded: list[Geocoded] = field(default_factory=list)
    """How each place name without coordinates was geocoded (:mod:`coopmap.formats.placing`)."""


@dataclass
class Reading:
    """What :func:`read_file` found: the valid records, and the problems of the other rows."""

    source: str
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)
    """The row or feature each valid record came from, by id."""
    geocoded: list[Geocoded] = field(default_factory=list)
    """Every place name geocoded on reading, in rejected rows too, with where it was."""
    mappings: list[ColumnMapping] = field(default_factory=list)
    """How the columns of each file (or layer) were mapped, with the columns ignored
    (:mod:`coopmap.formats.mapping`); empty for formats without columns (GeoJSON)."""

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
        for found in row.warnings:
            problem = replace(found, source=source, level="error" if strict else "warning")
            (errors if strict else warnings).append(problem)
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
        reading.geocoded += [outcome.at(source=source) for outcome in row.geocoded]
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
