"""Reading the index: ranked place-name lookups, countries and their outlines."""

from __future__ import annotations

import dataclasses
import functools
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coopmap.errors import GazetteerError
from coopmap.places.gazetteer.index import FORMAT_VERSION, index_path
from coopmap.places.gazetteer.names import MATCH_KINDS, normalise
from coopmap.places.gazetteer.place import Place
from coopmap.places.gazetteer.ranking import hinted_first
from coopmap.taxonomy import Precision

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from coopmap.places.gazetteer.shapes import ShapeSource

__all__ = ["LEVELS", "Gazetteer"]

# A key's candidates in rank order (see ranking.py), columns in Place's order.
_SELECT = (
    "SELECT p.name, p.lat, p.lon, p.country, p.precision, p.geonameid, p.admin1, p.population,"
    " n.kind FROM name n JOIN place p ON p.id = n.place WHERE n.key = ? ORDER BY n.rank"
)
_COUNTRY_COLUMN = 3
_PRECISION_COLUMN = 4

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
            from coopmap.places.gazetteer.build import build_index

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
        prefer_country: str | Sequence[str] | None = None,
        level: str | Precision | None = None,
        limit: int = 10,
    ) -> list[Place]:
        """Return up to ``limit`` candidate places for a name, best first.

        ``country`` (an ISO alpha-2 or alpha-3 code or a country name, or several) is a
        constraint: only places in those countries are candidates. ``prefer_country`` (the
        same forms) only puts places in those countries first. ``level`` (one of
        :data:`LEVELS`: ``'admin1'``, ``'admin2'``, ``'city'``, ``'country'``) keeps only
        places of that kind. An empty list means no place fits.

        Raises
        ------
        ValueError
            If ``country`` or ``prefer_country`` names no known country, or ``level`` is not
            one of :data:`LEVELS`.
        """
        return list(self._candidates(query, country, prefer_country, level)[:limit])

    def best(
        self,
        query: str,
        /,
        *,
        country: str | Sequence[str] | None = None,
        prefer_country: str | Sequence[str] | None = None,
        level: str | Precision | None = None,
    ) -> Place | None:
        """Return the best place for a name (as :meth:`lookup` ranks and restricts them), or
        ``None`` if none fits."""
        ranked = self._candidates(query, country, prefer_country, level)
        return ranked[0] if ranked else None

    def country(self, code: str, /) -> Place | None:
        """Return the country with an ISO alpha-2 or alpha-3 code, or ``None``."""
        row = self._country_row(code)
        if row is None:
            return None
        with self._lock:
            found = self._db.execute(
                "SELECT name, lat, lon, country, precision, geonameid, admin1, population, 0"
                " FROM place WHERE id = ?",
                (row[1],),
            ).fetchone()
        return _place(found)

    def country_shape(self, code: str, /) -> BaseGeometry | None:
        """Return the simplified outline of a country, or ``None`` if it is not known.

        Some outlines are approximations from the country's towns; :meth:`shape_source`
        tells which.
        """
        row = self._country_row(code)
        if row is None or row[2] is None:
            return None
        import shapely

        return shapely.from_wkb(row[2])

    def shape_source(self, code: str, /) -> ShapeSource | None:
        """Return where a country's outline came from, or ``None`` if it has none.

        ``'countryinfo'`` for a drawn border; ``'approximate'`` for an outline of the
        country's towns (see :mod:`coopmap.places.gazetteer.shapes`), which a map should label
        as approximate.
        """
        row = self._country_row(code)
        return None if row is None else row[3]

    def largest(
        self, level: str | Precision, /, *, least: int = 0, limit: int = 1000
    ) -> list[Place]:
        """Return up to ``limit`` places of ``level`` (one of :data:`LEVELS`) with a population
        of ``least`` or more, the most populous first (the towns a map labels)."""
        precision = _level(level)
        assert precision is not None
        with self._lock:
            rows = self._db.execute(
                "SELECT name, lat, lon, country, precision, geonameid, admin1, population, 0"
                " FROM place WHERE precision = ? AND population >= ?"
                " ORDER BY population DESC, id LIMIT ?",
                (precision.value, least, limit),
            ).fetchall()
        return [_place(row) for row in rows]

    def keys_between(self, low: str, high: str, /) -> list[str]:
        """Every name key from ``low`` up to (not including) ``high``, in order: the names of
        one script, for a reader that matches names without spaces between words (Chinese)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT key FROM name WHERE key >= ? AND key < ?", (low, high)
            ).fetchall()
        return [row[0] for row in rows]

    def cache_clear(self) -> None:
        """Forget cached answers (for benchmarks)."""
        self._ranked.cache_clear()

    # -- internals --------------------------------------------------------------------------

    def _country_row(self, code: str) -> tuple[str, int, bytes | None, ShapeSource | None] | None:
        code = code.strip().upper()
        column = "code" if len(code) == 2 else "alpha3"
        with self._lock:
            return self._db.execute(
                f"SELECT code, place, shape, shape_source FROM country WHERE {column} = ?", (code,)
            ).fetchone()

    def _candidates(
        self,
        query: str,
        country: str | Sequence[str] | None,
        prefer_country: str | Sequence[str] | None,
        level: str | Precision | None,
    ) -> tuple[Place, ...]:
        return self._ranked(query, self._hint(country), self._hint(prefer_country), _level(level))

    def _hint(self, country: str | Sequence[str] | None) -> Hint:
        if not country:
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
        for place in self._ranked(text, None, None, None):
            if place.precision is Precision.COUNTRY and place.match != "alternate":
                return place.country  # type: ignore[return-value]
        raise ValueError(f"unknown country {text!r}")

    def _rows(self, key: str) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(_SELECT, (key,)).fetchall()

    def _search(
        self, query: str, within: Hint, prefer: Hint, level: Precision | None
    ) -> tuple[Place, ...]:
        key = normalise(query)
        if not key:
            return ()
        rows = self._fitting(key, within, level)
        if not rows and key.endswith(" city") and len(key) > 5:
            rows = self._fitting(key[:-5], within, level)
        if not rows and "," in query:
            rows = self._qualified(query, within, level)
        if prefer is not None:
            rows = hinted_first(rows, prefer, column=_COUNTRY_COLUMN)
        places = tuple(map(_place, rows))
        written = query.strip()
        if any(p.match == "primary" and p.name != written for p in places):
            places = tuple(_as_written(place, written, key) for place in places)
        return places

    def _qualified(self, query: str, within: Hint, level: Precision | None) -> list[Any]:
        """Rows for ``'name, region'`` or ``'name, country'`` (``Jefferson County, Alabama``):
        the name's places in that country, or in a region of that name."""
        name, _, qualifier = query.rpartition(",")
        key, where = normalise(name), normalise(qualifier)
        if not key or not where:
            return []
        countries = [
            row[_COUNTRY_COLUMN]
            for row in self._fitting(where, within, Precision.COUNTRY)
            if MATCH_KINDS[row[-1]] != "alternate"
        ]
        if countries:
            return self._fitting(key, tuple(countries), level)
        regions = {
            normalise(row[0])
            for tier in (Precision.ADMIN1, Precision.ADMIN2)
            for row in self._fitting(where, within, tier)
        }
        regions.add(where)
        return [
            row for row in self._fitting(key, within, level) if normalise(row[6] or "") in regions
        ]

    def _fitting(self, key: str, within: Hint, level: Precision | None) -> list[tuple[Any, ...]]:
        """A key's rows in rank order, only those in the countries ``within`` and of ``level``."""
        rows = self._rows(key)
        if within is not None:
            rows = [row for row in rows if row[_COUNTRY_COLUMN] in within]
        if level is not None:
            rows = [row for row in rows if row[_PRECISION_COLUMN] == level.value]
        return rows


#: The kinds of place a lookup's ``level`` may ask for.
LEVELS = (Precision.ADMIN1, Precision.ADMIN2, Precision.CITY, Precision.COUNTRY)


def _level(level: str | Precision | None) -> Precision | None:
    if level is None:
        return None
    for known in LEVELS:
        if str(level).strip().lower() == known.value:
            return known
    raise ValueError(
        f"unknown level {str(level)!r}; one of {', '.join(known.value for known in LEVELS)}"
    )


_PRECISIONS = {p.value: p for p in Precision}


def _as_written(place: Place, written: str, key: str) -> Place:
    """``place``, its match ``normalised`` if ``written`` is its primary name only up to case,
    accents and punctuation (``ÑEEMBUCU`` for Ñeembucú)."""
    if place.match == "primary" and place.name != written and normalise(place.name) == key:
        return dataclasses.replace(place, match="normalised")
    return place


def _place(row: tuple[Any, ...]) -> Place:
    name, lat, lon, country, precision, geonameid, admin1, population, kind = row
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
        MATCH_KINDS[kind],
    )
