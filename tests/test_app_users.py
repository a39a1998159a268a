"""The Users page (app/views/users.py), driven with AppTest: an admin lists, adds, re-roles,
re-passwords and removes users; an editor or viewer is not offered the page, is refused when
they reach it, and the services refuse an admin demoted while the page is open."""

import logging

import pytest

from apptest_helpers import PASSWORD, literal, open_page, signed_in, table_with
from coopmap.services.users import add_user, load_users, set_role, sign_in, verify_password

NEW_PASSWORD = "another long secret"


@pytest.fixture
def users(store_path):
    """An admin, an editor and a viewer with local accounts."""
    add_user("ada", role="admin", password=PASSWORD)
    add_user("ed", role="editor", password=PASSWORD)
    add_user("vera", role="viewer", password=PASSWORD, email="vera@example.org")


def messages(app, kind: str) -> list[str]:
    return [literal(e.value) for e in getattr(app, kind)]


def test_an_admin_lists_adds_changes_and_removes_users(users, caplog):
    caplog.set_level(logging.DEBUG)
    app = signed_in("ada")
    open_page(app, "users")
    table = table_with(app, "signs in with")
    assert list(table["user"]) == ["ada", "ed", "vera"]
    assert list(table["role"]) == ["admin", "editor", "viewer"]
    assert table["signs in with"].iloc[2] == "a password, e-mail vera@example.org"
    assert not any("scrypt" in str(cell) for cell in table.to_numpy().ravel())

    # add: a local account, then someone the identity provider signs in
    app.text_input(key="users_new_name").input("sam")
    app.selectbox(key="users_new_role").set_value("editor")
    app.text_input(key="users_new_password").input(NEW_PASSWORD)
    app.button(key="users_add").click().run()
    assert messages(app, "success") == ["Added sam as editor."]
    assert sign_in(load_users(), "sam", NEW_PASSWORD).role == "editor"
    app.text_input(key="users_new_name").input("olga")
    app.text_input(key="users_new_email").input("olga@example.org")
    app.button(key="users_add").click().run()
    assert load_users()["olga"].email == "olga@example.org"
    assert load_users()["olga"].role == "viewer"
    assert list(table_with(app, "signs in with")["user"]) == ["ada", "ed", "olga", "sam", "vera"]

    # a role, a password
    app.selectbox(key="users_pick").set_value("ed").run()
    app.selectbox(key="users_role_ed").set_value("viewer")
    app.button(key="users_set_role").click().run()
    assert messages(app, "success") == ["ed is now viewer."]
    assert load_users()["ed"].role == "viewer"
    app.text_input(key="users_password_ed").input(NEW_PASSWORD)
    app.button(key="users_set_password").click().run()
    assert verify_password(NEW_PASSWORD, load_users()["ed"].password)
    assert not verify_password(PASSWORD, load_users()["ed"].password)

    # remove, after a confirmation
    app.button(key="users_remove").click().run()
    assert "ed" in load_users()
    app.button(key="users_remove_yes").click().run()
    assert "ed" not in load_users()
    assert messages(app, "success") == ["Removed ed: they can no longer sign in."]
    assert PASSWORD not in caplog.text
    assert NEW_PASSWORD not in caplog.text


def test_an_admin_cannot_lock_themselves_out_nor_add_a_user_who_cannot_sign_in(users):
    app = signed_in("ada")
    open_page(app, "users")
    app.selectbox(key="users_pick").set_value("ada").run()
    assert app.button(key="users_set_role").disabled
    assert app.button(key="users_remove").disabled
    app.text_input(key="users_new_name").input("nobody")
    app.button(key="users_add").click().run()
    assert "Give nobody a password" in messages(app, "error")[0]
    app.text_input(key="users_new_name").input("ed")
    app.text_input(key="users_new_password").input(NEW_PASSWORD)
    app.button(key="users_add").click().run()
    assert messages(app, "error") == ["is already a user; change their role instead"]
    assert set(load_users()) == {"ada", "ed", "vera"}


@pytest.mark.parametrize("name", ["ed", "vera"])
def test_an_editor_or_viewer_has_no_users_page_and_is_refused_there(users, name):
    app = signed_in(name)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("views/users.py")  # not among the pages the app lists for them


def test_an_admin_demoted_while_the_page_is_open_is_refused_by_the_services(users):
    app = signed_in("ada")
    open_page(app, "users")
    app.text_input(key="users_new_name").input("mallory")
    app.selectbox(key="users_new_role").set_value("admin")
    app.text_input(key="users_new_password").input(NEW_PASSWORD)
    set_role("ada", "editor")  # another admin demotes ada (through the CLI)
    app.button(key="users_add").click().run()
    shown = messages(app, "error")
    assert any("ada is an editor and may not manage users" in text for text in shown)
    assert "users_new_name" not in [t.key for t in app.text_input]  # the page is gone
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("views/users.py")
    assert "mallory" not in load_users()
