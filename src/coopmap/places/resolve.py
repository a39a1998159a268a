"""Place names to places: the best :class:`Place` for a name, or a model
:class:`~coopmap.model.Location` for it.

:func:`geocode` is the plain lookup the CLI and the app call. Records arrive with locations that
have a name but no geometry (seed data, CSV rows with a place column, proposals read from a
report): :func:`resolve_locations` fills them in, drawing a country-precision place as the
country's shape rather than a pin at its centroid.

The model (pydantic) and shapely are imported when a location is first made, so that
``from coopmap.places import geocode`` stays as quick to import as the gazetteer.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coopmap.errors import ValidationError
from coopmap.places.gazetteer import Gazetteer, Place, default_gazetteer
from coopmap.taxonomy import GeometrySource, Precision

if TYPE_CHECKING:
    from coopmap.model import Location

__all__ = ["geocode", "locate", "location_from_place", "resolve_locations"]

log = logging.getLogger(__name__)


def geocode(
    query: str,
    /,
    *,
    country: str | Sequence[str] | None = None,
    prefer_country: str | Sequence[str] | None = None,
    level: str | Precision | None = None,
) -> Place | None:
    """Return the best offline match for a place name, or ``None`` if nothing matches.

    ``country`` (ISO code or country name, or several) restricts the answer to those
    countries: a name known only elsewhere is not found. ``prefer_country`` only prefers
    places in those countries; ``level`` (``'admin1'``, ``'admin2'``, ``'city'`` or
    ``'country'``) restricts the answer to that kind of place.

    Examples
    --------
    >>> from coopmap import geocode
    >>> place = geocode("Nur-Sultan")
    >>> place.name, place.country
    ('Astana', 'KZ')
    >>> geocode("Alexandria", country="US").admin1
    'Virginia'
    """
    return default_gazetteer().best(
        query, country=country, prefer_country=prefer_country, level=level
    )


def location_from_place(
    place: Place, /, *, name: str | None = None, gazetteer: Gazetteer | None = None
) -> Location:
    """A location for a gazetteer answer; countries get their shape as geometry."""
    from coopmap.model import Location, point_from_latlon

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
    name: str,
    /,
    *,
    country: str | Sequence[str] | None = None,
    gazetteer: Gazetteer | None = None,
) -> Location | None:
    """The best location for a place name, or ``None`` when the gazetteer knows no such place
    (in ``country``, when it is given)."""
    gazetteer = gazetteer or default_gazetteer()
    place = gazetteer.best(name, country=country)
    if place is None:
        return None
    return location_from_place(place, name=name, gazetteer=gazetteer)


def resolve_locations(
    data: dict[str, Any], /, *, gazetteer: Gazetteer | None = None, where: str | None = None
) -> dict[str, Any]:
    """A copy of a record dict whose locations without geometry are geocoded.

    A location is ``{"name": ..., "country": ...}`` (country optional; the place must be in it).
    Raises :class:`ValidationError` naming the record and the location when a name is not found.
    """
    locations = data.get("locations") or []
    if all(isinstance(loc, dict) and loc.get("geometry") for loc in locations):
        return data
    from shapely.geometry import mapping

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
