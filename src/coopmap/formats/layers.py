"""GIS layers (GeoPackage, KML): the flat columns beside a geometry, both ways.

A layer holds the :data:`~coopmap.formats.columns.ATTRIBUTE_COLUMNS` as typed attributes
(``amount`` a number, ``draft`` a boolean, the rest text) and each record's locations as the
feature's geometry. :func:`record_columns` gives the columns of records to write
(:func:`stored_layer_columns` the same of records as a store holds them);
:func:`rows_of_layer` reads a layer's features back as rows of text cells, for
:func:`~coopmap.formats.columns.row_from_cells`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from typing import Any

from shapely.geometry import GeometryCollection
from shapely.geometry.base import BaseGeometry

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.bulk import CellCache
from coopmap.formats.columns import ATTRIBUTE_COLUMNS, cells, row_from_cells, stored_columns
from coopmap.formats.encoding import decode_list, number
from coopmap.formats.gdal import Layer
from coopmap.formats.mapping import ColumnMapping, MappedRows, map_header
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Row
from coopmap.model import Project, Record

_WGS84 = {"EPSG:4326", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"}


def record_columns(records: list[Record], /) -> dict[str, Sequence[Any]]:
    """The :data:`~coopmap.formats.columns.ATTRIBUTE_COLUMNS` of each record, typed for a GIS
    layer."""
    # cells are in ATTRIBUTE_COLUMNS order: zip turns the rows into columns
    by_column = zip(*(cells(record).values() for record in records), strict=True)
    columns: dict[str, Any] = dict.fromkeys(ATTRIBUTE_COLUMNS, ())
    if records:
        columns.update(zip(ATTRIBUTE_COLUMNS, by_column, strict=True))
    columns["amount"] = [
        record.amount.value if isinstance(record, Project) and record.amount else None
        for record in records
    ]
    columns["draft"] = [record.draft for record in records]
    return columns


def stored_layer_columns(batch: list[dict[str, Any]], /) -> dict[str, Sequence[Any]]:
    """:func:`record_columns` of the records whose stored JSON is ``batch``
    (:func:`~coopmap.formats.columns.stored_columns`), without rebuilding them."""
    columns: dict[str, Any] = stored_columns(batch)
    columns["amount"] = [
        amount["value"] if (amount := data.get("amount")) else None for data in batch
    ]
    columns["draft"] = [bool(data.get("draft")) for data in batch]
    return columns


def rows_of_layer(
    layer: Layer,
    /,
    *,
    source: str,
    rename: dict[str, str] | None = None,
    ignore: frozenset[str] = frozenset(),
    first: int = 1,
    options: ReadOptions = DEFAULT,
) -> MappedRows:
    """The features of a GIS layer as rows, numbered from ``first`` (the columns are mapped at
    once, the rows read as they are asked for).

    The layer's fields are mapped onto :data:`~coopmap.formats.columns.ATTRIBUTE_COLUMNS` as
    a table's header is (:mod:`~coopmap.formats.mapping`); ``rename`` maps the layer's names
    for columns to ours (KML's ``Name`` is the title) and fields in ``ignore`` are the
    format's own (KML's ``visibility``), neither read nor listed as ignored.
    """
    if layer.crs is not None and layer.crs not in _WGS84:
        raise RecordImportError(
            source,
            [
                ValidationError(
                    f"coordinates must be WGS 84 longitude/latitude (EPSG:4326), layer "
                    f"{layer.name!r} is in {layer.crs}",
                    field="crs",
                )
            ],
        )
    mapping = map_header(
        list(layer.columns),
        source=source,
        where=f"layer {layer.name}",
        columns=ATTRIBUTE_COLUMNS,
        options=options,
        fixed=rename,
        skip=ignore,
    )
    return MappedRows(_layer_rows(layer, mapping, first, options), [mapping])


def _layer_rows(
    layer: Layer, mapping: ColumnMapping, first: int, options: ReadOptions
) -> Iterator[Row]:
    headers = mapping.headers
    cache = CellCache()
    for index, (feature, geometry) in enumerate(
        zip(layer.features, layer.geometries, strict=True), first
    ):
        cells = mapping.cells([_cell(feature[written]) for written in mapping.header])
        yield row_from_cells(
            cells,
            where=f"feature {index}",
            headers=headers,
            geometry=_one_part_per_location(geometry, cells.get("location", "")),
            options=options,
            cache=cache,
        )


def _one_part_per_location(geometry: BaseGeometry | None, names: str) -> BaseGeometry | None:
    """A feature's geometry as one part per named location.

    Several locations are written as a collection of geometries (KML's ``MultiGeometry``); a
    reader that finds the parts all of one type hands back a multi-geometry (a ``MultiPoint``
    for two points), which would be one location. When the parts are as many as the names,
    they are the locations again; a single location keeps its multi-geometry whole (a country
    of islands).
    """
    if geometry is None or not geometry.geom_type.startswith("Multi"):
        return geometry
    try:
        count = len(decode_list(names, parse_item=str)) if names else 0
    except ValueError:
        return geometry  # row_from_cells names what is wrong with the cell
    parts = list(geometry.geoms)
    if count > 1 and len(parts) == count:
        return GeometryCollection(parts)
    return geometry


def _cell(value: Any) -> str:
    """A GIS attribute as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return number(value) if math.isfinite(value) else str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value).strip()
