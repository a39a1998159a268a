"""The curated word lists the extractors use, read from CSV files in ``data/``.

They are data, not logic, so that users can extend them without touching code: add a row
to the file and the next run uses it. Each file has a header row; blank rows are skipped.

``not_places.csv`` (``word``)
    Capitalised words that are never places in running text ("May", "Internet").
``name_words.csv`` (``word``, ``kind``)
    Words that tell what a capitalised name is: ``organisation``, ``body`` (a public body of
    the place it names, "Kentucky *Department* of Education") and ``facility`` in the name
    ("China Railway *Group*", "Great *Hall*"); ``organisation_head`` and ``body_head`` as the
    first word before "of" ("*Bank* of China", "*Ministry* of Commerce"); ``title`` before a
    person's name ("*Premier* Li").
``place_types.csv`` (``word``, ``precision``)
    Words after a place name that say what it is ("Henan *Province*").
``toponym_aliases.csv`` (``alias``, ``name``, ``country``)
    Short forms the gazetteer lacks or ranks badly in news: either the gazetteer name they
    stand for ("NYC" -> "New York City") or a country code ("UK" -> GB).
``wide_regions.csv`` (``alias``, ``name``, ``lat``, ``lon``, ``geonameid``)
    Continents, seas and wide regions that are no country or first-level region.
``us_states.csv`` (``abbreviation``, ``state``)
    AP-style state abbreviations ("Ill." -> Illinois).
``organisations.csv`` (``alias``, ``name``)
    Organisations known by a name that does not say what they are ("CITIC", "SCO").
``demonyms.csv`` (``demonym``, ``country``)
    Adjectives of countries ("Kazakh" -> KZ); the gazetteer reads it too.

Names are compared by :func:`coopmap.places.normalise`, so "U.S." and "u s" are one key.
A bad row raises :class:`~coopmap.errors.ValidationError` naming the file, row and column.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from coopmap.errors import ValidationError
from coopmap.paths import data_dir
from coopmap.places import normalise
from coopmap.taxonomy import Precision

__all__ = [
    "NAME_WORD_KINDS",
    "WideRegion",
    "demonyms",
    "name_words",
    "not_places",
    "organisations",
    "place_types",
    "rows",
    "toponym_aliases",
    "us_states",
    "wide_regions",
]

#: The kinds of word ``name_words.csv`` may give.
NAME_WORD_KINDS = ("organisation", "body", "facility", "organisation_head", "body_head", "title")


@dataclass(frozen=True, slots=True)
class WideRegion:
    """A continent, sea or wide region: a display name and a representative point."""

    name: str
    lat: float
    lon: float
    geonameid: int | None


def rows(name: str, columns: tuple[str, ...], /) -> Iterator[tuple[int, dict[str, str]]]:
    """The non-blank rows of ``data/<name>`` with their line numbers, values stripped.

    Raises :class:`ValidationError` when the file lacks one of ``columns``.
    """
    path = data_dir() / name
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError as err:
        message = f"coopmap's word list {path} is missing; reinstall coopmap"
        raise FileNotFoundError(message) from err
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ValidationError(
                f"the header lacks {', '.join(missing)} (expected {', '.join(columns)})",
                record=f"{name} line 1",
                field=missing[0],
            )
        for row in reader:
            values = {key: (value or "").strip() for key, value in row.items() if key}
            if any(values.values()):
                yield reader.line_num, values


def _bad(name: str, line: int, field: str, reason: str) -> ValidationError:
    return ValidationError(reason, record=f"{name} line {line}", field=field)


def _required(name: str, line: int, row: dict[str, str], field: str) -> str:
    value = row.get(field, "")
    if not value:
        raise _bad(name, line, field, "must not be empty")
    return value


@functools.cache
def not_places() -> frozenset[str]:
    """Keys of the words that are never places."""
    return frozenset(
        normalise(_required("not_places.csv", line, row, "word"))
        for line, row in rows("not_places.csv", ("word",))
    )


@functools.cache
def name_words(kind: str, /) -> frozenset[str]:
    """Lower-case words of one kind from ``name_words.csv`` (see :data:`NAME_WORD_KINDS`)."""
    if kind not in NAME_WORD_KINDS:
        raise ValueError(f"unknown kind of name word {kind!r}; valid: {NAME_WORD_KINDS}")
    return frozenset(word for word, word_kind in _name_words() if word_kind == kind)


@functools.cache
def _name_words() -> tuple[tuple[str, str], ...]:
    name = "name_words.csv"
    found = []
    for line, row in rows(name, ("word", "kind")):
        word = _required(name, line, row, "word").lower()
        kind = _required(name, line, row, "kind").lower()
        if kind not in NAME_WORD_KINDS:
            raise _bad(name, line, "kind", f"{kind!r} is not one of {', '.join(NAME_WORD_KINDS)}")
        found.append((word, kind))
    return tuple(found)


@functools.cache
def place_types() -> dict[str, Precision]:
    """Place-type words (lower case) and the precision they give a name."""
    name = "place_types.csv"
    found = {}
    for line, row in rows(name, ("word", "precision")):
        word = _required(name, line, row, "word").lower()
        precision = _required(name, line, row, "precision").lower()
        try:
            found[word] = Precision(precision)
        except ValueError:
            valid = ", ".join(p.value for p in Precision)
            raise _bad(name, line, "precision", f"{precision!r} is not one of {valid}") from None
    return found


@functools.cache
def toponym_aliases() -> tuple[dict[str, str], dict[str, str]]:
    """Two maps from alias keys: to country codes, and to gazetteer names."""
    name = "toponym_aliases.csv"
    countries: dict[str, str] = {}
    names: dict[str, str] = {}
    for line, row in rows(name, ("alias", "name", "country")):
        key = normalise(_required(name, line, row, "alias"))
        target, country = row.get("name", ""), row.get("country", "")
        if bool(target) == bool(country):
            raise _bad(name, line, "name", "give either a gazetteer name or a country code")
        if country:
            countries[key] = _country(name, line, row)
        else:
            names[key] = target
    return countries, names


@functools.cache
def wide_regions() -> dict[str, WideRegion]:
    """Wide regions by alias key."""
    name = "wide_regions.csv"
    found = {}
    for line, row in rows(name, ("alias", "name", "lat", "lon", "geonameid")):
        key = normalise(_required(name, line, row, "alias"))
        lat = _number(name, line, row, "lat", -90, 90)
        lon = _number(name, line, row, "lon", -180, 180)
        geonameid = row.get("geonameid", "")
        if geonameid and not geonameid.isdigit():
            raise _bad(name, line, "geonameid", f"{geonameid!r} is not a GeoNames id")
        found[key] = WideRegion(
            _required(name, line, row, "name"), lat, lon, int(geonameid) if geonameid else None
        )
    return found


def _country(name: str, line: int, row: dict[str, str]) -> str:
    country = _required(name, line, row, "country").upper()
    if not (len(country) == 2 and country.isalpha()):
        raise _bad(name, line, "country", f"{country!r} is not a two-letter country code")
    return country


def _number(name: str, line: int, row: dict[str, str], field: str, lo: float, hi: float) -> float:
    text = _required(name, line, row, field)
    try:
        value = float(text)
    except ValueError:
        raise _bad(name, line, field, f"{text!r} is not a number") from None
    if not lo <= value <= hi:
        raise _bad(name, line, field, f"{value} is out of range ({lo} to {hi})")
    return value


@functools.cache
def us_states() -> dict[str, str]:
    """US state names by the key of their abbreviation ("ill", "n y")."""
    name = "us_states.csv"
    return {
        normalise(_required(name, line, row, "abbreviation")): _required(name, line, row, "state")
        for line, row in rows(name, ("abbreviation", "state"))
    }


@functools.cache
def organisations() -> dict[str, tuple[str, str]]:
    """Curated organisations by alias key: (the alias as written, the organisation's name)."""
    name = "organisations.csv"
    found = {}
    for line, row in rows(name, ("alias", "name")):
        alias = _required(name, line, row, "alias")
        found[normalise(alias)] = (alias, _required(name, line, row, "name"))
    return found


@functools.cache
def demonyms() -> dict[str, str]:
    """Country codes by the lower-case demonym ("kazakh" -> "KZ")."""
    name = "demonyms.csv"
    found = {}
    for line, row in rows(name, ("demonym", "country")):
        found[_required(name, line, row, "demonym").lower()] = _country(name, line, row)
    return found
