"""Geocoding: place names to points.

:func:`geocode` is the plain tool the CLI and the app call; :func:`make_geocoder` returns a
geopy-compatible geocoder, offline only or offline-then-online. geopy is imported only
when a geocoder is made, so the tool starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coopmap.gazetteer import Place, default_gazetteer

if TYPE_CHECKING:
    from coopmap.geocoding.offline import OfflineGeocoder
    from coopmap.geocoding.online import ChainGeocoder, InMemoryCache

__all__ = [
    "ChainGeocoder",
    "InMemoryCache",
    "OfflineGeocoder",
    "geocode",
    "make_geocoder",
]


def geocode(query: str, /, *, country: str | Sequence[str] | None = None) -> Place | None:
    """Return the best offline match for a place name, or ``None`` if nothing matches.

    ``country`` (ISO code or country name, or several) prefers places in those countries.
    """
    return default_gazetteer().best(query, country=country)


def make_geocoder(
    provider: str | None = None, /, **options: Any
) -> OfflineGeocoder | ChainGeocoder:
    """Return the offline geocoder, or with a provider name a chain: offline, then online.

    ``options`` go to :class:`OfflineGeocoder` or :class:`ChainGeocoder` (for a chain,
    e.g. ``user_agent`` for Nominatim, ``cache``, ``min_delay_seconds``).

    Raises
    ------
    geopy.exc.GeocoderNotFound
        If ``provider`` names no geopy service.
    """
    if provider is None or provider == "offline":
        from coopmap.geocoding.offline import OfflineGeocoder

        return OfflineGeocoder(**options)
    from coopmap.geocoding.online import ChainGeocoder

    return ChainGeocoder(provider, **options)


def __getattr__(name: str) -> Any:
    if name == "OfflineGeocoder":
        from coopmap.geocoding.offline import OfflineGeocoder

        return OfflineGeocoder
    if name in ("ChainGeocoder", "InMemoryCache"):
        from coopmap.geocoding import online

        return getattr(online, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
