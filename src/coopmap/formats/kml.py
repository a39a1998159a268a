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
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.atomic import write_bytes
from coopmap.formats.encoding import DECIMALS
from coopmap.formats.gdal import Layer, layer_names, read_layer, write_layer
from coopmap.formats.layers import record_columns, rows_of_layer
from coopmap.formats.mapping import MappedRows
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Row, label
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


def rows(path: str | os.PathLike[str], /, options: ReadOptions = DEFAULT) -> Iterator[Row]:
    """The placemarks of a KML file; :class:`RecordImportError` when GDAL cannot read it."""
    path = Path(path)
    layers = _layers(path)
    if errors := _coordinate_errors(path):
        raise RecordImportError(str(path), errors)
    return _rows(layers, source=str(path), options=options)


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _coordinate_errors(path: Path) -> list[ValidationError]:
    """An error for each placemark whose ``<coordinates>`` are not numbers.

    GDAL reads ``abc,def`` as the point (0, 0) without a word, and which of its features came
    from which placemark it does not say (folders become layers of their own), so the file is
    refused, naming each such placemark by its place in the file and its name. A file Python's
    XML parser cannot read (GDAL is laxer) is left to GDAL.
    """
    errors: list[ValidationError] = []
    placemarks = 0
    name: str | None = None
    try:
        for event, element in ElementTree.iterparse(path, events=("start", "end")):
            tag = element.tag.rsplit("}", 1)[-1]
            if event == "start":
                if tag == "Placemark":
                    placemarks, name = placemarks + 1, None
                continue
            if tag == "name" and name is None:
                name = (element.text or "").strip() or None
            elif tag == "coordinates" and (reason := _bad_coordinates(element.text or "")):
                where = f"placemark {placemarks}" if placemarks else "the file"
                errors.append(
                    ValidationError(reason, record=label(where, name), field="coordinates")
                )
            elif tag == "Placemark":
                element.clear()
    except ElementTree.ParseError as err:
        log.info("%s: left the coordinates to GDAL (%s)", path, err)
        return []
    return errors


def _bad_coordinates(text: str) -> str | None:
    """Why a ``<coordinates>`` text is not ``lon,lat[,alt]`` tuples of numbers, or ``None``."""
    for position in re.sub(r"\s*,\s*", ",", text.strip()).split():
        parts = [part for part in position.split(",") if part]
        if len(parts) not in (2, 3) or not all(_NUMBER.fullmatch(part) for part in parts):
            shown = position if len(position) <= 40 else position[:37] + "..."
            return f"{shown!r} is not longitude,latitude[,altitude] in numbers"
    return None


def _layers(path: Path) -> list[Layer]:
    try:
        return [read_layer(path, layer=name) for name in layer_names(path)]
    except Exception as err:  # pyogrio's DataSourceError and kin: GDAL cannot read the file
        raise RecordImportError(
            str(path), [ValidationError(f"not a KML file GDAL can read: {err}")]
        ) from err


def _rows(layers: list[Layer], *, source: str, options: ReadOptions) -> Iterator[Row]:
    counted = itertools.accumulate((len(layer.features) for layer in layers), initial=1)
    readers = [
        rows_of_layer(
            layer, source=source, rename=_READ_AS, ignore=KML_FIELDS, first=first, options=options
        )
        for layer, first in zip(layers, counted, strict=False)
    ]  # every layer's columns are checked before the first row is read
    return MappedRows.chain(readers)
