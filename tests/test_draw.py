"""The drawing control: Leaflet.draw shipped offline, one line or area at a time, inert texts."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest

import browser
from coopmap.maps import build_map
from coopmap.maps.draw import (
    MARKER,
    DrawControl,
    drawing_of,
    drawn_geometry,
    leaflet_draw_css,
)

ROUTE = {"type": "LineString", "coordinates": [[71.4, 51.1], [71.5, 51.2]]}


def drawing(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def test_the_drawing_control_renders_without_outside_scripts():
    m = build_map([], tiles=None)
    DrawControl(labels={"line": "</script><b>Line</b>"}).add_to(m)
    html = m.get_root().render()
    assert html.count("= coopmap.drawControl(") == 1
    assert html.count("L.Draw.Event.CREATED") == 1  # the script once, in the runtime
    assert "<script src" not in html.replace('<script src="data:', "")
    assert "<link" not in html.replace('<link rel="stylesheet" href="data:', "")
    assert "</script><b>" not in html  # labels go in as inert JSON text
    with pytest.raises(ValueError, match="unknown labels"):
        DrawControl(labels={"circle": "Circle"})


def test_leaflet_draw_is_shipped_in_the_package_with_its_licence():
    m = build_map([], tiles=None)
    control = DrawControl().add_to(m)
    [(_, script)] = control.default_js
    code = base64.b64decode(script.split(",", 1)[1]).decode()
    assert code.startswith("/*\n Leaflet.draw 1.0.4")
    [(_, style)] = control.default_css
    css = base64.b64decode(style.split(",", 1)[1]).decode()
    assert css == leaflet_draw_css()
    # Every picture the stylesheet asks for is in it.
    assert not re.search(r"url\((?!'data:image/(png|svg\+xml);base64,)", css)
    assert css.count("url('data:image/") == 4
    licence = Path(__file__).parents[1] / "src/coopmap/maps/static/vendor/leaflet-draw/LICENSE"
    assert "Permission is hereby granted, free of charge" in licence.read_text()


def test_st_folium_loads_leaflet_draw_and_runs_the_control():
    st_folium = pytest.importorskip("streamlit_folium")
    m = build_map([], tiles=None)
    control = DrawControl().add_to(m)
    m.render()
    script = st_folium.generate_leaflet_string(m)
    assert "= coopmap.drawControl(map_div, JSON.parse(" in script
    assert script.index("coopmap.drawControl = function") < script.index("= coopmap.drawControl(")
    # streamlit-folium loads every plugin's links before the map's script.
    assert control.default_js[0][1].startswith("data:text/javascript;base64,")
    assert control.default_css[0][1].startswith("data:text/css;base64,")


def test_only_drawn_shapes_count_as_drawings():
    assert drawn_geometry(drawing(ROUTE, **{MARKER: True})) == ROUTE
    # A click on a record's feature comes back the same way, without the mark.
    assert drawn_geometry(drawing(ROUTE, id="x")) is None
    point = {"type": "Point", "coordinates": [71.4, 51.1]}
    assert drawn_geometry(drawing(point, **{MARKER: True})) is None
    assert drawn_geometry(None) is None


def test_the_drawing_on_the_map_is_the_last_of_all_drawings():
    edited = {"type": "LineString", "coordinates": [[71.4, 51.1], [71.6, 51.3]]}
    clicked = drawing(ROUTE, id="x")
    # After an edit only all_drawings has the new shape; a click is never a drawing.
    result = {"last_active_drawing": clicked, "all_drawings": [drawing(edited, **{MARKER: True})]}
    assert drawing_of(result) == edited
    assert drawing_of({"last_active_drawing": drawing(ROUTE, **{MARKER: True})}) == ROUTE
    assert drawing_of({"last_active_drawing": clicked, "all_drawings": []}) is None
    assert drawing_of(None) is None


def _map_centre(page: Any) -> tuple[float, float]:
    box = page.locator(".folium-map").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


@pytest.mark.browser
@pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium")
def test_drawing_a_line_and_an_area_fires_draw_created(tmp_path):
    m = build_map([], tiles=None)
    DrawControl().add_to(m)
    path = tmp_path / "draw.html"
    path.write_text(m.get_root().render(), encoding="utf-8")
    with browser.launch() as chromium, browser.open_page(chromium, path.as_uri()) as (page, log):
        page.evaluate(
            """() => {
              window.created = [];
              const map = Object.values(window).find(v => v instanceof L.Map);
              map.on('draw:created', e => window.created.push(
                  {type: e.layerType, feature: e.layer.toGeoJSON()}));
              map.on('draw:edited', e => { window.edited = e.layers.getLayers().length; });
            }"""
        )
        x, y = _map_centre(page)
        page.click("a.leaflet-draw-draw-polyline")
        browser.draw_vertices(page, [(x - 100, y), (x, y + 50), (x + 100, y)])
        # A last point clicked again ends the line.
        browser.click_until(page, x + 100, y, "() => window.created.length === 1")
        page.click("a.leaflet-draw-draw-polygon")
        browser.draw_vertices(page, [(x - 80, y - 40), (x + 80, y - 40), (x, y + 60)])
        page.get_by_role("link", name="Finish", exact=True).click()
        shapes = page.evaluate("window.drawnItems.toGeoJSON().features.length")
        # Edit: drag the area's first corner, then save.
        page.click("a.leaflet-draw-edit-edit")
        corner = page.locator(".leaflet-editing-icon").first.bounding_box()
        page.mouse.move(corner["x"] + corner["width"] / 2, corner["y"] + corner["height"] / 2)
        page.mouse.down()
        page.mouse.move(x - 120, y - 90, steps=5)
        page.mouse.up()
        browser.screenshot(page, "draw_control")
        page.get_by_role("link", name="Save", exact=True).click()
        edited = page.evaluate("[window.edited, window.drawnItems.toGeoJSON().features]")
        page.click("a.leaflet-draw-draw-polyline")
        browser.draw_vertices(page, [(x, y)])
        page.get_by_role("link", name="Finish", exact=True).click()  # one point is not a line
        page.get_by_role("link", name="Cancel", exact=True).click()
        page.click("a.leaflet-draw-edit-remove")
        page.get_by_role("link", name="Clear All", exact=True).click()
        left = page.evaluate("window.drawnItems.toGeoJSON().features.length")
        created = page.evaluate("window.created")
        assert not log.unexpected_errors()
        assert log.blocked == []
    assert [c["type"] for c in created] == ["polyline", "polygon"]
    line, area = (c["feature"] for c in created)
    assert line["geometry"]["type"] == "LineString"
    assert len(line["geometry"]["coordinates"]) == 3
    assert area["geometry"]["type"] == "Polygon"
    assert len(area["geometry"]["coordinates"][0]) == 4  # closed ring of three corners
    assert drawn_geometry(line) == line["geometry"]
    assert shapes == 1  # the area replaced the line
    count, [moved] = edited
    [before], [after] = area["geometry"]["coordinates"], moved["geometry"]["coordinates"]
    assert count == 1
    assert moved["properties"] == {MARKER: True}
    assert after[0] != before[0]  # the corner moved, the others stayed
    assert after[1:3] == before[1:3]
    assert after[-1] == after[0]
    assert left == 0  # deleted
