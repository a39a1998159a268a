"""Places several records share, in headless Chromium: every record listed on a click and
reachable from the list, points spread out on click or clustered with a count, in exported
maps and in the app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import browser
from builders import OUTLINE_TITLES, SHARED_TITLES, seed_by_id, shared_records
from coopmap.formats import html as html_export

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium"),
]

WIDTHS = (1400, 800)
WAIT_MS = 60_000

# Where a record's point is, and a place on Kazakhstan's outline clear of any point, in the
# coordinates of the page that holds the map (its frame's own, in the app).
POINT_OF = """(title) => {
  for (const layer of coopmap.layers()) {
    if (!layer._map) continue;
    const found = layer.getLayers().find(c => c.getLatLng && layer.recordOf(c).title === title);
    if (!found) continue;
    const p = layer._map.latLngToContainerPoint(found.getLatLng());
    const box = layer._map.getContainer().getBoundingClientRect();
    return {x: box.left + p.x, y: box.top + p.y};
  }
  return null;
}"""

WESTERN_KAZAKHSTAN = """() => {
  const map = coopmap.layers().find(l => l._map)._map;
  const p = map.latLngToContainerPoint([48.5, 61.0]);
  const box = map.getContainer().getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
}"""

MAP_OF = "coopmap.layers().find(l => l._map)._map"

ONE_POPUP = "() => document.querySelectorAll('.leaflet-popup').length === 1"

SPREAD = """() => coopmap.layers().reduce(
  (n, l) => n + l.getLayers().filter(c => c._coopmapHome).length, 0)"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("spots")
    urls = {}
    for mode in ("spread", "cluster"):
        path = folder / f"{mode}.html"
        html_export.write(shared_records(), path, title="Shared places", points=mode)
        urls[mode] = path.as_uri()
    return urls


# Whether the open popup lies wholly inside the map's box (Leaflet pans it into view).
POPUP_IN_MAP = """() => {
  const p = document.querySelector('.leaflet-popup').getBoundingClientRect();
  const m = document.querySelector('.leaflet-container').getBoundingClientRect();
  return {inside: p.left >= m.left && p.right <= m.right && p.top >= m.top
    && p.bottom <= m.bottom, popup: [p.left, p.top, p.right, p.bottom],
    map: [m.left, m.top, m.right, m.bottom]};
}"""


def listed(target: Any) -> list[str]:
    """The titles the open popup lists to pick from."""
    items = target.locator(".leaflet-popup-content .coopmap-spot-item .coopmap-spot-title")
    items.first.wait_for(timeout=5000)
    return items.all_inner_texts()


@contextmanager
def exported_map(chromium: Any, url: str, width: int) -> Iterator[tuple[Any, browser.PageLog]]:
    """An exported map open in a tab ``width`` px wide, once its records are on it."""
    with browser.open_page(chromium, url, width=width, height=900) as (page, log):
        page.wait_for_function("() => window.coopmap && coopmap.layers().some(l => l._map)")
        yield page, log


def in_order(listed: list[str], titles: list[str]) -> bool:
    """Whether a place's list holds ``titles``: the record clicked first, the others in the
    order of the map's store."""
    return listed[1:] == [title for title in titles if title != listed[0]]


def settle(target: Any) -> None:
    """Close any popup, undo any spread, and wait until nothing is left of them."""
    target.evaluate(f"() => {{ const m = {MAP_OF}; m.closePopup(); m.fire('click'); }}")
    target.wait_for_function("() => !document.querySelector('.leaflet-popup')")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_click_on_a_shared_place_lists_every_record_and_picks_one(
    chromium: Any, exported: dict[str, str], width: int
) -> None:
    with exported_map(chromium, exported["spread"], width) as (page, log):
        at = page.evaluate(POINT_OF, "Summit banquet")
        page.mouse.click(at["x"], at["y"])
        hall = listed(page)
        subtitles = page.locator(".coopmap-spot-sub").all_inner_texts()
        # The Hall's project is drawn in both its sectors' layers, the events in theirs.
        spread = page.evaluate(SPREAD)
        browser.wait_at_rest(page)
        browser.screenshot(page, f"spots_export_list_{width}")
        page.locator(".coopmap-spot-item").nth(1).click()
        page.locator(".leaflet-popup-content .coopmap-title", has_text=hall[1]).wait_for()
        page.wait_for_function(ONE_POPUP)  # the list's fades out
        picked_is_a_list = page.locator(".leaflet-popup-content .coopmap-spot-list").count()
        browser.wait_at_rest(page)
        browser.screenshot(page, f"spots_export_picked_{width}")
        # back to the list, the points still spread; and another record picked from it
        page.locator(".leaflet-popup-content .coopmap-spot-back").click()
        again = listed(page)
        spread_again = page.evaluate(SPREAD)
        page.locator(".coopmap-spot-item").nth(2).click()
        page.locator(".leaflet-popup-content .coopmap-title", has_text=hall[2]).wait_for()
        popup_box = page.evaluate(POPUP_IN_MAP)

        settle(page)
        assert page.evaluate(SPREAD) == 0
        at = page.evaluate(WESTERN_KAZAKHSTAN)
        page.mouse.click(at["x"], at["y"])
        outline = listed(page)
        page.locator(".coopmap-spot-item").nth(1).click()
        page.locator(".leaflet-popup-content .coopmap-title", has_text=outline[1]).wait_for()
        assert log.unexpected_errors() == []
        assert log.blocked == []
    assert in_order(hall, SHARED_TITLES)
    assert dict(zip(hall, subtitles, strict=True)) == {
        "Hall expansion": "Project · Construction, Trade policy and regulations · 2016 \u2013 2018",
        "State visit": "Event · Visit · 2015-03-27",
        "Summit banquet": "Event · Summit or meeting · 2017-05-14",
    }
    assert spread == 4
    assert picked_is_a_list == 0
    assert again == hall
    assert spread_again == 4
    assert popup_box["inside"], popup_box
    assert in_order(outline, OUTLINE_TITLES)


@pytest.mark.parametrize("width", WIDTHS)
def test_clustered_points_show_a_count_at_low_zoom_and_open_on_a_click(
    chromium: Any, exported: dict[str, str], width: int
) -> None:
    with exported_map(chromium, exported["cluster"], width) as (page, log):
        page.evaluate(f"() => {{ {MAP_OF}.setZoom(3, {{animate: false}}); }}")
        cluster = page.locator(".coopmap-cluster")
        cluster.first.wait_for()
        counts = cluster.all_inner_texts()
        # The clustered points are neither drawn nor hit; Astana's stays.
        hidden = page.evaluate(
            "() => coopmap.layers().flatMap(l => l.getLayers())"
            ".filter(c => c._coopmapHidden).length"
        )
        browser.wait_at_rest(page)
        browser.screenshot(page, f"spots_export_cluster_{width}")
        # A count of one spot zooms in and lists the spot's records.
        cluster.first.click()
        hall = listed(page)
        zoom = page.evaluate(f"() => {MAP_OF}.getZoom()")
        left = cluster.count()
        browser.wait_at_rest(page)
        browser.screenshot(page, f"spots_export_cluster_opened_{width}")
        assert log.unexpected_errors() == []
    assert counts == ["3"]
    assert hidden == 4
    assert in_order(hall, SHARED_TITLES)
    assert zoom == 10
    assert left == 0


# --- the app --------------------------------------------------------------------------------


def map_frame(page: Any) -> Any:
    """st_folium's frame once its record layers are drawn."""
    check = """() => {
      if (!window.coopmap) return false;
      const layers = coopmap.layers().filter(l => l._map);
      return layers.length > 0 && layers.every(l => l.drawn() === l.count());
    }"""

    def drawn() -> Any:
        for frame in page.frames:
            if "streamlit_folium" not in frame.url or frame.is_detached():
                continue
            try:
                if frame.evaluate(check):
                    return frame
            except Exception:  # replaced while we asked
                continue
        return None

    found = browser.poll(drawn, page=page, timeout=WAIT_MS / 1000)
    assert found is not None, "no map drawn in the app"
    return found


def click_in(page: Any, frame: Any, at: dict[str, float]) -> None:
    box = frame.frame_element().bounding_box()
    browser.wait_painted(frame)
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


def detail_title(page: Any, title: str) -> None:
    page.locator(".st-key-detail_panel h3", has_text=title).wait_for(timeout=WAIT_MS)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_app_lists_a_shared_place_and_selects_the_record_picked(
    chromium: Any, served_app: tuple[str, Any], width: int
) -> None:
    url, _ = served_app
    seed = seed_by_id()
    hall = sorted(
        (r for r in seed.values() if r.locations and "Great Hall" in r.locations[0].name),
        key=lambda r: r.title,
    )
    with browser.open_app(chromium, url, width=width, height=900) as (page, log):
        frame = map_frame(page)
        frame.evaluate("() => { window.probe = 'kept'; }")
        frame.evaluate(
            f"""(title) => {{
              const map = {MAP_OF};
              for (const l of coopmap.layers()) {{
                const c = l.getLayers().find(c => c.getLatLng && l.recordOf(c).title === title);
                if (c) map.setView(c.getLatLng(), 5, {{animate: false}});
              }}
            }}""",
            hall[0].title,
        )
        with browser.app_rerun(page):
            click_in(page, frame, frame.evaluate(POINT_OF, hall[0].title))
        offered = listed(frame)
        detail_title(page, offered[0])  # the click picks the record on top, as ever
        browser.wait_at_rest(page)
        browser.screenshot(page, f"spots_app_list_{width}")
        with browser.app_rerun(page):
            frame.locator(".coopmap-spot-item").nth(1).click()
        detail_title(page, offered[1])
        frame.locator(".leaflet-popup-content .coopmap-title", has_text=offered[1]).wait_for()
        same_map = frame.evaluate("() => window.probe") == "kept"
        browser.wait_at_rest(page)
        browser.screenshot(page, f"spots_app_picked_{width}")

        settle(frame)
        with browser.app_rerun(page):
            page.get_by_text("Cluster with a count").click()
        frame.evaluate(f"() => {{ {MAP_OF}.setZoom(3, {{animate: false}}); }}")
        frame.locator(".coopmap-cluster").first.wait_for(timeout=WAIT_MS)
        frame.wait_for_function("() => !document.querySelector('.leaflet-tooltip')")
        counts = frame.locator(".coopmap-cluster").all_inner_texts()
        still_same_map = frame.evaluate("() => window.probe") == "kept"
        browser.wait_at_rest(page)
        browser.screenshot(page, f"spots_app_cluster_{width}")
        assert log.unexpected_errors() == []
    assert sorted(offered) == [r.title for r in hall]
    assert same_map
    assert still_same_map
    assert counts
    assert all(int(n) >= 2 for n in counts)
