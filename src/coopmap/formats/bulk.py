"""Many rows of text cells read at once: what a row's cells share with other rows is worked
out once.

A file of thousands of rows repeats the same few sectors, statuses, dates, countries and
organisations; reading each of those texts again on every row was most of an import's time.
:class:`CellCache` keeps what one file's distinct cell texts gave (a parse that fails is not
kept, so that each row it fails on says so in its own words), and list cells of parts
(organisations, sources...) keep each distinct part validated, which the record then takes
as it is. :func:`batch_points` makes the points of a batch of rows' ``lat``/``lon`` cells in one
vectorised call. :func:`~coopmap.formats.columns.row_from_cells` reads a row with both; a row
they cannot settle (a number that is no number, a latitude out of range) is read as before,
with the same messages.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from functools import partial
from typing import Any, TypeVar

import numpy as np
import pydantic
import shapely

from coopmap.formats.limits import max_cell
from coopmap.model import Event, Project

__all__ = ["CellCache", "batch_points"]

T = TypeVar("T")

MAX_ENTRIES = 100_000
"""How many distinct cell texts a cache keeps before it starts again (a bound on memory)."""


class CellCache:
    """What the distinct cell texts of one file gave, by kind of cell and text.

    The values kept are shared by every row with that text, so nothing may change them: the
    readers build new dicts and lists around them, and the model copies what it takes.
    """

    def __init__(self) -> None:
        self._found: dict[tuple[str, Hashable], Any] = {}
        self._parts: dict[int, tuple[list[Any], list[Any]]] = {}
        """What :meth:`parts` gave for a list of items, by the list's identity (the lists
        :meth:`get` keeps, one per distinct cell text), with the list, which keeps it alive."""
        self.cell_limit = max_cell()
        """The cell limit when the file began to be read."""

    def get(self, kind: str, key: Hashable, parse: Callable[[Any], T], /) -> T:
        """``parse(key)``, once per ``(kind, key)``; what it raises is raised every time."""
        try:
            return self._found[kind, key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        value = parse(key)
        if len(self._found) >= MAX_ENTRIES:
            self._found.clear()
            self._parts.clear()
        self._found[kind, key] = value
        return value

    def parts(self, column: str, items: list[Any], /) -> list[Any]:
        """The items of a list cell of ``column`` as the model's parts, each distinct item
        validated once (and the list of parts made once for the list :meth:`get` kept for a
        cell text); the items as they are when one does not validate (or cannot be kept), for
        the record's own validation to say what is wrong with it."""
        model = _part_models().get(column)
        if model is None:
            return items
        known = self._parts.get(id(items))
        if known is not None and known[0] is items:  # the same cell text as a row before
            return known[1]
        kind = f"{column} part"
        try:
            parts = [self.get(kind, _key(item), partial(_validate, model)) for item in items]
        except (pydantic.ValidationError, TypeError):
            parts = items
        self._parts[id(items)] = (items, parts)
        return parts


_Key = tuple[tuple[Any, type, str | None, Any], ...]


def _key(item: Any) -> _Key:
    """A part's fields as a key, with their types and a number's digits (``1``, ``1.0`` and
    ``True`` are equal keys, as are ``0.0`` and ``-0.0``, but not equal parts); a
    :class:`TypeError` when they cannot be one."""
    if not isinstance(item, dict):
        raise TypeError("not an object")
    key = tuple(
        (name, type(value), repr(value) if isinstance(value, float) else None, value)
        for name, value in item.items()
    )
    hash(key)
    return key


def _validate(model: type[pydantic.BaseModel], key: _Key) -> Any:
    return model.model_validate({name: value for name, _, _, value in key})


_MODELS: dict[str, type[pydantic.BaseModel]] = {}


def _part_models() -> dict[str, type[pydantic.BaseModel]]:
    """The part (a model) of each list field of the records whose items are parts."""
    if not _MODELS:
        for record in (Project, Event):
            for name, info in record.model_fields.items():
                args = getattr(info.annotation, "__args__", ())
                part = args[0] if len(args) == 1 else None
                if isinstance(part, type) and issubclass(part, pydantic.BaseModel):
                    _MODELS.setdefault(name, part)
    return _MODELS


def batch_points(rows: Sequence[dict[str, str]], /) -> list[shapely.Point | None]:
    """The point of each row's ``lat``/``lon`` cells, made in one call, or ``None`` for a row
    without both, with a number that is no number or not finite, or out of range (which
    :func:`~coopmap.formats.columns.row_from_cells` then reads alone, saying what is wrong)."""
    lats = [_number(row.get("lat", "")) for row in rows]
    lons = [_number(row.get("lon", "")) for row in rows]
    lat = np.array(lats, dtype=float)
    lon = np.array(lons, dtype=float)
    with np.errstate(invalid="ignore"):
        good = (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    points: list[shapely.Point | None] = [None] * len(rows)
    made = shapely.points(lon[good], lat[good])
    for index, point in zip(np.flatnonzero(good).tolist(), made.tolist(), strict=True):
        points[index] = point
    return points


def _number(text: str) -> float:
    """The cell as a finite number, or NaN."""
    if not text:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan
