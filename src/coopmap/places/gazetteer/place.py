"""The value a lookup returns: one place, with where its answer came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coopmap.taxonomy import Precision

__all__ = ["Place"]


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry as one answer to a query.

    ``country`` is an ISO 3166-1 alpha-2 code; ``geonameid`` is ``None`` for regions that
    GeoNames data on PyPI does not identify; ``match`` says how the query matched: one of
    ``'primary'``, ``'normalised'`` (the primary name up to case, accents and punctuation:
    "ÑEEMBUCU" for Ñeembucú), ``'alias'``, ``'code'`` (an ISO 3166-2 code), ``'alternate'``,
    ``'demonym'``, ``'short'`` (a region's name without its suffix, "Laurel" for Laurel
    County), ``'context'`` (a name the gazetteer
    lacks, placed from the text around it) or ``'online'`` (for a result
    from an online geocoder).
    """

    name: str
    lat: float
    lon: float
    country: str | None
    precision: Precision
    geonameid: int | None = None
    source: str = "geonames"
    admin1: str | None = None
    population: int = 0
    match: str = "primary"

    def to_dict(self) -> dict[str, Any]:
        """Return the place as a JSON-ready dict."""
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "precision": self.precision.value,
            "geonameid": self.geonameid,
            "source": self.source,
            "admin1": self.admin1,
            "population": self.population,
            "match": self.match,
        }

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """The place as a GeoJSON Feature."""
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": (self.lon, self.lat)},
            "properties": self.to_dict(),
        }
