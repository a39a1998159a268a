"""The offline basemap in headless Chromium, with every request but the page's refused: land,
lakes and labels drawn where tiles cannot load, and the layer control's basemap choices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import browser
from builders import sample_records
from coopmap.formats import html as html_export
from coopmap.maps.styles import BASEMAP_STYLE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium"),
]

# What the basemap canvas holds at a place (``dx``, ``dy`` pixels off it, ``w`` by ``h``): the
# colour of the first pixel, how many pixels are dark (text), and its pane's stacking; null
# without a basemap. The canvas reaches beyond the map, so places are found by page position.
PROBE = """([lat, lon, dx = 0, dy = 0, w = 1, h = 1]) => {
  const map = coopmap.layers().find(l => l._map)._map;
  const canvas = document.querySelector('.leaflet-coopmapBasemap-pane canvas');
  if (!canvas) return null;
  const point = map.latLngToContainerPoint([lat, lon]);
  const box = canvas.getBoundingClientRect();
  const frame = map.getContainer().getBoundingClientRect();
  const ratio = canvas.width / box.width;
  const data = canvas.getContext('2d').getImageData(
    Math.round((frame.left + point.x + dx - box.left) * ratio),
    Math.round((frame.top + point.y + dy - box.top) * ratio),
    Math.max(1, Math.round(w * ratio)), Math.max(1, Math.round(h * ratio))).data;
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 200) dark++;
  const pane = canvas.closest('.leaflet-pane');
  return {rgba: Array.from(data.slice(0, 4)), dark, zIndex: Number(getComputedStyle(pane).zIndex)};
}"""

# Show a place at a zoom; the names of the labels the basemap then drew.
SET_VIEW = """([lat, lon, zoom]) => {
  const map = coopmap.layers().find(l => l._map)._map;
  map.setView([lat, lon], zoom, {animate: false});
  return coopmap.basemapOf(map).labelsShown();
}"""


def _rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)] + [255]


@pytest.fixture(scope="module")
def tiled_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("basemap") / "tiles.html"
    return html_export.write(sample_records(), path, tiles="osm")


@pytest.mark.parametrize("width", [1400, 800])
def test_the_basemap_shows_land_lakes_and_labels_where_tiles_cannot_load(
    chromium: Any, tiled_map: Path, width: int
) -> None:
    with browser.open_page(chromium, tiled_map.as_uri(), width=width, height=900) as (page, log):
        shown = page.evaluate(SET_VIEW, [45.0, 75.0, 4])
        browser.wait_painted(page)
        mongolia = page.evaluate(PROBE, [46.8, 103.0])
        issyk_kul = page.evaluate(PROBE, [42.515, 77.33])  # a lake
        tiles = page.locator(".leaflet-tile-pane img").count()
        astana = page.evaluate(PROBE, [51.18, 71.45, 6, -7, 50, 14])  # where its name is
        browser.wait_at_rest(page)
        browser.screenshot(page, f"basemap_tiles_blocked_{width}")
        world = page.evaluate(SET_VIEW, [25.0, 60.0, 2])
        browser.wait_painted(page)
        ocean = page.evaluate(PROBE, [-20.0, 80.0])  # the Indian Ocean
        browser.screenshot(page, f"basemap_world_{width}")
    assert any("tile.openstreetmap.org" in url for url in log.blocked)
    assert tiles > 0  # the tiles are there, they only could not load
    assert mongolia["zIndex"] < 200  # beneath the tile pane
    assert mongolia["rgba"] == _rgb(BASEMAP_STYLE["land"])
    assert issyk_kul["rgba"] == _rgb(BASEMAP_STYLE["water"])
    assert ocean["rgba"] == _rgb(BASEMAP_STYLE["sea"])
    assert {"Astana", "Bishkek", "Tashkent", "Novosibirsk"} <= set(shown)
    assert astana["dark"] > 20  # the name drawn beside the point
    assert "Beijing" in world
    assert "Astana" not in world
    assert "Novosibirsk" not in world
    assert log.unexpected_errors() == []


def _choose(page: Any, name: str) -> None:
    page.hover(".leaflet-control-layers")
    page.locator(".leaflet-control-layers-base label", has_text=name).click()
    browser.wait_painted(page)


def test_the_switcher_offers_tiles_the_offline_basemap_and_none(
    chromium: Any, tiled_map: Path
) -> None:
    with browser.open_page(chromium, tiled_map.as_uri(), width=1400, height=900) as (page, log):
        choices = page.locator(".leaflet-control-layers-base label").all_inner_texts()
        _choose(page, "No basemap")
        nothing = page.evaluate(PROBE, [46.8, 103.0])
        tiles_off = page.locator(".leaflet-tile-pane img").count()
        browser.screenshot(page, "basemap_none")
        _choose(page, "Offline basemap")
        offline = page.evaluate(PROBE, [46.8, 103.0])
        tiles_still_off = page.locator(".leaflet-tile-pane img").count()
        _choose(page, "OpenStreetMap")
        tiled = page.evaluate(PROBE, [46.8, 103.0])
        tiles_on = page.locator(".leaflet-tile-pane img").count()
    assert [c.strip() for c in choices] == ["OpenStreetMap", "Offline basemap", "No basemap"]
    assert nothing is None
    assert tiles_off == 0
    assert offline["rgba"] == _rgb(BASEMAP_STYLE["land"])
    assert tiles_still_off == 0
    assert tiled["rgba"] == _rgb(BASEMAP_STYLE["land"])
    assert tiles_on > 0
    assert log.unexpected_errors() == []


def test_a_map_without_tiles_opens_on_the_offline_basemap(chromium: Any, tmp_path: Path) -> None:
    path = html_export.write(sample_records(), tmp_path / "offline.html", tiles=None)
    with browser.open_page(chromium, path.as_uri(), width=800, height=900) as (page, log):
        choices = page.locator(".leaflet-control-layers-base label").all_inner_texts()
        checked = page.locator(".leaflet-control-layers-base input:checked + span").inner_text()
        land = page.evaluate(PROBE, [46.8, 103.0])
    assert [c.strip() for c in choices] == ["Offline basemap", "No basemap"]
    assert checked.strip() == "Offline basemap"
    assert land is not None
    assert log.blocked == []
    assert log.unexpected_errors() == []
