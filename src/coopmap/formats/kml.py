"""KML, through GDAL: one placemark per record, for Google Earth and kin; written and read back.

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
comes from reports and users; ExtendedData is shown as data.

Reading (GDAL's LIBKML driver), every placemark of every folder is a row, numbered
``feature 1``, ``feature 2``... through the file, with the names of :data:`RENAMED` read back.
What GDAL reads of KML's own elements (description, time span, visibility, style) is for viewers
and is not read back. A KML file from elsewhere (Google Earth, My Maps) imports when its
placemarks say what a record needs: a name, and ``sectors`` (or ``crs_codes``) for projects or
``event_type`` for events. Placemarks without an id get one from their title, so importing the
file again updates them.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.atomic import write_bytes
from coopmap.formats.encoding import DECIMALS
from coopmap.formats.gdal import Layer, layer_names, read_layer, write_layer
from coopmap.formats.layers import record_columns, rows_of_layer
from coopmap.formats.reading import Row
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
    # Made in memory, then written by Python: GDAL's KML driver does not check its writes, so
    # a file past ``ulimit -f`` or on a full disk would end half-written without an error.
    buffer = io.BytesIO()
    write_layer(buffer, layer=LAYER, columns=columns, geometries=geometries, driver=DRIVER)
    write_bytes(path, buffer.getvalue())
    log.info("wrote %d placemarks to %s", len(records), path)


def _rounded(geometry: BaseGeometry | None) -> BaseGeometry | None:
    if geometry is None:
        return None
    return shapely.transform(geometry, lambda xy: np.round(xy, DECIMALS) + 0.0)


# --- reading --------------------------------------------------------------------------------------

KML_FIELDS = frozenset(
    {
        "id", "description", "timestamp", "begin", "end", "altitudeMode", "tessellate",
        "extrude", "visibility", "drawOrder", "icon", "snippet",
    }
)  # fmt: skip
"""The fields GDAL's LIBKML driver makes of KML's own elements; not coopmap's columns."""

_READ_AS = {kml: ours for ours, kml in RENAMED.items()} | {"Name": "title"}


def rows(path: str | os.PathLike[str], /) -> Iterator[Row]:
    """The placemarks of a KML file; :class:`RecordImportError` when GDAL cannot read it."""
    path = Path(path)
    layers = _layers(path)
    return _rows(layers, source=str(path))


def _layers(path: Path) -> list[Layer]:
    try:
        return [read_layer(path, layer=name) for name in layer_names(path)]
    except Exception as err:  # pyogrio's DataSourceError and kin: GDAL cannot read the file
        raise RecordImportError(
            str(path), [ValidationError(f"not a KML file GDAL can read: {err}")]
        ) from err


def _rows(layers: list[Layer], *, source: str) -> Iterator[Row]:
    counted = itertools.accumulate((len(layer.features) for layer in layers), initial=1)
    readers = [
        rows_of_layer(layer, source=source, rename=_READ_AS, ignore=KML_FIELDS, first=first)
        for layer, first in zip(layers, counted, strict=False)
    ]  # every layer's columns are checked before the first row is read
    return itertools.chain.from_iterable(readers)
