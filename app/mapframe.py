"""streamlit-folium's ``st_folium`` for a map that stays the same from rerun to rerun.

``st_folium`` writes the whole map's script, header and HTML again on every run and hashes the
script to name the component: at 100,000 records that is some 12 MB of text worked over
(about 0.7 s a rerun) although the map has not changed. :func:`show` works them out once per
map (kept on the map object) and on each run adds only what changes: the feature group that
carries a view of the map. What reaches the component is what ``st_folium`` would send, so
the map in the page follows the same way (``tests/test_app_mapframe.py`` checks that the two
agree).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
import streamlit as st
import streamlit_folium as sf

_PARTS = "_coopmap_frame_parts"


@dataclass(frozen=True)
class Parts:
    """What ``st_folium`` derives from a map before adding its feature groups."""

    script: str
    header: str
    html: str
    id: str
    bounds: list[list[float | None]]
    zoom: Any
    css_links: list[str]
    js_links: list[str]


def _links(m: folium.Map) -> tuple[list[str], list[str]]:
    css: list[str] = []
    js: list[str] = []

    def walk(element: Any) -> None:
        if isinstance(element, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(element, "default_css", []))
            js.extend(src for _, src in getattr(element, "default_js", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(m)
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def parts(m: folium.Map, /) -> Parts:
    """The map's unchanging parts, worked out the first time (the map must not change after:
    the maps of :mod:`state` are built once and only get feature groups added and taken out).
    """
    found = getattr(m, _PARTS, None)
    if found is None:
        m.render()
        html = sf._get_html(m)
        header = sf._get_header(m)
        script = sf._get_map_string(m)
        try:
            bounds = m.get_bounds()
        except AttributeError:
            bounds = [[None, None], [None, None]]
        css, js = _links(m)
        found = Parts(
            script, header, html, sf.get_full_id(m), bounds, m.options.get("zoom"), css, js
        )
        setattr(m, _PARTS, found)
    return found


def _defaults(found: Parts, returned: Sequence[str]) -> dict[str, Any]:
    (south, west), (north, east) = found.bounds
    everything: dict[str, Any] = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {
            "_southWest": {"lat": south, "lng": west},
            "_northEast": {"lat": north, "lng": east},
        },
        "zoom": found.zoom,
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        "selected_tags": None,
        "last_geocoder_result": None,
    }
    return {name: value for name, value in everything.items() if name in returned}


def show(
    m: folium.Map,
    /,
    *,
    key: str,
    height: int,
    returned_objects: Sequence[str],
    feature_group_to_add: folium.FeatureGroup | None = None,
) -> Any:
    """``st_folium(m, key=..., height=..., use_container_width=True, returned_objects=...,
    feature_group_to_add=..., render=False)``, with the map's parts worked out once
    (:func:`parts`). The feature group is added to ``m``: take it out afterwards."""
    found = parts(m)
    group = None
    if feature_group_to_add is not None:
        group = sf._get_feature_group_string(feature_group_to_add, map=m, idx=0)
    hash_key = _hash_key(m, found, key)

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    return sf._component_func(
        script=found.script,
        header=found.header,
        html=found.html,
        id=found.id,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default=_defaults(found, returned_objects),
        zoom=None,
        center=None,
        feature_group=group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=found.css_links,
        js_links=found.js_links,
        on_change=on_change,
        wrap_longitude=False,
    )


def _hash_key(m: folium.Map, found: Parts, key: str) -> str:
    """The component's key as ``st_folium`` names it (a hash of the script and key), once per
    map and key."""
    known: dict[str, str] = m.__dict__.setdefault("_coopmap_frame_keys", {})
    if key not in known:
        known[key] = sf.generate_js_hash(found.script, key, False)
    return known[key]
