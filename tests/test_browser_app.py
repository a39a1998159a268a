"""The Streamlit app in headless Chromium, offline: the map inside st_folium's frame, filters,
clicks, the detail panel, the time slider, and text that must stay inert.

One app server (``streamlit run`` on a free loopback port, on a temporary store holding the
seed and records carrying the escaping payloads) serves the module; every test opens a fresh
session with every request that is not to 127.0.0.1/localhost aborted.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

import browser
from coopmap.maps.cells import layer_groups
from coopmap.model import Event, Project, Record, point_from_latlon
from coopmap.query import Filter
from coopmap.services import init_store
from coopmap.store import open_store
from coopmap.taxonomy import Sector

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium"),
]

WAIT_MS = 30_000
JOINER_COLON = ":\u2060"  # how app/detail.py writes a colon of a record's text

PAYLOADS = [
    "{{ 7*7 }}",
    "{% if 1 %}X{% endif %}",
    "${alert(1)}",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**bold** _it_ [link](https://evil.example) :red[red] $x^2$ :smile:",
]
# Away from the seed's places, so that each is the only feature under the mouse.
PAYLOAD_PLACES = [
    (47.9, 106.9),
    (43.8, 87.6),
    (41.3, 69.2),
    (36.1, 103.8),
    (29.6, 91.1),
    (46.0, 60.0),
]
LINKING_EVENT = "Signing around the payload projects"
# Playing has moved the time slider on from its first day (Play at the last day starts there).
MOVED_ON = """() => coopmap.timelines()[0].value() >
    Number(document.querySelector('.coopmap-timeline-slider').min)"""


def payload_records() -> list[Record]:
    """A project per payload, the payload in every text field; an event linking to them."""
    projects = [
        Project(
            id=f"payload-{number}",
            title=text,
            sectors=["transport"],
            status="operating",
            start="2019",
            notes=text,
            locations=[
                {"name": text, "precision": "city", "geometry": point_from_latlon(lat, lon)}
            ],
            organisations=[{"name": text, "role": "contractor"}],
            specs=[{"key": text, "value": 3, "unit": text}],
            sources=[
                {"title": text, "url": f"https://example.org/{text}"},
                {"title": f"doi {text}", "url": "doi:10.1000/182"},
            ],
        )
        for number, (text, (lat, lon)) in enumerate(zip(PAYLOADS, PAYLOAD_PLACES, strict=True))
    ]
    event = Event(
        id="payload-event",
        title=LINKING_EVENT,
        event_type="signing",
        start="2019-05-02",
        locations=[
            {"name": "Novosibirsk", "precision": "city", "geometry": point_from_latlon(55, 83)}
        ],
        participants=[{"name": PAYLOADS[4], "role": PAYLOADS[0]}],
        outcomes=[PAYLOADS[3]],
        links=[{"type": "signed_at", "project": p.id} for p in projects],
    )
    return [*projects, event]


# --- the server -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[Record]]:
    folder = tmp_path_factory.mktemp("app")
    url = init_store(str(folder / "atlas.gpkg")).url
    with open_store(url) as store:
        store.add(payload_records())
        everything = store.records()
    return url, everything


@pytest.fixture(scope="module")
def app_url(
    records: tuple[str, list[Record]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with browser.app_server(records[0], tmp_path_factory.mktemp("server")) as url:
        yield url


class Session:
    """A browser tab on the app: what it asked for, what it logged, and its map frame."""

    def __init__(self, page: Any, log: browser.PageLog, requests: list[str]) -> None:
        self.page = page
        self.log = log
        self.requests = requests

    # The map lives in st_folium's iframe, which is replaced whenever the map changes.
    def frames(self) -> list[Any]:
        return [f for f in self.page.frames if "streamlit_folium" in f.url and not f.is_detached()]

    def wait_map(self, predicate: str = "() => true", *, timeout_ms: int = WAIT_MS) -> Any:
        """The map frame once its layers are drawn and ``predicate`` holds in it."""
        check = f"""() => {{
          if (!window.coopmap) return false;
          const layers = coopmap.layers().filter(l => l._map);
          if (!layers.length || !layers.every(l => l.drawn() === l.count())) return false;
          return ({predicate})();
        }}"""

        def drawn() -> Any:
            for frame in self.frames():
                try:
                    if frame.evaluate(check):
                        return frame
                except Exception:  # detached while we asked: the map was replaced
                    continue
            return None

        found = browser.poll(drawn, page=self.page, timeout=timeout_ms / 1000)
        if found is None:
            raise AssertionError(f"no map frame with {predicate} in {timeout_ms} ms")
        return found

    def counts(self, frame: Any) -> dict[str, int]:
        return frame.evaluate(
            "() => Object.fromEntries(coopmap.layers().filter(l => l._map)"
            ".map(l => [l.options.key, l.drawn()]))"
        )

    def count_text(self) -> str:
        caption = self.page.locator("[data-testid='stCaptionContainer']", has_text=" records")
        return caption.first.inner_text().strip()

    def wait_count_text(self, text: str) -> None:
        self.page.locator("[data-testid='stCaptionContainer']", has_text=text).first.wait_for(
            timeout=WAIT_MS
        )

    def click_record(self, frame: Any, record_id: str) -> None:
        """Centre the map on a record's feature and click it with the mouse."""
        # A closed popup fades out for 200 ms, catching clicks meanwhile.
        frame.evaluate("() => { window.map.closePopup(); }")
        frame.wait_for_function("() => !document.querySelector('.leaflet-popup')")
        point = frame.evaluate(
            """(id) => {
              for (const layer of coopmap.layers()) {
                if (!layer._map) continue;
                const found = layer.getLayers().find(c => layer.recordOf(c).id === id);
                if (!found) continue;
                const map = layer._map;
                const at = found.getLatLng ? found.getLatLng() : found.getCenter();
                map.setView(at, map.getZoom(), {animate: false});
                const p = map.latLngToContainerPoint(at);
                const box = map.getContainer().getBoundingClientRect();
                return {x: box.left + p.x, y: box.top + p.y};
              }
              return null;
            }""",
            record_id,
        )
        assert point is not None, f"no feature of {record_id} on the map"
        box = frame.frame_element().bounding_box()
        browser.wait_painted(frame)  # the map drawn where it now stands
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def detail(self) -> Any:
        return self.page.locator(".st-key-detail_panel")

    def wait_detail(self, title: str, record_id: str, *, links: int = 0) -> Any:
        """The detail panel once it shows the record: its title, its id (written last), and
        ``links`` buttons to linked records (a button's code loads on first use, so a new
        page may draw the id before the buttons)."""
        panel = self.detail()
        try:
            panel.locator("h3", has_text=title).wait_for(timeout=WAIT_MS)
            shown_id = re.escape(record_id).replace(":", JOINER_COLON)
            written = re.compile(f"^id: {shown_id}$")
            panel.get_by_text(written).wait_for(timeout=WAIT_MS)
            if links:
                panel.get_by_role("button").nth(links - 1).wait_for(timeout=WAIT_MS)
        except Exception:
            browser.screenshot(self.page, "app_failure")
            raise
        return panel


@contextmanager
def session(chromium: Any, url: str) -> Iterator[Session]:
    """A fresh tab on the app with every outside request aborted and recorded."""
    log = browser.PageLog()
    requests: list[str] = []
    context = chromium.new_context(viewport={"width": 1700, "height": 1000})

    def route(route: Any) -> None:
        if browser.is_local(route.request.url):
            route.continue_()
        else:
            log.blocked.append(route.request.url)
            route.abort()

    def on_console(message: Any) -> None:
        if message.type == "error":
            where = (message.location or {}).get("url", "")
            log.console_errors.append(f"{message.text} @ {where}")

    def on_dialog(dialog: Any) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", route)
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.on("console", on_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    try:
        page.goto(url, wait_until="domcontentloaded")
        yield Session(page, log, requests)
    finally:
        context.close()


def expected_counts(records: list[Record], flt: Filter | None = None) -> dict[str, int]:
    """Features per layer key of the app's map of the records ``flt`` keeps."""
    flt = flt or Filter()
    kept = [r for r in flt.apply(records) if r.locations]
    return {
        group.key: sum(len(kept[i].locations) for i in group.members.tolist())
        for group in layer_groups(kept, sectors=flt.sectors or None)
    }


def shown_text(locator: Any) -> str:
    """The text of an element as people read it: without the invisible word joiners that keep
    Streamlit's Markdown from reading emoji codes and addresses in it (see ``detail.md``)."""
    return locator.inner_text().replace("\u2060", "")


def is_tile(url: str) -> bool:
    return url.startswith("https://tile.openstreetmap.org/")


def assert_quiet(s: Session) -> None:
    """Nothing ran that should not have, and nothing was asked of the outside but map tiles."""
    assert s.log.dialogs == []
    assert s.log.unexpected_errors() == []
    assert [url for url in s.log.blocked if not is_tile(url)] == []


# --- tests ----------------------------------------------------------------------------------


def test_the_seed_is_drawn_inside_st_folium_offline(chromium: Any, app_url: str, records) -> None:
    _, everything = records
    with session(chromium, app_url) as s:
        frame = s.wait_map()
        counts = s.counts(frame)
        text = s.count_text()
        scripts = frame.evaluate(
            "() => Array.from(document.scripts).map(x => x.src).filter(Boolean)"
            ".map(src => src.slice(0, 24))"
        )
        icon = frame.evaluate(
            """() => {
              const marker = L.marker(window.map.getCenter()).addTo(window.map);
              const src = marker.getElement().src;
              marker.remove();
              return src.slice(0, 22);
            }"""
        )
        browser.wait_at_rest(s.page)
        browser.screenshot(s.page, "app_map")
        assert_quiet(s)
        asked = list(s.requests)
    assert text == f"{len(everything)} of {len(everything)} records"
    assert counts == expected_counts(everything)
    # Leaflet came as a data: URL; nothing from a CDN, no default-marker picture by path.
    assert all(src.startswith(("data:", "http://127.0.0.1")) for src in scripts), scripts
    assert icon == "data:image/png;base64,"
    assert not [url for url in asked if "marker-icon" in url or "marker-shadow" in url]
    assert not [url for url in asked if not browser.is_local(url) and not is_tile(url)]


def test_deselecting_a_sector_removes_its_features_and_changes_the_count(
    chromium: Any, app_url: str, records
) -> None:
    _, everything = records
    kept = Filter(sectors=frozenset(Sector) - {Sector.INDUSTRY})
    expected = expected_counts(everything, kept)
    assert "industry" not in expected
    with session(chromium, app_url) as s:
        frame = s.wait_map()
        frame.evaluate("() => { window.probe = 'kept'; }")
        before = s.count_text()
        sidebar = s.page.locator("[data-testid='stSidebar']")
        sidebar.locator("button[aria-label='Remove Industry']").click()
        s.wait_count_text(f"{len(kept.apply(everything))} of {len(everything)} records")
        frame = s.wait_map(
            "() => !coopmap.layers().some(l => l._map && l.options.key === 'industry')"
        )
        counts = s.counts(frame)
        after = s.count_text()
        legend = frame.locator(".coopmap-legend").inner_text()
        # The filter reached the map already there: the same frame, not a new one.
        same_frame = frame.evaluate("() => window.probe") == "kept"
        browser.wait_at_rest(s.page)
        browser.screenshot(s.page, "app_map_without_industry")
        # And back: every feature again.
        sidebar.locator("[data-testid='stMultiSelect'] input").first.fill("Industry")
        s.page.keyboard.press("Enter")
        s.page.keyboard.press("Escape")
        s.wait_count_text(f"{len(everything)} of {len(everything)} records")
        frame = s.wait_map(
            "() => coopmap.layers().some(l => l._map && l.options.key === 'industry')"
        )
        again = s.counts(frame)
        assert_quiet(s)
    assert before != after
    assert counts == expected
    assert same_frame
    assert "Industry" not in legend
    assert "Transport and storage (" in legend
    assert again == expected_counts(everything)


def test_a_click_shows_the_record_and_its_linked_events_beside_the_map(
    chromium: Any, app_url: str
) -> None:
    with session(chromium, app_url) as s:
        frame = s.wait_map()
        frame.evaluate("() => { window.probe = 'kept'; }")
        s.click_record(frame, "pj-astana-light-rail")
        panel = s.wait_detail("Astana light railway", "pj-astana-light-rail", links=2)
        text = shown_text(panel)
        popup = frame.locator(".leaflet-popup-content .coopmap-title").inner_text()
        # The click reran the page without rebuilding the map: the same frame, same window.
        assert frame.evaluate("() => window.probe") == "kept"
        browser.wait_at_rest(s.page)
        browser.screenshot(s.page, "app_detail_project")
        # Follow a linked event, then back to the project through the event's links.
        panel.get_by_role("button", name="bilateral deal").click()
        event_panel = s.wait_detail(
            "Signing of the bilateral deal", "ev-2015-05-light-rail-deal", links=1
        )
        event_text = shown_text(event_panel)
        event_panel.get_by_role("button", name="Astana light railway").click()
        s.wait_detail("Astana light railway", "pj-astana-light-rail")
        assert_quiet(s)
    assert "Astana" in popup
    for expected in ("Project", "Transport and storage", "Locations", "Sources", "Linked events"):
        assert expected in text
    assert "id: pj-astana-light-rail" in text
    assert "Linked events" in text
    assert "signed at: Signing of the bilateral deal on the Astana light railway" in text
    assert "progress reported at: Li Keqiang" in text  # the Beijing talks
    assert "Linked projects" in event_text
    assert "signed at: Astana light railway" in event_text


def test_payloads_show_literally_in_popup_detail_and_links_and_nothing_runs(
    chromium: Any, app_url: str
) -> None:
    seen = []
    with session(chromium, app_url) as s:
        for number, text in enumerate(PAYLOADS):
            frame = s.wait_map()
            s.click_record(frame, f"payload-{number}")
            panel = s.wait_detail(text[:8], f"payload-{number}", links=1)
            popup = frame.locator(".leaflet-popup-content")
            links = panel.locator("a[href]:not([href^='#'])")
            seen.append(
                {
                    "popup_title": popup.locator(".coopmap-title").inner_text(),
                    "popup_notes": popup.locator(".coopmap-notes").inner_text(),
                    "title": shown_text(panel.locator("h3")),
                    "text": shown_text(panel),
                    "links": [(shown_text(a), a.get_attribute("href")) for a in links.all()],
                }
            )
            if number == 3:
                browser.wait_at_rest(s.page)
                browser.screenshot(s.page, "app_payload_detail")
        # The event that links to every payload project lists them all, literally.
        frame = s.wait_map()
        s.click_record(frame, "payload-event")
        event = shown_text(s.wait_detail(LINKING_EVENT, "payload-event", links=len(PAYLOADS)))
        injected = s.page.evaluate(
            "() => document.querySelectorAll('img[src=\"x\"], .stMain script').length"
        ) + frame.evaluate(
            "() => document.querySelectorAll('img[src=\"x\"], .leaflet-popup script').length"
        )
        browser.wait_at_rest(s.page)
        browser.screenshot(s.page, "app_payload_event")
        assert_quiet(s)
    for text, shown in zip(PAYLOADS, seen, strict=True):
        assert shown["popup_title"] == text
        assert shown["popup_notes"] == text
        assert shown["title"] == text
        for line in (
            f"Organisations: {text} (Contractor)",
            f"Specifications: {text}: 3 {text}",
            f"{text} \u2014 City or town",
            f"doi {text} (doi:10.1000/182)",
        ):
            assert line in shown["text"], (line, shown["text"])
        # The source's link and no other: the doi: source, the addresses in the text are none.
        [(link_text, href)] = shown["links"]
        assert link_text == text
        assert unquote(href) == f"https://example.org/{text}"
        assert "49" not in shown["text"].split()
    for text in PAYLOADS:
        assert f"signed at: {text}" in event
    assert injected == 0


def test_the_time_slider_plays_the_records_in_the_app(chromium: Any, app_url: str) -> None:
    with session(chromium, app_url) as s:
        frame = s.wait_map()

        def drawn() -> int:
            return sum(s.counts(frame).values())

        everything = drawn()
        slider = frame.locator(".coopmap-timeline-slider")
        slider.focus()
        s.page.keyboard.press("Home")
        first_day = drawn()
        date = frame.locator(".coopmap-timeline-date").inner_text()
        frame.locator(".coopmap-timeline-mode input").uncheck()
        s.page.keyboard.press("End")
        slider.focus()
        s.page.keyboard.press("End")
        active_at_end = drawn()
        browser.wait_at_rest(s.page)
        browser.screenshot(s.page, "app_timeline")
        frame.locator(".coopmap-timeline-mode input").check()
        back = drawn()
        frame.locator(".coopmap-timeline-play").click()
        frame.wait_for_function(MOVED_ON)
        playing = frame.evaluate("() => coopmap.timelines()[0].playing()")
        assert_quiet(s)
    assert date == "2014-01-01"  # the first day of the earliest date, a year
    assert first_day < everything
    assert active_at_end < everything
    assert back == everything
    assert playing


def test_deleting_a_record_beside_the_map_asks_first_and_undo_brings_it_back(
    chromium: Any, app_url: str, records
) -> None:
    url, everything = records
    deleted = next(r for r in everything if r.id == "payload-3")  # </script><script>...
    remaining = [r for r in everything if r is not deleted]

    def drawn_in_all(expected: dict[str, int]) -> str:
        total = sum(expected.values())
        return (
            "() => coopmap.layers().filter(l => l._map)"
            f".reduce((n, l) => n + l.drawn(), 0) === {total}"
        )

    with session(chromium, app_url) as s:
        frame = s.wait_map()
        s.click_record(frame, deleted.id)
        panel = s.wait_detail(deleted.title[:8], deleted.id, links=1)
        panel.page.get_by_role("button", name="Delete…").click()
        confirmation = s.page.locator(".st-key-map_delete_confirmation")
        confirmation.wait_for(timeout=WAIT_MS)
        asked = shown_text(confirmation)
        confirmation.scroll_into_view_if_needed()
        browser.wait_at_rest(s.page)
        browser.screenshot(s.page, "app_delete_confirmation")
        confirmation.get_by_role("button", name="Yes, delete it").click()
        s.wait_count_text(f"{len(remaining)} of {len(remaining)} records")
        frame = s.wait_map(drawn_in_all(expected_counts(remaining)))
        after = s.counts(frame)
        notice = shown_text(s.page.get_by_test_id("stAlertContentSuccess"))
        with open_store(url) as store:
            gone = store.get(deleted.id) is None
        s.page.get_by_role("button", name="Undo").click()
        s.wait_count_text(f"{len(everything)} of {len(everything)} records")
        frame = s.wait_map(drawn_in_all(expected_counts(everything)))
        back = s.counts(frame)
        assert_quiet(s)
    assert f"Delete the project '{deleted.title}' ({deleted.id})? It leaves the map" in asked
    assert f"Deleted the project '{deleted.title}' ({deleted.id})." in notice
    assert gone
    assert after == expected_counts(remaining)
    assert back == expected_counts(everything)
    with open_store(url) as store:
        assert store.get(deleted.id) == deleted


def test_the_apps_map_saves_itself_as_a_png(chromium: Any, app_url: str, tmp_path: Path) -> None:
    with session(chromium, app_url) as s:
        frame = s.wait_map()
        button = frame.get_by_role("button", name="Save as PNG")
        with s.page.expect_download() as download:
            button.click()
        saved = tmp_path / "map.png"
        download.value.save_as(saved)
        box = frame.locator(".leaflet-container").bounding_box()
        assert_quiet(s)
    data = saved.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (round(box["width"]), round(box["height"]))
    assert len(data) > 10_000  # outlines and records drawn, not a blank box
    assert download.value.suggested_filename == "map.png"
