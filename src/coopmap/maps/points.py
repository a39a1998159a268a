"""How points that share a spot show: spread out around it on click, or clustered with a count.

Either way a click on a place of several records lists them (``static/spots.js``, part of every
map's runtime); this chooses what points do besides.
"""

from __future__ import annotations

from typing import Literal, get_args

import folium

from coopmap.maps.element import ScriptElement, Template

Points = Literal["spread", "cluster"]
POINTS: tuple[str, ...] = get_args(Points)
"""The ways to show points that share a spot; the first is the default."""

LABELS = {"spread": "Spread out on click", "cluster": "Cluster with a count"}
"""How a control names each of :data:`POINTS`."""


def checked_points(mode: str, /) -> Points:
    """``mode`` if it is one of :data:`POINTS`; ValueError naming them otherwise."""
    if mode not in POINTS:
        raise ValueError(f"points must be one of {', '.join(POINTS)}, got {mode!r}")
    return mode  # type: ignore[return-value]


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
