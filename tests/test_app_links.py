"""The view in the app's address (app/links.py) and the map page's "download this view", with
Streamlit's AppTest: a link's filters, day, selection and map view become the page's, the page's
become the address, values the atlas does not know are named, and the download is what
``coopmap export`` writes for the same filters."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from apptest_helpers import APP, SEED_COUNT
from coopmap.cli import main
from coopmap.query import Filter
from coopmap.services import select
from coopmap.store import open_store

LINK = {
    "country": "KZ",
    "kind": "project",
    "as-of": "2016-01-01",
    "record": "pj-astana-light-rail",
    "lat": "48.5",
    "lon": "68.25",
    "zoom": "6",
}


def app_at(query: dict[str, Any]) -> AppTest:
    test = AppTest.from_file(str(APP), default_timeout=120)
    for name, value in query.items():
        test.query_params[name] = value
    test.run()
    assert not test.exception, test.exception
    return test


def records_caption(test: AppTest) -> str:
    return next(c.value for c in test.caption if re.search(r"\d+ of \d+ records", c.value))


def test_a_link_sets_the_filters_the_day_the_selection_and_the_map(store_path: Path) -> None:
    test = app_at(LINK)
    ss = test.session_state
    with open_store(store_path) as store:
        kept = select(
            store,
            Filter.make(countries=["KZ"], kinds=["project"], as_of=dt.date(2016, 1, 1)),
        )
    assert ss["f_countries"] == ["KZ"]
    assert ss["f_kinds"] == ["project"]
    assert ss["f_as_of"] == dt.date(2016, 1, 1)
    assert ss["coopmap_selected"] == "pj-astana-light-rail"
    assert ss["map_view"] == (48.5, 68.25, 6)
    # the map is sent there once it opens
    assert ss["map_go"]["view"] == [48.5, 68.25, 6]
    assert records_caption(test).startswith(f"{len(kept)} of {SEED_COUNT} records")
    assert "Astana light railway" in [h.value for h in test.subheader]
    # and the address says the same view back
    assert {name: test.query_params[name] for name in LINK} == {
        **LINK,
        "lat": "48.5000",
        "lon": "68.2500",
    }


def test_the_address_follows_the_widgets(store_path: Path) -> None:
    test = app_at({})
    assert dict(test.query_params) == {}  # everything shown: nothing to say
    test.multiselect(key="f_countries").set_value(["CN"]).run()
    test.date_input(key="f_as_of").set_value(dt.date(2015, 6, 1)).run()
    test.text_input(key="f_text").set_value("railway").run()
    sectors = test.multiselect(key="f_sectors")
    sectors.set_value(sectors.value[:2]).run()
    assert not test.exception
    params = test.query_params
    assert params["country"] == "CN"
    assert params["as-of"] == "2015-06-01"
    assert params["text"] == "railway"
    assert params["sector"] == [str(s.value) for s in sectors.value[:2]]
    # a new session on that address shows the same records
    again = app_at(dict(params))
    assert records_caption(again) == records_caption(test)
    assert again.session_state["f_sectors"] == test.session_state["f_sectors"]


def test_a_link_with_values_the_atlas_lacks_names_them(store_path: Path) -> None:
    test = app_at(
        {"country": ["KZ", "ZZ"], "as-of": "someday", "zoom": "99", "lat": "1", "lon": "2"}
    )
    warning = " ".join(w.value for w in test.warning)
    assert "country\\=\\'ZZ\\'" in warning
    assert "as\\-of\\=\\'someday\\'" in warning
    assert "zoom\\=\\'99\\'" in warning
    assert test.session_state["f_countries"] == ["KZ"]
    assert "map_view" not in test.session_state


def test_download_this_view_is_the_export_with_the_same_filters(
    store_path: Path, tmp_path: Path, monkeypatch
) -> None:
    made: list[Any] = []
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, *args, **kwargs):
        made.append(data_callable)
        return original(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    test = app_at({"country": "KZ"})
    button = test.get("download_button")[0].proto
    assert button.label == "Download this view"
    assert len(made) == 1
    downloaded = made[0]().decode("utf-8")

    out = tmp_path / "export.html"
    result = CliRunner().invoke(
        main, ["--store", str(store_path), "export", str(out), "--country", "KZ"]
    )
    assert result.exit_code == 0, result.output
    exported = out.read_text(encoding="utf-8")
    with open_store(store_path) as store:
        everything = [r for r in select(store) if r.locations]
    ids = {r.id for r in everything if r.id in downloaded}
    assert ids == {r.id for r in everything if r.id in exported}
    assert ids
    assert len(ids) < len(everything)
    # the same map, but for the names folium gives its elements
    assert abs(len(downloaded) - len(exported)) < 2000
