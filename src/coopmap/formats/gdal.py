"""GIS layers through GDAL (pyogrio): the one place coopmap reads and writes them.

The GeoPackage and KML formats (:mod:`coopmap.formats.gpkg`, :mod:`coopmap.formats.kml`) hand
over plain columns and shapely geometries; this module turns them into the arrays pyogrio takes
and gives back. A layer of any length is written in batches (:func:`layer_batch`, Arrow record
batches each built from its columns at once), which GDAL takes one after the other in one
write: the features never need to be held all at once. Coordinates are WGS 84
longitude/latitude (EPSG:4326) both ways; a layer in another CRS is refused rather than
reprojected, since a record's coordinates are what its source gave.

GDAL brings its own SQLite library: do not read a GeoPackage here that a
:class:`~coopmap.store.gpkg.GeoPackageStore` in this process has open (see that module).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.errors import CoopmapError

CRS = "EPSG:4326"
GEOMETRY = "geom"
"""The geometry column of a layer written (GDAL's name for it in a GeoPackage)."""

Kind = Literal["text", "number", "boolean"]
"""What a column of a batch holds: text (``None`` for empty), floats or booleans."""


class GdalMissingError(CoopmapError, ImportError):
    """pyogrio (GDAL) is not installed."""


def _pyogrio() -> Any:
    try:
        import pyogrio
        import pyogrio.raw
    except ImportError as err:  # pragma: no cover - a dependency; missing only in broken setups
        raise GdalMissingError(
            "GeoPackage and KML files need pyogrio (GDAL): pip install pyogrio"
        ) from err
    return pyogrio


@dataclass
class Layer:
    """A layer as read: its name, column names, one dict per feature, and their geometries."""

    name: str
    columns: list[str]
    features: list[dict[str, Any]]
    geometries: list[BaseGeometry | None]
    crs: str | None


def write_layer(
    path: str | os.PathLike[str] | io.BytesIO,
    /,
    *,
    layer: str,
    columns: Mapping[str, Sequence[Any]] | None = None,
    geometries: Sequence[BaseGeometry | None] = (),
    batches: Iterable[Any] | None = None,
    driver: str,
    append: bool = False,
) -> None:
    """Write one layer: text columns (``None`` for empty), floats (NaN for empty) or booleans,
    beside ``geometries``; or, for a layer of any length, ``batches`` of
    :func:`layer_batch`, all of one schema (at least one), taken as they come.

    ``append`` adds the layer to an existing file (a second layer in a GeoPackage). ``path``
    may be a :class:`io.BytesIO` to write the file in memory (without ``append``).

    Raises :class:`OSError` when GDAL fails to write the file, with the system's reason where
    it gives one (see :func:`_write_failure`); an error raised while making the batches is
    raised as it is.
    """
    if batches is not None:
        _write_batches(path, batches, layer=layer, driver=driver, append=append)
        return
    pyogrio = _pyogrio()
    columns = columns or {}
    arrays = [_array(values) for values in columns.values()]
    try:
        pyogrio.raw.write(
            path if isinstance(path, io.BytesIO) else os.fspath(path),
            _wkb(geometries),
            arrays,
            list(columns),
            layer=layer,
            driver=driver,
            geometry_type="Unknown",
            crs=CRS,
            append=append,
            promote_to_multi=False,
        )
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as err:
        raise _write_failure(path, err) from err


def _wkb(geometries: Sequence[BaseGeometry | None]) -> np.ndarray:
    """The geometries as 2D WKB in one vectorised call; ``None`` stays ``None``."""
    shapes = np.empty(len(geometries), dtype=object)
    shapes[:] = list(geometries)
    return shapely.to_wkb(shapes, output_dimension=2)


def layer_batch(
    columns: Mapping[str, Sequence[Any]],
    geometries: Sequence[BaseGeometry | None] | Any,
    /,
    *,
    kinds: Mapping[str, Kind] | None = None,
) -> Any:
    """Some features as one Arrow record batch for :func:`write_layer`: each column built at
    once, text unless ``kinds`` says it is a ``number`` or a ``boolean`` (so that every batch
    of a layer has the same schema, whatever its values), the geometries as WKB. A column may
    be an Arrow array already (taken from another batch), of its kind's type, and so may the
    geometries (a binary array of their 2D WKB)."""
    import pyarrow as pa

    types = {"text": pa.string(), "number": pa.float64(), "boolean": pa.bool_()}
    kinds = kinds or {}
    fields = [pa.field(name, types[kinds.get(name, "text")]) for name in columns]
    arrays = [
        values if isinstance(values, pa.Array) else pa.array(values, type=field.type)
        for field, values in zip(fields, columns.values(), strict=True)
    ]
    wkb = geometries if isinstance(geometries, pa.Array) else _wkb(geometries)
    arrays.append(pa.array(wkb, type=pa.binary()))
    fields.append(pa.field(GEOMETRY, pa.binary()))
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def batch_rows(batch: Any, columns: Sequence[str], rows: Sequence[int], /) -> Any:
    """Some ``columns`` of a :func:`layer_batch` at ``rows`` (indexes, repeated as often as
    wanted), in that order: one Arrow ``take``."""
    import pyarrow as pa

    return batch.select(list(columns)).take(pa.array(rows, type=pa.int64()))


def _write_batches(
    path: str | os.PathLike[str] | io.BytesIO,
    batches: Iterable[Any],
    /,
    *,
    layer: str,
    driver: str,
    append: bool,
) -> None:
    import pyarrow as pa

    pyogrio = _pyogrio()
    failed: list[BaseException] = []

    def watched(rest: Iterator[Any]) -> Iterator[Any]:
        # GDAL pulls the batches through Arrow's C stream, which turns an error in making
        # one into its own; it is kept to be raised as it was.
        try:
            yield from rest
        except BaseException as err:
            failed.append(err)
            raise

    rest = iter(batches)
    first = next(rest)
    reader = pa.RecordBatchReader.from_batches(
        first.schema, watched(itertools.chain([first], rest))
    )
    try:
        pyogrio.raw.write_arrow(
            reader,
            path if isinstance(path, io.BytesIO) else os.fspath(path),
            layer=layer,
            driver=driver,
            geometry_name=GEOMETRY,
            geometry_type="Unknown",
            crs=CRS,
            append=append,
        )
    except Exception as err:
        if failed:
            raise failed[0] from None
        if isinstance(err, pyogrio.errors.DataSourceError | pyogrio.errors.DataLayerError):
            raise _write_failure(path, err) from err
        raise
    if failed:
        raise failed[0]


def _write_failure(path: str | os.PathLike[str] | io.BytesIO, err: Exception) -> OSError:
    """Why GDAL could not write ``path``, as an :class:`OSError`.

    GDAL's message seldom says: a GeoPackage past ``ulimit -f`` fails with SQLite's "no such
    table: gpkg_contents". So the system is asked: writing a little more to the file at its
    end fails with the reason (``File too large``, ``No space left on device``) when that was
    it; otherwise the reason is GDAL's message.
    """
    if not isinstance(path, io.BytesIO) and os.path.isfile(path):
        try:
            with open(path, "ab") as handle:
                handle.write(bytes(_PROBE_SIZE))
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as refused:
            return OSError(refused.errno, refused.strerror or str(refused))
    return OSError(None, f"GDAL could not write the file: {err}")


_PROBE_SIZE = 1 << 16
"""Bytes :func:`_write_failure` tries to add: more than the free end of a disk block."""


def _array(values: Sequence[Any]) -> np.ndarray:
    present = [value for value in values if value is not None]
    if present and all(isinstance(value, bool) for value in present):
        return np.array([bool(value) for value in values], dtype=bool)
    if present and all(isinstance(value, float) for value in present):
        return np.array([np.nan if value is None else value for value in values], dtype=float)
    return np.array([None if value is None else str(value) for value in values], dtype=object)


def layer_names(path: str | os.PathLike[str], /) -> list[str]:
    """The names of the file's vector layers, in order."""
    return [str(name) for name, _ in _pyogrio().list_layers(os.fspath(path))]


def read_layer(path: str | os.PathLike[str], /, *, layer: str | None = None) -> Layer:
    """Every feature of a layer (the first one by default), with 2D geometries."""
    pyogrio = _pyogrio()
    meta, _, wkbs, fields = pyogrio.raw.read(os.fspath(path), layer=layer, force_2d=True)
    names = [str(name) for name in meta["fields"]]
    features = [
        {name: _value(column[index]) for name, column in zip(names, fields, strict=True)}
        for index in range(len(wkbs))
    ]
    geometries = [None if wkb is None else shapely.from_wkb(wkb) for wkb in wkbs]
    return Layer(
        name=layer or layer_names(path)[0],
        columns=names,
        features=features,
        geometries=geometries,
        crs=meta.get("crs"),
    )


def _value(value: Any) -> Any:
    """A plain Python value for a numpy one; ``None`` for empty (NaN, NaT)."""
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        moment = value.astype("datetime64[ms]").astype(dt.datetime)
        return moment.date() if moment.time() == dt.time() else moment
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value
