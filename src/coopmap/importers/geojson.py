"""GeoJSON import: a FeatureCollection (or one Feature) whose properties use the model's names.

A Feature becomes a record from its properties (``id`` may also be the Feature's id) and its
geometry:

- properties with ``locations`` (as :mod:`coopmap.exporters.geojson` writes them): the geometry
  fills in the locations that have none, a GeometryCollection giving one member per location;
- properties without: the geometry is the record's single location, named by the ``location``
  property or else the title, with the ``precision`` property (``unknown`` without one).

Properties that hold lists as JSON text (as some GIS tools write them) are decoded.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from coopmap.errors import ValidationError
from coopmap.importers import RecordImportError, duplicate, label
from coopmap.model import Record, record_from_dict
from coopmap.taxonomy import GeometrySource

log = logging.getLogger(__name__)

_LIST_FIELDS = {
    "locations", "sources", "organisations", "participants", "specs", "outcomes", "links",
    "sectors", "countries",
}  # fmt: skip
_CRS84 = {
    "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4326",
}  # fmt: skip


def read(path: str | os.PathLike[str], /) -> list[Record]:
    """The records in a GeoJSON file; :class:`RecordImportError` lists every bad feature."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise RecordImportError(str(path), [ValidationError(f"not a JSON file: {err}")]) from err
    return records_from_geojson(data, source=str(path))


def records_from_geojson(data: Any, /, *, source: str = "GeoJSON") -> list[Record]:
    """The records in a parsed GeoJSON FeatureCollection or Feature."""
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "Feature":
        features = [data]
    elif kind == "FeatureCollection" and isinstance(data.get("features"), list):
        features = data["features"]
    else:
        raise RecordImportError(
            source,
            [ValidationError("expected a GeoJSON FeatureCollection or Feature", field="type")],
        )
    crs = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if crs is not None and crs not in _CRS84:
        raise RecordImportError(
            source,
            [
                ValidationError(
                    f"coordinates must be WGS 84 longitude/latitude, the file says {crs}",
                    field="crs",
                )
            ],
        )
    records: list[Record] = []
    errors: list[ValidationError] = []
    first: dict[str, str] = {}
    for number, item in enumerate(features, 1):
        where = f"feature {number}"
        try:
            record = record_from_feature(item, where=where)
        except ValidationError as err:
            errors.append(err)
            continue
        if (error := duplicate(record, where, first)) is not None:
            errors.append(error)
        else:
            records.append(record)
    if errors:
        raise RecordImportError(source, errors)
    log.info("read %d records from %s", len(records), source)
    return records


def record_from_feature(feature: Any, /, *, where: str) -> Record:
    """A record from one GeoJSON Feature dict; ``where`` names it in errors."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValidationError("not a GeoJSON Feature", record=where, field="type")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise ValidationError("properties must be an object", record=where, field="properties")
    data = {key: _decoded(key, value) for key, value in properties.items()}
    if not data.get("id") and feature.get("id") is not None:
        data["id"] = str(feature["id"])
    name = data.pop("location", None)
    location_precision = data.pop("location_precision", None)
    precision = data.pop("precision", None)
    geometry = feature.get("geometry")
    if data.get("locations"):
        data["locations"] = _fill(data["locations"], geometry, where=label(where, data))
    elif geometry is not None:
        data["locations"] = [
            {
                "name": name or data.get("title"),
                "geometry": geometry,
                "precision": location_precision or precision or "unknown",
                "geometry_source": GeometrySource.IMPORTED.value,
            }
        ]
    return record_from_dict(data, where=where)


def _decoded(key: str, value: Any) -> Any:
    if key in _LIST_FIELDS and isinstance(value, str) and value.lstrip().startswith("["):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value  # validation names the field
    if key == "countries" and isinstance(value, str):
        return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]
    return value


def _fill(locations: Any, geometry: Any, *, where: str) -> Any:
    """Locations with the Feature's geometry given to those without their own."""
    if not isinstance(locations, list) or not all(isinstance(loc, dict) for loc in locations):
        return locations  # validation says what is wrong
    missing = [index for index, loc in enumerate(locations) if "geometry" not in loc]
    if not missing:
        return locations
    if geometry is None:
        raise ValidationError(
            f"{len(missing)} location(s) have no geometry and the feature has none",
            record=where,
            field="geometry",
        )
    if len(locations) == 1:
        parts = [geometry]
    elif isinstance(geometry, dict) and geometry.get("type") == "GeometryCollection":
        parts = geometry.get("geometries") or []
    else:
        parts = [geometry]
    if len(parts) != len(locations):
        raise ValidationError(
            f"the feature has {len(locations)} locations but its geometry has {len(parts)} "
            "part(s); a GeometryCollection needs one member per location, in order",
            record=where,
            field="geometry",
        )
    return [
        {**loc, "geometry": parts[index]} if index in missing else loc
        for index, loc in enumerate(locations)
    ]
