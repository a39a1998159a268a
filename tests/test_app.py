"""Smoke test of the Streamlit app's pages with Streamlit's AppTest (no browser)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coopmap.tools import init_store

APP = Path(__file__).resolve().parents[1] / "app" / "streamlit_app.py"


def run(app: AppTest) -> AppTest:
    """Run the app again after a widget change.

    AppTest in Streamlit 1.67 reruns an ``st.navigation`` app on the page hash of the last run,
    which its fresh page registry does not know, and then silently runs nothing; forgetting the
    hash makes it run the entry script and its default page, as a browser session does.
    """
    app._finished_page_script_hash = ""
    return app.run()


@pytest.fixture
def app(tmp_path, monkeypatch):
    store = tmp_path / "atlas.gpkg"
    init_store(str(store))
    monkeypatch.setenv("COOPMAP_STORE", str(store))
    return AppTest.from_file(str(APP), default_timeout=120)


def test_map_page_shows_the_seed_and_filters_by_sector(app):
    app.run()
    assert not app.exception
    assert app.caption[0].value == "19 of 19 records"
    sectors = app.sidebar.multiselect(key="f_sectors")
    assert "transport" in sectors.value
    sectors.set_value(["ict"])
    run(app)
    assert not app.exception
    assert app.caption[0].value == "2 of 19 records"  # the conference, the visit


def test_map_page_text_search_and_kind(app):
    app.run()
    app.sidebar.text_input(key="f_text").set_value("railway")
    run(app)
    assert app.caption[0].value == "3 of 19 records"  # the railway, its deal, the programme
    app.sidebar.multiselect(key="f_kinds").set_value(["event"])
    run(app)
    assert app.caption[0].value == "1 of 19 records"
