"""Assemble a map of records: a base map, one layer per sector, the events, a legend."""

from __future__ import annotations

import itertools
import logging
import operator
from collections.abc import Collection, Iterable
from typing import Literal

import folium
import numpy as np

from coopmap.maps import payload
from coopmap.maps.assets import make_offline
from coopmap.maps.basemap import BaseChoice, Basemap
from coopmap.maps.layers import WEBGL_FROM, RecordLayer, RecordStore
from coopmap.maps.legend import Legend
from coopmap.maps.points import PointStyle, checked_style, set_points
from coopmap.maps.runtime import add_runtime
from coopmap.maps.safe import html_text
from coopmap.maps.snapshot import Snapshot
from coopmap.maps.styles import EVENT_COLOUR, EVENTS_LABEL, sector_colour
from coopmap.maps.timeline import add_timeline
from coopmap.model import Event, Project, Record
from coopmap.taxonomy import SECTORS, RecordKind, Sector

log = logging.getLogger(__name__)

_DICT = operator.attrgetter("__dict__")
_LOCATIONS = operator.itemgetter("locations")

Tiles = Literal["osm"] | None
TILES = ("osm", None)


def base_map(*, tiles: Tiles = "osm") -> folium.Map:
    """An offline map on the offline basemap (:mod:`coopmap.maps.basemap`), with OpenStreetMap
    tiles over it for ``"osm"``; the layer control chooses between the tiles, the offline
    basemap alone and no basemap."""
    if tiles not in TILES:
        raise ValueError(f"tiles must be one of {TILES}, got {tiles!r}")
    m = folium.Map(
        location=None, tiles=None, zoom_start=2, min_zoom=1, prefer_canvas=True, control_scale=True
    )
    make_offline(m)
    add_runtime(m)
    basemap = Basemap()
    basemap.add_to(m)
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    BaseChoice(basemap, "basemap", show=tiles is None).add_to(m)
    BaseChoice(basemap, "none").add_to(m)
    return m


def project_titles(records: Iterable[Record], /) -> dict[str, str]:
    """Titles of the projects that events among ``records`` link to, by project id."""
    linked = {link.project for r in records if isinstance(r, Event) for link in r.links}
    if not linked:
        return {}
    return {r.id: r.title for r in records if isinstance(r, Project) and r.id in linked}


def sector_layers(
    store: RecordStore, /, *, sectors: Collection[Sector] | None = None
) -> list[RecordLayer]:
    """One layer per sector present among the store's projects, in taxonomy order; a project is
    in each of its sectors. ``sectors`` limits the layers to those sectors."""
    wanted = [sector for sector in SECTORS if sectors is None or sector in sectors]
    # A layer is its records' positions in the store, found per distinct list of sectors
    # (a few hundred) rather than per record; -1 for events.
    codes, lists = payload.list_codes(store.values.get("sectors", []))
    codes[store.kinds != RecordKind.PROJECT.value] = -1
    combos = {combo: code for code, combo in enumerate(lists)}
    members: dict[Sector, np.ndarray] = {}
    for sector in wanted:
        having = [code for combo, code in combos.items() if sector in combo]
        positions = np.flatnonzero(np.isin(codes, having))
        if len(positions):  # events' sectors make no layer
            members[sector] = positions
    return [
        RecordLayer(
            store,
            positions,
            name=SECTORS[sector].label,
            colour=sector_colour(sector),
            key=sector.value,
        )
        for sector, positions in members.items()
    ]


def events_layer(store: RecordStore, /) -> RecordLayer | None:
    """The layer of the store's events, or None without any."""
    events = np.flatnonzero(store.kinds == RecordKind.EVENT.value)
    if not len(events):
        return None
    return RecordLayer(store, events, name=EVENTS_LABEL, colour=EVENT_COLOUR, key="events")


def fit_records(bounds: list[list[float | None]], /) -> folium.map.FitBounds:
    """Open the map on ``bounds`` at once (no zoom animation), clear of the legend."""
    fit = folium.map.FitBounds(
        bounds, padding_top_left=(40, 40), padding_bottom_right=(300, 40), max_zoom=10
    )
    fit.options["animate"] = False
    return fit


def _drop(m: folium.Map, kind: type) -> None:
    for name, child in list(m._children.items()):
        if isinstance(child, kind):
            del m._children[name]


def _legend(m: folium.Map, title: str | None) -> None:
    for name, child in list(m._children.items()):
        if isinstance(child, Legend):
            title = title if title is not None else child.title
            del m._children[name]
    m.add_child(Legend(title=title), name=Legend.key)
    _drop(m, Snapshot)
    m.add_child(Snapshot(title=title), name=Snapshot.key)


def build_map(
    records: Iterable[Record],
    /,
    *,
    tiles: Tiles = "osm",
    m: folium.Map | None = None,
    title: str | None = None,
    timeline: bool | None = None,
    sectors: Collection[Sector] | None = None,
    points: PointStyle = "spread",
    webgl_from: int | None = WEBGL_FROM,
) -> folium.Map:
    """A map of ``records``: one toggleable layer per sector, one of events, a legend and a
    time slider. A click on a place of several records lists them to pick from.

    Parameters
    ----------
    records
        Projects and events; records without a location are left out.
    tiles
        ``"osm"`` for OpenStreetMap tiles over the offline basemap, None for the basemap only.
        Ignored when ``m`` is given.
    m
        A map to add the layers to (it keeps its own tiles and assets); a new offline map
        otherwise.
    title
        Shown at the top of the map (:class:`coopmap.maps.snapshot.Snapshot`, which also
        gives the map its "save as PNG" button), in the legend and as the page title.
    timeline
        Add a time slider that plays the records by their intervals
        (:class:`coopmap.maps.timeline.Timeline`): True when any record has a date, False
        never, None (the default) when at least two records have dates.
    sectors
        Draw only these sectors' layers (a project in several sectors shows in those of them
        that are drawn); all sectors when None.
    points
        What points that share a spot do: ``"spread"`` out around it when clicked, or
        ``"cluster"`` with nearby points into a count at low zoom
        (:mod:`coopmap.maps.points`); or ``"cells"``: a map of grid cells, each with its
        number of records (:func:`coopmap.maps.cells.build_cell_map`; not with ``m``).
    webgl_from
        From this many points, the layers draw their points with WebGL where the browser
        has it (:data:`coopmap.maps.layers.WEBGL_FROM`); None for never.

    Returns
    -------
    folium.Map
        ``m`` or the new map, zoomed to the records.

    Examples
    --------
    >>> from coopmap import Location, Project, build_map
    >>> from coopmap.model import point_from_latlon
    >>> astana = Location(name="Astana", geometry=point_from_latlon(51.18, 71.45))
    >>> railway = Project(id="pj-lrt", title="LRT", sectors=["transport"], locations=[astana])
    >>> m = build_map([railway], tiles=None)
    >>> "Astana" in m.get_root().render()
    True
    """
    records = list(records)
    if checked_style(points) == "cells":
        if m is not None:
            raise ValueError("a map of cells is a map of its own: leave out m")
        from coopmap.maps.cells import build_cell_map

        return build_cell_map(records, tiles=tiles, title=title, sectors=sectors)[0]
    drawable = list(itertools.compress(records, map(_LOCATIONS, map(_DICT, records))))
    if len(drawable) < len(records):
        log.info(
            "%d of %d records have no location and are not drawn",
            len(records) - len(drawable),
            len(records),
        )
    if m is None:
        m = base_map(tiles=tiles)
    add_runtime(m)

    store = RecordStore(drawable, refs=project_titles(records), webgl_from=webgl_from)
    m.add_child(store)
    layers = sector_layers(store, sectors=sectors)
    event_layer = events_layer(store)
    if event_layer is not None:
        layers.append(event_layer)
    for layer in layers:
        layer.add_to(m)
    set_points(m, points)

    if title is not None:
        m.get_root().title = html_text(title)
    _legend(m, title)
    add_timeline(m, when=timeline)
    if drawable:
        _drop(m, folium.map.FitBounds)
        m.add_child(fit_records(m.get_bounds()))
    _drop(m, folium.LayerControl)
    folium.LayerControl(collapsed=True).add_to(m)
    return m
