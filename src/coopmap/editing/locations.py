"""A record's locations from what the form offers: a geocoded place, or a drawing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pydantic
from shapely.geometry import shape

from coopmap.errors import ValidationError
from coopmap.model import Location, Record, first_reason
from coopmap.taxonomy import GeometrySource, Precision

if TYPE_CHECKING:
    from coopmap.places import Gazetteer, Place


def place_location(
    place: Place, /, *, name: str | None = None, gazetteer: Gazetteer | None = None
) -> dict[str, Any]:
    """A location dict for a gazetteer answer (countries drawn as their shape)."""
    from coopmap.places import location_from_place

    location = location_from_place(place, name=name, gazetteer=gazetteer)
    return location.model_dump(mode="json")


DRAWABLE = ("LineString", "Polygon")


def drawn_location(
    geometry: Mapping[str, Any],
    /,
    *,
    name: str,
    place: Place | None = None,
    precision: Precision | str = Precision.NEAR,
) -> dict[str, Any]:
    """A location dict for a line or polygon drawn on the map.

    ``place`` (the geocoded place it belongs to, if any) gives the resolved name and country;
    the geometry is the drawing, marked ``geometry_source='drawn'``. Raises
    :class:`ValidationError` (field ``location``) for anything but a valid line or polygon.
    """
    kind = geometry.get("type") if isinstance(geometry, Mapping) else None
    if kind not in DRAWABLE:
        raise ValidationError(f"draw a line or an area, not {kind or 'nothing'}", field="location")
    try:
        location = Location(
            name=name,
            geometry=shape(geometry),
            precision=Precision(precision),
            resolved_name=place.name if place is not None else None,
            country=place.country if place is not None else None,
            geometry_source=GeometrySource.DRAWN,
        )
    except (ValueError, TypeError, AttributeError, IndexError) as err:
        reason = first_reason(err) if isinstance(err, pydantic.ValidationError) else str(err)
        raise ValidationError(
            f"the drawing cannot be used: {reason}",
            field="location",
        ) from err
    return location.model_dump(mode="json")


def vertex_count(geometry: Mapping[str, Any], /) -> int:
    """The points a drawn line or area was drawn with (a ring's closing point not counted)."""
    coordinates = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        return max(len(coordinates[0]) - 1, 0) if coordinates else 0
    return len(coordinates)


def place_warnings(record: Record, /) -> list[str]:
    """What an import would warn about the record's locations (a place outside the countries
    the record names, :class:`coopmap.places.PlaceCheck`): the form saves the record and says
    so, as an import does. Errors (coordinates that look swapped) are said the same way: a
    place from the gazetteer or a drawing has no columns to swap."""
    from coopmap.places import PlaceCheck

    return [reason for _level, _field, reason in PlaceCheck().check(record)]
