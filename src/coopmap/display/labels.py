"""Records, locations and places as short plain-text labels, the same on every page."""

from __future__ import annotations

from coopmap.model import Event, Location, Record
from coopmap.taxonomy import PRECISION_LABELS, EventType, Precision


def dates_text(record: Record, /) -> str | None:
    start, end = record.start, record.end
    if start and end:
        return str(start) if start == end else f"{start} \u2013 {end}"
    if start:
        return str(start) if isinstance(record, Event) else f"from {start}"
    if end:
        return f"until {end}"
    return None


def location_text(location: Location, /) -> str:
    text = f"{location.name} \u2014 {PRECISION_LABELS[location.precision]}"
    if location.resolved_name and location.resolved_name != location.name:
        text += f" ({location.resolved_name})"
    if location.country:
        text += f", {location.country}"
    lat, lon = location.latlon
    kind = location.geometry.geom_type
    where = f"{lat:.4f}, {lon:.4f}" if kind == "Point" else f"{kind}, around {lat:.3f}, {lon:.3f}"
    text += f" \u00b7 {where} \u00b7 from {location.geometry_source.value.replace('_', ' ')}"
    if location.gazetteer_id is not None:
        text += f" (id {location.gazetteer_id})"
    return text


def place_text(record: Record, /) -> str:
    """Where a record is, in a few words: its first location's name and country (``Astana,
    KZ``), ``+2 more`` when it has others; without locations, its countries."""
    if not record.locations:
        return ", ".join(record.countries)
    first = record.locations[0]
    text = f"{first.name}, {first.country}" if first.country else first.name
    others = len(record.locations) - 1
    return f"{text} +{others} more" if others else text


def kind_text(record: Record, /) -> str:
    if isinstance(record, Event):
        return f"Event \u00b7 {EventType(record.event_type).label}"
    return "Project"


def record_label(record: Record, /) -> str:
    """A one-line label for a linked record: its title, kind and dates."""
    when = dates_text(record)
    return " \u00b7 ".join(part for part in (record.title, kind_text(record), when) if part)


def place_label(place: object, /) -> str:
    """A gazetteer place as a person chooses between namesakes: name, region, country,
    precision and population."""
    where = ", ".join(part for part in (place.admin1, place.country) if part)
    population = f" \u00b7 pop. {place.population:,}" if place.population else ""
    return f"{place.name} \u2014 {where} \u00b7 {Precision(place.precision).label}{population}"
