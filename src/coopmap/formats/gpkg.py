"""GeoPackage, through GDAL: the record schema as columns beside each record's geometry.

A file written has two layers, in WGS 84 (EPSG:4326):

``records``
    one feature per record: the columns of :data:`~coopmap.formats.columns.ATTRIBUTE_COLUMNS`
    (as in CSV, with the exchange codes; ``amount`` a number and ``draft`` a boolean) and the
    record's geometry: its single location, or a GeometryCollection with one member per
    location, in order. This layer is read back into equal records, so edits made in QGIS
    import as updates.
``locations``
    one feature per location (point, line or polygon) with the record's id and main
    attributes: the layer to style and filter in QGIS, which handles GeometryCollections
    poorly. It is derived, and not read back.

It is written next to ``path`` under a temporary name and moved into place when complete,
replacing any file there: an export never merges into an existing GeoPackage. The records are
taken as they come, :data:`BATCH` at a time, each batch's columns built at once: the
``records`` layer is written as they come, and the ``locations`` layer after it from the
batches' location columns, kept meanwhile as compact Arrow arrays (not as records). From a SQL
store's rows (:func:`write_stored`), the columns are made from each record's stored JSON and
the geometries are the store's own WKB: the same file, without rebuilding the records.

The layer read is ``records`` when the file has one, else its only layer (a file with several
layers and none called ``records`` is refused, naming them). Its columns are any subset of those
written that holds ``title``, read as :mod:`coopmap.formats.layers` reads a layer, and each
feature's geometry holds its locations (a GeometryCollection one member per location). Features
are numbered from 1 in the layer's order.

A coopmap store file (``atlas.gpkg``) is read too: its ``records`` layer keeps each record's
full JSON in ``data``, which is read as it is, so one analyst's atlas imports into another's
(or into the team's PostGIS database) exactly.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.atomic import atomic_path
from coopmap.formats.columns import IATI_TEXT
from coopmap.formats.gdal import (
    Kind,
    Layer,
    batch_rows,
    layer_batch,
    layer_names,
    read_layer,
    write_layer,
)
from coopmap.formats.layers import record_columns, rows_of_layer, stored_layer_columns
from coopmap.formats.limits import JSONLimitError, load_json
from coopmap.formats.mapping import MappedRows
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Row, label, name_of
from coopmap.model import Record, record_from_dict
from coopmap.model.bulk import batched

if TYPE_CHECKING:
    from coopmap.store.base import StoredBatch

log = logging.getLogger(__name__)

DRIVER = "GPKG"
LAYER = "records"
LOCATIONS_LAYER = "locations"

_LOCATION_COLUMNS = (
    "record_id", "position", "name", "precision", "iati_precision", "country", "kind", "title",
    "sectors", "status", "event_type", "start", "end",
)  # fmt: skip


BATCH = 10_000
"""Records whose columns are built, and written, at once."""

_KINDS: dict[str, Kind] = {"amount": "number", "draft": "boolean"}
"""The columns of the ``records`` layer that are not text."""


_SHARED = {
    "record_id": "id", "kind": "kind", "title": "title", "sectors": "sectors",
    "status": "status", "event_type": "event_type", "start": "start", "end": "end",
}  # fmt: skip
"""The ``locations`` columns that are their record's cells, by the ``records`` column."""


def write(records: Iterable[Record], path: str | os.PathLike[str], /) -> None:
    """Write records to ``path`` as a new GeoPackage, taking them as they come."""

    def batches() -> Iterator[tuple[Any, Any]]:
        for batch in _batches(records):
            written = layer_batch(
                record_columns(batch), [record.geometry for record in batch], kinds=_KINDS
            )
            yield written, _locations(batch, written)

    _write(batches(), path)


def write_stored(batches: Iterable[StoredBatch], path: str | os.PathLike[str], /) -> None:
    """:func:`write` of records as a SQL store holds them
    (:meth:`~coopmap.store.sqlstore.SQLStore.stored_batches`): the same file, its columns
    built from each record's stored JSON and its geometry's WKB, without rebuilding the
    records."""

    def layers() -> Iterator[tuple[Any, Any]]:
        empty = True
        for batch in batches:
            if batch.data:
                empty = False
                yield _stored_layers(batch.data, batch.wkb)
        if empty:  # a layer is written with its columns all the same
            yield _stored_layers([], [])

    _write(layers(), path)


def _stored_layers(data: list[dict[str, Any]], wkb: list[bytes | None]) -> tuple[Any, Any]:
    """The ``records`` and ``locations`` features of a stored batch."""
    import pyarrow as pa

    written = layer_batch(stored_layer_columns(data), pa.array(wkb, type=pa.binary()), kinds=_KINDS)
    return written, _stored_locations(data, wkb, written)


def _write(batches: Iterator[tuple[Any, Any]], path: str | os.PathLike[str]) -> None:
    """Write the ``records`` layer of each of ``batches`` as they come, then the
    ``locations`` layer of them all."""
    locations: list[Any] = []
    count = 0

    def record_batches() -> Iterator[Any]:
        nonlocal count
        for written, located in batches:
            count += written.num_rows
            locations.append(located)
            yield written

    with atomic_path(path) as temporary:
        write_layer(temporary, layer=LAYER, batches=record_batches(), driver=DRIVER)
        write_layer(temporary, layer=LOCATIONS_LAYER, batches=locations, driver=DRIVER, append=True)
    log.info("wrote %d records to %s", count, path)


def _batches(records: Iterable[Record]) -> Iterator[list[Record]]:
    """The records :data:`BATCH` at a time; one empty batch when there are none (a layer
    is written with its columns all the same)."""
    empty = True
    for batch in batched(records, BATCH):
        empty = False
        yield batch
    if empty:
        yield []


def _locations(batch: list[Record], written: Any) -> Any:
    """The ``locations`` features of a batch: each location's own values, and its record's
    cells taken from the batch of ``records`` features ``written`` (one per location)."""
    owners = [index for index, record in enumerate(batch) for _ in record.locations]
    own = _own()
    geometries = []
    for record in batch:
        first_country = record.countries[0] if record.countries else None
        for position, location in enumerate(record.locations, 1):
            own["position"].append(str(position))
            own["name"].append(location.name)
            own["precision"].append(location.precision.value)
            own["iati_precision"].append(str(location.precision.iati_code))
            own["country"].append(location.country or first_country)
            geometries.append(location.geometry)
    return _location_batch(written, owners, own, geometries)


def _stored_locations(data: list[dict[str, Any]], wkb: list[bytes | None], written: Any) -> Any:
    """:func:`_locations` of a stored batch: a record's one location has the record's
    geometry, several are the members of its collection."""
    import pyarrow as pa

    owners = []
    own = _own()
    for index, stored in enumerate(data):
        countries = stored.get("countries")
        first_country = countries[0] if countries else None
        for position, location in enumerate(stored.get("locations") or (), 1):
            owners.append(index)
            own["position"].append(str(position))
            own["name"].append(location["name"])
            own["precision"].append(location["precision"])
            own["iati_precision"].append(IATI_TEXT[location["precision"]])
            own["country"].append(location.get("country") or first_country)
    parts: list[bytes | None] = []
    for stored, geometry in zip(data, wkb, strict=True):
        count = len(stored.get("locations") or ())
        if count == 1:
            parts.append(geometry)
        elif count:
            members = shapely.from_wkb(geometry).geoms
            parts += shapely.to_wkb(list(members), output_dimension=2).tolist()
    return _location_batch(written, owners, own, pa.array(parts, type=pa.binary()))


def _own() -> dict[str, list[Any]]:
    """The ``locations`` columns that are each location's own, empty."""
    return {column: [] for column in _LOCATION_COLUMNS if column not in _SHARED}


def _location_batch(
    written: Any, owners: list[int], own: dict[str, list[Any]], geometries: Any
) -> Any:
    """The ``locations`` features: their ``own`` columns, and their record's cells taken from
    the batch of ``records`` features ``written`` at ``owners`` (one per location)."""
    shared = batch_rows(written, list(_SHARED.values()), owners)
    columns = {
        column: shared.column(_SHARED[column]) if column in _SHARED else own[column]
        for column in _LOCATION_COLUMNS
    }
    return layer_batch(columns, geometries)


# --- reading --------------------------------------------------------------------------------------

_STORE_COLUMNS = {"data", "version", "updated_at"}
"""The columns that tell a coopmap store's ``records`` layer from an export's."""


def rows(path: str | os.PathLike[str], /, options: ReadOptions = DEFAULT) -> Iterator[Row]:
    """The features of the GeoPackage's records layer; :class:`RecordImportError` when the
    file is not a GeoPackage GDAL reads or has no layer to read."""
    path = Path(path)
    layer = _layer(path)
    nul = _nul_cells(path, layer)
    if set(layer.columns) >= _STORE_COLUMNS:
        log.info("%s is a coopmap store: reading its records' JSON", path)
        return _refused(_store_rows(layer), nul)
    layer_rows = rows_of_layer(layer, source=str(path), options=options)
    return MappedRows(_refused(layer_rows, nul), layer_rows.mappings)


def _nul_cells(path: Path, layer: Layer) -> dict[int, list[str]]:
    """The text columns holding a NUL character, by feature number.

    GDAL hands text over as C strings, which end at a NUL: ``Ti\0tle`` would be read as
    ``Ti`` without a word. So the table's bytes are asked through SQLite: a GeoPackage layer is
    a table of that name, its features in rowid order as GDAL reads them.
    """
    import sqlite3

    if not layer.columns:
        return {}
    found: dict[int, list[str]] = {}
    try:
        uri = path.resolve().as_uri() + "?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            tests = ", ".join(
                f"instr(CAST({_quoted(column)} AS BLOB), X'00') > 0" for column in layer.columns
            )
            query = f"SELECT {tests} FROM {_quoted(layer.name)} ORDER BY rowid"
            for number, flags in enumerate(conn.execute(query), 1):
                columns = [name for name, flag in zip(layer.columns, flags, strict=True) if flag]
                if columns:
                    found[number] = columns
    except sqlite3.Error as err:
        log.info("could not look for NUL characters in %s: %s", path, err)
    return found


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _refused(rows: Iterator[Row], nul: dict[int, list[str]]) -> Iterator[Row]:
    """The rows, those with a NUL in a text cell refused, naming the column."""
    for number, row in enumerate(rows, 1):
        for column in nul.get(number, []):
            row.errors.append(
                ValidationError(
                    "contains a NUL character (\\x00), which GDAL would cut the text at; remove it",
                    record=label(row.where, row.name),
                    field=column,
                )
            )
        if row.errors:
            row.record = None
        yield row


def _layer(path: Path) -> Layer:
    try:
        names = layer_names(path)
        if not names:
            raise RecordImportError(str(path), [ValidationError("the file has no layers")])
        if LAYER not in names and len(names) > 1:
            raise RecordImportError(
                str(path),
                [
                    ValidationError(
                        f"no layer is called {LAYER!r}, and there are several: "
                        f"{', '.join(names)}; rename the one to import to {LAYER!r}",
                        field="layer",
                    )
                ],
            )
        return read_layer(path, layer=LAYER if LAYER in names else names[0])
    except RecordImportError:
        raise
    except Exception as err:  # pyogrio's DataSourceError and kin: GDAL cannot read the file
        raise RecordImportError(
            str(path), [ValidationError(f"not a GeoPackage GDAL can read: {err}")]
        ) from err


def _store_rows(layer: Layer) -> Iterator[Row]:
    for number, feature in enumerate(layer.features, 1):
        where = f"feature {number}"
        row = Row(where, name_of(feature))
        try:
            data = load_json(feature["data"] or "")
            row.record = record_from_dict(data, where=where)
        except ValidationError as err:
            row.errors.append(err)
        except JSONLimitError as err:
            row.errors.append(ValidationError(str(err), record=where, field="data"))
        except json.JSONDecodeError as err:
            row.errors.append(ValidationError(f"not JSON: {err}", record=where, field="data"))
        yield row
