"""Geometry in records: the one place that turns (lat, lon) into geometry, and back.

:data:`Geometry` is the annotated type of a location's geometry: it takes a shapely geometry,
WKT or GeoJSON, checks it is a finite, valid point, line or polygon within longitude and
latitude bounds, and serialises as a GeoJSON geometry.
"""

from __future__ import annotations

import json
import math
import numbers
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


_OUTSIDE = (
    "coordinates are outside longitude -180..180 / latitude -90..90 "
    "(GeoJSON order is [longitude, latitude])"
)


def _to_geometry(value: Any) -> BaseGeometry:
    if isinstance(value, BaseGeometry):
        geometry = value
    elif isinstance(value, str):
        try:
            geometry = shapely.from_wkt(value)
        except shapely.errors.GEOSException as err:
            raise ValueError(f"not a WKT geometry: {err}") from err
    elif isinstance(value, dict) or hasattr(value, "__geo_interface__"):
        if isinstance(value, dict):
            _check_geojson(value)
        try:
            geometry = shape(value)
        except (
            KeyError,
            ValueError,
            TypeError,
            AttributeError,
            IndexError,
            OverflowError,
            shapely.errors.ShapelyError,
        ) as err:
            raise ValueError(f"not a GeoJSON geometry: {err}") from err
    else:
        raise ValueError(f"expected a geometry, got {type(value).__name__}")
    if geometry.is_empty:
        raise ValueError("the geometry is empty")
    if isinstance(geometry, shapely.Point) and not geometry.has_z:
        return _checked_point(geometry)
    if geometry.geom_type not in _GEOMETRY_TYPES:
        raise ValueError(f"{geometry.geom_type} is not a point, line or polygon geometry")
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        raise ValueError("coordinates must be finite numbers, not NaN or infinity")
    if not geometry.is_valid:
        raise ValueError(f"the geometry is not valid: {shapely.is_valid_reason(geometry)}")
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValueError(_OUTSIDE)
    # RFC 7946 winding (exterior rings counterclockwise), so a record equals itself after a
    # round trip through any exporter.
    return shapely.orient_polygons(geometry)


def _checked_point(point: shapely.Point) -> shapely.Point:
    """The checks of :func:`_to_geometry` for a 2D point, without its vectorised calls (a
    point with finite coordinates is valid and has no winding)."""
    x, y = point.x, point.y
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError("coordinates must be finite numbers, not NaN or infinity")
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        raise ValueError(_OUTSIDE)
    return point


_DEPTHS = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}
"""How many levels of lists hold a GeoJSON geometry's positions."""


def _check_geojson(value: dict[str, Any], where: str = "") -> None:
    """Refuse a GeoJSON geometry dict shapely would take wrongly or fail on: an unknown type,
    a position that is not two or three numbers (``true`` is not 1), a line of one point, a
    polygon ring of fewer than four positions or not closed."""
    kind = value.get("type")
    if kind == "GeometryCollection":
        members = value.get("geometries")
        if not isinstance(members, list | tuple):
            raise ValueError(f"{where}a GeometryCollection needs a list of geometries")
        for index, member in enumerate(members):
            if not isinstance(member, dict):
                raise ValueError(f"{where}member {index + 1} is not a GeoJSON geometry")
            _check_geojson(member, f"{where}member {index + 1}: ")
        return
    if kind not in _DEPTHS:
        known = ", ".join([*_DEPTHS, "GeometryCollection"])
        raise ValueError(f"{where}unknown GeoJSON geometry type {kind!r}; the types are {known}")
    _check_coordinates(value.get("coordinates"), _DEPTHS[str(kind)], str(kind), where)


def _check_coordinates(value: Any, depth: int, kind: str, where: str) -> None:
    if depth == 0:
        if not isinstance(value, list | tuple) or len(value) not in (2, 3):
            raise ValueError(f"{where}a {kind} position must be [longitude, latitude]")
        for number in value:
            if isinstance(number, bool | np.bool_) or not isinstance(number, numbers.Real):
                raise ValueError(f"{where}coordinates must be numbers, not {_json_text(number)}")
        return
    if not isinstance(value, list | tuple):
        raise ValueError(f"{where}{kind} coordinates must be a list")
    for item in value:
        _check_coordinates(item, depth - 1, kind, where)
    if depth != 1 or kind in ("MultiPoint",):
        return  # ``value`` is a list of positions: a line or a ring, checked below
    if kind.endswith("LineString") and len(value) < 2:
        raise ValueError(f"{where}a line needs at least 2 positions, this one has {len(value)}")
    if kind.endswith("Polygon"):
        if len(value) < 4:
            raise ValueError(
                f"{where}a polygon ring needs at least 4 positions (the first repeated at the "
                f"end), this one has {len(value)}"
            )
        if list(value[0][:2]) != list(value[-1][:2]):
            raise ValueError(
                f"{where}a polygon ring must be closed: its last position {value[-1]} is not "
                f"its first {value[0]}"
            )


def _json_text(value: Any) -> str:
    """``value`` as JSON writes it (``true``, ``"abc"``), shortened."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
}


def _geojson(geometry: BaseGeometry) -> dict[str, Any]:
    """The GeoJSON geometry of ``geometry`` (shapely's ``mapping``; a 2D point without it)."""
    if isinstance(geometry, shapely.Point) and not geometry.has_z:
        return {"type": "Point", "coordinates": (geometry.x, geometry.y)}
    return mapping(geometry)


Geometry = Annotated[
    BaseGeometry,
    pydantic.PlainValidator(_to_geometry),
    pydantic.PlainSerializer(lambda g: _geojson(g), return_type=dict),
    pydantic.WithJsonSchema({"type": "object", "description": "GeoJSON geometry"}),
]
