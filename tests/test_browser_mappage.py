"""The map page as a page in headless Chromium: the map as tall as the window, a place found
and flown to, the records fitted again, a link that opens the same view, the view downloaded;
and every page at 1400 and 800 px wide, in the light and the dark theme (screenshots in
tests/artifacts/), and the Users page an admin signs in to."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

import browser
from coopmap.query import Filter
from coopmap.services import init_store, select
from coopmap.services.users import add_user
from coopmap.store import open_store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium"),
]

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PAGES = ["Map", "Records", "Data", "Summary", "Ingest", "Users"]
ASTANA = (51.18, 71.45)
PASSWORD = "a long enough secret"


def map_frame(page: Any) -> Any:
    """st_folium's frame once its map is there."""

    def found() -> Any:
        for frame in page.frames:
            if "streamlit_folium" in frame.url and not frame.is_detached():
                try:
                    if frame.evaluate("() => !!(window.map && window.coopmap)"):
                        return frame
                except Exception:  # replaced while we asked
                    continue
        return None

    frame = browser.poll(found, page=page)
    assert frame is not None, "no map on the page"
    return frame


def view_of(frame: Any) -> dict[str, float]:
    return frame.evaluate(
        "() => { const c = map.getCenter(); return {lat: c.lat, lon: c.lng, zoom: map.getZoom()}; }"
    )


def address(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def wait_address(page: Any, name: str) -> dict[str, list[str]]:
    found = browser.poll(lambda: name in address(page) and address(page), page=page)
    assert found, f"no {name} in the address {page.url}"
    return found


def test_the_map_fills_the_window_below_the_header(chromium: Any, served_app) -> None:
    url, _ = served_app
    with browser.open_app(chromium, url, width=1400, height=900) as (page, log):
        frame = map_frame(page)
        box = page.locator(FRAME).bounding_box()
        inner = frame.evaluate("() => map.getContainer().getBoundingClientRect().height")
        # taller after the window grows: the map follows the window, not a fixed height
        page.set_viewport_size({"width": 1400, "height": 1100})
        taller = browser.poll(
            lambda: page.locator(FRAME).bounding_box()["height"] > box["height"] + 150, page=page
        )
        resized = browser.poll(
            lambda: frame.evaluate("() => map.getSize().y") > inner + 150, page=page
        )
        header = page.get_by_test_id("stMainBlockContainer").inner_text()
        title = page.title()
    assert title == "Map · coopmap"
    assert box["height"] >= 0.75 * 900
    assert box["y"] + box["height"] <= 900
    assert box["width"] >= 0.45 * 1400
    assert abs(inner - box["height"]) < 2  # the map fills its frame
    assert taller
    assert resized
    assert "cooperation projects and events on a map" in header
    assert "atlas.gpkg" in header
    assert not log.unexpected_errors()


def test_a_place_found_is_flown_to_and_fit_brings_the_records_back(
    chromium: Any, served_app
) -> None:
    url, _ = served_app
    with browser.open_app(chromium, url, width=1400, height=900) as (page, log):
        frame = map_frame(page)
        fitted = view_of(frame)
        search = page.get_by_placeholder("Find a place: a city, a region, a country")
        with browser.app_rerun(page):
            search.fill("Astana")
            search.press("Enter")
        arrived = browser.poll(
            lambda: (
                (v := view_of(frame))["zoom"] == 10
                and abs(v["lat"] - ASTANA[0]) < 0.05
                and abs(v["lon"] - ASTANA[1]) < 0.05
            ),
            page=page,
        )
        found = page.get_by_test_id("stMainBlockContainer").inner_text()
        params = browser.poll(
            lambda: address(page).get("zoom") == ["10"] and address(page), page=page
        )
        with browser.app_rerun(page):
            page.get_by_role("button", name="Fit to records").click()
        back = browser.poll(lambda: view_of(frame)["zoom"] == fitted["zoom"], page=page)
        again = view_of(frame)
        # the same map all along: moves, never a new one
        same = frame.evaluate("() => !!window.map._coopmapNav")
        unknown = page.get_by_placeholder("Find a place: a city, a region, a country")
        with browser.app_rerun(page):
            unknown.fill("Nowhereville Xq")
            unknown.press("Enter")
        missing = page.get_by_test_id("stMainBlockContainer").inner_text()
    assert arrived, view_of
    assert "Astana" in found
    assert "KZ" in found
    assert params
    assert abs(float(params["lat"][0]) - ASTANA[0]) < 0.05
    assert back
    assert abs(again["lat"] - fitted["lat"]) < 1
    assert abs(again["lon"] - fitted["lon"]) < 1
    assert same
    assert "No place called 'Nowhereville Xq' in the gazetteer." in missing
    assert not log.unexpected_errors()


def test_a_filter_change_refits_the_map_until_the_user_moves_it(chromium: Any, served_app) -> None:
    url, _ = served_app
    sidebar = '[data-testid="stSidebar"]'
    with browser.open_app(chromium, url, width=1400, height=900) as (page, log):
        frame = map_frame(page)
        everything = view_of(frame)
        with browser.app_rerun(page):  # projects only: the events in China leave
            page.locator(sidebar).locator("button[aria-label='Remove Events']").click()
        refitted = browser.poll(lambda: view_of(frame) != everything and view_of(frame), page=page)
        # the user zooms in: a filter change leaves the map where the user put it
        frame.evaluate("() => { map.setZoom(map.getZoom() + 2); }")
        browser.poll(lambda: view_of(frame)["zoom"] == refitted["zoom"] + 2, page=page)
        moved = view_of(frame)
        with browser.app_rerun(page):  # events only: bounds as wide as all the records'
            page.locator(sidebar).locator("button[aria-label='Remove Projects']").click()
        page.wait_for_timeout(500)
        kept = view_of(frame)
    assert refitted
    assert kept == moved
    assert not log.unexpected_errors()


def test_a_link_opens_the_same_view(chromium: Any, served_app) -> None:
    url, store_path = served_app
    with open_store(store_path) as store:
        kept = select(store, Filter.make(countries=["KZ"]))
    query = "country=KZ&record=pj-astana-light-rail&lat=48.5&lon=68.25&zoom=6"
    with browser.open_app(chromium, f"{url}/?{query}", width=1400, height=900) as (page, log):
        frame = map_frame(page)
        looked = browser.poll(lambda: view_of(frame)["zoom"] == 6, page=page)
        view = view_of(frame)
        main = page.get_by_test_id("stMainBlockContainer").inner_text()
        sidebar = page.get_by_test_id("stSidebar").inner_text()
        params = address(page)
        browser.screenshot(page, "app_map_link_1400")
    assert looked
    assert abs(view["lat"] - 48.5) < 0.01
    assert abs(view["lon"] - 68.25) < 0.01
    assert f"{len(kept)} of 19 records" in main
    assert "Astana light railway" in main  # the selected record's panel
    assert "Kazakhstan" in sidebar
    assert params["country"] == ["KZ"]
    assert params["record"] == ["pj-astana-light-rail"]
    assert not log.unexpected_errors()


def test_copy_link_copies_this_views_address(chromium: Any, served_app) -> None:
    url, _ = served_app
    with browser.open_app(chromium, f"{url}/?kind=event", width=1400, height=900) as (page, log):
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        map_frame(page)
        wait_address(page, "zoom")
        with browser.app_rerun(page):
            page.get_by_role("button", name="Copy link").click()
        copied = browser.poll(
            lambda: (
                "kind=event" in (text := page.evaluate("navigator.clipboard.readText()")) and text
            ),
            page=page,
        )
    assert copied
    assert copied.startswith(url)
    params = parse_qs(urlsplit(copied).query)
    assert params["kind"] == ["event"]
    assert {"lat", "lon", "zoom"} <= set(params)
    assert not log.unexpected_errors()


def test_download_this_view_is_the_export_of_the_filtered_records(
    chromium: Any, served_app, tmp_path: Path
) -> None:
    url, store_path = served_app
    with open_store(store_path) as store:
        kept = [r for r in select(store, Filter.make(countries=["KZ"])) if r.locations]
        left_out = [r for r in select(store) if r.locations and r not in kept]
    with browser.open_app(chromium, f"{url}/?country=KZ", width=1400, height=900) as (page, log):
        map_frame(page)
        browser.app_settled(page)  # the map's report of where it looks has rerun the page
        with page.expect_download() as download:
            page.get_by_role("button", name="Download this view").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert path.name == "coopmap-view.html"
    assert html.startswith("<!DOCTYPE html>")
    assert all(record.id in html for record in kept)
    assert not any(record.id in html for record in left_out)
    assert not log.unexpected_errors()


def lightness(colour: str) -> float:
    """The mean of a CSS ``rgb()`` colour's channels, 0 (black) to 255 (white)."""
    channels = [float(part) for part in colour[colour.index("(") + 1 : -1].split(",")[:3]]
    return sum(channels) / 3


def shoot_every_page(page: Any, prefix: str) -> None:
    for name in PAGES:
        if name != "Map":
            browser.go_to_page(page, name)
        else:
            map_frame(page)
        # tables and charts drawn, not their placeholders
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')")
        browser.wait_at_rest(page)
        browser.screenshot(page, f"{prefix}_{name.lower()}")


@pytest.mark.parametrize("width", [1400, 800])
def test_every_page_at_1400_and_800_px(chromium: Any, served_app, width: int) -> None:
    url, _ = served_app
    with browser.open_app(chromium, url, width=width, height=900) as (page, log):
        shoot_every_page(page, f"app_page_{width}")
        # nothing wider than the window: no sideways scrolling at 800 px
        wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= width
    assert not log.unexpected_errors()


def test_every_page_in_the_dark_theme(chromium: Any, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("dark")
    store_path = folder / "atlas.gpkg"
    init_store(str(store_path))
    with (
        browser.app_server(str(store_path), folder, options=["--theme.base", "dark"]) as url,
        browser.open_app(chromium, url, width=1400, height=900) as (page, log),
    ):
        frame = map_frame(page)
        # the map's own boxes stay light on the dark page, with dark text: readable
        colours = frame.evaluate(
            """() => [".coopmap-legend", ".coopmap-timeline"].map(s => {
                const node = document.querySelector(s);
                return node && getComputedStyle(node).backgroundColor; })"""
        )
        texts = frame.evaluate(
            """() => [".coopmap-legend li, .coopmap-legend span", ".coopmap-timeline span"]
                .map(s => getComputedStyle(document.querySelector(s)).color)"""
        )
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('.stApp')).backgroundColor"
        )
        shoot_every_page(page, "app_dark")
    assert all(colour and colour.startswith("rgba(255, 255, 255") for colour in colours)
    assert all(lightness(text) < 100 for text in texts), texts
    assert background != "rgb(255, 255, 255)"
    assert not log.unexpected_errors()


@pytest.mark.parametrize("width", [1400, 800])
def test_the_users_page_of_an_admin_signed_in(chromium: Any, tmp_path, width: int) -> None:
    store_path = tmp_path / "atlas.gpkg"
    init_store(str(store_path))
    users = tmp_path / "users.toml"
    add_user("ada", role="admin", password=PASSWORD, path=users)
    add_user("ed", role="editor", email="ed@example.org", path=users)
    add_user("vera", role="viewer", password=PASSWORD, path=users)
    with (
        browser.app_server(str(store_path), tmp_path) as url,
        browser.open_app(chromium, url, width=width, height=900) as (page, log),
    ):
        page.get_by_role("textbox", name="Name").fill("ada")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        with browser.app_rerun(page):
            page.get_by_role("button", name="Sign in").click()
        map_frame(page)  # the map page, then its report of where it looks, run before we go
        browser.app_settled(page)
        main = browser.go_to_page(page, "Users")
        main.get_by_text("Change a user").wait_for()
        browser.wait_at_rest(page)
        browser.screenshot(page, f"app_users_admin_{width}")
        listed = main.get_by_test_id("stDataFrame").count()
        wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert listed == 1
    assert wide <= width
    assert not log.unexpected_errors()
