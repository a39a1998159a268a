"""GeoJSON: an RFC 7946 FeatureCollection, one Feature per record; written and read back.

Each Feature written has the record's id, its geometry (the single location, or a
GeometryCollection with one member per location, in order) and as properties everything else the
record holds, nested as in :meth:`~coopmap.model.Project.to_dict` but with the locations'
geometries left out (they are the Feature's geometry) and the record's derived ``precision``
added. Exchange codes go beside what they code: ``crs_codes`` (OECD DAC CRS sector codes),
``countries_alpha3`` (ISO 3166-1 alpha-3), and ``iati_precision`` (IATI GeographicalPrecision)
for each location and for the record's best precision; they are read back. Coordinates are
longitude, latitude in WGS 84, rounded to ``decimals`` (7 is about 1 cm), and polygon rings are
wound as RFC 7946 requires.

A FeatureCollection (or one Feature) read becomes records from each Feature's properties, which
use the model's names (``id`` may also be the Feature's id), and its geometry:

- properties with ``locations`` (as written here): the geometry fills in the locations that
  have none, a GeometryCollection giving one member per location;
- properties without: the geometry is the record's single location, named by the ``location``
  property or else the title, with the ``precision`` property (``unknown`` without one);
- no geometry, and a ``location`` property naming places (``"Astana; Almaty"`` or a list):
  the names are geocoded offline as a sheet's are (:mod:`coopmap.formats.placing`), with the
  record's countries as the hint; a name that matches nothing is an error of the feature.

Properties that hold lists as JSON text (as some GIS tools write them) are decoded.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pydantic_core
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.atomic import atomic_writer
from coopmap.formats.codes import alpha3, countries_from, crs_codes, precisions_from, sectors_from
from coopmap.formats.encoding import decode_list
from coopmap.formats.limits import JSONLimitError, check_cell, load_json, max_cell
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.placing import Geocoded, geocode_names
from coopmap.formats.reading import Row, collect, label, name_of
from coopmap.model import Record, record_from_dict
from coopmap.model.bulk import batched
from coopmap.taxonomy import GeometrySource, Precision

log = logging.getLogger(__name__)

DECIMALS = 7


BATCH = 1000
"""Features made into text at once while a collection is written."""


def write(
    records: Iterable[Record],
    path: str | os.PathLike[str],
    /,
    *,
    decimals: int = DECIMALS,
    indent: int | None = None,
) -> None:
    """Write records to ``path`` as a GeoJSON FeatureCollection, each feature as its record
    comes (``records`` may be a stream of any length)."""
    collection = _Streamed(records, decimals)
    with atomic_writer(path) as handle:
        json.dump(
            collection, handle, ensure_ascii=False, indent=indent, allow_nan=False, cls=_Encoder
        )
        handle.write("\n")
    log.info("wrote %d features to %s", collection.count, path)


class _Streamed:
    """A FeatureCollection of records still to come, which :class:`_Encoder` writes feature
    by feature: the text of the dict :func:`feature_collection` would give."""

    def __init__(self, records: Iterable[Record], decimals: int) -> None:
        self.records = records
        self.decimals = decimals
        self.count = 0

    def chunks(self, encode: Callable[[Any], str], indent: int | None) -> Iterator[str]:
        """The collection's text in pieces, ``encode`` making the features' text."""
        step = " " * (indent or 0)
        if indent is None:
            yield '{"type":"FeatureCollection","features":['
        else:
            yield f'{{\n{step}"type": "FeatureCollection",\n{step}"features": ['
        for batch in batched(self.records, BATCH):
            features = [feature(record, decimals=self.decimals) for record in batch]
            text = encode(features)[1:-1].strip("\n")  # the list's items, without its brackets
            if indent is not None:  # one level deeper, inside the collection
                text = ("\n" + text).replace("\n", "\n" + step)
            yield ("," if self.count else "") + text
            self.count += len(batch)
        if indent is None:
            yield "]}"
        else:
            yield f"\n{step}]\n}}" if self.count else "]\n}"


class _Encoder(json.JSONEncoder):
    """The json module's encoder with the text made by pydantic's core, some ten times faster
    than the module's own streaming encoder (always without escaping non-ASCII text); a
    collection still to come is written as its features come."""

    def iterencode(self, o: Any, _one_shot: bool = False) -> Iterator[str]:
        if isinstance(o, _Streamed):
            yield from o.chunks(self._text, self.indent)
        else:
            yield self._text(o)

    def _text(self, o: Any) -> str:
        text = pydantic_core.to_json(o, indent=self.indent, inf_nan_mode="constants")
        if not self.allow_nan and (b"NaN" in text or b"Infinity" in text):  # or only in text
            json.dumps(o, allow_nan=False)  # raises ValueError for a number that is not finite
        return text.decode()


def feature_collection(records: Iterable[Record], /, *, decimals: int = DECIMALS) -> dict[str, Any]:
    """The records as a GeoJSON FeatureCollection dict."""
    return {
        "type": "FeatureCollection",
        "features": [feature(record, decimals=decimals) for record in records],
    }


def feature(record: Record, /, *, decimals: int = DECIMALS) -> dict[str, Any]:
    """One record as a GeoJSON Feature dict."""
    geometry = record.geometry
    return {
        "type": "Feature",
        "id": record.id,
        "geometry": geometry_dict(geometry, decimals=decimals) if geometry is not None else None,
        "properties": properties(record),
    }


def properties(record: Record, /) -> dict[str, Any]:
    """The record's properties with the exchange codes beside the values they code."""
    data = record.properties()
    if codes := crs_codes(record.sectors):
        data["crs_codes"] = codes
    if record.countries:
        data["countries_alpha3"] = [alpha3(code) for code in record.countries]
    for location in data.get("locations", []):
        location["iati_precision"] = Precision(location["precision"]).iati_code
    data["iati_precision"] = record.precision.iati_code
    return data


def geometry_dict(geometry: BaseGeometry, /, *, decimals: int = DECIMALS) -> dict[str, Any]:
    """A GeoJSON geometry: rings counterclockwise outside, clockwise inside; rounded."""
    oriented = shapely.orient_polygons(geometry, exterior_cw=False)
    return _rounded(mapping(oriented), decimals)


def _rounded(value: Any, decimals: int) -> Any:
    if isinstance(value, float):
        return round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, list | tuple):
        return [_rounded(item, decimals) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item, decimals) for key, item in value.items()}
    return value


# --- reading --------------------------------------------------------------------------------------

_LIST_FIELDS = {
    "locations", "sources", "organisations", "participants", "specs", "outcomes", "links",
    "sectors", "countries", "crs_codes", "countries_alpha3",
}  # fmt: skip
_CRS84 = {
    "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4326",
}  # fmt: skip


def rows(path: str | os.PathLike[str], /, options: ReadOptions = DEFAULT) -> Iterator[Row]:
    """The features of a GeoJSON file; :class:`RecordImportError` when it is not GeoJSON."""
    path = Path(path)
    try:
        data = load_json(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise RecordImportError(str(path), [ValidationError(f"not a JSON file: {err}")]) from err
    except JSONLimitError as err:
        raise RecordImportError(
            str(path), [ValidationError(f"the file is refused: {err}")]
        ) from err
    return rows_of_data(data, source=str(path), options=options)


def records_from_geojson(data: Any, /, *, source: str = "GeoJSON") -> list[Record]:
    """The records in a parsed GeoJSON FeatureCollection or Feature."""
    reading = collect(source, rows_of_data(data, source=source))
    if reading.problems:
        raise reading.error()
    return reading.records


def rows_of_data(
    data: Any, /, *, source: str = "GeoJSON", options: ReadOptions = DEFAULT
) -> Iterator[Row]:
    """The features of a parsed FeatureCollection or Feature (checked before any is yielded);
    a feature without a geometry that names its places is geocoded unless ``options`` say
    not to."""
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "Feature":
        features = [data]
    elif kind == "FeatureCollection" and isinstance(data.get("features"), list):
        features = data["features"]
    else:
        raise RecordImportError(
            source,
            [ValidationError("expected a GeoJSON FeatureCollection or Feature", field="type")],
        )
    crs = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if crs is not None and crs not in _CRS84:
        raise RecordImportError(
            source,
            [
                ValidationError(
                    f"coordinates must be WGS 84 longitude/latitude, the file says {crs}",
                    field="crs",
                )
            ],
        )
    return _rows(features, options)


def _rows(features: list[Any], options: ReadOptions) -> Iterator[Row]:
    for number, item in enumerate(features, 1):
        where = f"feature {number}"
        given = item.get("properties") if isinstance(item, dict) else None
        row = Row(where, name_of(given if isinstance(given, dict) else None))
        if oversized := _oversized(given):
            short = {key: value for key, value in given.items() if key not in oversized}
            row.name = name_of(short)
            named = label(where, row.name)
            row.errors = [
                ValidationError(reason, record=named, field=key)
                for key, reason in oversized.items()
            ]
            yield row
            continue
        try:
            row.record = record_from_feature(
                item,
                where=where,
                geocoded=row.geocoded if options.geocode else None,
                answers=options.places,
            )
        except ValidationError as err:
            row.errors.append(err)
        yield row


def _oversized(properties: Any) -> dict[str, str]:
    """Why each text property over the cell limit is refused, by name."""
    if not isinstance(properties, dict):
        return {}
    limit = max_cell()
    return {
        str(key): reason
        for key, value in properties.items()
        if isinstance(value, str) and (reason := check_cell(value, limit=limit))
    }


def record_from_feature(
    feature: Any,
    /,
    *,
    where: str,
    geocoded: list[Geocoded] | None = None,
    answers: Mapping[str, Any] | None = None,
) -> Record:
    """A record from one GeoJSON Feature dict; ``where`` names it in errors.

    A feature without a geometry (nor ``locations``) whose ``location`` names places gets them
    from the gazetteer when ``geocoded`` is a list, to which each name's outcome is added; a
    name that matches nothing is an error of the feature. Without ``geocoded`` such a feature
    is refused, as having no geometry. ``answers`` are a person's for names
    (:attr:`ReadOptions.places <coopmap.formats.options.ReadOptions.places>`).
    """
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValidationError("not a GeoJSON Feature", record=where, field="type")
    given = feature.get("properties") or {}
    if not isinstance(given, dict):
        raise ValidationError("properties must be an object", record=where, field="properties")
    data = {key: _decoded(key, value, where=where) for key, value in given.items()}
    if not data.get("id") and feature.get("id") is not None:
        data["id"] = str(feature["id"])
    named = label(where, name_of(data))
    name = data.pop("location", None)
    location_precision = data.pop("location_precision", None)
    precision = data.pop("precision", None)
    iati = data.pop("iati_precision", None)
    try:
        _codes(data)
        if iati is not None and not data.get("locations"):
            precision = _precision(location_precision or precision, iati)
    except ValidationError as err:
        raise type(err)(err.reason, record=named, field=err.field) from err
    geometry = feature.get("geometry")
    if data.get("locations"):
        data["locations"] = _fill(data["locations"], geometry, where=named)
    elif geometry is not None:
        data["locations"] = [
            {
                "name": name or data.get("title"),
                "geometry": geometry,
                "precision": location_precision or precision or "unknown",
                "geometry_source": GeometrySource.IMPORTED.value,
            }
        ]
    elif name:
        data["locations"] = _geocoded(name, data, geocoded, where=where, answers=answers)
    return record_from_dict(data, where=where)


def _geocoded(
    name: Any,
    data: dict[str, Any],
    geocoded: list[Geocoded] | None,
    *,
    where: str,
    answers: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The locations of the place names of a feature without a geometry."""
    named = label(where, name_of(data))
    if geocoded is None:
        raise ValidationError(
            "has no geometry: give the feature one, or let coopmap look the names up (import "
            "without --no-geocode)",
            record=named,
            field="location",
        )
    try:
        names = name if isinstance(name, list) else decode_list(str(name), parse_item=str)
    except ValueError as err:
        raise ValidationError(str(err), record=named, field="location") from err
    countries = data.get("countries")
    outcomes, locations = geocode_names(
        [str(item) for item in names],
        countries=[str(c) for c in countries] if isinstance(countries, list) else [],
        answers=answers,
        where=where,
        record=name_of(data),
        field="location",
    )
    geocoded += outcomes
    if locations is None:
        missing = [outcome.describe() for outcome in outcomes if outcome.place is None]
        raise ValidationError("; ".join(missing), record=named, field="location")
    return locations


def _codes(data: dict[str, Any]) -> None:
    """Sectors, countries and location precisions from the exchange codes beside them."""
    codes, alpha3_codes = data.pop("crs_codes", None), data.pop("countries_alpha3", None)
    data.setdefault("sectors", [])  # so that the model says a project needs one
    if codes:
        data["sectors"] = sectors_from(_as_list(data.get("sectors")), _as_list(codes))
    if alpha3_codes or data.get("countries"):
        data["countries"] = countries_from(_as_list(data.get("countries")), _as_list(alpha3_codes))
    if not isinstance(data.get("locations"), list):
        return
    locations = data["locations"] = list(data["locations"])
    for index, location in enumerate(locations):
        if isinstance(location, dict) and "iati_precision" in location:
            location = dict(location)
            code = location.pop("iati_precision")
            try:
                location["precision"] = _precision(location.get("precision"), code)
            except ValidationError as err:
                raise ValidationError(
                    err.reason, field=f"locations.{index}.iati_precision"
                ) from err
            locations[index] = location


def _precision(precision: Any, code: Any) -> str:
    return precisions_from([str(precision)] if precision else [], [code])[0]


def _as_list(value: Any) -> list[str]:
    """A list property, or the items of one written as text (``"KZ; CN"``)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[;,|]", value) if part.strip()]
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def _decoded(key: str, value: Any, *, where: str) -> Any:
    if key in _LIST_FIELDS and isinstance(value, str) and value.lstrip().startswith("["):
        try:
            return load_json(value)
        except JSONLimitError as err:
            raise ValidationError(str(err), record=where, field=key) from err
        except ValueError:
            return value  # validation names the field
    return value


def _fill(locations: Any, geometry: Any, *, where: str) -> Any:
    """Locations with the Feature's geometry given to those without their own."""
    if not isinstance(locations, list) or not all(isinstance(loc, dict) for loc in locations):
        return locations  # validation says what is wrong
    missing = [index for index, loc in enumerate(locations) if "geometry" not in loc]
    if not missing:
        return locations
    if geometry is None:
        raise ValidationError(
            f"{len(missing)} location(s) have no geometry and the feature has none",
            record=where,
            field="geometry",
        )
    if len(locations) == 1:
        parts = [geometry]
    elif isinstance(geometry, dict) and geometry.get("type") == "GeometryCollection":
        parts = geometry.get("geometries") or []
    else:
        parts = [geometry]
    if len(parts) != len(locations):
        raise ValidationError(
            f"the feature has {len(locations)} locations but its geometry has {len(parts)} "
            "part(s); a GeometryCollection needs one member per location, in order",
            record=where,
            field="geometry",
        )
    return [
        {**loc, "geometry": parts[index]} if index in missing else loc
        for index, loc in enumerate(locations)
    ]
