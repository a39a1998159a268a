"""The files of AidData's GCDF: which is which, how their columns are named, and what the
files that complete a GCDF table say of each project's places.

A file is known by its header (a workbook or CSV file) or its first properties (GeoJSON), its
column names matched by :func:`key`, which ignores case, spaces, dots and underscores, and
through :data:`ALIASES`, the 2.0 release's names. :func:`group` sorts the files of one import:
each GCDF table is read with the ADM location files and GeoGCDF files given beside it, whose
geometries and regions :class:`Places` holds by AidData Record ID for
:mod:`coopmap.formats.gcdf` to place each project.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import shapely.geometry
from shapely.geometry import mapping

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.codes import alpha2
from coopmap.formats.limits import JSONLimitError, check_file_size, load_json
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import label
from coopmap.formats.tables import CSV_EXTENSIONS, WORKBOOK_EXTENSIONS, cell_text, read_table
from coopmap.model import point_from_latlon
from coopmap.taxonomy import GeometrySource, Precision

__all__ = [
    "ALIASES",
    "ID",
    "LOCATION_COLUMNS",
    "Feature",
    "Kind",
    "Places",
    "canonical",
    "group",
    "key",
    "kind_of",
    "read_features",
    "record_id_of",
]

Kind = Literal["table", "features", "locations"]
"""A GCDF file: the project table, GeoGCDF features, or an ADM location file."""


def key(name: str, /) -> str:
    """A column's name as headers are matched: case, spaces, dots and underscores ignored
    (``Recipient.ISO-3`` and ``recipient iso-3`` are ``recipientiso-3``)."""
    return re.sub(r"[\s._]+", "", str(name)).casefold()


ALIASES: dict[str, str] = {
    "AidData TUFF Project ID": "AidData Record ID",
    "AidData Sector Name": "Sector Name",
    "AidData Sector Code": "Sector Code",
    "Receiving Agencies": "Direct Receiving Agencies",
    "Receiving Agencies Type": "Direct Receiving Agencies Type",
    "Recipient Country": "Recipient",
}
"""Names of the 2.0 release (and others seen in the wild) and the 3.0 columns they stand for."""

_ALIAS_KEYS = {key(old): key(new) for old, new in ALIASES.items()}

ID = key("AidData Record ID")

LOCATION_COLUMNS = ("id", "shapeID", "shapeGroup", "shapeName")
"""The columns that make a CSV file an ADM location file (with the centroid's)."""

_CENTROID = (key("centroid_latitude"), key("centroid_longitude"))

_PEEK = 1 << 20  # bytes of a JSON file looked at to recognise it
_JSON_ID = re.compile(r'"aiddata[ ._]*(record|tuff[ ._]*project)[ ._]*id"\s*:', re.IGNORECASE)


def canonical(name: str, /) -> str:
    """The :func:`key` of a column, an alias read as the 3.0 column it stands for."""
    name_key = key(name)
    return _ALIAS_KEYS.get(name_key, name_key)


def record_id_of(text: str, /) -> str:
    """An AidData Record ID as a cell gives it (a workbook's ``1234.0`` is ``1234``)."""
    return text.strip().removesuffix(".0")


def kind_of(path: Path, /, options: ReadOptions = DEFAULT) -> Kind | None:
    """Which GCDF file ``path`` is, by its header or properties; ``None`` for any other file
    (one that cannot be read is left to its format to say why)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _kind(str(path), stat.st_mtime_ns, stat.st_size, options.sheet)


@functools.lru_cache(maxsize=256)
def _kind(path: str, _mtime: int, _size: int, sheet: str | None) -> Kind | None:
    """:func:`kind_of`, asked once per version of a file (a workbook's header is slow)."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix in (".geojson", ".json"):
            with open(path, "rb") as handle:
                start = handle.read(_PEEK).decode(errors="replace")
            return "features" if _JSON_ID.search(start) else None
        if suffix not in CSV_EXTENSIONS + WORKBOOK_EXTENSIONS:
            return None
        table = read_table(path, sheet=sheet)
    except (RecordImportError, OSError):
        return None
    table.rows.close()  # type: ignore[attr-defined]  # a generator: closes the file
    return _header_kind(table.header)


def _header_kind(header: Iterable[str]) -> Kind | None:
    keys = {canonical(name) for name in header}
    if ID in keys:
        return "table"
    if {key(name) for name in LOCATION_COLUMNS} | set(_CENTROID) <= keys:
        return "locations"
    return None


def group(
    paths: Sequence[Path], /, options: ReadOptions = DEFAULT
) -> list[tuple[Path, tuple[Path, ...]]]:
    """The GCDF files to read, each with the files that complete it: every table with all the
    location and GeoGCDF files; without a table, each GeoGCDF file with the location files;
    a location file alone is read alone (and refused by
    :func:`coopmap.formats.gcdf.rows`)."""
    kinds = {path: kind_of(path, options) for path in paths}
    tables = [path for path in paths if kinds[path] == "table"]
    features = [path for path in paths if kinds[path] == "features"]
    locations = tuple(path for path in paths if kinds[path] == "locations")
    if tables:
        return [(table, (*locations, *features)) for table in tables]
    if features:
        return [(path, locations) for path in features]
    return [(path, ()) for path in locations]


Feature = tuple[str, dict[str, Any], Any]
"""A GeoGCDF feature: ``(where, properties, shapely geometry or None)``."""


@dataclass
class Places:
    """What the companion files say of each project's places, by AidData Record ID."""

    features: dict[str, list[Any]] = field(default_factory=dict)
    """The GeoGCDF geometries of each project (shapely geometries)."""
    adm: dict[str, dict[Precision, list[dict[str, Any]]]] = field(default_factory=dict)
    """Each project's regions (location dicts) by the precision of their level."""

    @classmethod
    def read(cls, paths: Iterable[Path], /) -> Places:
        places = cls()
        for path in paths:
            if path.suffix.lower() in (".geojson", ".json"):
                places.add_features(read_features(path))
            else:
                places.add_regions(path)
        return places

    def add_features(self, features: Iterable[tuple[str, dict[str, Any], Any]]) -> None:
        for _, properties, geometry in features:
            data = {canonical(name): cell_text(value) for name, value in properties.items()}
            record_id = record_id_of(data.get(ID) or data.get("id") or "")
            if record_id and geometry is not None:
                self.features.setdefault(record_id, []).append(geometry)

    def add_regions(self, path: Path) -> None:
        """The regions of an ADM location file (its level from its name: ADM2 or ADM1)."""
        table = read_table(path)
        columns = [key(name) for name in table.header]
        precision = Precision.ADMIN2 if "adm2" in key(path.name) else Precision.ADMIN1
        errors = []
        for where, values in table.rows:
            row = dict(zip(columns, (value.strip() for value in values), strict=False))
            try:
                region = _region(row, precision)
            except ValidationError as err:
                errors.append(
                    ValidationError(err.reason, record=label(where, row.get("id")), field=err.field)
                )
                continue
            regions = self.adm.setdefault(record_id_of(row.get("id", "")), {})
            regions.setdefault(precision, []).append(region)
        if errors:
            raise RecordImportError(str(path), errors)

    def regions(self, record_id: str, /) -> list[dict[str, Any]]:
        """The project's regions at the finest level given (ADM2, else ADM1)."""
        levels = self.adm.get(record_id, {})
        return levels.get(Precision.ADMIN2) or levels.get(Precision.ADMIN1) or []


def _region(row: dict[str, str], precision: Precision) -> dict[str, Any]:
    name = row.get(key("shapeName")) or ""
    if not row.get("id"):
        raise ValidationError("is empty", field="id")
    if not name:
        raise ValidationError("is empty", field="shapeName")
    try:
        lat, lon = (float(row.get(column) or "") for column in _CENTROID)
    except ValueError:
        raise ValidationError(
            "centroid_latitude and centroid_longitude must be numbers", field="centroid_latitude"
        ) from None
    location: dict[str, Any] = {
        "name": name,
        "resolved_name": name,
        "geometry": mapping(point_from_latlon(lat, lon)),
        "precision": precision.value,
        "geometry_source": GeometrySource.IMPORTED.value,
    }
    if group_code := row.get(key("shapeGroup")):
        location["country"] = alpha2(group_code, field="shapeGroup")
    return location


def read_features(path: Path, /) -> list[Feature]:
    """``(where, properties, shapely geometry or None)`` of each feature of a GeoGCDF file."""
    check_file_size(path)
    try:
        data = load_json(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as err:
        reason = (
            f"the file is refused: {err}"
            if isinstance(err, JSONLimitError)
            else f"not a JSON file: {err}"
        )
        raise RecordImportError(str(path), [ValidationError(reason)]) from err
    if isinstance(data, dict) and data.get("type") == "Feature":
        items = [data]
    elif isinstance(data, dict) and isinstance(data.get("features"), list):
        items = data["features"]
    else:
        raise RecordImportError(
            str(path),
            [ValidationError("expected a GeoJSON FeatureCollection or Feature", field="type")],
        )
    features = []
    errors = []
    for number, item in enumerate(items, 1):
        where = f"feature {number}"
        properties = item.get("properties") if isinstance(item, dict) else None
        if not isinstance(properties, dict):
            errors.append(
                ValidationError("properties must be an object", record=where, field="properties")
            )
            continue
        geometry = None
        if item.get("geometry"):
            try:
                geometry = shapely.geometry.shape(item["geometry"])
            except (
                ValueError,
                TypeError,
                AttributeError,
                KeyError,
                shapely.errors.GEOSException,
            ) as err:
                errors.append(
                    ValidationError(
                        f"not a GeoJSON geometry: {err}", record=where, field="geometry"
                    )
                )
                continue
        features.append((where, properties, geometry))
    if errors:
        raise RecordImportError(str(path), errors)
    return features
