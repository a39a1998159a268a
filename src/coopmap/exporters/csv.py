"""CSV export: one row per record, flat columns a spreadsheet shows and the importer reads back.

The columns are :data:`coopmap.formats.columns.COLUMNS`, in that order: the record's values, the
exchange codes beside them (CRS sector codes, IATI location precision, ISO alpha-3 country
codes), and the geometry as ``lat``/``lon`` plus ``wkt`` for lines, polygons and several
locations. Coordinates are rounded to 7 decimals (about 1 cm).
"""

from __future__ import annotations

import csv
import logging
import os
from collections.abc import Iterable

import shapely

from coopmap.formats.atomic import atomic_writer
from coopmap.formats.columns import COLUMNS, cells
from coopmap.formats.encoding import DECIMALS, number
from coopmap.model import Record, latlon_of

__all__ = ["COLUMNS", "row", "write"]

log = logging.getLogger(__name__)


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
    values = {**cells(record), **_geometry_cells(record)}
    return {column: values.get(column) or "" for column in COLUMNS}


def _geometry_cells(record: Record) -> dict[str, str | None]:
    geometry = record.geometry
    if geometry is None:
        return {}
    wkt = shapely.to_wkt(geometry, rounding_precision=DECIMALS, trim=True)
    # lat/lon of the first location as written, so that the importer finds them in agreement.
    first = shapely.from_wkt(wkt)
    lat, lon = latlon_of(first.geoms[0] if first.geom_type == "GeometryCollection" else first)
    single_point = geometry.geom_type == "Point"
    return {"lat": number(lat), "lon": number(lon), "wkt": None if single_point else wkt}
