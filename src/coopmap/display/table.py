"""Records as the rows of a table, every cell plain text (the app's records table)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
