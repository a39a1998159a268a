"""Maps of many records in headless Chromium, offline: points drawn with WebGL, hovered and
clicked through the marker made under the mouse, hidden by the layer control and filters,
clustered, and drawn on a canvas instead in a browser without WebGL."""

from __future__ import annotations

from typing import Any

import pytest

import browser
from builders import sample_records
from coopmap.maps import RecordStore, build_map
from coopmap.maps.assets import inline_assets
from coopmap.model import Location, Project, point_from_latlon

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium"),
]

LAYERS = """() => Object.fromEntries(coopmap.layers().map(l => [l.options.key,
  {drawing: l.drawing(), count: l.count(), drawn: l.drawn()}]))"""

# Where a record's WebGL point is on the page, through the layer's typed arrays.
GL_POINT = """(title) => {
  for (const layer of coopmap.layers()) {
    const points = layer._gl;
    if (!points || !layer._map) continue;
    for (let k = 0; k < points.n; k++) {
      if (layer.store.record(points.record[k]).title !== title) continue;
      const map = layer._map;
      const p = map.latLngToContainerPoint([points.lat[k], points.lng[k]]);
      const box = map.getContainer().getBoundingClientRect();
      return {x: box.left + p.x, y: box.top + p.y};
    }
  }
  return null;
}"""

# The colour of the WebGL canvas at a point of the page (after the next frame is drawn).
GL_PIXEL = """([x, y]) => new Promise(resolve => requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    const canvas = document.querySelector('canvas.coopmap-gl');
    const box = canvas.getBoundingClientRect();
    const ratio = canvas.width / box.width;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(canvas, 0, 0);
    const data = ctx.getImageData(Math.round((x - box.left) * ratio),
      Math.round((y - box.top) * ratio), 1, 1).data;
    resolve(Array.from(data));
  })))"""

NO_WEBGL = """(() => {
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, options) {
    if (String(kind).indexOf('webgl') >= 0) return null;
    return original.call(this, kind, options);
  };
})();"""

TITLE = "Many records"


def grid_records(n: int) -> list[Project]:
    """``n`` energy or transport projects on a grid of 1 degree over Central Asia, 20 a row,
    titled by number."""
    records = []
    for i in range(n):
        lat, lon = 30 + (i // 20), 55 + (i % 20)
        records.append(
            Project(
                id=f"pj-grid-{i}",
                title=f"Grid project {i}",
                sectors=["energy" if i % 2 else "transport"],
                start=str(2000 + i % 20),
                locations=[
                    Location(
                        name=f"Site {i}", precision="exact", geometry=point_from_latlon(lat, lon)
                    )
                ],
            )
        )
    return records


@pytest.fixture(scope="module")
def webgl_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    records = [*sample_records(), *grid_records(400)]
    m = build_map(records, tiles=None, title=TITLE, webgl_from=100)
    for child in m._children.values():
        if isinstance(child, RecordStore):
            child.data_block = True  # as an exported page of many records carries them
    inline_assets(m)
    path = tmp_path_factory.mktemp("glmap") / "many.html"
    path.write_text(m.get_root().render(), encoding="utf-8")
    return path.as_uri()


def point_of(page: Any, title: str) -> dict[str, float]:
    point = page.evaluate(GL_POINT, title)
    assert point is not None, f"no WebGL point for {title!r}"
    return point


def opened(page: Any) -> None:
    page.wait_for_function("() => window.coopmap && coopmap.layers().some(l => l._map)")
    browser.wait_at_rest(page)


def test_a_map_of_many_records_draws_its_points_with_webgl(chromium: Any, webgl_url: str) -> None:
    for width in (1400, 800):
        with browser.open_page(chromium, webgl_url, width=width) as (page, log):
            opened(page)
            layers = page.evaluate(LAYERS)
            assert {layer["drawing"] for layer in layers.values()} == {"webgl"}
            assert layers["energy"]["count"] == layers["energy"]["drawn"] == 201
            browser.screenshot(page, f"glmap_webgl_{width}")
            at = point_of(page, "Grid project 41")
            assert page.evaluate(GL_PIXEL, [at["x"], at["y"]])[3] > 200  # a dot there
            corner = point_of(page, "Grid project 0")  # nothing south of the grid's corner
            assert page.evaluate(GL_PIXEL, [corner["x"], corner["y"] + 30])[3] == 0
            assert not log.unexpected_errors()
            assert not log.blocked


def test_a_click_on_a_webgl_point_opens_its_popup(chromium: Any, webgl_url: str) -> None:
    with browser.open_page(chromium, webgl_url, width=1400) as (page, log):
        opened(page)
        at = point_of(page, "Grid project 123")
        page.mouse.click(at["x"], at["y"])
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(state="visible", timeout=5000)
        assert "Grid project 123" in popup.inner_text()
        assert "Site 123" in popup.inner_text()
        # streamlit-folium reports the clicked marker's feature: the record's id is on it.
        feature = page.evaluate(
            "() => coopmap.layers().flatMap(l => l.getLayers()).find(c => c.feature).feature"
        )
        assert feature["id"] == "pj-grid-123"
        assert not log.unexpected_errors()


def test_hovering_a_webgl_point_shows_its_tooltip(chromium: Any, webgl_url: str) -> None:
    with browser.open_page(chromium, webgl_url, width=1400) as (page, _log):
        opened(page)
        at = point_of(page, "Grid project 77")
        tooltip = page.locator(".leaflet-tooltip")

        def shown() -> bool:
            page.mouse.move(at["x"] + 1, at["y"])
            page.mouse.move(at["x"], at["y"])
            return tooltip.is_visible()

        browser.poll(shown, page=page, timeout=5)
        assert "Grid project 77" in tooltip.inner_text()


def test_the_layer_control_and_a_filter_hide_webgl_points(chromium: Any, webgl_url: str) -> None:
    with browser.open_page(chromium, webgl_url, width=1400) as (page, log):
        opened(page)
        at = point_of(page, "Grid project 41")  # energy
        page.hover(".leaflet-control-layers")
        energy = page.locator(".leaflet-control-layers-overlays label", has_text="Energy")
        energy.locator("input").click()
        page.mouse.move(5, 400)
        page.wait_for_function("() => !coopmap.layers().find(l => l.options.key === 'energy')._map")
        assert page.evaluate(GL_PIXEL, [at["x"], at["y"]])[3] == 0
        assert page.evaluate(LAYERS)["energy"]["drawn"] == 0
        page.hover(".leaflet-control-layers")
        energy.locator("input").click()
        page.mouse.move(5, 400)
        page.wait_for_function("() => coopmap.layers().find(l => l.options.key === 'energy')._map")
        assert page.evaluate(GL_PIXEL, [at["x"], at["y"]])[3] > 200
        # A filter's view keeps the first ten records of the store (the sample's projects).
        page.evaluate(
            """() => { const map = coopmap.layers()[0]._map;
                coopmap.view(map, {members: ['d', 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]}); }"""
        )
        assert page.evaluate(GL_PIXEL, [at["x"], at["y"]])[3] == 0
        drawn = page.evaluate(LAYERS)
        assert drawn["energy"]["drawn"] < 5
        assert drawn["energy"]["count"] == 201
        assert not log.unexpected_errors()


def test_webgl_points_cluster_into_counts(chromium: Any, webgl_url: str) -> None:
    with browser.open_page(chromium, webgl_url, width=1400) as (page, log):
        opened(page)
        at = point_of(page, "Grid project 41")
        page.evaluate(
            """() => { const map = coopmap.layers()[0]._map;
                map.setZoom(3, {animate: false}); coopmap.points(map, 'cluster'); }"""
        )
        counts = page.locator(".coopmap-cluster")
        counts.first.wait_for(state="visible", timeout=5000)
        total = sum(int(text) for text in counts.all_inner_texts())
        assert total >= 400
        at = point_of(page, "Grid project 41")
        assert page.evaluate(GL_PIXEL, [at["x"], at["y"]])[3] == 0  # gone into a count
        page.evaluate("() => coopmap.points(coopmap.layers()[0]._map, 'spread')")
        assert counts.count() == 0
        assert page.evaluate(GL_PIXEL, [at["x"], at["y"]])[3] > 200
        assert not log.unexpected_errors()


def test_without_webgl_the_points_are_drawn_on_a_canvas(chromium: Any, webgl_url: str) -> None:
    def no_webgl(page: Any) -> None:
        page.add_init_script(NO_WEBGL)

    with browser.open_page(chromium, webgl_url, width=1400, before_load=no_webgl) as (page, log):
        opened(page)
        layers = page.evaluate(LAYERS)
        assert {layer["drawing"] for layer in layers.values()} == {"canvas"}
        assert layers["energy"]["count"] == layers["energy"]["drawn"] == 201
        assert page.locator("canvas.coopmap-gl").count() == 0
        point = page.evaluate(
            """() => { const layer = coopmap.layers().find(l => l.options.key === 'energy');
              let found = null;
              layer.eachLayer(c => {
                if (layer.recordOf(c).title === 'Grid project 41') found = c;
              });
              const p = layer._map.latLngToContainerPoint(found.getLatLng());
              return {x: p.x, y: p.y}; }"""
        )
        page.mouse.click(point["x"], point["y"])
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(state="visible", timeout=5000)
        assert "Grid project 41" in popup.inner_text()
        browser.screenshot(page, "glmap_canvas_fallback_1400")
        assert not log.unexpected_errors()
