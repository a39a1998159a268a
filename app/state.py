"""Cached access to the store for the app's pages: a thin layer over coopmap's functions.

Everything read from the store is cached under the store's revision, which changes whenever
records change (through the app or any other program), so a page never shows stale records
and never reads them twice.

Records, their index and the maps are kept with ``st.cache_resource``: one shared object per
revision, which callers must not modify. ``st.cache_data`` would hand every rerun a pickled
copy: 130 ms per 1,000 records, 13 s per rerun at 100,000. Small results (which records a
filter keeps) use ``st.cache_data``.
"""

from __future__ import annotations

import gc
import os
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

import folium
import numpy as np
import streamlit as st
from branca.element import Element
from streamlit_folium import generate_leaflet_string

from coopmap.display import summary
from coopmap.display.masks import FilterMasks
from coopmap.links import RecordIndex
from coopmap.maps import build_map
from coopmap.maps.assets import add_default_icon
from coopmap.maps.cells import (
    EVENTS_KEY,
    CellGrid,
    build_cell_map,
    cell_records,
    needs_cells,
)
from coopmap.maps.element import ScriptElement
from coopmap.maps.layers import WEBGL_FROM, RecordStore
from coopmap.maps.navigation import Go, fitted_bounds
from coopmap.maps.points import POINTS, Points, PointStyle, points_group
from coopmap.maps.selection import layer_keys
from coopmap.maps.timeline import Timeline
from coopmap.maps.view import RecordView, view_group
from coopmap.model import Event, Record
from coopmap.paths import default_store
from coopmap.query import Filter, as_of
from coopmap.store import Store, open_store
from coopmap.taxonomy import Sector

MAP_HEIGHT = 620

MAX_FEATURES = 2_000_000
"""Locations up to which the map page draws every record (with WebGL from
:data:`coopmap.maps.layers.WEBGL_FROM`); above, cells, whatever the points radio says."""


def max_features() -> int:
    """Locations up to which the map draws every record, above which it draws cells
    (``COOPMAP_MAP_MAX_FEATURES``, default :data:`MAX_FEATURES`)."""
    return int(os.environ.get("COOPMAP_MAP_MAX_FEATURES", MAX_FEATURES))


def webgl_from() -> int:
    """Points from which the map draws its points with WebGL (``COOPMAP_MAP_WEBGL_FROM``,
    default :data:`coopmap.maps.layers.WEBGL_FROM`)."""
    return int(os.environ.get("COOPMAP_MAP_WEBGL_FROM", WEBGL_FROM))


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Store:
    return open_store(url, create=True)


def store(url: str | None = None) -> Store:
    """One open store per URL for the whole server (``COOPMAP_STORE`` or the default path)."""
    return _open(str(url or default_store()))


def revision() -> tuple[str, int]:
    """The store's URL and revision: the key of everything cached from it."""
    current = store()
    return current.url, current.revision()


@st.cache_resource(max_entries=2, show_spinner=False)
def _records(url: str, revision: int) -> tuple[Record, ...]:
    found = tuple(sorted(store(url).records(), key=lambda r: (r.kind, r.id)))
    # Keep the collector off the records: with 100,000 of them in memory a full collection
    # takes seconds, holding the server (and the browser's requests to it) on every filter
    # change. Frozen objects are still freed by reference counting once the cache drops them.
    gc.freeze()
    return found


def records() -> list[Record]:
    """All records (shared: do not modify them), re-read whenever the store changes."""
    return list(_records(*revision()))


@st.cache_resource(max_entries=2, show_spinner=False)
def _index(url: str, revision: int) -> RecordIndex:
    return RecordIndex.of(_records(url, revision))


def index() -> RecordIndex:
    return _index(*revision())


@dataclass(frozen=True)
class Shown:
    """What one filter keeps of the records (:func:`records`): their positions there and the
    records (as they stood on the filter's day, for a filter as of a day: copies)."""

    positions: np.ndarray
    records: tuple[Record, ...]


@st.cache_resource(max_entries=2, show_spinner=False)
def _masks(url: str, revision: int) -> FilterMasks:
    return FilterMasks(_records(url, revision))


@st.cache_resource(max_entries=16, show_spinner=False)
def _shown_of(url: str, revision: int, key: tuple[Any, ...], _flt: Filter) -> Shown:
    everything = _records(url, revision)
    positions = np.flatnonzero(_masks(url, revision).mask(_flt)).astype(np.int64)
    kept = [everything[i] for i in positions.tolist()]
    return Shown(positions, tuple(as_of(kept, _flt.as_of) if _flt.as_of else kept))


def _shown(url: str, revision: int, flt: Filter) -> Shown:
    return _shown_of(url, revision, flt.key(), flt)


def shown(flt: Filter, /) -> list[Record]:
    """The records ``flt`` keeps (shared: do not modify them), in the order of
    :func:`records`; with ``flt.as_of``, as they stood that day (copies)."""
    return list(_shown(*revision(), flt).records)


@st.cache_resource(max_entries=2, show_spinner=False)
def _tally(url: str, revision: int) -> summary.Tally:
    return summary.Tally(_records(url, revision))


@st.cache_data(max_entries=32, show_spinner=False)
def _counts(
    url: str, revision: int, key: tuple[Any, ...], _flt: Filter
) -> dict[str, list[dict[str, Any]]]:
    kept = _shown(url, revision, _flt)
    if _flt.as_of is not None:  # statuses as of the day: count the records themselves
        return {
            "sector": summary.by_sector(kept.records),
            "status": summary.by_status(kept.records),
            "year": summary.by_year(kept.records),
        }
    tally = _tally(url, revision)
    return {
        "sector": tally.by_sector(kept.positions),
        "status": tally.by_status(kept.positions),
        "year": tally.by_year(kept.positions),
    }


def counts(flt: Filter, /) -> dict[str, list[dict[str, Any]]]:
    """The records ``flt`` keeps counted by sector, status and start year
    (:mod:`coopmap.display.summary` tables), worked out once per store revision and filter."""
    return _counts(*revision(), flt.key(), flt)


@dataclass
class Atlas:
    """The map page's map: the whole store, or one filter's records or cells.

    A *mounted* atlas is one map of every record of the store, built once per revision; a
    filter reaches it as a view (:func:`view`), applied in the browser to the map already
    there. Cells (the points radio's ``"cells"``), stores above the feature limit and maps
    as of a day get a map per filter instead: every record the filter keeps, or cells when
    asked for or when they are still too many; ``chosen`` says whether cells were asked for.
    """

    map: folium.Map
    key: str
    grid: CellGrid | None = None
    mounted: bool = False
    chosen: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    order: np.ndarray | None = None
    """Of a mounted atlas: the position in the map's record store of each record of
    :func:`records` (-1 for a record without a location, which the map leaves out)."""
    records_html: str | None = None
    """Of a mounted atlas: the elements holding its records and their intervals, for the page
    to show before the map (:func:`records_element`); the map's script reads them there."""

    @property
    def grouped(self) -> bool:
        return self.grid is not None

    @property
    def timeline(self) -> bool:
        return any(isinstance(child, Timeline) for child in self.map._children.values())


FILL_FRAME = "<style>#map_div, #map_div2 { height: 100vh !important; }</style>"
"""In st_folium's frame, the map as tall as the frame (st_folium sets its height once, when
the map mounts): a page can make the frame follow the window (the map page does)."""


def finish_map(m: folium.Map) -> folium.Map:
    """Make a built map ready for st_folium: offline marker icon, settled names, as tall as its
    frame, rendered once."""
    add_default_icon(m)
    m.get_root().header.add_child(Element(FILL_FRAME), name="coopmap_fill_frame")
    # streamlit-folium renames the map's elements the first time it renders them, which would
    # change the map's script, and so the component's identity, between the first two reruns
    # and remount the map. Settle the names now, and render the page once, so that the map
    # page can skip that on every rerun (st_folium's render=False).
    generate_leaflet_string(m)
    m.get_root().render()
    return m


@st.cache_resource(max_entries=2, show_spinner=False)
def _store_atlas(url: str, revision: int, limit: int, gl: int) -> Atlas | None:
    everything = _records(url, revision)
    if needs_cells(everything, max_features=limit):
        return None
    m = build_map(everything, timeline=True, webgl_from=gl)
    (record_store,) = (c for c in m._children.values() if isinstance(c, RecordStore))
    order = np.full(len(everything), -1, dtype=np.int64)
    located = [i for i, record in enumerate(everything) if record.locations]
    order[located] = record_store.indices([everything[i] for i in located])
    # The records and their intervals go to the page once, in elements beside the map's
    # frame, rather than in the map's script, which Streamlit sends again with every view
    # (12 MB and 1.2 MB at 100,000 records).
    name = f"coopmap-records-{revision}-{secrets.token_hex(4)}"
    record_store.data_id = name
    elements = [record_store.payload_element(name)]
    for child in m._children.values():
        if isinstance(child, Timeline) and (spec := child.spec_element(f"{name}-time")):
            child.data_id = f"{name}-time"
            elements.append(spec)
    html = "".join(elements)
    return Atlas(finish_map(m), f"{revision}:all", mounted=True, order=order, records_html=html)


@st.cache_resource(max_entries=8, show_spinner=False)
def _filter_atlas(
    url: str, revision: int, key: tuple[Any, ...], limit: int, cells: bool, gl: int, _flt: Filter
) -> Atlas:
    chosen = list(_shown(url, revision, _flt).records)
    name = f"{revision}:{hash(key) & 0xFFFFFFFF:08x}{':cells' if cells else ''}"
    keys = layer_keys(_flt)
    sectors = None if keys is None else {Sector(k) for k in keys if k != EVENTS_KEY}
    if cells or needs_cells(chosen, max_features=limit):
        m, grid = build_cell_map(chosen, sectors=sectors)
        return Atlas(finish_map(m), name, grid, chosen=cells)
    m = build_map(chosen, timeline=True, sectors=sectors, webgl_from=gl)
    return Atlas(finish_map(m), name)


@dataclass(frozen=True)
class _Html:
    """HTML for ``st.html`` as it is (a plain string would be dedented first: 12 MB of it)."""

    text: str

    def _repr_html_(self) -> str:
        return self.text


def records_element(atlas: Atlas, /) -> None:
    """Show a mounted atlas's records, hidden, where the map in its frame reads them: call it
    before the map (Streamlit resends nothing of it while it is unchanged). It goes at the
    foot of the sidebar, where its empty place moves nothing of the page (hide
    ``.st-key-map_records`` with CSS)."""
    if atlas.records_html is not None:
        with st.sidebar, st.container(key="map_records"):
            st.html(_Html(atlas.records_html))


def atlas(flt: Filter, /, *, points: PointStyle = "spread") -> Atlas:
    """The map for the records ``flt`` keeps: the store's mounted map when the whole store is
    within the feature limit (show it with :func:`view`), else a map built for ``flt``; a map
    of cells for ``points="cells"``.

    Maps are built once per store revision (and filter) and shared between sessions: render
    one only while holding ``atlas.lock`` (streamlit-folium renames its elements and adds
    feature groups to it while rendering).
    """
    url, rev = revision()
    limit = max_features()
    cells, gl = points == "cells", webgl_from()
    mounted = None if cells else _store_atlas(url, rev, limit, gl)
    # The mounted map shows records as stored; the atlas as of a day is a map of its own.
    if mounted is not None and flt.as_of is None:
        return mounted
    return _filter_atlas(url, rev, flt.key(), limit, cells, gl, flt)


def view(
    atlas: Atlas, flt: Filter, /, *, points: PointStyle = "spread"
) -> folium.FeatureGroup | None:
    """What ``flt`` shows of a mounted atlas and what its shared ``points`` do, for
    st_folium's ``feature_group_to_add`` (only the points for other atlases). Call
    :func:`detach` after rendering; None for a map of cells."""
    if atlas.grouped or points not in POINTS:
        return None
    shared: Points = points  # type: ignore[assignment]
    if not atlas.mounted:
        return points_group(atlas.map, shared)
    assert atlas.order is not None
    found = atlas.order[_shown(*revision(), flt).positions]
    return view_group(atlas.map, indices=found[found >= 0], layers=layer_keys(flt), points=shared)


def records_bounds(atlas: Atlas, group: folium.FeatureGroup | None, /) -> list[list[float]] | None:
    """The bounds of the records the map shows: those of its view (:func:`view`), else those
    the map opens on."""
    record_view = group._children.get(RecordView.key) if group is not None else None
    if isinstance(record_view, RecordView):
        return record_view.bounds()
    return fitted_bounds(atlas.map)


def go(
    atlas: Atlas, group: folium.FeatureGroup | None, command: dict[str, Any] | None, /
) -> folium.FeatureGroup | None:
    """``group`` (a new one if None) with the move ``command`` asks of the map
    (:class:`coopmap.maps.navigation.Go`), for st_folium's ``feature_group_to_add``; ``group``
    as it is without a command. Call :func:`detach` after rendering."""
    if command is None:
        return group
    if group is None:
        group = folium.FeatureGroup(name="coopmap view", control=False)
    group.add_child(Go(atlas.map, command), name=Go.key)
    return group


def detach(atlas: Atlas, group: folium.FeatureGroup | None, /) -> None:
    """Take a view's feature group back out of the shared map once st_folium has sent it."""
    if group is None:
        return
    atlas.map._children.pop(group.get_name(), None)
    figure = atlas.map.get_root()
    names = [group.get_name(), RecordView.key, Go.key]
    names += [c.script_name() for c in group._children.values() if isinstance(c, ScriptElement)]
    for name in dict.fromkeys(names):
        figure.script._children.pop(name, None)


def records_in_cell(flt: Filter, key: str, /) -> list[Record]:
    """The records a cell of the grouped map of ``flt`` stands for."""
    return cell_records(shown(flt), key)


def linked_records(record: Record, /) -> tuple[list[Record | str], list[Event]]:
    """The projects an event links to (ids of those not in the store) and the events that
    link to a project (:meth:`RecordIndex.linked`)."""
    return index().linked(record)
