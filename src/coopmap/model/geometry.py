"""Geometry in records: the one place that turns (lat, lon) into geometry, and back.

:data:`Geometry` is the annotated type of a location's geometry: it takes a shapely geometry,
WKT or GeoJSON, checks it is a finite, valid point, line or polygon within longitude and
latitude bounds, and serialises as a GeoJSON geometry.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

import numpy as np
import pydantic
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from coopmap.errors import ValidationError

__all__ = ["Geometry", "latlon_of", "point_from_latlon"]


def point_from_latlon(lat: float, lon: float, /) -> shapely.Point:
    """Return a shapely point (x=lon, y=lat) for a latitude and longitude in degrees."""
    lat, lon = float(lat), float(lon)
    for field, value in (("lat", lat), ("lon", lon)):
        if not math.isfinite(value):
            raise ValidationError(f"{value} is not a finite number", field=field)
    if not -90 <= lat <= 90:
        raise ValidationError(f"latitude {lat} is out of range (-90 to 90)", field="lat")
    if not -180 <= lon <= 180:
        raise ValidationError(f"longitude {lon} is out of range (-180 to 180)", field="lon")
    return shapely.Point(lon, lat)


def latlon_of(geometry: BaseGeometry, /) -> tuple[float, float]:
    """Return (lat, lon) of a point, or of a representative point inside other geometries."""
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return point.y, point.x


def _to_geometry(value: Any) -> BaseGeometry:
    if isinstance(value, BaseGeometry):
        geometry = value
    elif isinstance(value, str):
        try:
            geometry = shapely.from_wkt(value)
        except shapely.errors.GEOSException as err:
            raise ValueError(f"not a WKT geometry: {err}") from err
    elif isinstance(value, dict) or hasattr(value, "__geo_interface__"):
        try:
            geometry = shape(value)
        except (KeyError, ValueError, TypeError, AttributeError, IndexError) as err:
            raise ValueError(f"not a GeoJSON geometry: {err}") from err
    else:
        raise ValueError(f"expected a geometry, got {type(value).__name__}")
    if geometry.is_empty:
        raise ValueError("the geometry is empty")
    if geometry.geom_type not in _GEOMETRY_TYPES:
        raise ValueError(f"{geometry.geom_type} is not a point, line or polygon geometry")
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        raise ValueError("coordinates must be finite numbers, not NaN or infinity")
    if not geometry.is_valid:
        raise ValueError(f"the geometry is not valid: {shapely.is_valid_reason(geometry)}")
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValueError(
            "coordinates are outside longitude -180..180 / latitude -90..90 "
            "(GeoJSON order is [longitude, latitude])"
        )
    # RFC 7946 winding (exterior rings counterclockwise), so a record equals itself after a
    # round trip through any exporter.
    return shapely.orient_polygons(geometry)


_GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
}

Geometry = Annotated[
    BaseGeometry,
    pydantic.PlainValidator(_to_geometry),
    pydantic.PlainSerializer(lambda g: mapping(g), return_type=dict),
    pydantic.WithJsonSchema({"type": "object", "description": "GeoJSON geometry"}),
]
