"""Smoke test of the Streamlit app's pages with Streamlit's AppTest (no browser)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coopmap.tools import init_store

APP = Path(__file__).resolve().parents[1] / "app" / "streamlit_app.py"


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
    sectors = app.sidebar.multiselect[0]
    assert "transport" in sectors.value
    sectors.set_value(["ict"]).run()
    assert not app.exception
    shown = app.caption[0].value
    assert shown.endswith("of 19 records")
    assert shown != "19 of 19 records"
