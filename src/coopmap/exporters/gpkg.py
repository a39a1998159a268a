"""GeoPackage export, through GDAL: the record schema as columns beside each record's geometry.

The file has two layers, in WGS 84 (EPSG:4326):

``records``
    one feature per record: the columns of :data:`~coopmap.formats.columns.ATTRIBUTE_COLUMNS` (as in
    the CSV export, with the exchange codes; ``amount`` a number and ``draft`` a boolean) and
    the record's geometry: its single location, or a GeometryCollection with one member per
    location, in order. :mod:`coopmap.importers.gpkg` reads this layer back into equal records,
    so edits made in QGIS import as updates.
``locations``
    one feature per location (point, line or polygon) with the record's id and main
    attributes: the layer to style and filter in QGIS, which handles GeometryCollections
    poorly. It is derived, and not read back.

It is written next to ``path`` under a temporary name and moved into place when complete,
replacing any file there: an export never merges into an existing GeoPackage.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import Any

from coopmap.formats.atomic import atomic_path
from coopmap.formats.gdal import write_layer
from coopmap.formats.layers import record_columns
from coopmap.model import Event, Project, Record

log = logging.getLogger(__name__)

DRIVER = "GPKG"
LAYER = "records"
LOCATIONS_LAYER = "locations"

_LOCATION_COLUMNS = (
    "record_id", "position", "name", "precision", "iati_precision", "country", "kind", "title",
    "sectors", "status", "event_type", "start", "end",
)  # fmt: skip


def write(records: Iterable[Record], path: str | os.PathLike[str], /) -> None:
    """Write records to ``path`` as a new GeoPackage."""
    records = list(records)
    rows = [row for record in records for row in _location_rows(record)]
    with atomic_path(path) as temporary:
        write_layer(
            temporary,
            layer=LAYER,
            columns=record_columns(records),
            geometries=[record.geometry for record in records],
            driver=DRIVER,
        )
        write_layer(
            temporary,
            layer=LOCATIONS_LAYER,
            columns={column: [row[column] for row in rows] for column in _LOCATION_COLUMNS},
            geometries=[row["geometry"] for row in rows],
            driver=DRIVER,
            append=True,
        )
    log.info("wrote %d records to %s", len(records), path)


def _location_rows(record: Record) -> list[dict[str, Any]]:
    common = {
        "record_id": record.id,
        "kind": record.kind,
        "title": record.title,
        "sectors": "; ".join(record.sectors) or None,
        "status": record.status.value if isinstance(record, Project) else None,
        "event_type": record.event_type.value if isinstance(record, Event) else None,
        "start": str(record.start) if record.start else None,
        "end": str(record.end) if record.end else None,
    }
    return [
        {
            **common,
            "geometry": location.geometry,
            "position": str(position + 1),
            "name": location.name,
            "precision": location.precision.value,
            "iati_precision": str(location.precision.iati_code),
            "country": location.country or (record.countries[0] if record.countries else None),
        }
        for position, location in enumerate(record.locations)
    ]
