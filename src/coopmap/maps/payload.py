"""Records as one compact, columnar JSON payload that the map's script expands in the browser.

A map of 100,000 records would be tens of megabytes as GeoJSON with a properties object per
feature. Instead every attribute is a column, and repeated values (sectors, organisations, dates,
place names) are stored once in a dictionary and referred to by number. Every attribute of every
record stays in the payload, so a popup can show all of it. The records of a map are stored once;
a layer is the list of the records it shows (:func:`encode_members`).

Layout of a store::

    {"n": records,
     "cols": {field: column, ...},
     "pt": {"x": [...], "y": [...], "p": column, "r": [...], "l": [...]},
     "sh": [[record, location, precision, {"type": ..., "coordinates": ...}], ...],
     "at": {"pt": [[point, point, ...], ...], "sh": [[shape, shape, ...], ...]},
     "refs": {project id: title}}

A column holds one value per row and is one of

- ``["c", value]``: the same value in every row;
- ``["p", values]``: plain values;
- ``["d", column, codes]``: dictionary-encoded: row ``i`` is row ``codes[i]`` of ``column``
  (null for a code of -1);
- ``["t", {field: column}]``: a table: row ``i`` is an object of the fields' rows ``i``;
- ``["lf", column, codes, lengths]``: row ``i`` is the list of the next ``lengths[i]`` rows
  ``codes[...]`` of ``column`` (the rows' lists one after another);
- ``["ld", column, lists, codes]``: row ``i`` is the list of rows ``lists[codes[i]]``.

A long list of integers (at least :data:`TYPED_FROM`: point coordinates, dictionary codes) is
written as its bytes in base64, ``{"u1": text}``, ``{"u2": text}`` or ``{"i4": text}`` for
unsigned 8 or 16 bit or signed 32 bit little-endian integers, the smallest that holds it: a
quarter to a half of its size as JSON numbers, and read in the browser without a parse per
number.

Points are longitude ``x`` and latitude ``y`` in integer units of 1e-5 degree (about a metre);
``r`` (record) and ``l`` (location index) are left out when each record has exactly one point,
in order. Precision codes index the precisions in the order of
:class:`coopmap.taxonomy.Precision`. Locations are stored without their geometries, which are
the features.

``at`` lists the places that hold several records (:func:`shared_spots`): each group is the
positions, in ``pt`` or in ``sh``, of the features drawn at one spot, so that a click there can
offer every record. It is left out when no two records share a place.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import gc
import itertools
import operator
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from pydantic import BaseModel
from shapely.geometry import mapping

from coopmap.dates import PartialDate
from coopmap.model import Location, Record
from coopmap.taxonomy import Precision

COORD_SCALE = 100_000
TYPED_FROM = 1_000
"""Integers in a list from which it is written as base64 bytes (see the module docstring)."""
"""Point coordinates are stored as integers of 1/COORD_SCALE degree."""

KINDS = ("point", "line", "polygon")
"""Feature kinds, in the order of :attr:`Features.kind` codes."""

_PRECISION_CODE = {precision: code for code, precision in enumerate(Precision)}
_EXCLUDED = {Location: {"geometry"}}
_POINT, _MULTIPOINT = 0, 4
_KIND_OF_TYPE = {0: 0, 4: 0, 1: 1, 5: 1, 3: 2, 6: 2}


# --- values ---------------------------------------------------------------------------------

Model = type[BaseModel]


@functools.cache
def _fields(model: Model) -> tuple[str, ...]:
    excluded = _EXCLUDED.get(model, set())
    return tuple(name for name in model.model_fields if name not in excluded)


@functools.cache
def _row_getter(model: Model) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    fields = _fields(model)
    if len(fields) == 1:
        return lambda values: (values[fields[0]],)
    return operator.itemgetter(*fields)  # type: ignore[return-value]


_DICT = operator.attrgetter("__dict__")
_LOCATIONS = operator.itemgetter("locations")
_GEOMETRY = operator.itemgetter("geometry")
_PRECISION = operator.itemgetter("precision")
_DATE_KEY = operator.attrgetter("year", "month", "day")


_NO_DATE = types.SimpleNamespace(year=None, month=None, day=None)


def numbered(keys: Sequence[Any], /) -> tuple[np.ndarray, list[Any]]:
    """Each key's number among the distinct keys, and those keys, in the order they first
    appear."""
    index: dict[Any, int] = {}
    codes = np.fromiter(
        (index.setdefault(key, len(index)) for key in keys), dtype=np.int64, count=len(keys)
    )
    return codes, list(index)


EPOCH = dt.date(1970, 1, 1)
NO_DAY = -(1 << 31)
"""The day number of no date (see :meth:`DateCodes.day_numbers`)."""


def day_number(day: dt.date, /) -> int:
    """Days since 1970-01-01, the unit the browser's time slider counts in."""
    return (day - EPOCH).days


def _date_keys(dates: Sequence[PartialDate | None]) -> list[tuple[int | None, ...]]:
    return list(map(_DATE_KEY, [date or _NO_DATE for date in dates]))


@dataclass(frozen=True)
class DateCodes:
    """A column of partial dates as each row's number among the distinct dates (``keys``:
    (year, month, day) tuples, the first (None, None, None) for no date when any), worked
    out once for the payload and the timeline: dates hash slowly, their tuples do not."""

    codes: np.ndarray
    keys: list[tuple[int | None, ...]]

    @classmethod
    def of(cls, dates: Sequence[PartialDate | None], /) -> DateCodes:
        return cls(*numbered(_date_keys(dates)))

    def day_numbers(self) -> tuple[np.ndarray, np.ndarray]:
        """The first and last day number of each row's date (:data:`NO_DAY` for none)."""
        first = np.full(len(self.keys), NO_DAY, dtype=np.int64)
        last = first.copy()
        for code, key in enumerate(self.keys):
            if key[0] is not None:
                date = PartialDate(*key)  # type: ignore[arg-type]
                first[code], last[code] = day_number(date.first_day), day_number(date.last_day)
        return first[self.codes], last[self.codes]

    def column(self) -> list[Any] | None:
        """The payload column of the dates (as :func:`column` encodes them); None when no
        row has a date."""
        if self.keys == [(None, None, None)]:
            return None
        texts = [_date_text(key) for key in self.keys]
        if 2 * len(self.keys) > len(self.codes):
            return rows_column([texts[code] for code in self.codes.tolist()])
        if len(texts) == 1:
            return ["c", texts[0]]
        return ["d", rows_column(texts), int_list(self.codes)]


def list_codes(
    lists: Sequence[Sequence[Any] | None], /
) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """For each row the number of its list among the distinct lists (None as empty), and
    those lists as tuples, in the order they first appear."""
    return numbered(list(map(tuple, [items or () for items in lists])))


@functools.lru_cache(maxsize=1 << 16)  # records share dates
def _date_text(key: tuple[int | None, int | None, int | None]) -> str | None:
    return None if key[0] is None else str(PartialDate(*key))  # type: ignore[arg-type]


def jsonable(value: Any, /, *, model: Model | None = None) -> Any:
    """A JSON value: rows of ``model`` as objects, dates and enums as strings."""
    if value is None:
        return None
    if model is not None:
        return {
            name: jsonable(item)
            for name, item in zip(_fields(model), value, strict=True)
            if item is not None
        }
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, BaseModel):  # a model inside a row (a status change's source)
        return value.model_dump(mode="json", exclude_none=True)
    return str(value)


# --- columns --------------------------------------------------------------------------------


def int_list(values: Sequence[int] | np.ndarray, /) -> list[int] | dict[str, str]:
    """Integers as a JSON list, or from :data:`TYPED_FROM` of them as base64 bytes of the
    smallest of uint8, uint16 and int32 that holds them."""
    if len(values) < TYPED_FROM:
        return values.tolist() if isinstance(values, np.ndarray) else list(values)
    array = np.asarray(values, dtype=np.int64)
    low, high = int(array.min()), int(array.max())
    if low >= 0 and high < 1 << 8:
        kind, dtype = "u1", "<u1"
    elif low >= 0 and high < 1 << 16:
        kind, dtype = "u2", "<u2"
    else:
        kind, dtype = "i4", "<i4"
    return {kind: base64.b64encode(array.astype(dtype).tobytes()).decode("ascii")}


def rows_column(keys: Sequence[Any], /, *, model: Model | None = None) -> list[Any]:
    """Encode values row by row: a table for rows of a model, plain values otherwise."""
    if model is not None:
        table = {}
        for position, name in enumerate(_fields(model)):
            values = [key[position] for key in keys]
            if any(value is not None for value in values):
                table[name] = column(values)
        return ["t", table]
    if set(map(type, keys)) == {str}:
        return ["p", list(keys)]
    return ["p", [jsonable(key) for key in keys]]


def column(
    keys: Sequence[Any],
    /,
    *,
    model: Model | None = None,
    to_json: Callable[[Any], Any] | None = None,
) -> list[Any]:
    """Encode one value per row (a key, for models), through a dictionary when values repeat.

    ``to_json`` turns keys that stand for other values into those values' JSON.
    """
    distinct = len(set(keys))
    if to_json is not None and 2 * distinct > len(keys):
        return rows_column([to_json(key) for key in keys])
    if 2 * distinct > len(keys) and (model is None or None not in keys):
        return rows_column(keys, model=model)  # mostly unique: no dictionary
    codes, index = numbered(keys)
    if to_json is not None:
        uniques = [to_json(key) for key in index]
        return (
            ["c", uniques[0]] if len(uniques) == 1 else ["d", rows_column(uniques), int_list(codes)]
        )
    if len(index) == 1:
        return ["c", jsonable(keys[0], model=model)]
    if model is not None and None in index:
        # A table has no null rows: refer to the rows of the others, and to -1 for null.
        uniques = [key for key in index if key is not None]
        renumber = np.full(len(index), -1, dtype=np.int64)
        renumber[[k for k, key in enumerate(index) if key is not None]] = np.arange(len(uniques))
        return ["d", rows_column(uniques, model=model), int_list(renumber[codes])]
    return ["d", rows_column(index, model=model), int_list(codes)]


def integer_column(values: np.ndarray, /) -> list[Any]:
    """:func:`column` of an integer array, the same encoding worked out with numpy."""
    uniques, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    if 2 * len(uniques) > len(values):
        return ["p", values.tolist()]
    if len(uniques) == 1:
        return ["c", int(uniques[0])]
    order = np.argsort(first)  # numbered in the order they first appear, as column() does
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return ["d", ["p", uniques[order].tolist()], int_list(rank[inverse.reshape(-1)])]


def list_column(
    items: Sequence[Any], lengths: Sequence[int], /, *, model: Model | None = None
) -> list[Any]:
    """Encode one list per row, given every row's items (keys) one after another and each
    row's length.

    Each distinct item is stored once and a row is the list of its items' codes; lists that
    repeat (the same sectors, say) are stored once too. Mostly distinct lists are the items'
    codes one after another and each row's length.
    """
    codes, uniques = numbered(items)
    return coded_lists(codes, uniques, lengths, model=model)


def coded_lists(
    codes: np.ndarray,
    uniques: list[Any],
    lengths: Sequence[int],
    /,
    *,
    model: Model | None = None,
) -> list[Any]:
    """:func:`list_column` of the items numbered already: item ``k`` of every row is
    ``uniques[codes[k]]``."""
    encoded_items = rows_column(uniques, model=model)
    sizes = np.asarray(lengths, dtype=np.int64)
    if len(sizes) and (sizes == 1).all():
        return _single_item_lists(encoded_items, codes, len(uniques))
    table, first, inverse = _distinct_lists(codes, sizes, len(uniques))
    if 2 * len(first) > len(sizes):  # mostly distinct lists: no dictionary of lists
        return ["lf", encoded_items, int_list(codes), int_list(sizes)]
    order = np.argsort(first)  # the lists in the order they first appear
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    combos = [row[row >= 0].tolist() for row in table[first[order]]]
    return ["ld", encoded_items, combos, int_list(rank[inverse])]


def _distinct_lists(
    codes: np.ndarray, sizes: np.ndarray, distinct: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows' lists of item codes (``sizes[i]`` codes each, one row after another) as a
    table padded with -1, the first row of each distinct list and each row's distinct list."""
    n, width = len(sizes), int(sizes.max()) if len(sizes) else 0
    table = np.full((n, width), -1, dtype=np.int64)  # a row's codes, then -1
    starts = np.cumsum(sizes) - sizes
    table[np.repeat(np.arange(n), sizes), np.arange(len(codes)) - np.repeat(starts, sizes)] = codes
    if width and (distinct + 1) ** width < 1 << 62:
        # One integer per list (its codes as digits), sorted much faster than rows.
        keys = (table + 1) @ ((distinct + 1) ** np.arange(width, dtype=np.int64))
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    else:
        _, first, inverse = np.unique(table, axis=0, return_index=True, return_inverse=True)
    return table, first, inverse.reshape(-1)


def _single_item_lists(encoded_items: list[Any], codes: np.ndarray, distinct: int) -> list[Any]:
    """:func:`list_column`'s encoding when every row holds one item: the same lists without a
    list and a tuple per row. Codes number the items in the order they first appear, so the
    list of item ``k`` is list ``k`` of the dictionary."""
    if 2 * distinct > len(codes):
        return ["lf", encoded_items, int_list(codes), int_list(np.ones(len(codes), np.int64))]
    return ["ld", encoded_items, np.arange(distinct)[:, None].tolist(), int_list(codes)]


def _model_of(classes: Iterable[type]) -> Model | None:
    models = {cls for cls in classes if issubclass(cls, BaseModel)}
    if len(models) > 1:
        raise TypeError(f"a column mixes {sorted(m.__name__ for m in models)}")
    return models.pop() if models else None


def _attribute_column(values: list[Any]) -> list[Any] | None:
    types = set(map(type, values))
    if list in types:
        if type(None) in types:
            values = [value or () for value in values]
        item_types = set(map(type, itertools.chain.from_iterable(values)))
        if not item_types:
            return None
        model = _model_of(item_types)
        lengths = list(map(len, values))
        if model is not None:
            return _model_lists(list(itertools.chain.from_iterable(values)), lengths, model)
        return list_column(list(itertools.chain.from_iterable(values)), lengths)
    if types == {type(None)}:
        return None
    if PartialDate in types:
        return DateCodes.of(values).column()
    model = _model_of(types)
    if model is None:
        return column(values)
    getter = _row_getter(model)
    return column([None if v is None else getter(v.__dict__) for v in values], model=model)


def _model_lists(parts: list[BaseModel], lengths: list[int], model: Model) -> list[Any]:
    """:func:`list_column` of lists of models, each object's row made once: records often
    share their parts (a file's rows naming the same organisation share one)."""
    ids = np.fromiter(map(id, parts), dtype=np.int64, count=len(parts))
    _, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    getter = _row_getter(model)
    if 2 * len(first) > len(parts):  # hardly any shared: a row of each
        return list_column(list(map(getter, map(_DICT, parts))), lengths, model=model)
    order = np.argsort(first)  # the objects in the order they first appear
    rows = map(getter, map(_DICT, [parts[i] for i in first[order].tolist()]))
    object_code = np.empty(len(first), dtype=np.int64)
    object_code[order], uniques = numbered(list(rows))
    return coded_lists(object_code[inverse.reshape(-1)], uniques, lengths, model=model)


def field_values(records: Sequence[Record], /) -> dict[str, list[Any]]:
    """Every field's values, one per record; None where a record's class lacks the field.

    Fast when records of a class come together (a :class:`RecordStore` orders them so).
    """
    names = list(
        dict.fromkeys(
            name for cls in dict.fromkeys(map(type, records)) for name in cls.model_fields
        )
    )
    values: dict[str, list[Any]] = {name: [] for name in names}
    for cls, run in itertools.groupby(records, key=type):
        group = list(run)
        present = [name for name in names if name in cls.model_fields]
        # Asking for one field twice makes itemgetter return a tuple even for a single field.
        getter = operator.itemgetter(*present, *present[:1])
        columns = zip(*map(getter, map(_DICT, group)), strict=True)
        for name, found in zip(present, columns, strict=False):
            values[name].extend(found)
        for name in names:
            if name not in cls.model_fields:
                values[name].extend(itertools.repeat(None, len(group)))
    return values


def attribute_columns(
    records: Sequence[Record],
    /,
    *,
    values: dict[str, list[Any]] | None = None,
    dates: dict[str, DateCodes] | None = None,
) -> dict[str, list[Any]]:
    """One column per attribute that some record has; locations without their geometry.

    ``values`` are the records' :func:`field_values` and ``dates`` the :class:`DateCodes`
    of some of them, when the caller has them already.
    """
    columns: dict[str, list[Any]] = {}
    dates = dates or {}
    found = field_values(records) if values is None else values
    for name, column_values in found.items():
        encoded = dates[name].column() if name in dates else _attribute_column(column_values)
        if encoded is not None:
            columns[name] = encoded
    return columns


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """The garbage collector off for the block (reference counting still frees).

    Encoding and rendering a map allocate millions of small objects and keep them; the
    collector would scan the growing heap, and every record, over and over for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- geometry -------------------------------------------------------------------------------


def _rounded(geometry: Any) -> dict[str, Any]:
    return mapping(shapely.transform(geometry, lambda coords: np.round(coords, 5)))


@dataclass(frozen=True)
class Features:
    """Every location of every record, one row per location."""

    geometry: np.ndarray
    record: np.ndarray
    location: np.ndarray
    precision: np.ndarray
    type_id: np.ndarray

    @classmethod
    def of(
        cls, records: Sequence[Record], /, *, locations: Sequence[list[Location]] | None = None
    ) -> Features:
        """The features of ``records``; ``locations`` are their lists of locations, when
        the caller has them already (:func:`field_values`)."""
        with collection_paused():
            per_record = (
                list(map(_LOCATIONS, map(_DICT, records))) if locations is None else locations
            )
            counts = np.fromiter(map(len, per_record), dtype=np.int64, count=len(per_record))
            places = list(map(_DICT, itertools.chain.from_iterable(per_record)))
            geometries = np.empty(len(places), dtype=object)
            geometries[:] = list(map(_GEOMETRY, places))
            precision = np.fromiter(
                map(_PRECISION_CODE.__getitem__, map(_PRECISION, places)),
                dtype=np.int64,
                count=len(places),
            )
        record = np.repeat(np.arange(len(per_record), dtype=np.int64), counts)
        first = np.repeat(np.cumsum(counts) - counts, counts)
        location = np.arange(len(places), dtype=np.int64) - first
        type_id = shapely.get_type_id(geometries) if len(places) else np.empty(0, dtype=np.int64)
        return cls(geometries, record, location, precision, np.asarray(type_id, dtype=np.int64))

    @property
    def kind(self) -> np.ndarray:
        """Kind codes (see :data:`KINDS`) per feature."""
        lookup = np.zeros(8, dtype=np.int64)
        for type_id, kind in _KIND_OF_TYPE.items():
            lookup[type_id] = kind
        return lookup[self.type_id]


def geometry_columns(features: Features, n: int, /) -> dict[str, Any]:
    """Points as integer coordinate columns (numpy arrays, until :func:`encode` writes them
    with :func:`int_list`); lines and polygons as rounded GeoJSON geometries.

    Multi-points are split into their points; every part keeps its record and location index.
    """
    single = np.flatnonzero(features.type_id == _POINT)
    multi = np.flatnonzero(features.type_id == _MULTIPOINT)
    parts, owner = shapely.get_parts(features.geometry[multi], return_index=True)
    which = np.concatenate([single, multi[owner]]).astype(np.int64)
    coords = shapely.get_coordinates(np.concatenate([features.geometry[single], parts]))
    scaled = np.rint(coords * COORD_SCALE).astype(np.int64)
    record, location = features.record[which], features.location[which]

    points: dict[str, Any] = {
        "x": scaled[:, 0],
        "y": scaled[:, 1],
        "p": integer_column(features.precision[which]),
    }
    if not (len(which) == n and np.array_equal(record, np.arange(n))):
        points["r"] = record
    if location.any():
        points["l"] = location

    others = np.flatnonzero((features.type_id != _POINT) & (features.type_id != _MULTIPOINT))
    shapes = [
        [
            int(features.record[i]),
            int(features.location[i]),
            int(features.precision[i]),
            _rounded(features.geometry[i]),
        ]
        for i in others
    ]
    return {"pt": points, "sh": shapes}


def encode(
    records: Sequence[Record],
    /,
    *,
    refs: dict[str, str] | None = None,
    features: Features | None = None,
    values: dict[str, list[Any]] | None = None,
    dates: dict[str, DateCodes] | None = None,
) -> dict[str, Any]:
    """The store payload for ``records`` (see the module docstring for its layout).

    ``refs`` maps the ids of projects that events link to onto their titles, for the popups;
    ``features``, ``values`` and ``dates`` are the records' :class:`Features`,
    :func:`field_values` and :class:`DateCodes`, when the caller has them already.
    """
    with collection_paused():
        features = Features.of(records) if features is None else features
        columns = attribute_columns(records, values=values, dates=dates)
        payload: dict[str, Any] = {"n": len(records), "cols": columns}
        payload.update(geometry_columns(features, len(records)))
        at = shared_spots(payload)
        payload["pt"] = {
            key: value if key == "p" else int_list(value) for key, value in payload["pt"].items()
        }
    if at:
        payload["at"] = at
    if refs:
        payload["refs"] = refs
    return payload


def _groups(keys: np.ndarray, records: np.ndarray) -> list[list[int]]:
    """Positions of equal keys, for keys held by at least two different records, in the order
    of their first positions."""
    if not len(keys):
        return []
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    repeated = np.flatnonzero(counts[inverse] > 1)
    by_key: dict[int, list[int]] = {}
    for position, key in zip(repeated.tolist(), inverse[repeated].tolist(), strict=True):
        by_key.setdefault(key, []).append(position)
    return [positions for positions in by_key.values() if len(set(records[positions])) > 1]


def shared_spots(columns: dict[str, Any], /) -> dict[str, list[list[int]]]:
    """The places several records share, from a payload's geometry columns
    (:func:`geometry_columns`): points at the same coordinates (to 1e-5 degree) and lines or
    polygons of the same coordinates, as groups of positions in ``pt`` and in ``sh``.

    Features of one record alone (two locations of it at one place) make no group.
    """
    pt, sh = columns["pt"], columns["sh"]
    x, y = np.asarray(pt["x"], dtype=np.int64), np.asarray(pt["y"], dtype=np.int64)
    point_records = np.asarray(pt["r"]) if "r" in pt else np.arange(len(x))
    found = {
        # Longitudes and latitudes in 1e-5 degree fit in 32 bits: one integer per spot.
        "pt": _groups((x << 32) + y, point_records),
        "sh": _groups(
            np.array([repr(item[3]) for item in sh], dtype=object).astype(str),
            np.array([item[0] for item in sh], dtype=np.int64),
        ),
    }
    return {kind: groups for kind, groups in found.items() if groups}


def encode_members(indices: Iterable[int], n: int, /) -> list[Any]:
    """Which of a store's ``n`` records a layer shows: ``["all"]``, or ``["d", first, steps...]``
    with the sorted indices as differences from the one before."""
    ordered = np.unique(np.fromiter(indices, dtype=np.int64))
    if len(ordered) == n:
        return ["all"]
    return ["d", *np.diff(ordered, prepend=0).tolist()]


def record_bounds(features: Features, n: int, /) -> np.ndarray:
    """(min lon, min lat, max lon, max lat) per record; NaN for records without a location."""
    out = np.full((n, 4), np.nan)
    if len(features.geometry):
        bounds = shapely.bounds(features.geometry)
        np.fmin.at(out[:, 0], features.record, bounds[:, 0])
        np.fmin.at(out[:, 1], features.record, bounds[:, 1])
        np.fmax.at(out[:, 2], features.record, bounds[:, 2])
        np.fmax.at(out[:, 3], features.record, bounds[:, 3])
    return out
