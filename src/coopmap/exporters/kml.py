"""KML export, through GDAL's KML driver: one placemark per record, for Google Earth and kin.

A placemark's ``<name>`` is the record's title and its geometry the record's locations (a
MultiGeometry for several); its ExtendedData holds the other columns of
:data:`~coopmap.formats.columns.ATTRIBUTE_COLUMNS`, exchange codes included, under the names of
:data:`RENAMED` where GDAL's LIBKML driver, which reads KML, keeps a name for KML's own elements
(``<TimeSpan>``'s ``begin`` and ``end``, the placemark ``id``). Coordinates are rounded to 7
decimals (about 1 cm).

GDAL's KML driver writes rather than its LIBKML driver: LIBKML puts text in CDATA sections
without splitting a ``]]>`` inside, so a title holding ``]]>`` would end the section and the
rest of it be read as KML (markup injected from a report); the KML driver escapes text as XML
entities. No ``<description>`` is written: viewers show a description as HTML, and record text
comes from reports and users; ExtendedData is shown as data. :mod:`coopmap.importers.kml` reads
the file back into equal records.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.formats.atomic import atomic_path
from coopmap.formats.encoding import DECIMALS
from coopmap.formats.gdal import write_layer
from coopmap.formats.layers import record_columns
from coopmap.model import Record

log = logging.getLogger(__name__)

DRIVER = "KML"
LAYER = "records"

RENAMED = {"title": "name", "id": "record_id", "start": "start_date", "end": "end_date"}
"""Our column names that KML (as GDAL's LIBKML driver reads it) uses for its own elements, and
the names they have in our KML files."""


def write(records: Iterable[Record], path: str | os.PathLike[str], /) -> None:
    """Write records to ``path`` as KML."""
    records = list(records)
    columns: dict[str, list[Any]] = {
        RENAMED.get(column, column): values for column, values in record_columns(records).items()
    }
    geometries = [_rounded(record.geometry) for record in records]
    with atomic_path(path) as temporary:
        write_layer(temporary, layer=LAYER, columns=columns, geometries=geometries, driver=DRIVER)
    log.info("wrote %d placemarks to %s", len(records), path)


def _rounded(geometry: BaseGeometry | None) -> BaseGeometry | None:
    if geometry is None:
        return None
    return shapely.transform(geometry, lambda xy: np.round(xy, DECIMALS) + 0.0)
