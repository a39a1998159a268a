"""Geocode a place name (:func:`geocode_place`: the offline gazetteer, then optionally an
online service cached in the store), or every place name in a column of a spreadsheet
(:func:`geocode_table`)."""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from coopmap.errors import RecordImportError, UnknownFormatError, ValidationError
from coopmap.formats.limits import check_rows
from coopmap.formats.options import Progress
from coopmap.formats.tables import CSV_EXTENSIONS, WORKBOOK_EXTENSIONS, read_table, write_table
from coopmap.store import Store

if TYPE_CHECKING:
    from geopy.geocoders.base import Geocoder

    from coopmap.places import Place

log = logging.getLogger(__name__)


def geocode_place(
    query: str,
    /,
    *,
    country: str | None = None,
    prefer_country: str | None = None,
    level: str | None = None,
    provider: str | Geocoder | None = None,
    store: Store | None = None,
    **provider_options: Any,
) -> Place | None:
    """The best place for a name: the offline gazetteer, then an online provider if one is given.

    ``country`` restricts the answer to that country (a name known only elsewhere is not
    found), ``prefer_country`` only prefers it; ``level`` restricts the answer to one kind of
    place (``'admin1'``, ``'admin2'``, ``'city'``, ``'country'``), an online answer too.
    Online answers are cached in ``store`` (when given), so each name is asked about once.
    ``None`` means no source knows the place; provider errors propagate.
    """
    found = geocode_candidates(
        query,
        country=country,
        prefer_country=prefer_country,
        level=level,
        limit=1,
        provider=provider,
        store=store,
        **provider_options,
    )
    return found[0] if found else None


def geocode_candidates(
    query: str,
    /,
    *,
    country: str | None = None,
    prefer_country: str | None = None,
    level: str | None = None,
    limit: int = 10,
    provider: str | Geocoder | None = None,
    store: Store | None = None,
    **provider_options: Any,
) -> list[Place]:
    """Up to ``limit`` places for a name, best first, as :func:`geocode_place` finds the best
    one (the online provider's answers only when the gazetteer has none). Each place says how
    it matched (:attr:`Place.match <coopmap.places.Place.match>`).

    Raises :class:`~coopmap.errors.ValidationError` for an unknown ``level`` or a
    ``country`` or ``prefer_country`` naming no country.
    """
    from coopmap.places import default_gazetteer, make_geocoder
    from coopmap.places.gazetteer.lookup import LEVELS

    if level is not None and level not in LEVELS:
        known = ", ".join(LEVELS)
        raise ValidationError(f"unknown level {level!r}; one of {known}", field="level")
    try:
        offline = default_gazetteer().lookup(
            query, country=country, prefer_country=prefer_country, level=level, limit=limit
        )
    except ValueError as err:  # a country the gazetteer does not know
        raise ValidationError(str(err), field="country") from err
    if offline or provider is None:
        return offline
    from coopmap.places.geocoders.offline import location_to_place

    cache = StoreGeocodeCache(store) if store is not None else None
    chain = make_geocoder(provider, cache=cache, **provider_options)
    # one answer is asked for as one (as the cache has kept it)
    found = chain.geocode(query, exactly_one=limit == 1, country_codes=country)
    if found is None:
        return []
    places = [location_to_place(location) for location in (found if limit > 1 else [found])]
    return [p for p in places if level is None or p.precision == level][:limit]


class StoreGeocodeCache:
    """The geocoder cache protocol (``get``/``put``) over a store's geocode cache table."""

    def __init__(self, store: Store, /):
        self.store = store

    def get(self, key: str, /) -> dict[str, Any] | None:
        return self.store.cache_get(key)

    def put(self, key: str, value: dict[str, Any], /) -> None:
        self.store.cache_put(key, value)


# --- a file's place names, geocoded -------------------------------------------------------------

ADDED_COLUMNS = ("lat", "lon", "precision", "geonameid", "resolved_name", "match", "candidates")
"""The columns :func:`geocode_table` adds after a file's own, in this order."""

Match = Literal["found", "ambiguous", "not found", "unknown country", "no name"]
"""What became of a row: its name matched one plausible place, several (the best taken), none;
its country cell names no country; it has no name to look up."""

READ_EXTENSIONS = (*CSV_EXTENSIONS, *WORKBOOK_EXTENSIONS)
WRITE_EXTENSIONS = (".csv", ".xlsx")


@dataclass(frozen=True)
class TableGeocoding:
    """What :func:`geocode_table` did: the rows it wrote and how many rows ended each way."""

    source: str
    out: Path
    rows: int
    matches: Mapping[Match, int]

    @property
    def geocoded(self) -> int:
        """How many rows got coordinates (ambiguous ones included)."""
        return self.matches.get("found", 0) + self.matches.get("ambiguous", 0)


def geocode_table(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    /,
    *,
    column: str,
    country_column: str | None = None,
    country: str | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> TableGeocoding:
    """Geocode the place names in ``column`` of a CSV file or workbook into ``out`` (.csv or
    .xlsx): every row and column of the file as it was, in order (blank rows between rows
    too), and then :data:`ADDED_COLUMNS`.

    ``country_column`` holds each row's country (an ISO alpha-2 or alpha-3 code or a name),
    which the place must be in; ``country`` is the country of rows without one. Names are
    looked up as an import looks them up (:func:`coopmap.formats.placing.geocode_name`: the
    same outcomes, the same cache).
    ``progress`` is told ``(rows done, rows in all)`` as names are looked up. ``out`` is
    replaced only once written whole (it may be ``path`` itself).

    Raises :class:`~coopmap.errors.ValidationError` when ``country`` names no country,
    :class:`~coopmap.errors.RecordImportError` naming the file and the reason when it
    cannot be read, has no such column (listing those it has), already has one of the added
    columns, or has a row with more cells than its header; an
    :class:`~coopmap.errors.ExportError` when ``out`` cannot be written.
    """
    from coopmap.places import country_code

    if country is not None and country_code(country) is None:
        raise ValidationError(f"{country!r} names no country", field="country")
    source = str(path)
    for file, extensions, verb in (
        (path, READ_EXTENSIONS, "reads"),
        (out, WRITE_EXTENSIONS, "writes"),
    ):
        suffix = Path(file).suffix.lower()
        if suffix not in extensions:
            raise UnknownFormatError(
                f"{file}: geocoding {verb} {', '.join(extensions)} files, not "
                + (f"{suffix} files" if suffix else "files without an extension")
            )
    header, rows = _read_rows(path, sheet=sheet)
    name_at = _column_index(header, column, source, what="place names")
    country_at = (
        _column_index(header, country_column, source, what="countries") if country_column else None
    )
    taken = [name for name in header if name.strip().lower() in ADDED_COLUMNS]
    if taken:
        raise RecordImportError(
            source,
            [
                ValidationError(
                    f"the file already has the column(s) {', '.join(map(repr, taken))} that "
                    "geocoding adds; rename them, or geocode the file they were added to"
                )
            ],
        )
    counts: Counter[Match] = Counter()
    seen: dict[tuple[str, str], tuple[Match, list[str]]] = {}
    lines: list[list[str]] = []
    for done, cells in enumerate(rows, 1):
        if cells is None:  # a blank row, kept where it was
            lines.append([""] * (len(header) + len(ADDED_COLUMNS)))
        else:
            hint = cells[country_at].strip() if country_at is not None else ""
            key = (cells[name_at], hint or country or "")
            if key not in seen:  # a name on many rows is looked up (and its country read) once
                seen[key] = _geocoded_cells(*key)
            match, added = seen[key]
            counts[match] += 1
            lines.append(cells + added)
        if progress is not None:
            progress(done, len(rows))
    write_table(out, [*header, *ADDED_COLUMNS], lines, sheet=sheet or "geocoded")
    log.info("geocoded %s into %s: %s", source, out, dict(counts))
    return TableGeocoding(source, Path(out), sum(counts.values()), dict(counts))


def _read_rows(
    path: str | os.PathLike[str], /, *, sheet: str | None
) -> tuple[list[str], list[list[str] | None]]:
    """The header and the rows, each as long as the header (``None`` for a blank row between
    two rows)."""
    source = str(path)
    try:
        table = read_table(path, sheet=sheet)
        rows: list[list[str] | None] = []
        previous = None
        for where, cells in table.rows:
            number = int(where.rpartition(" ")[2])
            if previous is not None:
                rows.extend([None] * (number - previous - 1))
            previous = number
            while len(cells) > len(table.header) and not cells[-1].strip():
                cells.pop()
            if len(cells) > len(table.header):
                raise RecordImportError(
                    source,
                    [
                        ValidationError(
                            f"{len(cells)} cells, more than the header's {len(table.header)}",
                            record=where,
                        )
                    ],
                )
            rows.append(cells + [""] * (len(table.header) - len(cells)))
            check_rows(len(rows), source=source)
    except OSError as err:
        reason = err.strerror or str(err)
        raise RecordImportError(
            source, [ValidationError(f"cannot read the file: {reason}")]
        ) from err
    return table.header, rows


def _column_index(header: list[str], column: str, source: str, *, what: str) -> int:
    """Where ``column`` is in the header: as spelled, else ignoring case and outer spaces."""
    if column in header:
        return header.index(column)
    folded = [name.strip().casefold() for name in header]
    if column.strip().casefold() in folded:
        return folded.index(column.strip().casefold())
    found = ", ".join(repr(name) for name in header if name.strip()) or "none"
    raise RecordImportError(
        source,
        [ValidationError(f"no column {column!r} (of {what}) in the header; its columns: {found}")],
    )


def _geocoded_cells(name: str, country: str) -> tuple[Match, list[str]]:
    """What a row's name and country cells give: its match and the added cells."""
    from coopmap.display.labels import place_label
    from coopmap.formats.placing import geocode_name
    from coopmap.places import country_code

    name = " ".join(name.split())
    if not name:
        return "no name", [""] * 5 + ["no name", "0"]
    code = country_code(country) if country.strip() else None
    if country.strip() and code is None:
        return "unknown country", [""] * 5 + ["unknown country", "0"]
    geocoded = geocode_name(name, countries=[code] if code else [])
    place = geocoded.place
    if place is None:
        return "not found", [""] * 5 + ["not found", "0"]
    candidates = str(len(geocoded.candidates))
    if geocoded.outcome == "ambiguous":
        candidates += ": " + "; ".join(place_label(p) for p in geocoded.candidates)
    cells = [
        str(place.lat),
        str(place.lon),
        str(place.precision),
        "" if place.geonameid is None else str(place.geonameid),
        place.name,
        geocoded.outcome,
        candidates,
    ]
    return geocoded.outcome, cells
