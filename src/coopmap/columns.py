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
=================  ============================================================================

A list cell that the plain syntax cannot carry exactly (a name with a ``;``, a spec value with a
space) is written as a JSON list instead; :func:`decode_list` reads both. The exchange-code
columns (:mod:`coopmap.formats.codes`) are derived on export; on import they stand in for the
columns they mirror when those are empty, and must agree with them when both are filled.
:mod:`coopmap.importers.rows` reads rows back into records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from coopmap.formats.codes import alpha3, crs_codes
from coopmap.model import Event, Project, Record
from coopmap.taxonomy import GeometrySource, Precision

DECIMALS = 7
"""Decimals of coordinates and numbers written as text (7 decimals of a degree: about 1 cm)."""

COLUMNS: tuple[str, ...] = (
    "id", "kind", "title", "sectors", "crs_codes", "status", "status_date", "status_history",
    "event_type", "start", "end", "countries", "countries_alpha3", "location", "precision",
    "iati_precision", "lat", "lon", "wkt", "location_details", "organisations", "participants",
    "specs", "amount", "currency", "sources", "links", "outcomes", "notes", "draft",
)  # fmt: skip

GEOMETRY_COLUMNS: tuple[str, ...] = ("lat", "lon", "wkt")
"""The columns that hold the geometry in a file that has no geometry of its own (CSV)."""

ATTRIBUTE_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c not in GEOMETRY_COLUMNS)
"""The columns beside the geometry in a GIS layer (GeoPackage, KML)."""

IMPORTED_SOURCE = GeometrySource.IMPORTED
"""The ``geometry_source`` a location read from a file gets unless ``location_details`` says."""

DETAILS = ("resolved_name", "country", "gazetteer_id", "geometry_source")
"""Location fields that travel in ``location_details``."""

SEPARATOR = "; "


def cells(record: Record, /) -> dict[str, str | None]:
    """The record's values for the :data:`ATTRIBUTE_COLUMNS` as text (``None`` when empty)."""
    data = record.to_dict()
    locations = data.get("locations", [])
    values: dict[str, Any] = {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "sectors": SEPARATOR.join(data.get("sectors", [])),
        "crs_codes": SEPARATOR.join(map(str, crs_codes(record.sectors))),
        "start": data.get("start"),
        "end": data.get("end"),
        "countries": SEPARATOR.join(data.get("countries", [])),
        "countries_alpha3": SEPARATOR.join(alpha3(code) for code in record.countries),
        "location": encode_list(
            [loc["name"] for loc in locations], format_item=str, parse_item=str
        ),
        "precision": SEPARATOR.join(loc["precision"] for loc in locations),
        "iati_precision": SEPARATOR.join(
            str(Precision(loc["precision"]).iati_code) for loc in locations
        ),
        "location_details": _details(locations),
        "sources": encode_list(
            data.get("sources", []), format_item=format_source, parse_item=parse_source
        ),
        "notes": record.notes,
        "draft": "yes" if record.draft else None,
    }
    if isinstance(record, Project):
        amount = data.get("amount")
        values |= {
            "status": data["status"],
            "status_date": data.get("status_date"),
            "status_history": encode_list(
                data.get("status_history", []),
                format_item=format_status_change,
                parse_item=parse_status_change,
            ),
            "organisations": encode_list(
                data["organisations"],
                format_item=format_organisation,
                parse_item=parse_organisation,
            ),
            "specs": encode_list(data["specs"], format_item=format_spec, parse_item=parse_spec),
            "amount": number(amount["value"]) if amount else None,
            "currency": amount["currency"] if amount else None,
        }
    if isinstance(record, Event):
        values |= {
            "event_type": data["event_type"],
            "participants": encode_list(
                data["participants"], format_item=format_participant, parse_item=parse_participant
            ),
            "outcomes": encode_list(data["outcomes"], format_item=str, parse_item=str),
            "links": encode_list(data["links"], format_item=format_link, parse_item=parse_link),
        }
    return {column: _text(values.get(column)) for column in ATTRIBUTE_COLUMNS}


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def number(value: float, /) -> str:
    """A number as short text, rounded to :data:`DECIMALS` (``1900000000``, ``22.4``)."""
    value = round(float(value), DECIMALS) + 0.0
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _details(locations: list[dict[str, Any]]) -> str | None:
    details = []
    for location in locations:
        extra = {key: location[key] for key in DETAILS if key in location}
        if extra.get("geometry_source") == IMPORTED_SOURCE:
            del extra["geometry_source"]
        details.append(extra)
    if not any(details):
        return None
    return json.dumps(details, ensure_ascii=False, separators=(",", ":"))


# --- list cells: a plain syntax where it is exact, JSON where it is not --------------------------


def encode_list(
    items: list[Any], /, *, format_item: Callable[[Any], str], parse_item: Callable[[str], Any]
) -> str | None:
    """Items joined by ``; `` when :func:`decode_list` gives them back exactly, else JSON."""
    if not items:
        return None
    text = SEPARATOR.join(format_item(item) for item in items)
    try:
        exact = decode_list(text, parse_item=parse_item) == items
    except ValueError:
        exact = False
    return text if exact else json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def decode_list(text: str, /, *, parse_item: Callable[[str], Any]) -> list[Any]:
    """The items of a list cell: a JSON list, or plain items separated by ``;``."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(f"not a JSON list: {err}") from err
        if not isinstance(items, list):
            raise ValueError("not a JSON list")
        return items
    return [parse_item(part.strip()) for part in text.split(";") if part.strip()]


_TRAILING = re.compile(r"^(?P<head>.*?)\s*\((?P<inside>[^()]*)\)$")
_DATE = re.compile(r"^\d{4}(-\d{1,2}){0,2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def format_organisation(item: dict[str, Any]) -> str:
    return f"{item['name']} ({item['role']})"


def parse_organisation(text: str) -> dict[str, Any]:
    match = _TRAILING.match(text)
    if match and match["head"]:
        return {"name": match["head"], "role": match["inside"].strip()}
    return {"name": text, "role": "partner"}


def format_status_change(item: dict[str, Any]) -> str:
    return f"{item['status']} {item['date']}" if item.get("date") else item["status"]


def parse_status_change(text: str) -> dict[str, Any]:
    status, _, date = text.partition(" ")
    return {"status": status, "date": date.strip()} if date.strip() else {"status": status}


def format_participant(item: dict[str, Any]) -> str:
    parts = [
        item.get("role"),
        "person" if item.get("kind") == "person" else None,
        item.get("country"),
    ]
    inside = ", ".join(part for part in parts if part)
    return f"{item['name']} ({inside})" if inside else item["name"]


def parse_participant(text: str) -> dict[str, Any]:
    item: dict[str, Any] = {"name": text, "kind": "organisation"}
    match = _TRAILING.match(text)
    if not (match and match["head"]):
        return item
    item["name"] = match["head"]
    for part in (part.strip() for part in match["inside"].split(",")):
        if part in ("person", "organisation"):
            item["kind"] = part
        elif _COUNTRY.match(part):
            item["country"] = part
        elif part and "role" not in item:
            item["role"] = part
        else:
            raise ValueError(f"cannot read participant {text!r}")
    return item


def format_spec(item: dict[str, Any]) -> str:
    value = item["value"]
    text = number(value) if isinstance(value, float) and not value.is_integer() else str(value)
    return f"{item['key']}: {text} {item['unit']}" if item.get("unit") else f"{item['key']}: {text}"


def parse_spec(text: str) -> dict[str, Any]:
    key, colon, rest = text.partition(":")
    if not colon:
        raise ValueError(f"a spec is 'key: value unit', got {text!r}")
    token, _, unit = rest.strip().partition(" ")
    value: float | int | str = token
    for kind in (int, float):
        try:
            value = kind(token)
            break
        except ValueError:
            continue
    item: dict[str, Any] = {"key": key.strip(), "value": value}
    if unit.strip():
        item["unit"] = unit.strip()
    return item


def format_source(item: dict[str, Any]) -> str:
    inside = ", ".join(part for part in (item.get("publisher"), item.get("date")) if part)
    text = f"{item['title']} ({inside})" if inside else item["title"]
    return f"{text} <{item['url']}>" if item.get("url") else text


def parse_source(text: str) -> dict[str, Any]:
    item: dict[str, Any] = {}
    url = re.search(r"\s*<([^<>\s]+)>$", text)
    if url:
        item["url"] = url[1]
        text = text[: url.start()]
    match = _TRAILING.match(text)
    if match and match["head"]:
        parts = [part.strip() for part in match["inside"].split(",")]
        if parts and _DATE.match(parts[-1]):
            item["date"] = parts.pop()
        if parts:
            item["publisher"] = ", ".join(parts)
        text = match["head"]
    return {"title": text, **item}


def format_link(item: dict[str, Any]) -> str:
    return f"{item['type']}:{item['project']}"


def parse_link(text: str) -> dict[str, Any]:
    link_type, colon, project = text.partition(":")
    if not colon:
        raise ValueError(f"a link is 'link_type:project-id', got {text!r}")
    return {"type": link_type.strip(), "project": project.strip()}
