"""The Summary page's amounts (coopmap.money) and its charts that set the filter when a bar is
clicked, in AppTest."""

from __future__ import annotations

import io
import json

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

import browser
from apptest_helpers import APP, SEED_COUNT, open_page
from coopmap.model import Project
from coopmap.store import open_store

AMOUNTS = [
    ("pj-amount-plant", "energy", "KZ", "2015", 620_000_000, "CNY"),
    ("pj-amount-road", "transport", "CN", "2016", 50_000_000, "USD"),
    ("pj-amount-mine", "mining", "KZ", "2015", 9_000_000_000, "KZT"),
]


def amount_projects() -> list[Project]:
    return [
        Project(
            id=id,
            title=id,
            sectors=[sector],
            countries=[country],
            start=start,
            amount={"value": value, "currency": currency},
        )
        for id, sector, country, start, value, currency in AMOUNTS
    ]


@pytest.fixture
def app(store_path):
    """The app on the seed and three projects with amounts, on its Summary page."""
    with open_store(store_path) as store:
        store.add(amount_projects())
    test = AppTest.from_file(str(APP), default_timeout=120)
    test.run()
    return open_page(test, "summary")


def charts(app: AppTest) -> list:
    return list(app.get("arrow_vega_lite_chart")) or list(app.get("vega_lite_chart"))


def table_with(app: AppTest, *columns: str):
    return next(t.value for t in app.dataframe if set(columns) <= set(t.value.columns))


def click_bar(app: AppTest, title: str, point: dict) -> AppTest:
    """What the browser sends when a bar of the chart ``title`` is clicked: its point
    selection, as the chart's widget state."""
    [chart] = [c for c in charts(app) if json.loads(c.proto.spec).get("title") == title]
    states = app._tree.get_widget_states()
    state = WidgetState(id=chart.proto.id)
    state.string_value = json.dumps({"selection": {"pick": [point]}})
    states.widgets.append(state)
    app._run(states)
    assert not app.exception, app.exception
    return app


def test_the_summary_adds_up_the_amounts_in_dollars_and_says_which_rates(app):
    captions = [c.value for c in app.caption]
    assert any("3 of 22 records give an amount" in c for c in captions)
    assert any("ECB reference rate, yearly average 2015" in c.replace("\\", "") for c in captions)
    assert any("the ECB publishes no reference rate for KZT" in c for c in captions)
    assert len(charts(app)) == 4 + 3
    by_country = table_with(app, "amounts", "country")
    kazakhstan = by_country[by_country["country"] == "Kazakhstan"].iloc[0]
    assert kazakhstan["amounts"] == "9,000,000,000 KZT, 620,000,000 CNY"
    assert kazakhstan["USD"].endswith("(1 without a rate)")


def test_a_click_on_a_sector_bar_sets_the_sector_filter(app):
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Records"] == str(SEED_COUNT + 3)
    click_bar(app, "Amounts by sector (USD)", {"sector": "energy"})
    assert app.sidebar.multiselect(key="f_sectors").value == ["energy"]
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["Records"]) < SEED_COUNT + 3
    assert metrics["Sectors"] == "1" or int(metrics["Events"]) > 0  # events pass a sector filter


def test_a_click_on_a_country_or_year_bar_sets_that_filter(app):
    click_bar(app, "By country", {"country": "CN"})
    assert app.sidebar.multiselect(key="f_countries").value == ["CN"]
    click_bar(app, "Amounts by start year (USD)", {"year": 2015})
    dates = app.sidebar.date_input(key="f_dates").value
    assert (str(dates[0]), str(dates[1])) == ("2015-01-01", "2015-12-31")
    # the other filters stay
    assert app.sidebar.multiselect(key="f_countries").value == ["CN"]


# --- the real app in Chromium ---------------------------------------------------------------------

BAR = (76, 120, 168)  # charts.PROJECT_COLOUR


def _bar_point(chart) -> tuple[float, float]:
    """A point of the chart's first bar in the page, found in a picture of the chart: a run
    of the bar colour taller than the legend's swatches."""
    from PIL import Image  # Streamlit's dependency

    box = chart.bounding_box()
    picture = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    scale = picture.width / box["width"]
    tall = round(14 * scale)

    def bar(x: int, y: int) -> bool:
        pixel = picture.getpixel((x, y))
        return all(abs(a - b) <= 8 for a, b in zip(pixel, BAR, strict=True))  # type: ignore[arg-type]

    for y in range(picture.height - tall):
        for x in range(picture.width):
            if all(bar(x, y + dy) for dy in range(tall)):
                return box["x"] + (x + 2) / scale, box["y"] + (y + tall / 2) / scale
    raise AssertionError("no bar in the chart")


@pytest.mark.browser
@pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium")
@pytest.mark.parametrize("width", [1400, 800])
def test_in_chromium_a_click_on_a_bar_sets_the_filter(served_app, width):
    url, store_path = served_app
    with open_store(store_path) as store:
        if store.get(AMOUNTS[0][0]) is None:
            store.add(amount_projects())
    with (
        browser.launch() as chromium,
        browser.open_app(chromium, url, width=width, height=900) as (page, log),
    ):
        main = browser.go_to_page(page, "Summary")
        charts = main.locator("[data-testid='stVegaLiteChart']")
        charts.nth(6).wait_for(timeout=30_000)
        assert charts.count() == 7
        main.get_by_text("Amounts", exact=True).scroll_into_view_if_needed()
        browser.screenshot(page, f"app_summary_amounts_{width}")
        chart = charts.nth(0)  # By sector: transport first, the seed's most common
        chart.scroll_into_view_if_needed()
        x, y = _bar_point(chart)
        with browser.app_rerun(page):
            page.mouse.click(x, y)
        sectors = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first
        browser.screenshot(page, f"app_summary_picked_{width}")
        text = sectors.inner_text()
        assert "Transport and storage" in text, text
        assert "Energy" not in text, text
        assert log.unexpected_errors() == []
