"""The detail panel's history of a record (AppTest, no browser), on every store backend."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coopmap.services import init_store
from coopmap.store import open_store

APP = Path(__file__).resolve().parents[1] / "app" / "streamlit_app.py"
SELECTED = "coopmap_selected"  # app/detail.py: the selected record's id
LRT = "pj-astana-light-rail"


@pytest.fixture
def app(store_url, monkeypatch):
    init_store(store_url, user="alice")
    with open_store(store_url, user="bob") as store:
        lrt = store.get(LRT)
        edited = lrt.model_copy(update={"title": "Astana LRT <b>*bold*</b>", "notes": "x" * 300})
        store.update(edited, expected_version=store.version(LRT))
    monkeypatch.setenv("COOPMAP_STORE", store_url)
    return AppTest.from_file(str(APP), default_timeout=120)


def history_of(app: AppTest):
    """The history expander of the Astana railway's detail panel on the map page."""
    app.run()
    app.session_state[SELECTED] = LRT
    app.run()
    assert not app.exception
    [expander] = [e for e in app.expander if e.label.startswith("History")]
    return expander


def test_the_detail_panel_shows_the_history_newest_first_and_collapsed(app):
    expander = history_of(app)
    assert expander.label == "History (2 changes)"
    assert expander.proto.expanded is False
    newest, oldest = (m.value for m in expander.markdown)
    plain = newest.replace("\u2060", "").replace("\\", "")
    assert " UTC · bob · updated (version 2)**" in plain
    assert '- title: "Astana light railway" -> "Astana LRT <b>*bold*</b>"' in plain
    assert "<b>" not in newest  # shown literally, never as markup
    [notes] = [line for line in plain.splitlines() if line.startswith("- notes:")]
    assert notes.endswith("x…")  # both values cut to one short line each
    assert notes.count("…") == 2
    assert len(notes) < 150
    assert " UTC · alice · added (version 1)**" in oldest.replace("\\", "")


def test_a_record_deleted_and_restored_shows_both(app, store_url):
    with open_store(store_url, user="carol") as store:
        store.delete(LRT)
        store.restore(LRT)
    expander = history_of(app)
    assert expander.label == "History (4 changes)"
    heads = [m.value.replace("\\", "").split("**")[1] for m in expander.markdown]
    assert [head.split(" · ", 1)[1] for head in heads] == [
        "carol · restored (version 3)",
        "carol · deleted (deleted version 2)",
        "bob · updated (version 2)",
        "alice · added (version 1)",
    ]
