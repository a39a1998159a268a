"""Maps of very many records: one dot per grid cell and layer instead of one per location.

A map of every record is about 120 bytes a location, and streamlit-folium resends and redraws
all of it whenever the map changes. Above :data:`MAX_FEATURES` locations the app draws this
instead: each layer's records (a sector's projects, the events) are grouped into square cells
of the smallest size in :data:`CELL_SIZES` that keeps the map under :data:`CELL_BUDGET` dots,
and each cell is one dot at the mean of its locations, sized by its number of records. A
clicked cell carries its key, and :func:`cell_records` lists the records it stands for. Lines
and polygons count at a point on their surface.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import numpy as np
import shapely

from coopmap.maps.build import Tiles, base_map, fit_records
from coopmap.maps.element import ScriptLayer, Template
from coopmap.maps.layers import layer_label
from coopmap.maps.legend import Legend
from coopmap.maps.payload import COORD_SCALE
from coopmap.maps.safe import html_text
from coopmap.maps.styles import EVENT_COLOUR, EVENTS_LABEL, checked_colour, sector_colour
from coopmap.model import Event, Project, Record
from coopmap.taxonomy import SECTORS, Sector

MAX_FEATURES = 10_000
"""Locations up to which a map draws every record; above it, cells."""

CELL_BUDGET = 4_000
"""Most dots a map of cells draws over all its layers (its largest cells may make more)."""

CELL_SIZES = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0, 30.0, 45.0)
"""Cell sides in degrees, tried smallest first."""

EVENTS_KEY = "events"
_SPAN = 4096  # cell columns/rows fit in 12 bits even at the smallest size (3600 columns)


def feature_count(records: Sequence[Record], /) -> int:
    """How many features a full map of ``records`` draws: one per location."""
    return sum(len(record.locations) for record in records)


def needs_cells(records: Sequence[Record], /, *, max_features: int = MAX_FEATURES) -> bool:
    return feature_count(records) > max_features


@dataclass(frozen=True)
class LayerGroup:
    """A layer of a cell map: a key, its label and colour, its records' positions."""

    key: str
    label: str
    colour: str
    members: np.ndarray


def layer_groups(
    records: Sequence[Record], /, *, sectors: Collection[Sector] | None = None
) -> list[LayerGroup]:
    """One group per sector present among the projects (taxonomy order; only ``sectors`` when
    given), then the events, as :func:`coopmap.maps.build_map` layers them."""
    members: dict[Sector, list[int]] = {
        sector: [] for sector in SECTORS if sectors is None or sector in sectors
    }
    events: list[int] = []
    for index, record in enumerate(records):
        if isinstance(record, Project):
            for sector in record.sectors:
                if sector in members:
                    members[sector].append(index)
        elif isinstance(record, Event):
            events.append(index)
    groups = [
        LayerGroup(sector.value, SECTORS[sector].label, sector_colour(sector), np.array(found))
        for sector, found in members.items()
        if found
    ]
    if events:
        groups.append(LayerGroup(EVENTS_KEY, EVENTS_LABEL, EVENT_COLOUR, np.array(events)))
    return groups


@dataclass(frozen=True)
class Points:
    """A point per location (longitude ``x``, latitude ``y``) and the record it belongs to."""

    x: np.ndarray
    y: np.ndarray
    record: np.ndarray

    @classmethod
    def of(cls, records: Sequence[Record], /) -> Points:
        geometries = [loc.geometry for record in records for loc in record.locations]
        owners = [i for i, record in enumerate(records) for _ in record.locations]
        if not geometries:
            empty = np.empty(0)
            return cls(empty, empty, np.empty(0, dtype=np.int64))
        array = np.empty(len(geometries), dtype=object)
        array[:] = geometries
        x, y = np.empty(len(array)), np.empty(len(array))
        point = shapely.get_type_id(array) == 0
        x[point], y[point] = shapely.get_x(array[point]), shapely.get_y(array[point])
        if not point.all():
            inside = shapely.point_on_surface(array[~point])
            x[~point], y[~point] = shapely.get_x(inside), shapely.get_y(inside)
        return cls(x, y, np.array(owners, dtype=np.int64))


@dataclass(frozen=True)
class Cell:
    """Records of one layer in one square of the grid."""

    layer: str
    size: float
    column: int
    row: int
    count: int
    lat: float
    lon: float

    @property
    def key(self) -> str:
        return cell_key(self.layer, self.size, self.column, self.row)


def cell_key(layer: str, size: float, column: int, row: int) -> str:
    return f"{layer}:{size:g}:{column}:{row}"


def parse_cell_key(key: str, /) -> tuple[str, float, int, int]:
    """The layer key, size, column and row of a cell key; ValueError when it is not one."""
    parts = str(key).rsplit(":", 3)
    if len(parts) != 4:
        raise ValueError(f"{key!r} is not a cell key")
    layer, size, column, row = parts
    return layer, float(size), int(column), int(row)


def _cells_of(group: LayerGroup, points: Points, rows: np.ndarray, size: float) -> list[Cell]:
    if not len(rows):
        return []
    x, y, record = points.x[rows], points.y[rows], points.record[rows]
    column = np.floor(x / size).astype(np.int64)
    row = np.floor(y / size).astype(np.int64)
    code = (column + _SPAN // 2) * _SPAN + (row + _SPAN // 2)
    cells, inverse = np.unique(code, return_inverse=True)
    # Records per cell, each once however many of its locations are there.
    span = int(record.max()) + 1
    pairs = np.unique(inverse * span + record)
    counts = np.bincount(pairs // span, minlength=len(cells))
    located = np.bincount(inverse, minlength=len(cells))
    lon = np.bincount(inverse, weights=x, minlength=len(cells)) / located
    lat = np.bincount(inverse, weights=y, minlength=len(cells)) / located
    return [
        Cell(
            group.key,
            size,
            int(c // _SPAN - _SPAN // 2),
            int(c % _SPAN - _SPAN // 2),
            int(n),
            float(la),
            float(lo),
        )
        for c, n, la, lo in zip(
            cells.tolist(), counts.tolist(), lat.tolist(), lon.tolist(), strict=True
        )
    ]


def _member_rows(groups: list[LayerGroup], points: Points, n: int) -> list[np.ndarray]:
    rows = []
    for group in groups:
        mask = np.zeros(n, dtype=bool)
        mask[group.members] = True
        rows.append(np.flatnonzero(mask[points.record]))
    return rows


def _distinct_cells(points: Points, rows: list[np.ndarray], size: float) -> int:
    """How many dots the layers' rows of ``points`` make in cells of ``size`` degrees."""
    if not rows:
        return 0
    which = np.concatenate(rows)
    group = np.repeat(np.arange(len(rows), dtype=np.int64), [len(r) for r in rows])
    column = np.floor(points.x[which] / size).astype(np.int64) + _SPAN // 2
    row = np.floor(points.y[which] / size).astype(np.int64) + _SPAN // 2
    return len(np.unique((group * _SPAN + column) * _SPAN + row))


def _smallest_size(points: Points, rows: list[np.ndarray], budget: int) -> float:
    """The smallest of :data:`CELL_SIZES` whose cells fit ``budget`` (bisection: larger cells
    make fewer dots, near enough)."""
    low, high = 0, len(CELL_SIZES) - 1
    while low < high:
        middle = (low + high) // 2
        if _distinct_cells(points, rows, CELL_SIZES[middle]) <= budget:
            high = middle
        else:
            low = middle + 1
    return CELL_SIZES[low]


@dataclass(frozen=True)
class CellGrid:
    """Records grouped into cells of one size, layer by layer."""

    size: float
    groups: list[LayerGroup]
    cells: dict[str, list[Cell]]

    @classmethod
    def of(
        cls,
        records: Sequence[Record],
        /,
        *,
        budget: int = CELL_BUDGET,
        sectors: Collection[Sector] | None = None,
    ) -> CellGrid:
        groups = layer_groups(records, sectors=sectors)
        points = Points.of(records)
        rows = _member_rows(groups, points, len(records))
        size = _smallest_size(points, rows, budget)
        cells = {
            group.key: _cells_of(group, points, found, size)
            for group, found in zip(groups, rows, strict=True)
        }
        return cls(size, groups, cells)

    def __len__(self) -> int:
        return sum(len(found) for found in self.cells.values())


def cell_records(records: Sequence[Record], key: str, /) -> list[Record]:
    """The records of ``records`` a cell of a :class:`CellGrid` of them stands for."""
    layer, size, column, row = parse_cell_key(key)
    groups = {group.key: group for group in layer_groups(records)}  # every layer: one is asked
    if layer not in groups:
        return []
    members = [records[index] for index in groups[layer].members.tolist()]
    points = Points.of(members)
    inside = (np.floor(points.x / size) == column) & (np.floor(points.y / size) == row)
    return [members[index] for index in np.unique(points.record[inside]).tolist()]


# --- drawing --------------------------------------------------------------------------------


class CellLayer(ScriptLayer):
    """The cells of one layer group, drawn on the map's canvas (``static/cells.js``)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = coopmap.cellLayer({{ this.payload()|js_json }}, "
        "{{ this.options|js_json }});"
        "{{ this.add_line() }}"
        "{% endmacro %}"
    )
    scripts = ("cells.js",)

    def __init__(self, group: LayerGroup, cells: list[Cell], size: float) -> None:
        self.label = group.label
        self.key = group.key
        self.colour = checked_colour(group.colour)
        self.cells = cells
        self.size = sum(cell.count for cell in cells)
        self.cell_size = size
        super().__init__(
            name=layer_label(self.label, self.colour, self.size),
            overlay=True,
            control=True,
            show=True,
        )
        self._name = "CoopmapCells"
        self.options = {"name": self.label, "key": self.key, "colour": self.colour}

    def payload(self) -> dict[str, Any]:
        return {
            "size": self.cell_size,
            "x": [round(cell.lon * COORD_SCALE) for cell in self.cells],
            "y": [round(cell.lat * COORD_SCALE) for cell in self.cells],
            "n": [cell.count for cell in self.cells],
            "k": [cell.key for cell in self.cells],
        }

    def _get_self_bounds(self) -> list[list[float | None]]:
        if not self.cells:
            return [[None, None], [None, None]]
        lats = [cell.lat for cell in self.cells]
        lons = [cell.lon for cell in self.cells]
        return [[min(lats), min(lons)], [max(lats), max(lons)]]


class CellLegend(Legend):
    """The legend of a cell map: a colour per layer with its number of records."""

    def spec(self) -> dict[str, Any]:
        parent = self._parent
        layers = (
            [c for c in parent._children.values() if isinstance(c, CellLayer)]
            if parent is not None
            else []
        )
        return {
            "title": self.title,
            "layers": [
                {"label": layer.label, "colour": layer.colour, "count": layer.size}
                for layer in layers
            ],
            "precisions": [],
            "position": self.position,
        }


def size_text(size: float, /) -> str:
    """A cell side for people: ``2°``, ``0.5°``, with its rough width at the equator."""
    km = size * 111.32
    return f"{size:g}\u00b0 (about {km:,.0f} km)" if km >= 1 else f"{size:g}\u00b0"


def build_cell_map(
    records: Sequence[Record],
    /,
    *,
    tiles: Tiles = "osm",
    title: str | None = None,
    budget: int = CELL_BUDGET,
    sectors: Collection[Sector] | None = None,
) -> tuple[folium.Map, CellGrid]:
    """A map of ``records`` grouped into cells: one layer of cells per sector and one of
    events, a legend that says they are grouped, and a layer control. Returns the map and the
    grid, whose cell keys the map's features carry."""
    drawable = [r for r in records if r.locations]
    grid = CellGrid.of(drawable, budget=budget, sectors=sectors)
    m = base_map(tiles=tiles)
    for group in grid.groups:
        CellLayer(group, grid.cells[group.key], grid.size).add_to(m)
    if title is not None:
        m.get_root().title = html_text(title)
    note = f"Grouped into areas of {size_text(grid.size)}"
    m.add_child(CellLegend(title=f"{title} \u2014 {note}" if title else note), name=Legend.key)
    if len(grid):
        m.add_child(fit_records(m.get_bounds()))
    folium.LayerControl(collapsed=True).add_to(m)
    return m, grid
