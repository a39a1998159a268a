"""A geopy geocoder backed by the offline gazetteer.

It answers like any geopy geocoder, with :class:`geopy.location.Location` objects whose
``raw`` is :meth:`coopmap.places.Place.to_dict`, so it can stand in for an online
provider (or in front of one, see :mod:`coopmap.places.geocoders.online`) without network access.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from geopy.adapters import URLLibAdapter
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from coopmap.places.gazetteer import Gazetteer, Place, default_gazetteer
from coopmap.taxonomy import Precision

__all__ = ["OfflineGeocoder", "location_to_place", "place_to_location"]

log = logging.getLogger(__name__)


def place_to_location(place: Place, /) -> Location:
    """Return a geopy location for a place; its ``raw`` is the place as a dict."""
    return Location(place.name, (place.lat, place.lon), place.to_dict())


def location_to_place(location: Location, /) -> Place:
    """Return the place a location from a coopmap geocoder stands for."""
    raw = location.raw
    return Place(
        name=raw["name"],
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        country=raw.get("country"),
        precision=Precision(raw.get("precision", Precision.UNKNOWN)),
        geonameid=raw.get("geonameid"),
        source=raw.get("source", "geonames"),
        admin1=raw.get("admin1"),
        population=int(raw.get("population") or 0),
        match=raw.get("match", "primary"),
    )


#: Nominatim's feature types as gazetteer levels.
_FEATURE_LEVELS = {"state": "admin1", "county": "admin2", "settlement": "city"}


class OfflineGeocoder(Geocoder):
    """Geocode place names with the offline gazetteer, through geopy's interface.

    Parameters
    ----------
    gazetteer
        The gazetteer to ask; default :func:`coopmap.places.default_gazetteer`, opened
        on first use.
    """

    def __init__(self, *, gazetteer: Gazetteer | None = None, **options: Any) -> None:
        # no request is ever made; the plain urllib adapter avoids building a session
        options.setdefault("adapter_factory", URLLibAdapter)
        super().__init__(**options)
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer this geocoder asks."""
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        country_codes: str | Iterable[str] | None = None,
        limit: int | None = None,
        featuretype: str | None = None,
    ) -> Location | list[Location] | None:
        """Return the best location for a name (or up to ``limit`` of them), or ``None``.

        As with geopy's providers, ``country_codes`` restricts the answers to those
        countries (ISO alpha-2 codes), and ``featuretype`` (as Nominatim's: ``'country'``,
        ``'state'``, ``'city'`` or ``'settlement'``, and ``'county'``; or a gazetteer level,
        ``'admin1'``, ``'admin2'``) to that kind of place; ``timeout`` is accepted and
        ignored.

        Raises
        ------
        ValueError
            If ``featuretype`` is none of those.
        """
        if not isinstance(query, str):
            raise TypeError(f"the offline geocoder takes a place name, not {type(query).__name__}")
        codes = None
        if country_codes is not None:
            codes = [country_codes] if isinstance(country_codes, str) else list(country_codes)
            codes = [code.upper() for code in codes]
        count = 1 if exactly_one else (limit or 10)
        level = _FEATURE_LEVELS.get(featuretype, featuretype) if featuretype else None
        places = self.gazetteer.lookup(query, country=codes or None, level=level, limit=count)
        if not places:
            log.debug("offline geocoder: no place named %r", query)
            return None
        locations = [place_to_location(place) for place in places]
        return locations[0] if exactly_one else locations
