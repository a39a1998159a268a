"""The time slider: record intervals at their dates' precision, the control's data, and the
slider at work in an exported map in headless Chromium."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import folium
import pytest

import browser
from builders import PAYLOADS, sample_records
from coopmap.dates import PartialDate, overlaps
from coopmap.formats import html as html_export
from coopmap.maps import build_map
from coopmap.maps.payload import NO_DAY
from coopmap.maps.timeline import (
    EPOCH,
    Timeline,
    add_timeline,
    day_intervals,
    day_number,
    record_interval,
    timeline_js,
)
from coopmap.model import Project, Record, point_from_latlon
from page_data import ints, page_payloads


def project(start: str | None = None, end: str | None = None, **fields: Any) -> Project:
    return Project(
        title=fields.pop("title", f"p {start} {end}"),
        sectors=["energy"],
        start=start,
        end=end,
        locations=[{"name": "X", "geometry": point_from_latlon(45, 70), "precision": "city"}],
        **fields,
    )


def timeline_of(m: folium.Map) -> Timeline | None:
    found = [c for c in m._children.values() if isinstance(c, Timeline)]
    assert len(found) <= 1
    return found[0] if found else None


# --- intervals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "first", "last"),
    [
        ("2015", None, "2015-01-01", "2015-12-31"),
        ("2016-02", None, "2016-02-01", "2016-02-29"),
        ("2015-12-14", None, "2015-12-14", "2015-12-14"),
        ("2015-05", "2024", "2015-05-01", "2024-12-31"),
        (None, "2019-06", "2019-06-01", "2019-06-30"),
        ("2016-11-16", "2016-11-18", "2016-11-16", "2016-11-18"),
    ],
)
def test_a_record_covers_its_dates_at_their_precision(
    start: str | None, end: str | None, first: str, last: str
) -> None:
    assert record_interval(project(start, end)) == (
        dt.date.fromisoformat(first),
        dt.date.fromisoformat(last),
    )


def test_undated_records_have_no_interval() -> None:
    assert record_interval(project()) is None
    assert day_intervals([project(), project("1970-01-02")]) == ([None, 1], [None, 1])


def test_day_numbers_count_from_1970() -> None:
    assert day_number(EPOCH) == 0
    assert day_number(dt.date(2015, 12, 14)) == 16783
    assert day_number(dt.date(1969, 12, 31)) == -1


@pytest.mark.parametrize("day", ["2013-06-30", "2015-05-01", "2016-11-17", "2019-01-01", "2025"])
def test_active_on_a_day_is_what_the_date_filter_keeps_for_that_day(day: str) -> None:
    on = PartialDate.parse(day).first_day
    for record in sample_records():
        interval = record_interval(record)
        active = interval is not None and interval[0] <= on <= interval[1]
        assert active == overlaps(record.start, record.end, on, on), record.title


# --- the control on a map -------------------------------------------------------------------


def test_build_map_adds_a_timeline_over_every_record_layer() -> None:
    m = build_map(sample_records(), timeline=True)
    timeline = timeline_of(m)
    assert timeline is not None
    spec = timeline.spec()
    [store_intervals] = spec["stores"]
    store = timeline.layers()[0].store
    assert (store_intervals["first"], store_intervals["last"]) == day_intervals(store.records)
    assert spec["layerStore"] == [0] * len(timeline.layers())
    assert spec["start"] == day_number(dt.date(2013, 7, 1))  # the freight hub, from 2013-07
    assert spec["end"] == day_number(dt.date(2024, 12, 31))  # the light rail, until 2024
    assert spec["cumulative"] is True
    # It comes before the layer control, which stays last.
    children = list(m._children.values())
    assert children.index(timeline) < len(children) - 1
    assert isinstance(children[-1], folium.LayerControl)


def test_a_long_list_of_days_is_base64_integers_with_a_mark_for_no_date() -> None:
    starts = [None, "2015", "2016-02", "1969-12-31", *(["2020-05-05"] * 1_200)]
    records = [project(start, end="2021" if k % 2 else None) for k, start in enumerate(starts)]
    timeline = timeline_of(build_map(records, timeline=True))
    assert timeline is not None
    [days] = timeline.spec()["stores"]
    store = timeline.layers()[0].store
    first, last = day_intervals(store.records)
    assert set(days["first"]) == {"i4"}  # long lists are bytes
    assert ints(days["first"]) == [NO_DAY if d is None else d for d in first]
    assert ints(days["last"]) == [NO_DAY if d is None else d for d in last]
    assert ints(days["first"])[store.records.index(records[3])] == -1  # 1969-12-31


def test_the_timeline_is_on_by_default_only_with_two_dated_records() -> None:
    assert timeline_of(build_map(sample_records())) is not None
    assert timeline_of(build_map([project("2015")])) is None  # a one-record preview
    assert timeline_of(build_map([project("2015")], timeline=True)) is not None
    assert timeline_of(build_map([project(), project()], timeline=True)) is None  # no dates
    assert timeline_of(build_map(sample_records(), timeline=False)) is None


def test_one_timeline_covers_layers_added_to_a_map_twice() -> None:
    m = folium.Map(tiles=None)
    build_map(sample_records()[:2], m=m)
    build_map(sample_records()[2:4], m=m)
    timeline = timeline_of(m)
    assert timeline is not None
    spec = timeline.spec()
    assert len(spec["stores"]) == 2
    assert sorted(set(spec["layerStore"])) == [0, 1]
    assert m.get_root().render().count("coopmap.timeline(") == 1


def test_the_page_carries_the_control_inertly() -> None:
    records = [project("2015", title=text) for text in PAYLOADS]
    html = build_map(records, tiles=None).get_root().render()
    assert html.count("coopmap.timeline(") == 1
    assert html.count("<script") == 3  # Leaflet, the page's script, nothing more
    for text in PAYLOADS:
        assert text not in html
    code = timeline_js()
    for marker in ("{{", "{%", "{#", "</"):
        assert marker not in code
    specs = [v for v in page_payloads(html) if isinstance(v, dict) and "stores" in v]
    assert len(specs) == 1
    assert not any(text in json.dumps(specs[0]) for text in PAYLOADS)


def test_exported_maps_have_the_timeline() -> None:
    html = html_export.render(sample_records())
    assert re.search(r"coopmap\.timeline\(map_\w+, \[", html)


def test_add_timeline_replaces_and_removes() -> None:
    m = build_map(sample_records())
    assert add_timeline(m, when=True) is not None
    assert add_timeline(m, when=False) is None
    assert timeline_of(m) is None


# --- in the browser -------------------------------------------------------------------------

DRAWN = "() => coopmap.layers().reduce((n, l) => n + l.drawn(), 0)"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, browser.PageLog]]:
    if not browser.available():
        pytest.skip("needs Playwright and /usr/bin/chromium")
    records: list[Record] = [*sample_records(), project(title="Undated")]
    path = html_export.write(records, tmp_path_factory.mktemp("timeline") / "map.html")
    with browser.launch() as chromium, browser.open_page(chromium, path.as_uri()) as opened:
        yield opened


def set_day(page: Any, day: str) -> None:
    page.evaluate(
        "(day) => { coopmap.timelines()[0].setValue(day); }",
        day_number(dt.date.fromisoformat(day)),
    )


@pytest.mark.browser
def test_moving_the_slider_changes_what_is_drawn(page: tuple[Any, browser.PageLog]) -> None:
    tab, log = page
    everything = tab.evaluate(DRAWN)
    slider = tab.locator(".coopmap-timeline-slider")
    slider.focus()
    tab.keyboard.press("Home")
    at_start = tab.evaluate(DRAWN)
    date = tab.locator(".coopmap-timeline-date").text_content()
    count = tab.locator(".coopmap-timeline-count").text_content()
    tab.keyboard.press("End")
    at_end = tab.evaluate(DRAWN)
    records = tab.evaluate(
        "() => new Set(coopmap.layers().flatMap(l => l.getLayers().map(c => l.recordOf(c).id)))"
        ".size"
    )
    # At the start the freight hub (2013-07, in two layers) and the two undated records (the
    # grain parks and ours); at the end, everything. The count is of records, the hub once.
    assert date == "2013-07-01"
    assert at_start == 4
    assert count == f"3 of {records} shown"
    assert records < everything
    assert at_end == everything == 9
    assert log.unexpected_errors() == []


@pytest.mark.browser
def test_cumulative_or_only_what_is_active(page: tuple[Any, browser.PageLog]) -> None:
    tab, _ = page
    set_day(tab, "2016-11-17")
    cumulative = tab.evaluate(DRAWN)
    tab.locator(".coopmap-timeline-mode input").uncheck()
    active = tab.evaluate(DRAWN)
    titles = tab.evaluate(
        "() => coopmap.layers().flatMap(l => l.getLayers().map(c => l.recordOf(c).title))"
    )
    tab.locator(".coopmap-timeline-mode input").check()
    browser.screenshot(tab, "timeline_export")
    # Started by then: rail (2015-05), hub (2013-07, two layers), signing (2015-12-14), pilot
    # (2016), conference (2016-11-16), and the two undated records; not the wind programme
    # (2019). Active that day: the rail, the pilot, the conference and the undated records;
    # not the signing (that day only) nor the hub (a start without an end covers its month, as
    # the date filter reads it).
    assert cumulative == 8
    assert active == 5
    assert "Beijing signing of the LRT loan" not in titles
    assert "Zhengzhou-Europe freight hub" not in titles
    assert "World Internet Conference" in titles


@pytest.mark.browser
def test_play_runs_to_the_end_and_stops(page: tuple[Any, browser.PageLog]) -> None:
    tab, log = page
    set_day(tab, "2024-06-01")  # half a year, some fifteen steps, before the end
    drawn = tab.evaluate(DRAWN)
    tab.locator(".coopmap-timeline-play").click()
    assert tab.evaluate("() => coopmap.timelines()[0].playing()")
    tab.wait_for_function("() => !coopmap.timelines()[0].playing()", timeout=30_000)
    assert tab.locator(".coopmap-timeline-date").text_content() == "2024-12-31"
    assert tab.locator(".coopmap-timeline-play").get_attribute("aria-label") == "Play"
    assert drawn == tab.evaluate(DRAWN) == 9
    assert log.unexpected_errors() == []
    assert log.dialogs == []
