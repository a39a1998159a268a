"""The exported map's slider count: records (not features or layer memberships), following
the layer switches and the slider, in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import browser
from coopmap.formats import html as html_export
from coopmap.seed import load_seed

COUNT = ".coopmap-timeline-count"
# Distinct records drawn over the record layers on the map.
DRAWN_RECORDS = """() => new Set(coopmap.layers().filter(l => l.store && l._map)
  .flatMap(l => l.getLayers().map(c => l.recordOf(c).id))).size"""
SWITCH_ALL = """(on) => document.querySelectorAll('.leaflet-control-layers-overlays input')
  .forEach(i => { if (i.checked !== on) { i.click(); } })"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, browser.PageLog]]:
    if not browser.available():
        pytest.skip("needs Playwright and /usr/bin/chromium")
    records = load_seed()
    path = html_export.write(records, tmp_path_factory.mktemp("counts") / "map.html")
    with browser.launch() as chromium, browser.open_page(chromium, path.as_uri()) as opened:
        yield opened


@pytest.mark.browser
def test_the_count_is_of_records_and_follows_layers_and_slider(page) -> None:
    tab, log = page
    located = sum(1 for r in load_seed() if r.locations)
    slider = tab.locator(".coopmap-timeline-slider")
    slider.focus()
    tab.keyboard.press("End")
    assert tab.evaluate(DRAWN_RECORDS) == located
    assert tab.locator(COUNT).text_content() == f"{located} of {located} shown"
    # Every layer switched off: nothing shown, nothing the slider could show.
    tab.evaluate(SWITCH_ALL, False)
    assert tab.evaluate(DRAWN_RECORDS) == 0
    assert tab.locator(COUNT).text_content() == "0 of 0 shown"
    tab.evaluate(SWITCH_ALL, True)
    assert tab.locator(COUNT).text_content() == f"{located} of {located} shown"
    # At the slider's first day: the records drawn then, of all of them.
    tab.keyboard.press("Home")
    early = tab.evaluate(DRAWN_RECORDS)
    assert early < located
    assert tab.locator(COUNT).text_content() == f"{early} of {located} shown"
    assert log.unexpected_errors() == []
