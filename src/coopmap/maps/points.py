"""How points show: each record, spread out around a shared spot on click or clustered with a
count, or grid cells with their numbers of records.

With records drawn, a click on a place of several records lists them (``static/spots.js``, part
of every map's runtime); this chooses what points do besides. ``"cells"`` is a map of its own
(:func:`coopmap.maps.cells.build_cell_map`), which :func:`coopmap.maps.build_map` makes when
asked for it.
"""

from __future__ import annotations

from typing import Literal, get_args

import folium

from coopmap.maps.element import ScriptElement, Template

Points = Literal["spread", "cluster"]
POINTS: tuple[str, ...] = get_args(Points)
"""The ways to show points that share a spot, every record drawn; the first is the default."""

PointStyle = Literal["spread", "cluster", "cells"]
STYLES: tuple[str, ...] = get_args(PointStyle)
"""The ways to show points: :data:`POINTS`, or grid cells; the first is the default."""

LABELS = {
    "spread": "Spread out on click",
    "cluster": "Cluster with a count",
    "cells": "Grid cells with counts",
}
"""How a control names each of :data:`POINTS`."""


def checked_points(mode: str, /) -> Points:
    """``mode`` if it is one of :data:`POINTS`; ValueError naming them otherwise."""
    if mode not in POINTS:
        raise ValueError(f"points must be one of {', '.join(POINTS)}, got {mode!r}")
    return mode  # type: ignore[return-value]


def checked_style(style: str, /) -> PointStyle:
    """``style`` if it is one of :data:`STYLES`; ValueError naming them otherwise."""
    if style not in STYLES:
        raise ValueError(f"points must be one of {', '.join(STYLES)}, got {style!r}")
    return style  # type: ignore[return-value]


class PointsMode(ScriptElement):
    """Show map ``m``'s shared points as ``mode`` says (:data:`POINTS`).

    It names ``m`` rather than its parent, so it also works from a feature group that
    streamlit-folium adds to a map already on the page (:func:`points_group`, or
    :func:`coopmap.maps.view.view_group`'s ``points``).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "coopmap.points({{ this.map.get_name() }}, {{ this.mode|js_string }});"
        "{% endmacro %}"
    )
    key = "coopmap_points"

    def __init__(self, m: folium.Map, mode: Points = "spread", /) -> None:
        super().__init__()
        self._name = "CoopmapPoints"
        self.map = m
        self.mode = checked_points(mode)


def set_points(m: folium.Map, mode: Points, /) -> folium.Map:
    """Make ``m`` show its shared points as ``mode`` says (replacing an earlier choice)."""
    m.add_child(PointsMode(m, mode), name=PointsMode.key)
    return m


def points_group(m: folium.Map, mode: Points, /) -> folium.FeatureGroup:
    """A :class:`PointsMode` of ``m`` in an empty feature group, for streamlit-folium's
    ``feature_group_to_add`` (which adds the group to ``m``: take it out afterwards)."""
    group = folium.FeatureGroup(name="coopmap points", control=False)
    group.add_child(PointsMode(m, mode), name=PointsMode.key)
    return group
