"""A filter applied to a map already in the page: what it sends, and what the page then shows."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import browser
from builders import PAYLOADS, sample_records
from coopmap.errors import CoopmapError
from coopmap.maps import RecordStore, build_map
from coopmap.maps.timeline import day_number
from coopmap.maps.view import RecordView, view_group
from coopmap.model import Project, point_from_latlon
from coopmap.query import Filter


def store_of(m: Any) -> RecordStore:
    [store] = [c for c in m._children.values() if isinstance(c, RecordStore)]
    return store


def test_the_view_sends_the_kept_records_layers_and_counts() -> None:
    records = sample_records()
    m = build_map(records)
    kept = Filter.make(sectors=["transport"]).apply(records)
    spec = RecordView(m, kept, layers={"transport", "events"}).spec()
    store = store_of(m)
    indices = sorted(store.indices(kept).tolist())
    steps = [b - a for a, b in itertools.pairwise(indices)]
    assert spec["members"] == ["d", indices[0], *steps]
    assert spec["layers"] == ["transport", "events"]
    legend = spec["legend"]
    assert [(entry["label"], entry["count"]) for entry in legend["layers"]] == [
        ("Transport and storage", 2),
        ("Events", 1),  # the signing; the conference is in another sector
    ]
    labels = spec["labels"]
    assert labels["transport"].endswith("Transport and storage (2)")
    assert labels["energy"].endswith("Energy (0)")
    south_west, north_east = spec["bounds"]
    assert south_west[0] < north_east[0]
    assert south_west[1] < north_east[1]


def test_everything_is_all_members_and_every_layer() -> None:
    m = build_map(sample_records())
    spec = RecordView(m).spec()
    assert spec["members"] == ["all"]
    assert spec["layers"] is None


def test_records_without_a_place_are_ignored_but_strangers_refused() -> None:
    records = sample_records()
    m = build_map(records)
    nowhere = Project(title="Nowhere", sectors=["energy"])
    assert RecordView(m, [*records[:2], nowhere]).spec()["members"][0] == "d"
    with pytest.raises(CoopmapError, match="records of its store"):
        RecordView(m, sample_records()[:1])


def test_a_view_needs_one_store() -> None:
    m = build_map(sample_records()[:2])
    build_map(sample_records()[2:4], m=m)
    with pytest.raises(CoopmapError, match="one record store"):
        RecordView(m)


def test_the_view_group_is_what_st_folium_sends() -> None:
    streamlit_folium = pytest.importorskip("streamlit_folium")
    records = sample_records()
    m = build_map(records)
    streamlit_folium.generate_leaflet_string(m)
    before = streamlit_folium.generate_leaflet_string(m)
    group = view_group(m, records[:3])
    code = streamlit_folium._get_feature_group_string(group, m)
    assert "coopmap.view(map_div, JSON.parse(" in code
    assert "map_div.addLayer(feature_group_feature_group_0)" in code
    # The group is added to the map for that: taken out again, the map's script is unchanged.
    m._children.pop(group.get_name())
    assert streamlit_folium.generate_leaflet_string(m) == before


def test_the_view_carries_no_record_text() -> None:
    records = [
        Project(
            title=text,
            sectors=["energy"],
            locations=[{"name": text, "geometry": point_from_latlon(40, 70 + i)}],
        )
        for i, text in enumerate(PAYLOADS)
    ]
    m = build_map(records)
    code = RecordView(m, records[:2]).script_js()
    for text in PAYLOADS:
        assert text not in code
    for marker in ("</", "{{", "{%"):
        assert marker not in code


# --- in the browser -------------------------------------------------------------------------

DRAWN = """() => Object.fromEntries(coopmap.layers().filter(l => l._map)
  .map(l => [l.options.key, l.drawn()]))"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not browser.available():
        pytest.skip("needs Playwright and /usr/bin/chromium")
    records = sample_records()
    m = build_map(records, tiles=None, timeline=True)
    path: Path = tmp_path_factory.mktemp("view") / "map.html"
    path.write_text(m.get_root().render(), encoding="utf-8")
    transport = Filter.make(sectors=["transport"]).apply(records)
    views = {
        "transport": RecordView(m, transport, layers={"transport", "events"}),
        "all": RecordView(m),
    }
    with browser.launch() as chromium, browser.open_page(chromium, path.as_uri()) as (tab, log):
        yield tab, log, views, m


def show(tab: Any, m: Any, view: RecordView) -> None:
    tab.evaluate(f"() => {{ {view.script_js()} }}")


@pytest.mark.browser
def test_a_view_hides_what_the_filter_leaves_out_and_gives_it_back(page: Any) -> None:
    tab, log, views, m = page
    everything = tab.evaluate(DRAWN)
    show(tab, m, views["transport"])
    filtered = tab.evaluate(DRAWN)
    legend = tab.locator(".coopmap-legend").inner_text()
    tab.hover(".leaflet-control-layers")
    labels = tab.locator(".leaflet-control-layers-overlays label").all_text_contents()
    tab.mouse.move(5, 400)
    browser.screenshot(tab, "view_transport")
    show(tab, m, views["all"])
    again = tab.evaluate(DRAWN)
    assert filtered == {"transport": 2, "events": 1}
    assert again == everything
    assert "Energy" not in legend
    assert any(label.strip() == "Energy (0)" for label in labels), labels
    assert log.unexpected_errors() == []


@pytest.mark.browser
def test_a_feature_shows_when_both_the_view_and_the_time_slider_let_it(page: Any) -> None:
    tab, _, views, m = page
    show(tab, m, views["transport"])
    day = day_number(dt.date(2014, 1, 1))  # only the freight hub (2013-07) has started
    tab.evaluate(f"() => {{ coopmap.timelines()[0].setValue({day}); }}")
    both = tab.evaluate(DRAWN)
    count = tab.locator(".coopmap-timeline-count").text_content()
    show(tab, m, views["all"])
    time_only = tab.evaluate(DRAWN)
    tab.evaluate("() => { const t = coopmap.timelines()[0]; t.setValue(t._spec.end); }")
    assert both == {"transport": 1, "events": 0}
    assert count == "1 of 3 shown"  # of the three features the view keeps
    assert time_only["trade"] == 1
    assert sum(time_only.values()) == 3  # the hub twice, the undated grain parks
