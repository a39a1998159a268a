"""Flat rows back into records: the reading half of :mod:`coopmap.columns`.

CSV, GeoPackage and KML files hold the same columns; their readers turn each row into a dict of
text cells (empty for a missing value) and hand it here with the header names as written (for
messages) and, in GIS formats, the feature's geometry. A hand-made sheet needs only ``title``
plus what the records require (``sectors`` or ``crs_codes`` for projects, ``event_type`` for
events); ``kind`` defaults to ``event`` when ``event_type`` is filled and to ``project``
otherwise. Without a geometry, coordinates come from ``lat``/``lon`` or from ``wkt``. A location
without a ``location`` name takes the title.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterator
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.columns import (
    ATTRIBUTE_COLUMNS,
    IMPORTED_SOURCE,
    decode_list,
    number,
    parse_link,
    parse_organisation,
    parse_participant,
    parse_source,
    parse_spec,
    parse_status_change,
)
from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.codes import countries_from, precisions_from, sectors_from
from coopmap.formats.gdal import Layer
from coopmap.importers import Row, label, name_of
from coopmap.model import latlon_of, point_from_latlon, record_from_dict

_TOLERANCE = 1e-6  # degrees, about 10 cm: lat/lon and wkt written by us agree far closer
_TEXT = ("id", "title", "status", "status_date", "event_type", "start", "end", "notes")
_LISTS: dict[str, Callable[[str], Any]] = {
    "organisations": parse_organisation,
    "participants": parse_participant,
    "specs": parse_spec,
    "sources": parse_source,
    "links": parse_link,
    "outcomes": str,
    "status_history": parse_status_change,
}
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


def row_from_cells(
    row: dict[str, str],
    /,
    *,
    where: str,
    headers: dict[str, str],
    geometry: BaseGeometry | None = None,
) -> Row:
    """The record in a row of text cells, or the row's problems.

    ``headers`` maps each column to its name as written in the file; ``geometry`` is the
    feature's own geometry in formats that have one (the ``lat``/``lon``/``wkt`` columns are
    read otherwise).
    """
    errors: list[ValidationError] = []
    name = label(where, name_of(row))

    def fail(column: str, reason: str) -> None:
        errors.append(ValidationError(reason, record=name, field=headers.get(column, column)))

    data: dict[str, Any] = {column: row[column] for column in _TEXT if row.get(column)}
    if "title" in row:
        data["title"] = row["title"]  # even when blank, so that the model says what is wrong
    data["kind"] = row.get("kind") or ("event" if row.get("event_type") else "project")
    _codes(row, data, fail)
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
    if geometry is not None:
        geometry_field = "geometry"
    elif row.get("wkt"):
        geometry_field = headers.get("wkt", "wkt")
    else:
        geometry_field = "/".join(headers.get(column, column) for column in ("lat", "lon"))
    locations = _locations(row, fail, geometry)
    if locations is not None:
        data["locations"] = locations
    result = Row(where, name_of(row), geometry_field=geometry_field)
    try:
        record = record_from_dict(data, where=where)
    except ValidationError as err:
        result.errors = [*errors, err]
        return result
    result.errors = errors
    result.record = None if errors else record
    return result


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


def _codes(row: dict[str, str], data: dict[str, Any], fail: Callable[[str, str], None]) -> None:
    """Sectors and countries from their columns and their exchange-code columns."""
    try:
        sectors = sectors_from(_split(row.get("sectors", "")), _split(row.get("crs_codes", "")))
    except ValidationError as err:
        fail(err.field or "crs_codes", err.reason)
    else:
        data["sectors"] = sectors  # even when empty, so that the model says a project needs one
    try:
        countries = countries_from(
            _split(row.get("countries", "")), _split(row.get("countries_alpha3", ""))
        )
    except ValidationError as err:
        fail(err.field or "countries", err.reason)
    else:
        if countries:
            data["countries"] = countries


def _locations(
    row: dict[str, str], fail: Callable[[str, str], None], geometry: BaseGeometry | None
) -> list[dict[str, Any]] | None:
    """The row's locations, or ``None`` after reporting what is wrong with them."""
    problems: list[str] = []

    def report(column: str, reason: str) -> None:
        problems.append(reason)
        fail(column, reason)

    parts = _parts(row, report, geometry)
    if parts is None:
        return None
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
    try:
        precisions = precisions_from(
            [part.strip() for part in row.get("precision", "").split(";") if part.strip()],
            [part.strip() for part in row.get("iati_precision", "").split(";") if part.strip()],
        )
    except ValidationError as err:
        report(err.field or "iati_precision", err.reason)
        return None
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


def _parts(
    row: dict[str, str], report: Callable[[str, str], None], geometry: BaseGeometry | None
) -> list[BaseGeometry] | None:
    """One geometry per location (none without coordinates), or ``None`` after a problem."""
    point = _point(row, report)
    if point is None and (row.get("lat") or row.get("lon")):
        return None  # reported
    if geometry is None and row.get("wkt"):
        try:
            geometry = shapely.from_wkt(row["wkt"])
        except shapely.errors.GEOSException as err:
            report("wkt", f"not a WKT geometry: {err}")
            return None
    if geometry is None:
        return [point] if point is not None else []
    is_collection = geometry.geom_type == "GeometryCollection"
    parts = list(geometry.geoms) if is_collection else [geometry]
    if point is not None and parts:
        _check_agreement(parts[0], point, report)
    return parts


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


# --- GIS layers: the same columns beside a geometry ---------------------------------------------

_WGS84 = {"EPSG:4326", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"}


def rows_of_layer(
    layer: Layer,
    /,
    *,
    source: str,
    rename: dict[str, str] | None = None,
    ignore: frozenset[str] = frozenset(),
    first: int = 1,
) -> Iterator[Row]:
    """The features of a GIS layer as rows, numbered from ``first`` (the columns are checked
    at once, the rows read as they are asked for).

    ``rename`` maps the layer's names for columns to ours (KML's ``Name`` is the title);
    columns in ``ignore`` are the format's own (KML's ``visibility``). Any other column that is
    not one of :data:`~coopmap.columns.ATTRIBUTE_COLUMNS` stops the file, as in a CSV header.
    """
    if layer.crs is not None and layer.crs not in _WGS84:
        raise RecordImportError(
            source,
            [
                ValidationError(
                    f"coordinates must be WGS 84 longitude/latitude (EPSG:4326), layer "
                    f"{layer.name!r} is in {layer.crs}",
                    field="crs",
                )
            ],
        )
    rename = rename or {}
    columns: dict[str, str] = {}
    errors = []
    for written in layer.columns:
        if written in ignore:
            continue
        column = rename.get(written, written.strip().lower())
        if column not in ATTRIBUTE_COLUMNS or column in columns.values():
            errors.append(
                ValidationError(
                    f"unknown column; the columns are {', '.join(ATTRIBUTE_COLUMNS)}"
                    if column not in ATTRIBUTE_COLUMNS
                    else "the column appears twice",
                    record=f"layer {layer.name}",
                    field=written,
                )
            )
        columns[written] = column
    if "title" not in columns.values():
        errors.append(
            ValidationError("the column is missing", record=f"layer {layer.name}", field="title")
        )
    if errors:
        raise RecordImportError(source, errors)
    return _layer_rows(layer, columns, first)


def _layer_rows(layer: Layer, columns: dict[str, str], first: int) -> Iterator[Row]:
    headers = {column: written for written, column in columns.items()}
    for index, (feature, geometry) in enumerate(
        zip(layer.features, layer.geometries, strict=True), first
    ):
        cells = {column: _cell(feature[written]) for written, column in columns.items()}
        yield row_from_cells(cells, where=f"feature {index}", headers=headers, geometry=geometry)


def _cell(value: Any) -> str:
    """A GIS attribute as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return number(value) if math.isfinite(value) else str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value).strip()
