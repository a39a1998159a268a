"""Places: names to points and outlines, offline, and checks of points against countries.

- :mod:`~coopmap.places.gazetteer`: the offline index built from GeoNames data on PyPI and its
  lookups (:class:`Gazetteer`, answering with :class:`Place` values), and this process's
  gazetteer (:func:`default_gazetteer`, :func:`set_default_gazetteer`);
- :mod:`~coopmap.places.resolve`: a name to its best place (:func:`geocode`) or to a model
  location (:func:`locate`, :func:`resolve_locations`);
- :mod:`~coopmap.places.geocoders`: the same through geopy's interface, offline only or offline
  then an online provider (:func:`make_geocoder`);
- :mod:`~coopmap.places.choices`: which of a name's candidates to offer a person;
- :mod:`~coopmap.places.checks`: whether a record's locations lie in its countries
  (:class:`PlaceCheck`);
- :mod:`~coopmap.places.countries`: countries' names for people (:func:`country_name`), and
  codes for their names (:func:`country_code`).

Importing this package is as quick as importing the gazetteer: geopy, shapely, pycountry
and the model are imported when a name that needs them is first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from coopmap.places.gazetteer import (
    Gazetteer,
    Place,
    default_gazetteer,
    index_path,
    normalise,
    set_default_gazetteer,
)
from coopmap.places.geocoders import make_geocoder
from coopmap.places.resolve import geocode, locate, location_from_place, resolve_locations

if TYPE_CHECKING:
    from coopmap.places.checks import PlaceCheck
    from coopmap.places.countries import country_code, country_label, country_name
    from coopmap.places.gazetteer.build import build_index
    from coopmap.places.geocoders.offline import OfflineGeocoder
    from coopmap.places.geocoders.online import ChainGeocoder, InMemoryCache

__all__ = [
    "ChainGeocoder",
    "Gazetteer",
    "InMemoryCache",
    "OfflineGeocoder",
    "Place",
    "PlaceCheck",
    "build_index",
    "country_code",
    "country_label",
    "country_name",
    "default_gazetteer",
    "geocode",
    "index_path",
    "locate",
    "location_from_place",
    "make_geocoder",
    "normalise",
    "resolve_locations",
    "set_default_gazetteer",
]

# Names imported on first use, by the module that defines them.
_LAZY = {
    "build_index": "coopmap.places.gazetteer.build",
    "OfflineGeocoder": "coopmap.places.geocoders.offline",
    "ChainGeocoder": "coopmap.places.geocoders.online",
    "InMemoryCache": "coopmap.places.geocoders.online",
    "PlaceCheck": "coopmap.places.checks",
    "country_code": "coopmap.places.countries",
    "country_name": "coopmap.places.countries",
    "country_label": "coopmap.places.countries",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
