"""Geocode a place name: the offline gazetteer, then optionally an online service cached in the
store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coopmap.store import Store

if TYPE_CHECKING:
    from geopy.geocoders.base import Geocoder

    from coopmap.places import Place


def geocode_place(
    query: str,
    /,
    *,
    country: str | None = None,
    provider: str | Geocoder | None = None,
    store: Store | None = None,
    **provider_options: Any,
) -> Place | None:
    """The best place for a name: the offline gazetteer, then an online provider if one is given.

    Online answers are cached in ``store`` (when given), so each name is asked about once.
    ``None`` means no source knows the place; provider errors propagate.
    """
    from coopmap.places import geocode, make_geocoder

    offline = geocode(query, country=country)
    if offline is not None or provider is None:
        return offline
    from coopmap.places.geocoders.offline import location_to_place

    cache = StoreGeocodeCache(store) if store is not None else None
    chain = make_geocoder(provider, cache=cache, **provider_options)
    found = chain.geocode(query, country_codes=country)
    return location_to_place(found) if found is not None else None


class StoreGeocodeCache:
    """The geocoder cache protocol (``get``/``put``) over a store's geocode cache table."""

    def __init__(self, store: Store, /):
        self.store = store

    def get(self, key: str, /) -> dict[str, Any] | None:
        return self.store.cache_get(key)

    def put(self, key: str, value: dict[str, Any], /) -> None:
        self.store.cache_put(key, value)
