"""Turn place names into :class:`~coopmap.model.Location` values with the offline gazetteer.

Records arrive with locations that have a name but no geometry (seed data, CSV rows with a place
column, proposals read from a report). :func:`resolve_locations` fills them in, drawing a
country-precision place as the country's shape rather than a pin at its centroid.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from shapely.geometry import mapping

from coopmap.errors import ValidationError
from coopmap.model import Location, point_from_latlon
from coopmap.taxonomy import GeometrySource, Precision

if TYPE_CHECKING:
    from coopmap.gazetteer import Gazetteer, Place

log = logging.getLogger(__name__)


def location_from_place(
    place: Place, /, *, name: str | None = None, gazetteer: Gazetteer | None = None
) -> Location:
    """A location for a gazetteer answer; countries get their shape as geometry."""
    geometry = point_from_latlon(place.lat, place.lon)
    if place.precision == Precision.COUNTRY and gazetteer is not None:
        geometry = gazetteer.country_shape(place.country) or geometry
    return Location(
        name=name or place.name,
        resolved_name=place.name,
        geometry=geometry,
        precision=Precision(place.precision),
        country=place.country,
        gazetteer_id=place.geonameid,
        geometry_source=GeometrySource.GAZETTEER,
    )


def locate(
    name: str, /, *, country: str | None = None, gazetteer: Gazetteer | None = None
) -> Location | None:
    """The best location for a place name, or ``None`` when the gazetteer knows no such place."""
    gazetteer = gazetteer or _default_gazetteer()
    place = gazetteer.best(name, country=country)
    if place is None:
        return None
    return location_from_place(place, name=name, gazetteer=gazetteer)


def resolve_locations(
    data: dict[str, Any], /, *, gazetteer: Gazetteer | None = None, where: str | None = None
) -> dict[str, Any]:
    """A copy of a record dict whose locations without geometry are geocoded.

    A location is ``{"name": ..., "country": ...}`` (country optional, used as a hint).
    Raises :class:`ValidationError` naming the record and the location when a name is not found.
    """
    locations = data.get("locations") or []
    if all(isinstance(loc, dict) and loc.get("geometry") for loc in locations):
        return data
    resolved = []
    for index, loc in enumerate(locations):
        if not isinstance(loc, dict) or loc.get("geometry"):
            resolved.append(loc)
            continue
        name = str(loc.get("name") or "").strip()
        found = locate(name, country=loc.get("country"), gazetteer=gazetteer) if name else None
        if found is None:
            raise ValidationError(
                f"no place called {name!r} in the gazetteer"
                + (f" (country {loc['country']})" if loc.get("country") else ""),
                record=str(data.get("id") or data.get("title") or where or "?"),
                field=f"locations.{index}",
            )
        log.debug("located %r as %s (%s)", name, found.resolved_name, found.precision)
        resolved.append(
            {**found.model_dump(mode="json"), **_kept(loc), "geometry": mapping(found.geometry)}
        )
    return {**data, "locations": resolved}


def _kept(loc: dict[str, Any]) -> dict[str, Any]:
    """What the caller said about a location that the gazetteer must not overwrite."""
    return {key: loc[key] for key in ("name", "precision") if loc.get(key)}


def _default_gazetteer() -> Gazetteer:
    from coopmap.gazetteer import default_gazetteer

    return default_gazetteer()
