"""GeoPackage import, through GDAL: the layer :mod:`coopmap.exporters.gpkg` writes, or one like it.

The layer read is ``records`` when the file has one, else its only layer (a file with several
layers and none called ``records`` is refused, naming them). Its columns are those of
:data:`~coopmap.formats.columns.ATTRIBUTE_COLUMNS` (any subset holding ``title``), read as
:mod:`coopmap.formats.columns` reads a CSV row, and each feature's geometry holds its
locations (a GeometryCollection one member per location). Features are numbered from 1 in the
layer's order.

A coopmap store file (``atlas.gpkg``) is read too: its ``records`` layer keeps each record's
full JSON in ``data``, which is read as it is, so one analyst's atlas imports into another's
(or into the team's PostGIS database) exactly.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.gdal import Layer, layer_names, read_layer
from coopmap.formats.layers import rows_of_layer
from coopmap.formats.reading import Row, name_of
from coopmap.model import record_from_dict

log = logging.getLogger(__name__)

LAYER = "records"

_STORE_COLUMNS = {"data", "version", "updated_at"}
"""The columns that tell a coopmap store's ``records`` layer from an export's."""


def rows(path: str | os.PathLike[str], /) -> Iterator[Row]:
    """The features of the GeoPackage's records layer; :class:`RecordImportError` when the
    file is not a GeoPackage GDAL reads or has no layer to read."""
    path = Path(path)
    layer = _layer(path)
    if set(layer.columns) >= _STORE_COLUMNS:
        log.info("%s is a coopmap store: reading its records' JSON", path)
        return _store_rows(layer)
    return rows_of_layer(layer, source=str(path))


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
            data = json.loads(feature["data"] or "")
            row.record = record_from_dict(data, where=where)
        except json.JSONDecodeError as err:
            row.errors.append(ValidationError(f"not JSON: {err}", record=where, field="data"))
        except ValidationError as err:
            row.errors.append(err)
        yield row
