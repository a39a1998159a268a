"""CSV import: the columns :mod:`coopmap.exporters.csv` writes, or any subset of them.

A hand-made sheet needs only ``title`` plus what the records require (``sectors`` for projects,
``event_type`` for events); ``kind`` defaults to ``event`` when ``event_type`` is filled and to
``project`` otherwise. Coordinates come from ``lat``/``lon`` (also ``latitude``/``longitude``)
or from ``wkt``; a location without a ``location`` name takes the title. Rows are numbered as a
spreadsheet shows them: the header is row 1. The delimiter (``,``, ``;`` or tab) is detected.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.errors import ValidationError
from coopmap.exporters.csv import (
    COLUMNS,
    IMPORTED_SOURCE,
    decode_list,
    parse_link,
    parse_organisation,
    parse_participant,
    parse_source,
    parse_spec,
)
from coopmap.importers import RecordImportError, duplicate, label
from coopmap.model import Record, latlon_of, point_from_latlon, record_from_dict

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
"""Other header names accepted for columns of :data:`~coopmap.exporters.csv.COLUMNS`."""

_TOLERANCE = 1e-6  # degrees, about 10 cm: lat/lon and wkt written by us agree far closer
_TEXT = ("id", "title", "status", "status_date", "event_type", "start", "end", "notes")
_LISTS: dict[str, Callable[[str], Any]] = {
    "organisations": parse_organisation,
    "participants": parse_participant,
    "specs": parse_spec,
    "sources": parse_source,
    "links": parse_link,
    "outcomes": str,
}
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


def read(path: str | os.PathLike[str], /) -> list[Record]:
    """The records in a CSV file; :class:`RecordImportError` lists every bad row."""
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
    return records_from_csv(text, source=str(path))


def records_from_csv(text: str, /, *, source: str = "CSV") -> list[Record]:
    """The records in CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise RecordImportError(source, [ValidationError("the file has no header row")])
    columns, errors = _columns(header)
    if not any(column == "title" for column, _ in columns):
        raise RecordImportError(source, errors)  # every row would fail the same way
    headers = {column: written for column, written in columns if column is not None}
    records: list[Record] = []
    first: dict[str, str] = {}
    for number, cells in enumerate(reader, 2):
        if not any(cell.strip() for cell in cells):
            continue
        where = f"row {number}"
        if len(cells) > len(columns):
            errors.append(
                ValidationError(
                    f"{len(cells)} cells but the header has {len(columns)} columns", record=where
                )
            )
            continue
        known = [(column, cell) for (column, _), cell in zip(columns, cells, strict=False)]
        row = {column: cell.strip() for column, cell in known if column is not None}
        record, problems = _record(row, where=where, headers=headers)
        errors += problems
        if record is not None and (error := duplicate(record, where, first)) is not None:
            errors.append(error)
        elif record is not None:
            records.append(record)
    if errors:
        raise RecordImportError(source, errors)
    log.info("read %d records from %s", len(records), source)
    return records


def _split(text: str) -> list[str]:
    parts = text.replace(",", ";").split(";")
    return [part.strip() for part in parts if part.strip()]


def _delimiter(text: str) -> str:
    """The header row's delimiter; quoting follows the usual (Excel) rules whatever it is."""
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _columns(header: list[str]) -> tuple[list[tuple[str | None, str]], list[ValidationError]]:
    """``(column, header as written)`` for each header cell, and errors for bad headers."""
    columns: list[tuple[str | None, str]] = []
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
            columns.append((None, written))
        elif column in seen:
            errors.append(
                ValidationError("the column appears twice", record="row 1 (header)", field=written)
            )
            columns.append((None, written))
        else:
            seen.add(column)
            columns.append((column, written))
    if "title" not in seen:
        errors.append(
            ValidationError("the column is missing", record="row 1 (header)", field="title")
        )
    return columns, errors


def _record(
    row: dict[str, str], *, where: str, headers: dict[str, str]
) -> tuple[Record | None, list[ValidationError]]:
    """The record in a row, or ``None`` and the row's problems."""
    errors: list[ValidationError] = []
    name = label(where, row)

    def fail(column: str, reason: str) -> None:
        errors.append(ValidationError(reason, record=name, field=headers.get(column, column)))

    data: dict[str, Any] = {column: row[column] for column in _TEXT if row.get(column)}
    if "title" in row:
        data["title"] = row["title"]  # even when blank, so that the model says what is wrong
    data["kind"] = row.get("kind") or ("event" if row.get("event_type") else "project")
    if row.get("sectors"):
        data["sectors"] = row["sectors"]
    if row.get("countries"):
        data["countries"] = _split(row["countries"])
    for column, parse_item in _LISTS.items():
        if row.get(column):
            try:
                data[column] = decode_list(row[column], parse_item=parse_item)
            except ValueError as err:
                fail(column, str(err))
    amount, currency = row.get("amount"), row.get("currency")
    if amount or currency:
        try:
            data["amount"] = {"value": float(amount or ""), "currency": currency}
        except ValueError:
            fail(
                "amount", f"{amount!r} is not a number" if amount else "a currency needs an amount"
            )
    draft = row.get("draft", "").lower()
    if draft in _TRUE | _FALSE:
        data["draft"] = draft in _TRUE
    else:
        fail("draft", f"{row['draft']!r} is not yes or no")
    locations = _locations(row, fail)
    if locations is not None:
        data["locations"] = locations
    try:
        record = record_from_dict(data, where=where)
    except ValidationError as err:
        errors.append(err)
        return None, errors
    return (None, errors) if errors else (record, errors)


def _locations(
    row: dict[str, str], fail: Callable[[str, str], None]
) -> list[dict[str, Any]] | None:
    """The row's locations, or ``None`` after reporting what is wrong with them."""
    problems: list[str] = []

    def report(column: str, reason: str) -> None:
        problems.append(reason)
        fail(column, reason)

    point = _point(row, report)
    parts: list[BaseGeometry] = []
    if row.get("wkt"):
        try:
            geometry = shapely.from_wkt(row["wkt"])
        except shapely.errors.GEOSException as err:
            report("wkt", f"not a WKT geometry: {err}")
            return None
        is_collection = geometry.geom_type == "GeometryCollection"
        parts = list(geometry.geoms) if is_collection else [geometry]
        if point is not None and parts:
            _check_agreement(parts[0], point, report)
    elif point is not None:
        parts = [point]
    try:
        names = decode_list(row.get("location", ""), parse_item=str)
    except ValueError as err:
        report("location", str(err))
        return None
    try:
        details = json.loads(row.get("location_details") or "[]")
    except json.JSONDecodeError as err:
        report("location_details", f"not JSON: {err}")
        return None
    if not (isinstance(details, list) and all(isinstance(item, dict) for item in details)):
        report("location_details", "must be a JSON list of objects, one per location")
        return None
    if not parts:
        if names:
            report("location", "has no coordinates: fill lat and lon, or wkt")
        return None if problems else []
    if not names and len(parts) == 1:
        # Without a title the record fails anyway; "untitled" keeps that the only complaint.
        names = [row.get("title") or "untitled"]
    precisions = [part.strip() for part in row.get("precision", "").split(";") if part.strip()]
    precisions = precisions or ["unknown"]
    if len(precisions) == 1:
        precisions *= len(parts)
    for column, values in (
        ("location", names),
        ("precision", precisions),
        ("location_details", details or [{}] * len(parts)),
    ):
        if len(values) != len(parts):
            report(
                column,
                f"{len(values)} value(s) for {len(parts)} location(s); separate "
                "one per location with ';' (a GEOMETRYCOLLECTION holds several)",
            )
    if problems:
        return None
    return [
        {
            "name": name,
            "geometry": part,
            "precision": precision,
            "geometry_source": IMPORTED_SOURCE.value,
            **detail,
        }
        for name, part, precision, detail in zip(
            names, parts, precisions, details or [{}] * len(parts), strict=True
        )
    ]


def _point(row: dict[str, str], report: Callable[[str, str], None]) -> BaseGeometry | None:
    lat, lon = row.get("lat"), row.get("lon")
    if not lat and not lon:
        return None
    if not (lat and lon):
        report("lon" if lat else "lat", "is empty; lat and lon go together")
        return None
    values = {}
    for column, text in (("lat", lat), ("lon", lon)):
        try:
            values[column] = float(text)
        except ValueError:
            report(column, f"{text!r} is not a number (use a dot for decimals)")
    if len(values) < 2:
        return None
    try:
        return point_from_latlon(values["lat"], values["lon"])
    except ValidationError as err:
        report(err.field or "lat", err.reason)
        return None


def _check_agreement(
    geometry: BaseGeometry, point: BaseGeometry, report: Callable[[str, str], None]
) -> None:
    try:
        lat, lon = latlon_of(geometry)
    except (shapely.errors.GEOSException, ValueError, IndexError):
        return  # an invalid or empty geometry: validation reports it
    if abs(lat - point.y) > _TOLERANCE or abs(lon - point.x) > _TOLERANCE:
        report(
            "lat",
            f"lat/lon ({point.y}, {point.x}) do not match the first wkt location, at "
            f"({lat:.7f}, {lon:.7f}); correct or clear one of them",
        )
