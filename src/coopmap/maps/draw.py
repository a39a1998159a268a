"""Draw one line or one area on a map, with Leaflet.draw shipped inside the package.

:class:`DrawControl` is folium's ``Draw`` plugin made offline: its links point to Leaflet.draw
1.0.4 (``static/vendor/leaflet-draw``, MIT) as ``data:`` URLs, its stylesheet's pictures
embedded, the way :func:`coopmap.maps.assets.make_offline` ships Leaflet; streamlit-folium
loads them as it loads any plugin's links. Its script (``static/draw.js``, which the map's
runtime carries) adds Leaflet.draw's toolbar for lines and areas, and an edit toolbar to move,
add or remove vertices and delete the shape, by mouse or touch. A finished shape is announced
as Leaflet.draw announces it (``draw:created``), and kept, alone, in ``window.drawnItems``:
streamlit-folium returns it as ``last_active_drawing`` and every drawing as ``all_drawings``
from ``st_folium`` (after an edit, only ``all_drawings`` has the new shape).

streamlit-folium also reports a click on any feature as ``last_active_drawing``, so a drawing's
GeoJSON carries the property :data:`MARKER`; :func:`drawn_geometry` takes only those, and only
lines and polygons; :func:`drawing_of` finds the current drawing in what ``st_folium``
returned.

The control is for interactive maps (the app's form, a page, a notebook):
:func:`coopmap.maps.assets.inline_assets` inlines Leaflet only, so a page under the HTML
export's security policy, which refuses ``data:`` scripts, would not load Leaflet.draw.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from folium.plugins import Draw

from coopmap.maps.element import ScriptElement, Template
from coopmap.maps.safe import html_text

MARKER = "coopmap_drawn"
"""The GeoJSON property (``true``) that marks a feature as drawn with :class:`DrawControl`."""

SHAPES = ("LineString", "Polygon")
"""The geometry types the control draws."""

LABELS: dict[str, str] = {
    "line": "Draw a line: click to add points, click the last point or Finish to end",
    "area": "Draw an area: click to add corners, click the first corner or Finish to end",
    "finish": "Finish",
    "finish_title": "Finish the shape",
    "undo": "Delete last point",
    "undo_title": "Delete the last point drawn",
    "cancel": "Cancel",
    "cancel_title": "Stop drawing",
    "edit": "Move, add or remove points of the shape",
    "delete": "Delete the shape",
}
"""The texts of the toolbar, by the name :class:`DrawControl` takes them with."""

_TEXT_PATHS = {
    "line": "draw.toolbar.buttons.polyline",
    "area": "draw.toolbar.buttons.polygon",
    "finish": "draw.toolbar.finish.text",
    "finish_title": "draw.toolbar.finish.title",
    "undo": "draw.toolbar.undo.text",
    "undo_title": "draw.toolbar.undo.title",
    "cancel": "draw.toolbar.actions.text",
    "cancel_title": "draw.toolbar.actions.title",
    "edit": "edit.toolbar.buttons.edit",
    "delete": "edit.toolbar.buttons.remove",
}
_CSS_IMAGE = re.compile(r"url\('images/([\w.-]+)'\)")
_MEDIA = {".png": "image/png", ".svg": "image/svg+xml"}
_CORNERS = ("topleft", "topright", "bottomleft", "bottomright")


def _vendor(name: str) -> Traversable:
    return resources.files("coopmap.maps").joinpath("static", "vendor", "leaflet-draw", name)


def _data_url(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


@functools.cache
def leaflet_draw_js_url() -> str:
    """Leaflet.draw's script as a ``data:`` URL."""
    return _data_url("text/javascript", _vendor("leaflet.draw.js").read_bytes())


@functools.cache
def leaflet_draw_css() -> str:
    """Leaflet.draw's stylesheet with its pictures (the toolbar's sprites) as ``data:`` URLs."""

    def embed(match: re.Match[str]) -> str:
        name = match.group(1)
        media = _MEDIA[name[name.rindex(".") :]]
        return f"url('{_data_url(media, _vendor('images').joinpath(name).read_bytes())}')"

    return _CSS_IMAGE.sub(embed, _vendor("leaflet.draw.css").read_text(encoding="utf-8"))


@functools.cache
def leaflet_draw_css_url() -> str:
    """:func:`leaflet_draw_css` as a ``data:`` URL."""
    return _data_url("text/css", leaflet_draw_css().encode())


class DrawControl(Draw, ScriptElement):
    """Leaflet.draw's toolbars for one line or one area on the parent map (see the module).

    Parameters
    ----------
    colour
        Stroke colour of the shape, as CSS.
    position
        Leaflet control corner: ``topleft``, ``topright``, ``bottomleft``, ``bottomright``.
    labels
        Texts of the toolbar to replace (keys of :data:`LABELS`); they are shown as text.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = coopmap.drawControl({{ this.parent_name() }}, "
        "{{ this.options|js_json }});"
        "{% endmacro %}"
    )
    scripts = ("draw.js",)

    def __init__(
        self,
        *,
        colour: str = "#d62728",
        position: str = "topleft",
        labels: dict[str, str] | None = None,
    ) -> None:
        unknown = set(labels or {}) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)}; known: {', '.join(LABELS)}")
        if position not in _CORNERS:
            raise ValueError(f"position must be a Leaflet corner, got {position!r}")
        style = {"color": colour, "weight": 3, "opacity": 0.9, "fillOpacity": 0.15}
        off = dict.fromkeys(("rectangle", "circle", "marker", "circlemarker"), False)
        super().__init__(
            position=position,
            show_geometry_on_click=False,
            draw_options={
                "polyline": {"shapeOptions": style},
                "polygon": {"shapeOptions": style, "allowIntersection": False},
                **off,
            },
            edit_options={"poly": {"allowIntersection": False}},
        )
        self._name = "CoopmapDraw"
        self.default_js = [("leaflet_draw_js", leaflet_draw_js_url())]
        self.default_css = [("leaflet_draw_css", leaflet_draw_css_url())]
        texts = {**LABELS, **(labels or {})}
        self.options: dict[str, Any] = {
            "marker": MARKER,
            "position": self.position,
            "draw": self.draw_options,
            "edit": self.edit_options,
            # Leaflet.draw writes its texts as markup.
            "texts": {_TEXT_PATHS[key]: html_text(text) for key, text in texts.items()},
        }


def drawn_geometry(feature: Mapping[str, Any] | None, /) -> dict[str, Any] | None:
    """The GeoJSON geometry of a shape drawn with :class:`DrawControl`, or ``None``.

    ``feature`` is what ``st_folium`` returns as ``last_active_drawing`` (a drawing, or the
    feature of a click, which is not one) or an item of ``all_drawings``. Only a feature marked
    :data:`MARKER` whose geometry is a line or a polygon counts.
    """
    if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
        return None
    properties = feature.get("properties")
    if not isinstance(properties, Mapping) or properties.get(MARKER) is not True:
        return None
    geometry = feature.get("geometry")
    if not isinstance(geometry, Mapping) or geometry.get("type") not in SHAPES:
        return None
    return dict(geometry)


def drawing_of(result: Mapping[str, Any] | None, /) -> dict[str, Any] | None:
    """The geometry of the shape drawn on the map, from what ``st_folium`` returned.

    The last drawing in ``all_drawings`` (the shapes on the map as they are now, edits and
    all), else ``last_active_drawing``; None when neither is a drawing (:func:`drawn_geometry`).
    """
    result = result if isinstance(result, Mapping) else {}
    drawings = result.get("all_drawings")
    for feature in reversed(drawings if isinstance(drawings, list) else []):
        geometry = drawn_geometry(feature)
        if geometry is not None:
            return geometry
    return drawn_geometry(result.get("last_active_drawing"))
