"""The record schema as flat columns: what CSV, GeoPackage and KML files hold, both ways.

One record is one row. Columns (:data:`COLUMNS`), in order:

=================  ============================================================================
id, kind, title    as in the record
sectors            sector slugs joined by ``;`` (also ``countries``, ``outcomes``)
crs_codes          the sectors' OECD DAC CRS codes (``other`` has none)
status,            project status and the date it was last known (projects only)
status_date
status_history     ``status date`` for each dated status, oldest first (projects only)
event_type         events only
start, end         ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
countries          ISO 3166-1 alpha-2 codes
countries_alpha3   the same countries' ISO 3166-1 alpha-3 codes
location           the location names joined by ``;``
precision          each location's precision joined by ``;``
iati_precision     each location's IATI GeographicalPrecision code joined by ``;``
lat, lon           CSV only: the (first) location, a point or a representative point inside a
                   line or polygon; WGS 84 degrees (GeoPackage and KML have a geometry)
wkt                CSV only: the full geometry (a GEOMETRYCOLLECTION for several locations);
                   empty when the record is one point, which ``lat``/``lon`` give exactly
location_details   JSON list, one object per location, with what the columns above lack
                   (resolved_name, country, gazetteer_id, geometry_source); empty when nothing
organisations      ``name (role)`` joined by ``;``
participants       ``name (role, person, CC)``: role, kind and country as far as known
specs              ``key: value unit`` joined by ``;``
amount, currency   the amount's value and ISO 4217 code
sources            ``title (publisher, date) <url>`` joined by ``;``
links              ``link_type:project-id`` joined by ``;``
notes              free text
draft              ``yes`` for drafts, empty otherwise
tags               the record's tags (``umbrella``) joined by ``;``
=================  ============================================================================

Cells are text as :mod:`coopmap.formats.encoding` writes it; a list cell that the plain syntax
cannot carry exactly (a name with a ``;``, a spec value with a space) is a JSON list instead.
The exchange-code columns (:mod:`coopmap.formats.codes`) are derived on export; on import they
stand in for the columns they mirror when those are empty, and must agree with them when both
are filled. Values are read with the tolerance of :mod:`coopmap.formats.values`: sectors by
name or CRS code, statuses of IATI's or GCDF's vocabularies, countries by name, dates also as
``MM/DD/YYYY``.

Both directions are here: :func:`cells` writes a record's cells (:func:`stored_columns` the same
cells of a batch of records as a store holds them, from their JSON, a column at a time),
:func:`row_from_cells` reads them back. The CSV, GeoPackage and KML readers turn each row into a
dict of text cells (empty for a missing value) and hand it to :func:`row_from_cells` with the
header names as written (for messages) and, in GIS formats, the feature's geometry (see
:mod:`coopmap.formats.layers`). A hand-made sheet needs only ``title`` plus what the records
require (``sectors`` or ``crs_codes`` for projects, ``event_type`` for events); ``kind``
defaults to ``event`` when ``event_type`` is filled and to ``project`` otherwise. Without a
geometry, coordinates come from ``lat``/``lon`` or from ``wkt``. A location without a
``location`` name takes the title.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from enum import Enum
from functools import partial
from typing import Any

import pydantic_core
import shapely
from pydantic import BaseModel
from shapely.geometry.base import BaseGeometry

from coopmap.errors import ValidationError
from coopmap.formats.bulk import CellCache
from coopmap.formats.codes import alpha3, countries_from, crs_codes, precisions_from, sectors_from
from coopmap.formats.encoding import ITEMS, SEPARATOR, decode_list, encode_list, list_cell, number
from coopmap.formats.limits import JSONLimitError, check_cell, load_json
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.placing import geocode_names
from coopmap.formats.reading import Row, label, name_of
from coopmap.formats.values import countries_from_text, date_from, items, sector_of, status_of
from coopmap.model import (
    Event,
    Link,
    Location,
    Organisation,
    Participant,
    Project,
    Record,
    Source,
    Spec,
    StatusChange,
    latlon_of,
    point_from_latlon,
    record_from_dict,
)
from coopmap.taxonomy import GeometrySource, Precision, Sector

COLUMNS: tuple[str, ...] = (
    "id", "kind", "title", "sectors", "crs_codes", "status", "status_date", "status_history",
    "event_type", "start", "end", "countries", "countries_alpha3", "location", "precision",
    "iati_precision", "lat", "lon", "wkt", "location_details", "organisations", "participants",
    "specs", "amount", "currency", "sources", "links", "outcomes", "notes", "draft", "tags",
)  # fmt: skip

GEOMETRY_COLUMNS: tuple[str, ...] = ("lat", "lon", "wkt")
"""The columns that hold the geometry in a file that has no geometry of its own (CSV)."""

ATTRIBUTE_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c not in GEOMETRY_COLUMNS)
"""The columns beside the geometry in a GIS layer (GeoPackage, KML)."""

IMPORTED_SOURCE = GeometrySource.IMPORTED
"""The ``geometry_source`` a location read from a file gets unless ``location_details`` says."""

SEMICOLON = ";"
"""What separates the items of a list cell as :func:`~coopmap.formats.encoding.decode_list`
reads it."""

DETAILS = ("resolved_name", "country", "gazetteer_id", "geometry_source")
"""Location fields that travel in ``location_details``."""


def cells(record: Record, /) -> dict[str, str | None]:
    """The record's values for the :data:`ATTRIBUTE_COLUMNS` as text (``None`` when empty).

    Read from the record's attributes, as :meth:`~coopmap.model.Project.to_dict` gives them
    (enumerations by value, dates as text), without dumping the whole record: a list of parts
    is dumped only when it has any.
    """
    locations = record.locations
    project = record if isinstance(record, Project) else None
    event = record if isinstance(record, Event) else None
    amount = project.amount if project else None
    return {  # in the order of ATTRIBUTE_COLUMNS, every one text or None
        "id": record.id,
        "kind": record.kind,
        "title": record.title or None,
        "sectors": SEPARATOR.join(record.sectors) or None,
        "crs_codes": _crs_text(tuple(record.sectors)) or None,
        "status": project.status.value if project else None,
        "status_date": str(project.status_date) if project and project.status_date else None,
        "status_history": _list_cell(project, "status_history") if project else None,
        "event_type": event.event_type.value if event else None,
        "start": str(record.start) if record.start else None,
        "end": str(record.end) if record.end else None,
        "countries": SEPARATOR.join(record.countries) or None,
        "countries_alpha3": _alpha3_text(tuple(record.countries)) or None,
        "location": encode_list(
            [location.name for location in locations], format_item=str, parse_item=str
        ),
        "precision": SEPARATOR.join(location.precision for location in locations) or None,
        "iati_precision": SEPARATOR.join(
            str(location.precision.iati_code) for location in locations
        )
        or None,
        "location_details": _details(locations),
        "organisations": _list_cell(project, "organisations") if project else None,
        "participants": _list_cell(event, "participants") if event else None,
        "specs": _list_cell(project, "specs") if project else None,
        "amount": number(amount.value) if amount else None,
        "currency": amount.currency if amount else None,
        "sources": _list_cell(record, "sources"),
        "links": _list_cell(event, "links") if event else None,
        "outcomes": list_cell("outcomes", event.outcomes) if event else None,
        "notes": record.notes or None,
        "draft": "yes" if record.draft else None,
        "tags": SEPARATOR.join(record.tags) or None,
    }


def stored_columns(batch: Sequence[dict[str, Any]], /) -> dict[str, list[str | None]]:
    """:func:`cells` of the records whose stored JSON (what
    :meth:`~coopmap.model.Project.to_dict` gave) is ``batch``, a column at a time, without
    rebuilding the records: the same text from the same values, for exports straight from a
    store. A field the record's kind does not have is absent from its JSON, and so empty."""
    locations = [data.get("locations") or () for data in batch]
    sectors = [tuple(data.get("sectors") or ()) for data in batch]
    countries = [data.get("countries") or () for data in batch]
    precisions = [[location["precision"] for location in found] for found in locations]
    amounts = [data.get("amount") for data in batch]

    def texts(key: str) -> list[str | None]:
        return [data.get(key) or None for data in batch]

    def parts(column: str) -> list[str | None]:
        return [
            _stored_list_cell(column, items) if (items := data.get(column)) else None
            for data in batch
        ]

    return {  # in the order of ATTRIBUTE_COLUMNS, as cells() gives them
        "id": [data["id"] for data in batch],
        "kind": [data["kind"] for data in batch],
        "title": texts("title"),
        "sectors": [SEPARATOR.join(found) or None for found in sectors],
        "crs_codes": [_crs_text(found) or None for found in sectors],
        "status": texts("status"),
        "status_date": texts("status_date"),
        "status_history": parts("status_history"),
        "event_type": texts("event_type"),
        "start": texts("start"),
        "end": texts("end"),
        "countries": [SEPARATOR.join(found) or None for found in countries],
        "countries_alpha3": [_alpha3_text(tuple(found)) or None for found in countries],
        "location": [
            encode_list([location["name"] for location in found], format_item=str, parse_item=str)
            for found in locations
        ],
        "precision": [SEPARATOR.join(found) or None for found in precisions],
        "iati_precision": [
            SEPARATOR.join([IATI_TEXT[code] for code in found]) or None for found in precisions
        ],
        "location_details": [_stored_details(found) for found in locations],
        "organisations": parts("organisations"),
        "participants": parts("participants"),
        "specs": parts("specs"),
        "amount": [number(amount["value"]) if amount else None for amount in amounts],
        "currency": [amount.get("currency") if amount else None for amount in amounts],
        "sources": parts("sources"),
        "links": parts("links"),
        "outcomes": [
            list_cell("outcomes", items) if (items := data.get("outcomes")) else None
            for data in batch
        ],
        "notes": texts("notes"),
        "draft": ["yes" if data.get("draft") else None for data in batch],
        "tags": [SEPARATOR.join(data.get("tags") or ()) or None for data in batch],
    }


@functools.cache
def _alpha3_text(countries: tuple[str, ...]) -> str:
    return SEPARATOR.join(alpha3(code) for code in countries)


IATI_TEXT = {precision.value: str(precision.iati_code) for precision in Precision}
"""Each precision's IATI code as an ``iati_precision`` cell writes it."""


@functools.cache
def _crs_text(sectors: tuple[str, ...]) -> str:
    return SEPARATOR.join(map(str, crs_codes(list(sectors))))


def _list_cell(record: Record, column: str) -> str | None:
    """A list column of :data:`~coopmap.formats.encoding.ITEMS` whose items are parts: their
    plain texts joined when each reads back as it is (what :func:`list_cell` finds by reading
    the whole cell back), else :func:`list_cell`'s answer."""
    parts = getattr(record, column)
    if not parts:
        return None
    texts = [_plain_item(column, part) for part in parts]
    return _joined(column, texts, lambda: [_dumped(part) for part in parts])


def _stored_list_cell(column: str, items: list[dict[str, Any]]) -> str | None:
    """:func:`_list_cell` of the parts in a record's stored JSON (each as its part dumps)."""
    texts = [_plain_stored_item(column, item) for item in items]
    # A cell of JSON lists each item's fields in its part's order (PostgreSQL's jsonb keeps
    # them in an order of its own): the few items that need one are made parts again.
    return _joined(column, texts, lambda: [_dumped(_PARTS[column](**item)) for item in items])


_PARTS: dict[str, type[BaseModel]] = {
    "organisations": Organisation, "participants": Participant, "specs": Spec,
    "sources": Source, "links": Link, "status_history": StatusChange,
}  # fmt: skip
"""The part each list column of parts holds."""


def _joined(column: str, texts: list[str | None], items: Callable[[], list[Any]]) -> str | None:
    """The plain ``texts`` of a list cell's items joined, when each item has one; else the
    cell :func:`list_cell` makes of the ``items``."""
    if None not in texts and not texts[0].startswith("["):  # type: ignore[union-attr]
        return SEPARATOR.join(texts)  # type: ignore[arg-type]
    return list_cell(column, items())


def _dumped(part: Any) -> dict[str, Any]:
    return part.model_dump(mode="json", exclude_none=True)


@functools.lru_cache(maxsize=1 << 16)
def _plain_item(column: str, part: Any) -> str | None:
    """A part's text in a list cell when reading it back gives the part (parts are frozen, and
    the same organisations and sources recur from record to record), else ``None``."""
    return _plain_text(column, _dumped(part))


def _plain_stored_item(column: str, item: dict[str, Any]) -> str | None:
    """:func:`_plain_item` of a part as stored (a dict, kept by its values when they are all
    plain)."""
    values = tuple(item.items())
    try:
        return _plain_stored(column, values)
    except TypeError:  # a value that is a list or a dict: not kept
        return _plain_text(column, item)


@functools.lru_cache(maxsize=1 << 16)
def _plain_stored(column: str, values: tuple[tuple[str, Any], ...]) -> str | None:
    return _plain_text(column, dict(values))


def _plain_text(column: str, item: dict[str, Any]) -> str | None:
    """The text of a list cell's item (a part's dump) when reading it back gives the item."""
    format_item, parse_item = ITEMS[column]
    text = format_item(item)
    try:
        exact = parse_item(text) == item
    except ValueError:
        return None
    return text if exact and text and text == text.strip() and SEMICOLON not in text else None


def _details(locations: Sequence[Location]) -> str | None:
    return _details_text(
        [
            {
                key: value.value if isinstance(value, Enum) else value
                for key in DETAILS
                if (value := getattr(location, key)) is not None
            }
            for location in locations
        ]
    )


def _stored_details(locations: Sequence[dict[str, Any]]) -> str | None:
    return _details_text(
        [{key: location[key] for key in DETAILS if key in location} for location in locations]
    )


def _details_text(details: list[dict[str, Any]]) -> str | None:
    """The ``location_details`` cell of each location's :data:`DETAILS` (without an imported
    ``geometry_source``, which reading gives back)."""
    for extra in details:
        if extra.get("geometry_source") == IMPORTED_SOURCE:
            del extra["geometry_source"]
    if not any(details):
        return None
    return pydantic_core.to_json(details).decode()  # json.dumps's compact text, faster


# --- reading: a row of text cells back into a record ----------------------------------------------

_SECTORS: dict[str, Sector] = {sector.value: sector for sector in Sector}
_TOLERANCE = 1e-6  # degrees, about 10 cm: lat/lon and wkt written by us agree far closer
_TEXT = ("id", "title", "status", "status_date", "event_type", "start", "end", "notes")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


def row_from_cells(
    row: dict[str, str],
    /,
    *,
    where: str,
    headers: dict[str, str],
    geometry: BaseGeometry | None = None,
    options: ReadOptions = DEFAULT,
    cache: CellCache | None = None,
    point: shapely.Point | None = None,
) -> Row:
    """The record in a row of text cells, or the row's problems.

    ``headers`` maps each column to its name as written in the file; ``geometry`` is the
    feature's own geometry in formats that have one (the ``lat``/``lon``/``wkt`` columns are
    read otherwise). Place names without coordinates are geocoded unless ``options`` say not
    to (:mod:`coopmap.formats.placing`); the row's :attr:`Row.geocoded` says how each went.
    A reader of many rows passes the file's ``cache`` (:class:`~coopmap.formats.bulk.CellCache`)
    and the ``point`` its ``lat``/``lon`` cells give, made with the batch's
    (:func:`~coopmap.formats.bulk.batch_points`).
    """
    errors: list[ValidationError] = []
    cache = cache or CellCache()
    limit = cache.cell_limit
    oversized = {}
    if max(map(len, row.values()), default=0) > limit:
        oversized = {
            column: reason
            for column, text in row.items()
            if (reason := check_cell(text, limit=limit))
        }
    given = name_of({k: t for k, t in row.items() if k not in oversized} if oversized else row)
    name = label(where, given)

    def fail(column: str, reason: str) -> None:
        errors.append(ValidationError(reason, record=name, field=headers.get(column, column)))

    if oversized:  # nothing of a row with an oversized cell is parsed
        for column, reason in oversized.items():
            fail(column, reason)
        return Row(where, given, errors=errors)

    data: dict[str, Any] = {column: row[column] for column in _TEXT if row.get(column)}
    _values(row, data, fail, cache)
    if "title" in row:
        data["title"] = row["title"]  # even when blank, so that the model says what is wrong
    data["kind"] = row.get("kind") or ("event" if row.get("event_type") else "project")
    _codes(row, data, fail, cache)
    for column, (_, parse_item) in ITEMS.items():
        if text := row.get(column):
            try:
                items = cache.get(column, text, partial(decode_list, parse_item=parse_item))
            except ValueError as err:
                fail(column, str(err))
            else:
                data[column] = cache.parts(column, items)
    if row.get("tags"):
        data["tags"] = cache.get("tags", row["tags"], _split)
    amount, currency = row.get("amount"), row.get("currency")
    if amount or currency:
        try:
            data["amount"] = {"value": float(amount or ""), "currency": currency}
        except ValueError:
            fail(
                "amount", f"{amount!r} is not a number" if amount else "a currency needs an amount"
            )
    draft = row.get("draft", "").lower()
    if draft in _TRUE | _FALSE:
        data["draft"] = draft in _TRUE
    else:
        fail("draft", f"{row['draft']!r} is not yes or no")
    if geometry is not None:
        geometry_field = "geometry"
    elif row.get("wkt"):
        geometry_field = headers.get("wkt", "wkt")
    else:
        geometry_field = "/".join(headers.get(column, column) for column in ("lat", "lon"))
    result = Row(where, given, geometry_field=geometry_field)
    if options.geocode and _geocodable(row, geometry):
        result.geometry_field = headers.get("location", "location")
        locations = _geocoded(row, data.get("countries", []), result, fail, headers, options)
    else:
        locations = _locations(row, fail, geometry, cache, point)
    if locations is not None:
        data["locations"] = locations
    try:
        record = record_from_dict(data, where=where)
    except ValidationError as err:
        result.errors = [*errors, err]
        return result
    result.errors = errors
    result.record = None if errors else record
    return result


def _geocodable(row: dict[str, str], geometry: BaseGeometry | None) -> bool:
    """Whether the row names places and gives no coordinates of its own."""
    has_coordinates = geometry is not None or any(row.get(c) for c in ("lat", "lon", "wkt"))
    return bool(row.get("location")) and not has_coordinates


def _geocoded(
    row: dict[str, str],
    countries: list[str],
    result: Row,
    fail: Callable[[str, str], None],
    headers: dict[str, str],
    options: ReadOptions,
) -> list[dict[str, Any]] | None:
    """The row's place names geocoded, each outcome noted in ``result``; ``None`` after an
    error (a name that matches nothing)."""
    try:
        names = decode_list(row["location"], parse_item=str)
    except ValueError as err:
        fail("location", str(err))
        return None
    outcomes, found = geocode_names(
        names,
        countries=countries,
        answers=options.places,
        where=result.where,
        record=result.name,
        field=headers.get("location", "location"),
    )
    result.geocoded += outcomes
    for outcome in outcomes:
        if outcome.place is None:
            fail("location", outcome.describe())
    return found


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


def _values(
    row: dict[str, str], data: dict[str, Any], fail: Callable[[str, str], None], cache: CellCache
) -> None:
    """Statuses and dates as other vocabularies write them (:mod:`~coopmap.formats.values`);
    a status that means nothing known is left for the model to name with the valid ones."""
    if row.get("status"):
        data["status"] = status_of(row["status"]) or row["status"]
    for column in ("start", "end", "status_date"):
        if text := row.get(column):
            try:
                data[column] = cache.get("date", text, date_from)
            except ValidationError as err:
                del data[column]  # named here, not again by the model
                fail(column, err.reason)


def _codes(
    row: dict[str, str], data: dict[str, Any], fail: Callable[[str, str], None], cache: CellCache
) -> None:
    """Sectors and countries from their columns (codes or names, :mod:`~coopmap.formats.values`)
    and their exchange-code columns."""
    try:
        sectors = cache.get("sectors", (row.get("sectors", ""), row.get("crs_codes", "")), _sectors)
    except ValidationError as err:
        fail(err.field or "crs_codes", err.reason)
    else:
        data["sectors"] = sectors  # even when empty, so that the model says a project needs one
    try:
        countries = cache.get(
            "countries", (row.get("countries", ""), row.get("countries_alpha3", "")), _countries
        )
    except ValidationError as err:
        fail(err.field or "countries", err.reason)
    else:
        if countries:
            data["countries"] = countries


def _sectors(cells: tuple[str, str]) -> list[str]:
    """The sectors of a row's ``sectors`` and ``crs_codes`` cells."""
    text, codes = cells
    named = [str(sector or part) for part, sector in items(text, sector_of)]
    return [_SECTORS.get(slug, slug) for slug in sectors_from(named, _split(codes))]


def _countries(cells: tuple[str, str]) -> list[str]:
    """The countries of a row's ``countries`` and ``countries_alpha3`` cells."""
    text, alpha3_codes = cells
    return countries_from(countries_from_text(text), _split(alpha3_codes))


def _locations(
    row: dict[str, str],
    fail: Callable[[str, str], None],
    geometry: BaseGeometry | None,
    cache: CellCache,
    point: shapely.Point | None,
) -> list[dict[str, Any]] | None:
    """The row's locations, or ``None`` after reporting what is wrong with them."""
    problems: list[str] = []

    def report(column: str, reason: str) -> None:
        problems.append(reason)
        fail(column, reason)

    parts = _parts(row, report, geometry, point)
    if parts is None:
        return None
    try:
        names = cache.get("location", row.get("location", ""), _names)
    except ValueError as err:
        report("location", str(err))
        return None
    try:
        details = cache.get("location_details", row.get("location_details") or "[]", load_json)
    except JSONLimitError as err:
        report("location_details", str(err))
        return None
    except ValueError as err:
        report("location_details", f"not JSON: {err}")
        return None
    if not (isinstance(details, list) and all(isinstance(item, dict) for item in details)):
        report("location_details", "must be a JSON list of objects, one per location")
        return None
    if not parts:
        if names:
            report("location", "has no coordinates: fill lat and lon, or wkt")
        return None if problems else []
    if not names and len(parts) == 1:
        # Without a title the record fails anyway; "untitled" keeps that the only complaint.
        names = [row.get("title") or "untitled"]
    try:
        precisions = cache.get(
            "precision", (row.get("precision", ""), row.get("iati_precision", "")), _precisions
        )
    except ValidationError as err:
        report(err.field or "iati_precision", err.reason)
        return None
    precisions = list(precisions) or ["unknown"]
    if len(precisions) == 1:
        precisions *= len(parts)
    for column, values in (
        ("location", names),
        ("precision", precisions),
        ("location_details", details or [{}] * len(parts)),
    ):
        if len(values) != len(parts):
            report(
                column,
                f"{len(values)} value(s) for {len(parts)} location(s); separate "
                "one per location with ';' (a GEOMETRYCOLLECTION holds several)",
            )
    if problems:
        return None
    return [
        {
            "name": name,
            "geometry": part,
            "precision": precision,
            "geometry_source": IMPORTED_SOURCE.value,
            **detail,
        }
        for name, part, precision, detail in zip(
            names, parts, precisions, details or [{}] * len(parts), strict=True
        )
    ]


def _names(text: str) -> list[str]:
    return decode_list(text, parse_item=str)


def _precisions(cells: tuple[str, str]) -> list[str]:
    """The precisions of a row's ``precision`` and ``iati_precision`` cells."""
    names, codes = cells
    return precisions_from(
        [part.strip() for part in names.split(";") if part.strip()],
        [part.strip() for part in codes.split(";") if part.strip()],
    )


def _parts(
    row: dict[str, str],
    report: Callable[[str, str], None],
    geometry: BaseGeometry | None,
    point: shapely.Point | None = None,
) -> list[BaseGeometry] | None:
    """One geometry per location (none without coordinates), or ``None`` after a problem;
    ``point`` is the one the ``lat``/``lon`` cells give, when already made."""
    if point is None:
        point = _point(row, report)
    if point is None and (row.get("lat") or row.get("lon")):
        return None  # reported
    if geometry is None and row.get("wkt"):
        try:
            geometry = shapely.from_wkt(row["wkt"])
        except shapely.errors.GEOSException as err:
            report("wkt", f"not a WKT geometry: {err}")
            return None
    if geometry is None:
        return [point] if point is not None else []
    is_collection = geometry.geom_type == "GeometryCollection"
    parts = list(geometry.geoms) if is_collection else [geometry]
    if point is not None and parts:
        _check_agreement(parts[0], point, report)
    return parts


def _point(row: dict[str, str], report: Callable[[str, str], None]) -> BaseGeometry | None:
    lat, lon = row.get("lat"), row.get("lon")
    if not lat and not lon:
        return None
    if not (lat and lon):
        report("lon" if lat else "lat", "is empty; lat and lon go together")
        return None
    values = {}
    for column, text in (("lat", lat), ("lon", lon)):
        try:
            values[column] = float(text)
        except ValueError:
            report(column, f"{text!r} is not a number (use a dot for decimals)")
    if len(values) < 2:
        return None
    try:
        return point_from_latlon(values["lat"], values["lon"])
    except ValidationError as err:
        report(err.field or "lat", err.reason)
        return None


def _check_agreement(
    geometry: BaseGeometry, point: BaseGeometry, report: Callable[[str, str], None]
) -> None:
    try:
        lat, lon = latlon_of(geometry)
    except (shapely.errors.GEOSException, ValueError, IndexError):
        return  # an invalid or empty geometry: validation reports it
    if abs(lat - point.y) > _TOLERANCE or abs(lon - point.x) > _TOLERANCE:
        report(
            "lat",
            f"lat/lon ({point.y}, {point.x}) do not match the first wkt location, at "
            f"({lat:.7f}, {lon:.7f}); correct or clear one of them",
        )
