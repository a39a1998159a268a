"""CSV export: one row per record, flat columns a spreadsheet shows and the importer reads back.

Columns (:data:`COLUMNS`), in order:

=================  ============================================================================
id, kind, title    as in the record
sectors            sector slugs joined by ``;`` (also ``countries``, ``outcomes``)
status,            project status and the date it was last known (projects only)
status_date
event_type         events only
start, end         ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
countries          ISO 3166-1 alpha-2 codes
location           the location names joined by ``;``
precision          each location's precision joined by ``;``
lat, lon           the (first) location: the point, or a representative point inside a line or
                   polygon; WGS 84 degrees
wkt                the full geometry (a GEOMETRYCOLLECTION for several locations); empty when
                   the record is one point, which ``lat``/``lon`` give exactly
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
space) is written as a JSON list instead; the importer reads both. Coordinates are rounded to 7
decimals (about 1 cm).
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

import shapely

from coopmap.exporters import atomic_writer
from coopmap.model import Event, Project, Record, latlon_of
from coopmap.taxonomy import GeometrySource

log = logging.getLogger(__name__)

DECIMALS = 7

COLUMNS: tuple[str, ...] = (
    "id", "kind", "title", "sectors", "status", "status_date", "event_type", "start", "end",
    "countries", "location", "precision", "lat", "lon", "wkt", "location_details",
    "organisations", "participants", "specs", "amount", "currency", "sources", "links",
    "outcomes", "notes", "draft",
)  # fmt: skip

IMPORTED_SOURCE = GeometrySource.IMPORTED
"""The ``geometry_source`` a location read from a file gets unless ``location_details`` says."""

_DETAILS = ("resolved_name", "country", "gazetteer_id", "geometry_source")
_SEPARATOR = "; "


def write(
    records: Iterable[Record], path: str | os.PathLike[str], /, *, excel: bool = False
) -> None:
    """Write records to ``path`` as CSV; ``excel`` adds the byte-order mark Excel looks for."""
    rows = [row(record) for record in records]
    with atomic_writer(path, newline="", encoding="utf-8-sig" if excel else "utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    log.info("wrote %d rows to %s", len(rows), path)


def row(record: Record, /) -> dict[str, str]:
    """One record as a CSV row, every value a string."""
    data = record.to_dict()
    locations = data.get("locations", [])
    cells: dict[str, Any] = {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "sectors": _SEPARATOR.join(data.get("sectors", [])),
        "start": data.get("start"),
        "end": data.get("end"),
        "countries": _SEPARATOR.join(data.get("countries", [])),
        "location": encode_list(
            [loc["name"] for loc in locations], format_item=str, parse_item=str
        ),
        "precision": _SEPARATOR.join(loc["precision"] for loc in locations),
        "location_details": _details(locations),
        "sources": encode_list(
            data.get("sources", []), format_item=format_source, parse_item=parse_source
        ),
        "notes": record.notes,
        "draft": "yes" if record.draft else None,
    }
    cells.update(_geometry_cells(record))
    if isinstance(record, Project):
        amount = data.get("amount")
        cells |= {
            "status": data["status"],
            "status_date": data.get("status_date"),
            "organisations": encode_list(
                data["organisations"],
                format_item=format_organisation,
                parse_item=parse_organisation,
            ),
            "specs": encode_list(data["specs"], format_item=format_spec, parse_item=parse_spec),
            "amount": _number(amount["value"]) if amount else None,
            "currency": amount["currency"] if amount else None,
        }
    if isinstance(record, Event):
        cells |= {
            "event_type": data["event_type"],
            "participants": encode_list(
                data["participants"], format_item=format_participant, parse_item=parse_participant
            ),
            "outcomes": encode_list(data["outcomes"], format_item=str, parse_item=str),
            "links": encode_list(data["links"], format_item=format_link, parse_item=parse_link),
        }
    return {column: "" if cells.get(column) is None else str(cells[column]) for column in COLUMNS}


def _geometry_cells(record: Record) -> dict[str, str | None]:
    geometry = record.geometry
    if geometry is None:
        return {}
    wkt = shapely.to_wkt(geometry, rounding_precision=DECIMALS, trim=True)
    # lat/lon of the first location as written, so that the importer finds them in agreement.
    first = shapely.from_wkt(wkt)
    lat, lon = latlon_of(first.geoms[0] if first.geom_type == "GeometryCollection" else first)
    single_point = geometry.geom_type == "Point"
    return {"lat": _number(lat), "lon": _number(lon), "wkt": None if single_point else wkt}


def _number(value: float) -> str:
    value = round(float(value), DECIMALS) + 0.0
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _details(locations: list[dict[str, Any]]) -> str | None:
    details = []
    for location in locations:
        extra = {key: location[key] for key in _DETAILS if key in location}
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
    text = _SEPARATOR.join(format_item(item) for item in items)
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
    text = _number(value) if isinstance(value, float) and not value.is_integer() else str(value)
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
