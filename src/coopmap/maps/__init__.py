"""Interactive maps of records, built with folium and drawn by Leaflet, offline.

:func:`build_map` is the entry point; the pieces it composes (:func:`base_map`,
:class:`Basemap`, :class:`RecordStore`, :class:`RecordLayer`, :class:`Legend`) can be
used on their own.
"""

from coopmap.maps.assets import inline_assets, make_offline
from coopmap.maps.basemap import BaseChoice, Basemap
from coopmap.maps.build import base_map, build_map, events_layer, sector_layers
from coopmap.maps.layers import RecordLayer, RecordStore
from coopmap.maps.legend import Legend
from coopmap.maps.runtime import add_runtime

__all__ = [
    "BaseChoice",
    "Basemap",
    "Legend",
    "RecordLayer",
    "RecordStore",
    "add_runtime",
    "base_map",
    "build_map",
    "events_layer",
    "inline_assets",
    "make_offline",
    "sector_layers",
]
