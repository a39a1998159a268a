"""The exported map in headless Chromium, offline: what is drawn, toggled, hovered and clicked,
its heading and its "save as PNG"."""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

import browser
from builders import PAYLOADS, payload_records, sample_records
from coopmap.display.titles import map_title
from coopmap.formats import html as html_export
from coopmap.maps import RecordLayer, RecordStore, build_map
from coopmap.query import Filter

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium"),
]

PAYLOAD_TITLE = "Map of " + " ".join(PAYLOADS)

# Read-only probes of the page, through the hook the runtime exposes (coopmap.layers()).
LAYER_COUNTS = """() => Object.fromEntries(coopmap.layers().map(
    l => [l.options.key, {count: l.count(), drawn: l.drawn(), size: l.size()}]))"""

FEATURE_POINT = """(title) => {
  for (const layer of coopmap.layers()) {
    let found = null;
    layer.eachLayer(c => { if (!found && layer.recordOf(c).title === title) found = c; });
    if (!found) continue;
    const map = layer._map;
    const at = found.getLatLng ? found.getLatLng() : found.getCenter();
    const p = map.latLngToContainerPoint(at);
    const box = map.getContainer().getBoundingClientRect();
    return {x: box.left + p.x, y: box.top + p.y, key: layer.options.key};
  }
  return null;
}"""

# The colour the record layers' canvas holds at a point of the page.
CANVAS_PIXEL = """([x, y]) => new Promise(resolve => requestAnimationFrame(() => {
  const canvas = document.querySelector('.leaflet-overlay-pane canvas');
  const box = canvas.getBoundingClientRect();
  const ratio = canvas.width / box.width;
  const data = canvas.getContext('2d')
    .getImageData(Math.round((x - box.left) * ratio), Math.round((y - box.top) * ratio), 1, 1).data;
  resolve(Array.from(data));
}))"""


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("map") / "sample.html"
    html_export.write(sample_records(), path, title="Cooperation projects (sample)")
    return path.as_uri()


@pytest.fixture(scope="module")
def payload_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    m = build_map(payload_records(), tiles=None, title=PAYLOAD_TITLE)
    [store] = [c for c in m._children.values() if isinstance(c, RecordStore)]
    hostile = RecordLayer(
        store, store.records[:1], name=PAYLOADS[4], colour="#d62728", key="hostile", show=False
    )
    m.add_child(hostile, index=list(m._children).index(store.get_name()) + 1)
    path = tmp_path_factory.mktemp("map") / "payloads.html"
    path.write_text(m.get_root().render(), encoding="utf-8")
    return path.as_uri()


def point_of(page: Any, title: str) -> dict[str, Any]:
    point = page.evaluate(FEATURE_POINT, title)
    assert point is not None, f"no feature for {title!r}"
    return point


SETTLED = """() => {
  const map = coopmap.layers().find(l => l._map)._map;
  return !document.querySelector('.leaflet-popup') && !(map._panAnim && map._panAnim._inProgress);
}"""


def close_popup(page: Any) -> None:
    """Close any popup and wait until the map stands still (popups pan it into view)."""
    page.evaluate("() => { coopmap.layers().find(l => l._map)._map.closePopup(); }")
    page.wait_for_function(SETTLED)


def hover(page: Any, title: str) -> Any:
    close_popup(page)
    point = point_of(page, title)
    tooltip = page.locator(".leaflet-tooltip")
    # Leaflet's canvas looks at the mouse at most every 32 ms: nudge it until the last tooltip
    # has gone, then over the feature until its tooltip shows.
    nudges = itertools.cycle((0, 1))

    def gone() -> bool:
        page.mouse.move(5 + next(nudges), 400)
        return not tooltip.is_visible()

    def shown() -> bool:
        page.mouse.move(point["x"] + next(nudges), point["y"])
        return tooltip.is_visible()

    browser.poll(gone, page=page, timeout=3)
    browser.poll(shown, page=page, timeout=3)
    tooltip.wait_for(state="visible", timeout=3000)
    return tooltip


def open_popup(page: Any, title: str) -> Any:
    close_popup(page)
    point = point_of(page, title)
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=3000)
    return popup


def toggle(page: Any, label: str) -> None:
    page.hover(".leaflet-control-layers")
    page.locator(".leaflet-control-layers-overlays label", has_text=label).locator("input").click()
    page.mouse.move(5, 400)


def test_every_sector_layer_draws_its_records(chromium: Any, sample_url: str) -> None:
    with browser.open_page(chromium, sample_url) as (page, log):
        counts = page.evaluate(LAYER_COUNTS)
        browser.screenshot(page, "map_sample")
    assert counts == {
        "transport": {"count": 2, "drawn": 2, "size": 2},
        "ict": {"count": 1, "drawn": 1, "size": 1},
        "energy": {"count": 1, "drawn": 1, "size": 1},
        "agriculture": {"count": 1, "drawn": 1, "size": 1},
        "trade": {"count": 1, "drawn": 1, "size": 1},
        "events": {"count": 2, "drawn": 2, "size": 2},
    }
    assert log.blocked == []  # the page asked for nothing outside the file
    assert log.unexpected_errors() == []
    assert log.dialogs == []


def test_a_layer_toggles_off_and_on_in_the_layer_control(chromium: Any, sample_url: str) -> None:
    with browser.open_page(chromium, sample_url) as (page, log):
        where = point_of(page, "Zhengzhou-Europe freight hub")
        before = page.evaluate(CANVAS_PIXEL, [where["x"], where["y"]])
        # The hub is in two sectors; trade is drawn over transport.
        toggle(page, "Trade policy and regulations")
        off = page.evaluate(LAYER_COUNTS)
        pixel_off = page.evaluate(CANVAS_PIXEL, [where["x"], where["y"]])
        toggle(page, "Trade policy and regulations")
        on = page.evaluate(LAYER_COUNTS)
        after = page.evaluate(CANVAS_PIXEL, [where["x"], where["y"]])
    assert off["trade"]["drawn"] == 0
    assert off["transport"]["drawn"] == 2
    assert on["trade"]["drawn"] == 1
    assert pixel_off != before
    assert after == before
    assert pixel_off[3] > 0  # the transport layer still shows the hub
    assert log.unexpected_errors() == []


def test_popups_show_the_record(chromium: Any, sample_url: str) -> None:
    with browser.open_page(chromium, sample_url) as (page, log):
        text = open_popup(page, "Astana light rail, phase 1").inner_text()
        link = page.locator(".leaflet-popup-content a").first
        href = link.get_attribute("href")
        feature_id = page.evaluate("""() => coopmap.layers()[0].getLayers()
            .find(c => c.feature).feature.properties.id""")
        browser.wait_at_rest(page)
        browser.screenshot(page, "map_popup_line")
        country = open_popup(page, "Kazakhstan wind power programme").inner_text()
        event = open_popup(page, "Beijing signing of the LRT loan").inner_text()
        browser.wait_at_rest(page)
        browser.screenshot(page, "map_popup_event")
    for expected in (
        "Astana light rail, phase 1",
        "Project",
        "Transport and storage",
        "Under construction (as of 2023-06)",
        "Agreed from 2015-05 (Deal <b>note</b>)",  # the source's title as text, not markup
        "Under construction from 2023-06",
        "2015-05 \u2013 2024",
        "Astana LRT line \u2014 Exact site, KZ",
        "China Railway International (Contractor)",
        "China Development Bank (Funder)",
        "length: 22.4 km",
        "stations: 18",
        "1,900,000,000 USD",
        "Railway Gazette report \u2014 Railway Gazette, 2017-03",
        "Works resumed in 2021 after a pause.",
        "id: astana-light-rail-phase-1-",
    ):
        assert expected in text
    assert href == "https://example.org/astana-lrt"
    assert feature_id.startswith("astana-light-rail-phase-1-")
    assert "Kazakhstan \u2014 Whole country, KZ" in country
    assert "Samruk-Energy (Partner)" in country
    for expected in (
        "Event \u00b7 Signing",
        "2015-12-14",
        "Ministry of Finance of Kazakhstan (KZ)",
        "Signed at: Astana light rail, phase 1",
        "Loan agreement for the light rail",
    ):
        assert expected in event
    assert log.unexpected_errors() == []


def test_tooltips_name_the_record_and_its_place(chromium: Any, sample_url: str) -> None:
    with browser.open_page(chromium, sample_url) as (page, _):
        text = hover(page, "Henan grain logistics parks").inner_text()
    assert "Henan grain logistics parks" in text
    assert "Henan (Province or region)" in text


def test_payloads_show_as_literal_text_and_nothing_runs(chromium: Any, payload_url: str) -> None:
    with browser.open_page(chromium, payload_url) as (page, log):
        legend = page.locator(".coopmap-legend-title").text_content()
        page.hover(".leaflet-control-layers")
        labels = page.locator(".leaflet-control-layers-overlays label").all_text_contents()
        page.mouse.move(5, 400)
        seen = []
        for index, text in enumerate(PAYLOADS):
            tooltip = hover(page, text).locator(".coopmap-tip-title").text_content()
            popup = open_popup(page, text)
            cells = popup.locator("td").all_text_contents()
            sources = popup.locator(".coopmap-sources li")
            links = popup.locator(".coopmap-sources a")
            seen.append(
                {
                    "tooltip": tooltip,
                    "title": popup.locator(".coopmap-title").text_content(),
                    "notes": popup.locator(".coopmap-notes").text_content(),
                    "cells": cells,
                    "links": [(a.text_content(), a.get_attribute("href")) for a in links.all()],
                    "sources": sources.all_text_contents(),
                }
            )
            if index == 3:
                browser.wait_at_rest(page)  # the popup faded in
                browser.screenshot(page, "map_payload_popup")
        injected = page.evaluate("""() => document.querySelectorAll(
            'img[src="x"], .leaflet-popup-content script, .leaflet-control script').length""")
    assert legend == PAYLOAD_TITLE
    assert any(PAYLOADS[4] + " (1)" in label for label in labels)
    for text, shown in zip(PAYLOADS, seen, strict=True):
        assert shown["tooltip"] == text
        assert shown["title"] == text
        assert shown["notes"] == text
        assert f"{text} (Contractor)" in shown["cells"]
        assert f"{text}: 3 {text}" in shown["cells"]
        assert f"{text} \u2014 City or town" in shown["cells"]
        [(link_text, href)] = shown["links"]
        assert link_text == text
        assert unquote(href) == f"https://example.org/{text}"
        assert shown["sources"][1] == f"js {text} javascript:alert(1)"  # shown, not a link
    assert injected == 0
    assert log.dialogs == []
    assert log.unexpected_errors() == []
    assert log.blocked == []


def test_the_map_as_built_carries_leaflet_as_data_urls(chromium: Any, tmp_path: Path) -> None:
    path = tmp_path / "built.html"
    path.write_text(build_map(sample_records(), tiles=None).get_root().render(), "utf-8")
    with browser.open_page(chromium, path.as_uri()) as (page, log):
        counts = page.evaluate(LAYER_COUNTS)
        text = open_popup(page, "Beijing signing of the LRT loan").inner_text()
    assert sum(layer["drawn"] for layer in counts.values()) == 8
    assert "Signed at: Astana light rail, phase 1" in text
    assert log.blocked == []
    assert log.unexpected_errors() == []


# How streamlit-folium's frontend starts a map: it loads the map's default_js and default_css
# links, appends the page header with innerHTML (so inline scripts there never run), and runs
# the map's script, renamed so that the map is ``map_div``.
ST_FOLIUM_LIKE = """async (args) => {
  const div = document.createElement('div');
  div.id = 'map_div';
  div.style.cssText = 'width: 900px; height: 600px';
  document.body.appendChild(div);
  for (const link of args.js) {
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = link; script.async = false; script.onload = resolve; script.onerror = reject;
      document.body.appendChild(script);
    });
  }
  for (const link of args.css) {
    const tag = document.createElement('link');
    tag.rel = 'stylesheet'; tag.href = link;
    document.head.appendChild(tag);
  }
  document.head.innerHTML += args.header;
  const script = document.createElement('script');
  script.innerHTML = args.script + '\\nwindow.map = map_div;';
  document.body.appendChild(script);
}"""


def test_the_map_starts_the_way_streamlit_folium_starts_it(chromium: Any, tmp_path: Path) -> None:
    st_folium = pytest.importorskip("streamlit_folium")
    m = build_map(sample_records(), tiles=None)
    m.render()
    args = {
        "script": st_folium.generate_leaflet_string(m),
        "header": m.get_root().header.render(),
        "js": [url for _, url in m.default_js],
        "css": [url for _, url in m.default_css],
    }
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><head></head><body></body></html>", "utf-8")
    with browser.open_page(chromium, blank.as_uri()) as (page, log):
        page.evaluate(ST_FOLIUM_LIKE, args)
        page.wait_for_function("() => window.map && window.coopmap")
        counts = page.evaluate(LAYER_COUNTS)
        text = open_popup(page, "Beijing signing of the LRT loan").inner_text()
        clicked = page.evaluate(
            "() => coopmap.layers().flatMap(l => l.getLayers()).find(c => c.feature)"
            ".toGeoJSON().properties.id"
        )
    assert sum(layer["drawn"] for layer in counts.values()) == 8
    assert "Beijing \u2014 City or town, CN" in text
    assert clicked.startswith("beijing-signing-of-the-lrt-loan-")  # what st_folium returns
    assert log.unexpected_errors() == []


@pytest.mark.parametrize(("width", "folded"), [(1400, False), (800, False), (500, True)])
def test_the_legend_folds_away_and_starts_folded_on_a_narrow_map(
    chromium: Any, sample_url: str, width: int, folded: bool
) -> None:
    with browser.open_page(chromium, sample_url, width=width) as (page, log):
        toggle = page.locator(".coopmap-legend-toggle")
        body = page.locator(".coopmap-legend-body")
        assert body.is_visible() is not folded
        assert toggle.get_attribute("aria-expanded") == str(not folded).lower()
        browser.screenshot(page, f"map_legend_{width}")
        toggle.click()
        assert body.is_visible() is folded
        toggle.click()
        assert body.is_visible() is not folded
    assert log.unexpected_errors() == []


# --- the heading and "save as PNG" -----------------------------------------------------------


@pytest.fixture(scope="module")
def titled_url(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """An exported map of the sample's projects, titled from that filter."""
    flt = Filter.make(kinds=["project"])
    records = flt.apply(sample_records())
    title = map_title(flt, records)
    path = tmp_path_factory.mktemp("map") / "titled.html"
    html_export.write(records, path, title=title)
    return path.as_uri(), title


@pytest.mark.parametrize("width", [1400, 800])
def test_save_as_png_downloads_the_map_drawn_with_its_title(
    chromium: Any, titled_url: tuple[str, str], tmp_path: Path, width: int
) -> None:
    from PIL import Image  # Streamlit's dependency

    url, title = titled_url
    records = Filter.make(kinds=["project"]).apply(sample_records())
    with browser.open_page(chromium, url, width=width, height=900) as (page, log):
        heading = page.locator(".coopmap-heading")
        assert heading.inner_text() == title
        assert page.title() == title
        browser.wait_at_rest(page)
        browser.screenshot(page, f"map_titled_{width}")
        box = page.locator(".leaflet-container").bounding_box()
        feature = point_of(page, records[0].title)
        at = (round(feature["x"] - box["x"]), round(feature["y"] - box["y"]))
        with page.expect_download() as download:
            page.get_by_role("button", name="Save as PNG").click()
        saved = tmp_path / "map.png"
        download.value.save_as(saved)
        assert download.value.suggested_filename == "projects-" + title.split(", ")[-1] + ".png"
        data = saved.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        image = Image.open(io.BytesIO(data)).convert("RGBA")
        assert image.size == (round(box["width"]), round(box["height"]))
        image.save(browser.ARTIFACTS / f"map_saved_{width}.png")
        # where a record is, and where the sea is, the picture has the colours the page shows:
        # the map was drawn, not a blank box
        shown = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGBA")
        for spot in (at, (round(box["width"]) - 60, 400)):
            saved_pixel, shown_pixel = image.getpixel(spot), shown.getpixel(spot)
            assert all(abs(a - b) <= 24 for a, b in zip(saved_pixel, shown_pixel, strict=True))
        assert len(image.getcolors(maxcolors=1 << 24) or ()) > 20
        # the legend was unfolded for the picture, then folded back as it was
        assert page.locator(".coopmap-map.coopmap-snapshot-taking").count() == 0
    assert log.unexpected_errors() == []


def test_a_hostile_title_is_the_heading_as_text(chromium: Any, tmp_path: Path) -> None:
    title = "Map of " + " ".join(PAYLOADS)
    path = html_export.write(sample_records(), tmp_path / "hostile.html", title=title)
    with browser.open_page(chromium, path.as_uri()) as (page, log):
        assert page.locator(".coopmap-heading").inner_text() == title
        assert page.locator(".coopmap-heading *").count() == 0
        assert page.title() == title
    assert log.dialogs == []
    assert log.unexpected_errors() == []
