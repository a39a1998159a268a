"""geopy geocoders over the offline gazetteer: offline only, or offline then an online provider.

:func:`make_geocoder` returns a geopy-compatible geocoder: an :class:`OfflineGeocoder`
(:mod:`~coopmap.places.geocoders.offline`) or a :class:`ChainGeocoder` that asks an online
provider for the names the gazetteer lacks (:mod:`~coopmap.places.geocoders.online`). geopy is
imported only when a geocoder is made, so the tool starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coopmap.places.geocoders.offline import OfflineGeocoder
    from coopmap.places.geocoders.online import ChainGeocoder

__all__ = ["make_geocoder"]


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
        from coopmap.places.geocoders.offline import OfflineGeocoder

        return OfflineGeocoder(**options)
    from coopmap.places.geocoders.online import ChainGeocoder

    return ChainGeocoder(provider, **options)
