"""Moves a page asks of a map already shown: look at a place, fly to it, fit the records again.

A :class:`Go` goes in the feature group that streamlit-folium adds to the map on the page
(with the map's :class:`~coopmap.maps.view.RecordView`, when it has one); in the page,
``coopmap.go`` (``static/navigation.js``, part of every map's runtime) carries out each
command once, however often the group is sent again. The same script fits a view's records
only until the user moves the map.
"""

from __future__ import annotations

from typing import Any

import folium

from coopmap.maps.element import ScriptElement, Template
from coopmap.taxonomy import Precision

ZOOMS = {
    Precision.EXACT: 12,
    Precision.NEAR: 11,
    Precision.CITY: 10,
    Precision.ADMIN2: 8,
    Precision.ADMIN1: 6,
    Precision.COUNTRY: 5,
}
"""The zoom at which a place of each precision fills the map."""


def zoom_for(precision: Precision, /) -> int:
    """The zoom to look at a place of ``precision`` at (a city at 10, a country at 5)."""
    return ZOOMS.get(precision, 8)


class Go(ScriptElement):
    """One move of map ``m``, carried out once by ``coopmap.go``.

    Parameters
    ----------
    m
        The map on the page.
    command
        ``{"id": ..., "view": [lat, lon, zoom]}`` to look there at once, ``"fly"`` instead of
        ``"view"`` to fly there, or ``{"id": ..., "fit": [[south, west], [north, east]]}`` to
        fit those bounds and follow the filters' records again. The id names the command: one
        already carried out on this map is not carried out again.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "coopmap.go({{ this.map.get_name() }}, {{ this.command|js_json }});"
        "{% endmacro %}"
    )
    key = script_key = "coopmap_go"

    def __init__(self, m: folium.Map, command: dict[str, Any], /) -> None:
        super().__init__()
        self._name = "CoopmapGo"
        self.map = m
        self.command = command


def fitted_bounds(m: folium.Map, /) -> list[list[float]] | None:
    """The bounds ``m`` opens on (its ``FitBounds``), or None when it fits none."""
    for child in m._children.values():
        if isinstance(child, folium.map.FitBounds):
            return [[float(v) for v in corner] for corner in child.bounds]
    return None
