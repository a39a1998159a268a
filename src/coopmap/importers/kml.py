"""KML import, through GDAL (its LIBKML driver): what :mod:`coopmap.exporters.kml` writes.

Every placemark of every folder is a row, numbered ``feature 1``, ``feature 2``... through the
file. A placemark's ``<name>`` is the title and its ExtendedData holds the other columns of
:data:`~coopmap.formats.columns.ATTRIBUTE_COLUMNS`, with the names KML keeps for itself changed:
``record_id`` for ``id``, ``start_date`` and ``end_date`` for ``start`` and ``end``
(:data:`coopmap.exporters.kml.RENAMED`). What GDAL reads of KML's own elements (description,
time span, visibility, style) is for viewers and is not read back.

A KML file from elsewhere (Google Earth, My Maps) imports when its placemarks say what a record
needs: a name, and ``sectors`` (or ``crs_codes``) for projects or ``event_type`` for events.
Placemarks without an id get one from their title, so importing the file again updates them.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from coopmap.errors import RecordImportError, ValidationError
from coopmap.exporters.kml import RENAMED
from coopmap.formats.gdal import Layer, layer_names, read_layer
from coopmap.formats.layers import rows_of_layer
from coopmap.formats.reading import Row

log = logging.getLogger(__name__)

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
