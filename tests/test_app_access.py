"""The app's sign-in and roles (app/access.py), driven with AppTest: with users, a local account
signs in first; an editor's changes are theirs in the history; a viewer's save, delete, import
and ingest are refused by the services even when the click reaches them; ``--read-only`` serves
everyone as a viewer without a sign-in."""

import logging

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import APP, PASSWORD, SEED_COUNT, key, literal, open_page, signed_in, stored
from coopmap.services.users import add_user, set_role
from coopmap.store import open_store

RECORD = "pj-astana-light-rail"
SHEET = "title,sectors,countries,location\nAn Almaty depot,transport,KZ,Almaty\n"
REPORT = (
    "ASTANA, December 15, 2015 -- The Astana light railway, a 22.4 km line with 18 stations, "
    "will be built by China Railway Group."
)


@pytest.fixture
def users(store_path):
    """An editor and a viewer with local accounts (the store_path fixture names the file)."""
    add_user("ed", role="editor", password=PASSWORD)
    add_user("vera", role="viewer", password=PASSWORD)


def refusals(app: AppTest) -> list[str]:
    shown = [literal(e.value) for e in app.error]
    return [text for text in shown if "may not" in text]


def test_a_wrong_password_signs_nobody_in(users, caplog):
    caplog.set_level(logging.DEBUG)
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    app.text_input(key="access_name").input("ed")
    app.text_input(key="access_password").input("guess")
    app.button[0].click().run()
    assert [e.value for e in app.error] == ["Wrong name or password."]
    assert "access_signed_in" not in app.session_state
    assert "guess" not in caplog.text
    assert "a sign-in failed" in caplog.text


def test_an_editors_save_is_recorded_under_their_name(users, store_path):
    app = signed_in("ed")
    assert "Signed in as **ed** (editor)" in [literal(c.value) for c in app.sidebar.caption]
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value(RECORD).run()
    assert not app.button(key=key(app, "save")).disabled
    app.text_area(key=key(app, "notes")).set_value("Opened in 2017.").run()
    app.button(key=key(app, "save")).click().run()
    assert "version 2" in app.success[0].value
    with open_store(store_path) as store:
        assert store.history(RECORD)[-1].user == "ed"


def test_a_viewer_has_no_live_button_to_change_records(users):
    app = signed_in("vera")
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value(RECORD).run()
    assert app.button(key=key(app, "save")).disabled
    assert app.button(key=key(app, "delete")).disabled
    assert "changes need the editor role" in " ".join(c.value for c in app.caption)
    open_page(app, "data")
    assert not app.get("file_uploader")  # no upload to import
    assert "changes need the editor role" in " ".join(c.value for c in app.caption)


def test_a_viewers_save_and_delete_are_refused_by_the_services(users, store_path):
    # Signed in as an editor, then made a viewer while the page is open: the buttons are
    # still live, the click reaches the services, and they refuse it.
    app = signed_in("ed")
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value(RECORD).run()
    before = stored(store_path)
    app.text_area(key=key(app, "notes")).set_value("Vandalised.").run()
    set_role("ed", "viewer")
    app.button(key=key(app, "save")).click().run()
    assert any("ed is a viewer and may not edit records" in text for text in refusals(app))
    set_role("ed", "editor")
    app.run()
    app.button(key=key(app, "delete")).click().run()
    set_role("ed", "viewer")
    app.button(key="records_delete_yes").click().run()
    assert any("ed is a viewer and may not delete records" in t for t in refusals(app))
    assert stored(store_path) == before


def test_a_role_taken_away_holds_from_the_next_click(users, store_path):
    app = signed_in("ed")
    open_page(app, "data")
    app.get("file_uploader")[0].upload("depot.csv", SHEET.encode(), "text/csv").run()
    assert not app.button(key="import_button").disabled
    set_role("ed", "viewer")  # an admin demotes ed while the page is open
    app.button(key="import_button").click().run()
    assert any(
        "Nothing was imported: ed is a viewer and may not import files" in t for t in refusals(app)
    )
    assert len(stored(store_path)) == SEED_COUNT


def test_a_viewers_ingest_is_refused(users, store_path):
    app = signed_in("ed")
    open_page(app, "ingest")
    app.text_area(key="ingest_text").set_value(REPORT).run()
    set_role("ed", "viewer")
    app.button(key="ingest_save_drafts").click().run()
    assert any("ed is a viewer and may not ingest reports" in t for t in refusals(app))
    set_role("ed", "editor")
    app.run()
    set_role("ed", "viewer")
    [accept, *_] = [b for b in app.button if b.key.startswith("ingest_accept_pj")]
    accept.click().run()
    assert any("ed is a viewer and may not accept proposals" in t for t in refusals(app))
    assert len(stored(store_path)) == SEED_COUNT
    app.run()
    # the page now knows: nothing to accept, edit or save
    assert app.button(key="ingest_save_drafts").disabled
    assert all(
        b.disabled for b in app.button if b.key.startswith(("ingest_accept_", "ingest_edit_"))
    )


def test_read_only_serves_everyone_as_a_viewer_without_a_sign_in(store_path, monkeypatch):
    add_user("ed", role="editor", password=PASSWORD)  # users, but read-only wins
    monkeypatch.setenv("COOPMAP_READ_ONLY", "1")
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert "access_name" not in [t.key for t in app.text_input]
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value(RECORD).run()
    assert app.button(key=key(app, "save")).disabled
    assert not any("Signed in" in c.value for c in app.sidebar.caption)


def test_without_users_the_local_user_is_admin_without_a_sign_in(store_path):
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert "access_name" not in [t.key for t in app.text_input]
    assert not any("Signed in" in c.value for c in app.sidebar.caption)
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value(RECORD).run()
    app.button(key=key(app, "delete")).click().run()
    app.button(key="records_delete_yes").click().run()
    app.button(key="delete_undo").click().run()  # a restore: the local user is admin
    assert RECORD in stored(store_path)
