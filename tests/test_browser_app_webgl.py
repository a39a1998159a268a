"""The app's map with its points drawn with WebGL (``COOPMAP_MAP_WEBGL_FROM`` at 1, so the
seed's few records are drawn as a big store's are): a click on a point selects its record
beside the map, a sector taken out of the filter leaves the map, and the points radio turns
the map into grid cells."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

import browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium"),
]

WAIT_MS = 60_000

DRAWN = """() => {
  if (!window.coopmap) return null;
  const layers = coopmap.layers().filter(l => l._map);
  if (!layers.length || !layers.every(l => l.drawn() === l.count())) return null;
  return Object.fromEntries(layers.map(l => [l.options.key, l.drawing ? l.drawing() : 'cells']));
}"""

# Where the first WebGL point of the first sector layer with any is, in the frame: centred on
# it, with its record's id and its layer's key and name.
FIRST_POINT = """() => {
  const layer = coopmap.layers().find(l => l._map && l.options.key !== 'events' && l._gl.n);
  const points = layer._gl;
  const map = layer._map;
  map.setView([points.lat[0], points.lng[0]], 6, {animate: false});
  const p = map.latLngToContainerPoint([points.lat[0], points.lng[0]]);
  return {x: p.x, y: p.y, id: layer.store.record(points.record[0]).id,
          key: layer.options.key, name: layer.options.name};
}"""


@pytest.fixture(scope="module")
def webgl_app(tmp_path_factory: pytest.TempPathFactory, gazetteer: Any) -> Iterator[str]:
    from coopmap.services import init_store

    folder = tmp_path_factory.mktemp("webgl-app")
    store = folder / "atlas.gpkg"
    init_store(str(store))
    with browser.app_server(str(store), folder, env={"COOPMAP_MAP_WEBGL_FROM": "1"}) as url:
        yield url


def map_frame(
    page: Any, wanted: Callable[[dict[str, str]], bool] = bool
) -> tuple[Any, dict[str, str]]:
    """The map's frame once every layer on it is drawn and they are ``wanted``, and how each
    layer draws."""
    found: list[Any] = []

    def drawn() -> bool:
        for frame in page.frames:
            if "streamlit_folium" not in frame.url or frame.is_detached():
                continue
            try:
                layers = frame.evaluate(DRAWN)
            except Exception:  # the frame went away
                continue
            if layers and wanted(layers):
                found[:] = [frame, layers]
                return True
        return False

    assert browser.poll(drawn, page=page, timeout=WAIT_MS / 1000), "no map drawn"
    return found[0], found[1]


def test_the_apps_webgl_map_selects_filters_and_groups(chromium: Any, webgl_app: str) -> None:
    with browser.open_app(chromium, webgl_app, width=1400, height=900) as (page, log):
        frame, layers = map_frame(page)
        assert set(layers.values()) == {"webgl"}
        browser.wait_at_rest(page)
        browser.screenshot(page, "app_webgl_1400")
        # Narrow, the record panel goes under the map; the points stay drawn.
        page.set_viewport_size({"width": 800, "height": 900})
        browser.wait_at_rest(page)
        map_frame(page)
        browser.screenshot(page, "app_webgl_800")
        page.set_viewport_size({"width": 1400, "height": 900})
        browser.wait_at_rest(page)
        frame, layers = map_frame(page)

        # A click on a point shows its record beside the map.
        point = frame.evaluate(FIRST_POINT)
        box = frame.frame_element().bounding_box()
        browser.wait_painted(frame)
        with browser.app_rerun(page):
            page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        panel = page.locator(".st-key-detail_panel")
        panel.get_by_text(point["id"].split("-")[-1], exact=False).first.wait_for(timeout=WAIT_MS)
        assert point["id"] in panel.inner_text().replace("\u2060", "")

        # A sector taken out of the filter leaves the map already there.
        sidebar = page.locator("[data-testid='stSidebar']")
        with browser.app_rerun(page):
            sidebar.locator(f"button[aria-label='Remove {point['name']}']").click()
        frame, layers = map_frame(page, lambda layers: point["key"] not in layers)
        assert set(layers.values()) == {"webgl"}

        # Grid cells, chosen under the map.
        with browser.app_rerun(page):
            page.get_by_text("Grid cells with counts").click()
        page.locator("[data-testid='stCaptionContainer']", has_text="Each dot is an area").wait_for(
            timeout=WAIT_MS
        )
        frame, layers = map_frame(page, lambda layers: set(layers.values()) == {"cells"})
        browser.wait_at_rest(page)
        browser.screenshot(page, "app_webgl_cells_1400")
        assert not log.unexpected_errors()
