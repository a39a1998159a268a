"""GeoJSON export: an RFC 7946 FeatureCollection, one Feature per record.

Each Feature has the record's id, its geometry (the single location, or a GeometryCollection
with one member per location, in order) and as properties everything else the record holds,
nested as in :meth:`~coopmap.model.Project.to_dict` but with the locations' geometries left out
(they are the Feature's geometry) and the record's derived ``precision`` added. Exchange codes
go beside what they code: ``crs_codes`` (OECD DAC CRS sector codes), ``countries_alpha3``
(ISO 3166-1 alpha-3), and ``iati_precision`` (IATI GeographicalPrecision) for each location and
for the record's best precision; the importer reads them back. Coordinates are
longitude, latitude in WGS 84, rounded to ``precision`` decimals (7 is about 1 cm), and polygon
rings are wound as RFC 7946 requires. :func:`coopmap.importers.read_records` reads the file back
into equal records.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from coopmap.formats.atomic import atomic_writer
from coopmap.formats.codes import alpha3, crs_codes
from coopmap.model import Record
from coopmap.taxonomy import Precision

log = logging.getLogger(__name__)

DECIMALS = 7


def write(
    records: Iterable[Record],
    path: str | os.PathLike[str],
    /,
    *,
    decimals: int = DECIMALS,
    indent: int | None = None,
) -> None:
    """Write records to ``path`` as a GeoJSON FeatureCollection."""
    collection = feature_collection(records, decimals=decimals)
    with atomic_writer(path) as handle:
        json.dump(collection, handle, ensure_ascii=False, indent=indent, allow_nan=False)
        handle.write("\n")
    log.info("wrote %d features to %s", len(collection["features"]), path)


def feature_collection(records: Iterable[Record], /, *, decimals: int = DECIMALS) -> dict[str, Any]:
    """The records as a GeoJSON FeatureCollection dict."""
    return {
        "type": "FeatureCollection",
        "features": [feature(record, decimals=decimals) for record in records],
    }


def feature(record: Record, /, *, decimals: int = DECIMALS) -> dict[str, Any]:
    """One record as a GeoJSON Feature dict."""
    geometry = record.geometry
    return {
        "type": "Feature",
        "id": record.id,
        "geometry": geometry_dict(geometry, decimals=decimals) if geometry is not None else None,
        "properties": properties(record),
    }


def properties(record: Record, /) -> dict[str, Any]:
    """The record's properties with the exchange codes beside the values they code."""
    data = record.properties()
    if codes := crs_codes(record.sectors):
        data["crs_codes"] = codes
    if record.countries:
        data["countries_alpha3"] = [alpha3(code) for code in record.countries]
    for location in data.get("locations", []):
        location["iati_precision"] = Precision(location["precision"]).iati_code
    data["iati_precision"] = record.precision.iati_code
    return data


def geometry_dict(geometry: BaseGeometry, /, *, decimals: int = DECIMALS) -> dict[str, Any]:
    """A GeoJSON geometry: rings counterclockwise outside, clockwise inside; rounded."""
    oriented = shapely.orient_polygons(geometry, exterior_cw=False)
    return _rounded(mapping(oriented), decimals)


def _rounded(value: Any, decimals: int) -> Any:
    if isinstance(value, float):
        return round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, list | tuple):
        return [_rounded(item, decimals) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item, decimals) for key, item in value.items()}
    return value
