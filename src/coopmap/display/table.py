"""Records as the rows of a table, every cell plain text: the app's records table
(:func:`record_rows`) and the command line's listing (:func:`listing_rows`, and
:func:`listing_data` for scripts)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coopmap.display.labels import dates_text, place_text
from coopmap.display.summary import record_countries
from coopmap.model import Project, Record
from coopmap.taxonomy import SECTORS


def organisation_names(record: Record, /) -> list[str]:
    if isinstance(record, Project):
        return [org.name for org in record.organisations]
    return [p.name for p in record.participants]


def record_rows(records: Iterable[Record], /) -> list[dict[str, Any]]:
    """One row per record for the records table; every cell plain text."""
    rows = []
    for record in records:
        rows.append(
            {
                "id": record.id,
                "kind": record.kind,
                "title": record.title,
                "sectors": ", ".join(SECTORS[s].label for s in record.sectors),
                "status": record.status.label if isinstance(record, Project) else "",
                "start": str(record.start) if record.start else "",
                "end": str(record.end) if record.end else "",
                "countries": ", ".join(record_countries(record)),
                "precision": record.precision.label,
                "organisations": "; ".join(organisation_names(record)),
            }
        )
    return rows


def listing_rows(records: Iterable[Record], /) -> list[dict[str, str]]:
    """One row per record as a listing shows it (``coopmap list``): id, kind, title, sectors,
    status, dates and place, every cell plain text."""
    records = list(records)
    return [
        {
            **{key: row[key] for key in ("id", "kind", "title", "sectors", "status")},
            "dates": dates_text(record) or "",
            "place": place_text(record),
        }
        for record, row in zip(records, record_rows(records), strict=True)
    ]


def listing_data(record: Record, /) -> dict[str, Any]:
    """What a listing row says, as JSON-able values for scripts: sector and status codes,
    dates as written, the countries and the location names."""
    return {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "sectors": [sector.value for sector in record.sectors],
        "status": record.status.value if isinstance(record, Project) else None,
        "start": str(record.start) if record.start else None,
        "end": str(record.end) if record.end else None,
        "countries": record_countries(record),
        "places": [location.name for location in record.locations],
    }
