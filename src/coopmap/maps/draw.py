"""A small drawing control: draw one line or one area on a map, with plain Leaflet.

folium's ``Draw`` plugin loads Leaflet.draw from a CDN, which an offline map cannot reach (and a
script that fails to load leaves streamlit-folium's map blank). :class:`DrawControl` is our own
replacement for the one thing the app needs: buttons *Line*, *Area*, *Finish* and *Clear*;
clicks add vertices, a double-click or *Finish* ends the shape. A finished shape is announced the
way Leaflet.draw announces it, ``map.fire("draw:created", {layer, layerType})``, and kept in the
feature group ``window.drawnItems``: streamlit-folium listens for that event and returns the
shape as ``last_active_drawing`` (and every shape as ``all_drawings``) from ``st_folium``.

One shape at a time: starting a new one clears the last. Labels are set as text, never markup.
streamlit-folium also reports a click on any feature as ``last_active_drawing``, so a drawing's
GeoJSON carries the property :data:`MARKER`; :func:`drawn_geometry` takes only those.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from branca.element import Figure, MacroElement
from folium.template import Template

from coopmap.errors import CoopmapError
from coopmap.maps.assets import RawText
from coopmap.maps.safe import js_json

MARKER = "coopmap_drawn"
"""The GeoJSON property (``true``) that marks a feature as drawn with :class:`DrawControl`."""

SHAPES = ("LineString", "Polygon")
"""The geometry types the control draws."""

LABELS: dict[str, str] = {
    "line": "Line",
    "area": "Area",
    "finish": "Finish",
    "clear": "Clear",
    "line_title": "Draw a line: click to add points, double-click or Finish to end",
    "area_title": "Draw an area: click to add corners, double-click or Finish to end",
    "finish_title": "Finish the shape",
    "clear_title": "Remove the shape being drawn",
}

# Plain Leaflet 1.x. Kept free of template delimiters ("{{", "{%", "{#") and "</": the code goes
# into the page as it is.
DRAW_JS = r"""
(function (map, options) {
  "use strict";
  var labels = options.labels;
  var style = {color: options.colour, weight: 3, opacity: 0.9, fillOpacity: 0.15};
  var sketchStyle = {color: options.colour, weight: 2, dashArray: "6 4", fill: false};
  var drawn = L.featureGroup().addTo(map);
  window.drawnItems = drawn;  // streamlit-folium returns drawnItems.toGeoJSON() as all_drawings
  var mode = null, points = [], sketch = null, buttons = {};

  if (!document.getElementById("coopmap-draw-style")) {
    var css = document.createElement("style");
    css.id = "coopmap-draw-style";
    css.textContent =
      ".coopmap-draw a.coopmap-draw-button" +
      " { width: auto; min-width: 30px; padding: 0 8px; font: 600 12px/30px sans-serif; }" +
      ".coopmap-draw a.coopmap-draw-active { background: #fde8e8; color: #a50f15; }" +
      ".coopmap-draw a.coopmap-draw-hidden { display: none; }";
    document.head.appendChild(css);
  }

  function mark(link, name, on) {
    L.DomUtil[on ? "addClass" : "removeClass"](link, name);
  }
  function refresh() {
    mark(buttons.line, "coopmap-draw-active", mode === "polyline");
    mark(buttons.area, "coopmap-draw-active", mode === "polygon");
    mark(buttons.finish, "coopmap-draw-hidden", !mode);
    map.getContainer().style.cursor = mode ? "crosshair" : "";
  }
  function dropSketch() {
    if (sketch) { map.removeLayer(sketch); }
    sketch = null;
    points = [];
  }
  function redraw() {
    if (sketch) { map.removeLayer(sketch); }
    sketch = L.layerGroup().addTo(map);
    var line = mode === "polygon" && points.length > 2 ? points.concat([points[0]]) : points;
    L.polyline(line, sketchStyle).addTo(sketch);
    points.forEach(function (point) {
      L.circleMarker(point, {radius: 4, color: options.colour, weight: 2, fillOpacity: 1})
        .addTo(sketch);
    });
  }
  function start(kind) {
    dropSketch();
    mode = kind;
    map.doubleClickZoom.disable();
    refresh();
  }
  function stop() {
    dropSketch();
    mode = null;
    map.doubleClickZoom.enable();
    refresh();
  }
  function finish() {
    if (!mode || points.length < (mode === "polygon" ? 3 : 2)) { return; }
    var kind = mode;
    var layer = kind === "polygon" ? L.polygon(points, style) : L.polyline(points, style);
    // Marks the shape as a drawing in its GeoJSON: a click on a record feature also comes
    // back from streamlit-folium as "last_active_drawing".
    layer.feature = {type: "Feature", properties: {}};
    layer.feature.properties[options.marker] = true;
    stop();
    drawn.clearLayers();
    drawn.addLayer(layer);
    map.fire("draw:created", {layer: layer, layerType: kind});
  }
  function clear() {
    var removed = drawn.getLayers();
    stop();
    drawn.clearLayers();
    if (removed.length) { map.fire("draw:deleted", {layers: L.layerGroup(removed)}); }
  }

  map.on("click", function (event) {
    if (!mode) { return; }
    var last = points[points.length - 1];
    // The two clicks of a double-click land on one spot: one vertex, not two.
    if (last && map.latLngToContainerPoint(last).distanceTo(event.containerPoint) < 5) { return; }
    points.push(event.latlng.wrap());
    redraw();
  });
  map.on("dblclick", function () { if (mode) { finish(); } });
  map.on("keydown", function (event) {
    if (mode && event.originalEvent.key === "Escape") { stop(); }
    if (mode && event.originalEvent.key === "Enter") { finish(); }
  });

  var Control = L.Control.extend({
    options: {position: options.position},
    onAdd: function () {
      var bar = L.DomUtil.create("div", "leaflet-bar coopmap-draw");
      function button(name, handler) {
        var link = L.DomUtil.create("a", "coopmap-draw-button coopmap-draw-" + name, bar);
        link.href = "#";
        link.setAttribute("role", "button");
        link.textContent = labels[name];
        link.title = labels[name + "_title"] || labels[name];
        L.DomEvent.on(link, "click", function (event) {
          L.DomEvent.stop(event);
          handler();
        });
        buttons[name] = link;
      }
      button("line", function () { start("polyline"); });
      button("area", function () { start("polygon"); });
      button("finish", finish);
      button("clear", clear);
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.disableScrollPropagation(bar);
      return bar;
    }
  });
  var control = new Control();
  control.addTo(map);
  refresh();
  return control;
})
"""

_UNSAFE = re.compile(r"</|<!--|\{\{|\{%|\{#")


class DrawControl(MacroElement):
    """Buttons to draw a line or an area on the parent map (see the module's description).

    Parameters
    ----------
    colour
        Stroke colour of the shape, as CSS.
    position
        Leaflet control corner: ``topleft``, ``topright``, ``bottomleft``, ``bottomright``.
    labels
        Button labels and tooltips to replace (keys of :data:`LABELS`).
    """

    _template = Template("{% macro script(this, kwargs) %}{{ this.script_js() }}{% endmacro %}")

    def __init__(
        self,
        *,
        colour: str = "#d62728",
        position: str = "topleft",
        labels: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._name = "CoopmapDraw"
        unknown = set(labels or {}) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)}; known: {', '.join(LABELS)}")
        if position not in ("topleft", "topright", "bottomleft", "bottomright"):
            raise ValueError(f"position must be a Leaflet corner, got {position!r}")
        self.options: dict[str, Any] = {
            "marker": MARKER,
            "colour": colour,
            "position": position,
            "labels": {**LABELS, **(labels or {})},
        }

    def script_js(self) -> str:
        """The control's script: :data:`DRAW_JS` called with the parent map and the options."""
        if self._parent is None:
            raise CoopmapError("the drawing control must be added to a map before rendering")
        if _UNSAFE.search(DRAW_JS):
            raise CoopmapError("the drawing control's script cannot be inlined safely")
        return (
            f"var {self.get_name()} = {DRAW_JS.strip()}"
            f"({self._parent.get_name()}, {js_json(self.options)});"
        )

    def render(self, **kwargs: Any) -> None:
        # Written once, as it is: folium would otherwise render the script again as a template.
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise CoopmapError("the drawing control can only be rendered inside a folium Figure")
        figure.script.add_child(RawText(self.script_js()), name=self.get_name())


def drawn_geometry(feature: Mapping[str, Any] | None, /) -> dict[str, Any] | None:
    """The GeoJSON geometry of a shape drawn with :class:`DrawControl`, or ``None``.

    ``feature`` is what ``st_folium`` returns as ``last_active_drawing``: a drawing, or the
    feature of a click, which is not one.
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
