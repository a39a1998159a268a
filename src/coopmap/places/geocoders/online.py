"""Offline first, then an online geopy provider: :class:`ChainGeocoder`.

Names the gazetteer knows never leave the machine. Others go to the provider through
geopy's :class:`~geopy.extra.rate_limiter.RateLimiter` (one request a second by default,
errors raised, never swallowed), and its answers are kept in a cache so a name is asked
about once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from coopmap.places.geocoders.offline import OfflineGeocoder
from coopmap.taxonomy import Precision

__all__ = ["ChainGeocoder", "GeocodeCache", "InMemoryCache", "precision_from_raw"]

log = logging.getLogger(__name__)


class GeocodeCache(Protocol):
    """Where a chain geocoder keeps online answers; ``get`` returns ``None`` when unknown."""

    def get(self, key: str, /) -> dict[str, Any] | None: ...

    def put(self, key: str, value: dict[str, Any], /) -> None: ...


class InMemoryCache:
    """A :class:`GeocodeCache` that lives as long as the process."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, Any]] = {}

    def get(self, key: str, /) -> dict[str, Any] | None:
        return self._data.get(key)

    def put(self, key: str, value: dict[str, Any], /) -> None:
        self._data[key] = value

    def __len__(self) -> int:
        return len(self._data)


# Feature types of common providers: Nominatim's addresstype/type, GeoNames feature codes,
# Pelias layers, Photon's osm_value/type, Google's types.
_PRECISION_BY_TYPE: dict[str, Precision] = {
    **dict.fromkeys(("country", "pcli", "pcl", "pcld", "pclf", "pcls", "pclix"), Precision.COUNTRY),
    **dict.fromkeys(
        ("state", "province", "region", "adm1", "administrative_area_level_1", "macroregion"),
        Precision.ADMIN1,
    ),
    **dict.fromkeys(
        (
            "city",
            "town",
            "village",
            "hamlet",
            "municipality",
            "locality",
            "ppl",
            "pplc",
            "ppla",
            "ppla2",
            "ppla3",
            "ppla4",
            "pplx",
            "adm2",
            "county",
            "localadmin",
        ),
        Precision.CITY,
    ),
    **dict.fromkeys(
        (
            "suburb",
            "neighbourhood",
            "neighborhood",
            "quarter",
            "city_district",
            "borough",
            "road",
            "street",
            "route",
            "postcode",
            "postal_code",
            "sublocality",
        ),
        Precision.NEAR,
    ),
    **dict.fromkeys(
        (
            "house",
            "building",
            "address",
            "venue",
            "amenity",
            "street_address",
            "premise",
            "point_of_interest",
            "house_number",
            "aeroway",
            "station",
        ),
        Precision.EXACT,
    ),
}

_TYPE_KEYS = ("addresstype", "fcode", "layer", "osm_value", "type", "types")


def precision_from_raw(raw: Mapping[str, Any], /) -> Precision:
    """Return how precise a provider's answer is, from its feature type, else ``unknown``."""
    for source in (raw, raw.get("properties") or {}):
        for key in _TYPE_KEYS:
            values = source.get(key)
            for value in [values] if isinstance(values, str) else values or ():
                if isinstance(value, str) and value.lower() in _PRECISION_BY_TYPE:
                    return _PRECISION_BY_TYPE[value.lower()]
    return Precision.UNKNOWN


def _country_from_raw(raw: Mapping[str, Any]) -> str | None:
    for source in (raw, raw.get("address") or {}, raw.get("properties") or {}):
        for key in ("country_code", "countrycode", "countryCode"):
            code = source.get(key)
            if isinstance(code, str) and len(code) == 2:
                return code.upper()
    return None


class ChainGeocoder(Geocoder):
    """Ask the offline gazetteer first, then an online geopy provider.

    Parameters
    ----------
    provider
        A geopy service name (``'nominatim'``, ``'photon'``…, resolved with
        :func:`geopy.geocoders.get_geocoder_for_service`) or a geopy geocoder.
    offline
        The offline geocoder to ask first; default one on the default gazetteer.
    cache
        Keeps the provider's answers (misses too); default an :class:`InMemoryCache`.
    min_delay_seconds, max_retries, error_wait_seconds
        Passed to geopy's :class:`~geopy.extra.rate_limiter.RateLimiter`.
    **provider_options
        Passed to the provider class when ``provider`` is a name (e.g. ``user_agent``).

    Raises
    ------
    geopy.exc.GeocoderNotFound
        If ``provider`` names no geopy service (the message lists the valid ones).
    """

    def __init__(
        self,
        provider: str | Geocoder,
        /,
        *,
        offline: OfflineGeocoder | None = None,
        cache: GeocodeCache | None = None,
        min_delay_seconds: float = 1.0,
        max_retries: int = 2,
        error_wait_seconds: float = 5.0,
        **provider_options: Any,
    ) -> None:
        super().__init__()
        if isinstance(provider, str):
            self.provider_name = provider.lower()
            self.provider = get_geocoder_for_service(provider)(**provider_options)
        else:
            if provider_options:
                raise TypeError("provider options are only taken with a provider name")
            self.provider_name = type(provider).__name__.lower()
            self.provider = provider
        self.offline = offline if offline is not None else OfflineGeocoder()
        self.cache: GeocodeCache = cache if cache is not None else InMemoryCache()
        self._online = RateLimiter(
            self.provider.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=max_retries,
            error_wait_seconds=error_wait_seconds,
            swallow_exceptions=False,
        )

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        country_codes: str | Iterable[str] | None = None,
        **provider_kwargs: Any,
    ) -> Location | list[Location] | None:
        """Return the location(s) for a name, or ``None`` if neither source knows it.

        ``provider_kwargs`` go to the online provider only. Provider errors propagate.
        """
        found = self.offline.geocode(query, exactly_one=exactly_one, country_codes=country_codes)
        if found is not None:
            return found
        codes = None
        if country_codes is not None:
            codes = [country_codes] if isinstance(country_codes, str) else list(country_codes)
        key = json.dumps(
            [
                self.provider_name,
                " ".join(query.split()).casefold(),
                codes,
                exactly_one,
                provider_kwargs,
            ],
            sort_keys=True,
            default=str,
        )
        cached = self.cache.get(key)
        if cached is not None:
            raws = cached["results"]
        else:
            kwargs = dict(provider_kwargs)
            if codes is not None:
                kwargs["country_codes"] = codes
            if timeout is not DEFAULT_SENTINEL:
                kwargs["timeout"] = timeout
            log.info("asking %s for %r", self.provider_name, query)
            answer = self._online(query, exactly_one=exactly_one, **kwargs)
            if answer is None:
                answer = []
            elif isinstance(answer, Location):
                answer = [answer]
            raws = [self._raw(location) for location in answer]
            self.cache.put(key, {"results": raws})
        if not raws:
            return None
        locations = [Location(raw["name"], (raw["lat"], raw["lon"]), raw) for raw in raws]
        return locations[0] if exactly_one else locations

    def _raw(self, location: Location) -> dict[str, Any]:
        provider_raw = location.raw if isinstance(location.raw, Mapping) else {}
        return {
            "name": location.address,
            "lat": location.latitude,
            "lon": location.longitude,
            "country": _country_from_raw(provider_raw),
            "precision": precision_from_raw(provider_raw).value,
            "geonameid": None,
            "source": self.provider_name,
            "admin1": None,
            "population": 0,
            "match": "online",
            "provider_raw": dict(provider_raw),
        }
