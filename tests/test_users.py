"""The users file (coopmap.services.users) and ``coopmap users``: roles, identities, and
passwords kept only as scrypt hashes, never in clear in the file, the output or the log."""

import logging
import os
import stat

import pytest
from click.testing import CliRunner

from coopmap.cli import main
from coopmap.errors import PermissionDeniedError, UsersFileError, ValidationError
from coopmap.services.access import Actor, Role
from coopmap.services.users import (
    add_user,
    hash_password,
    identify,
    list_users,
    load_users,
    remove_user,
    set_role,
    sign_in,
    verify_password,
)

SECRET = "correct horse battery staple"


@pytest.fixture
def users_path(tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    monkeypatch.setenv("COOPMAP_USERS", str(path))
    return path


def users_cli(*args, input=None):
    return CliRunner().invoke(main, ["users", *args], input=input)


def test_a_password_is_kept_as_a_salted_hash_that_verifies():
    kept = hash_password(SECRET)
    assert SECRET not in kept
    assert kept.startswith("scrypt$")
    assert verify_password(SECRET, kept)
    assert not verify_password(SECRET + "!", kept)
    assert hash_password(SECRET) != kept  # salted
    assert not verify_password(SECRET, None)
    assert not verify_password(SECRET, "md5$whatever")
    with pytest.raises(ValidationError, match="cannot be empty"):
        hash_password("")


def test_users_add_list_role_password_remove(users_path, caplog):
    caplog.set_level(logging.DEBUG)
    added = users_cli("add", "ed", "--role", "editor", input=f"{SECRET}\n{SECRET}\n")
    assert added.exit_code == 0, added.output
    assert "Added ed as editor (signs in with a password)" in added.output
    oidc = users_cli("add", "vera", "--email", "Vera@Example.org")
    assert oidc.exit_code == 0, oidc.output
    assert "as viewer (signs in with e-mail Vera@Example.org)" in oidc.output

    text = users_path.read_text()
    assert SECRET not in text
    assert "scrypt$" in text
    assert stat.S_IMODE(users_path.stat().st_mode) == 0o600
    listed = users_cli("list")
    assert listed.output.splitlines() == [
        "ed\teditor\tpassword",
        "vera\tviewer\temail=Vera@Example.org",
    ]

    assert users_cli("role", "vera", "EDITOR").exit_code == 0
    assert load_users()["vera"].role is Role.EDITOR
    changed = users_cli("password", "vera", "--password-stdin", input="another one\n")
    assert changed.exit_code == 0, changed.output
    assert sign_in(load_users(), "vera", "another one").name == "vera"
    assert sign_in(load_users(), "ed", SECRET).actor == Actor("ed", Role.EDITOR)
    assert sign_in(load_users(), "ed", "wrong") is None
    assert sign_in(load_users(), "nobody", SECRET) is None

    assert users_cli("remove", "ed").output == "Removed ed.\n"
    assert list(load_users()) == ["vera"]
    everything = users_path.read_text() + caplog.text + added.output + changed.output
    assert SECRET not in everything
    assert "another one" not in everything


def test_bad_commands_say_what_is_wrong(users_path):
    assert users_cli("add", "ed", "--role", "owner").exit_code == 2  # not a role
    users_cli("add", "ed", "--password-stdin", input=f"{SECRET}\n")
    again = users_cli("add", "ed", "--password-stdin", input=f"{SECRET}\n")
    assert again.exit_code == 1
    assert "record ed: is already a user" in again.output
    missing = users_cli("role", "nobody", "admin")
    assert missing.exit_code == 1
    assert "record nobody: is not a user" in missing.output
    assert "Traceback" not in again.output + missing.output


def test_no_file_is_no_users_and_a_broken_file_is_an_error(users_path):
    assert load_users() == {}
    assert "No users in" in users_cli("list").output
    users_path.write_text('[users.ed]\nrole = "owner"\n')
    with pytest.raises(UsersFileError, match="record ed field 'role': 'owner' is not a role"):
        load_users()
    users_path.write_text("[users\n")
    listed = users_cli("list")
    assert listed.exit_code == 1
    assert "cannot read the users file" in listed.output


def test_an_identity_is_found_by_sub_then_email(users_path):
    add_user("ann", role="editor", email="ann@example.org")
    add_user("bo", role="viewer", sub="1234")
    add_user("cy@example.org", role="admin")
    users = load_users()
    assert identify(users, email="ANN@example.org").name == "ann"
    assert identify(users, sub="1234", email="ann@example.org").name == "bo"
    assert identify(users, email="cy@example.org").name == "cy@example.org"
    assert identify(users, email="eve@example.org", sub="999") is None


def test_only_an_admin_manages_users(users_path):
    with pytest.raises(PermissionDeniedError, match="needs the admin role"):
        add_user("eve", role="admin", by=Actor("ed", Role.EDITOR))
    add_user("eve", role="viewer", by=Actor("ada", Role.ADMIN))
    assert "eve" in load_users()
    with pytest.raises(PermissionDeniedError, match="may not manage users"):
        list_users(by=Actor("ed", Role.EDITOR))
    add_user("Bea", role="editor", email="bea@example.org", password=SECRET)
    listed = list_users(by=Actor("ada", Role.ADMIN))
    assert [u.name for u in listed] == ["Bea", "eve"]
    assert listed[0].ways_in == ["a password", "e-mail bea@example.org"]
    assert listed[1].ways_in == []


def test_an_admin_cannot_demote_or_remove_themselves(users_path):
    add_user("ada", role="admin", password=SECRET)
    ada = Actor("ada", Role.ADMIN)
    with pytest.raises(ValidationError, match="cannot change your own role"):
        set_role("ada", "viewer", by=ada)
    with pytest.raises(ValidationError, match="cannot remove yourself"):
        remove_user("ada", by=ada)
    assert load_users()["ada"].role == Role.ADMIN
    remove_user("ada")  # the CLI (the file's owner) may
    assert load_users() == {}


class _Exec(Exception):
    """Raised instead of replacing the process with Streamlit; holds its environment."""


@pytest.mark.parametrize(("flags", "read_only"), [([], None), (["--read-only"], "1")])
def test_coopmap_app_read_only_tells_the_app(monkeypatch, tmp_path, flags, read_only):
    def execve(path, command, env):
        raise _Exec(env)

    monkeypatch.delenv("COOPMAP_READ_ONLY", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "execve", execve)
    result = CliRunner().invoke(
        main, ["--store", str(tmp_path / "atlas.gpkg"), "app", "--no-init", *flags]
    )
    assert isinstance(result.exception, _Exec), result.output
    assert result.exception.args[0].get("COOPMAP_READ_ONLY") == read_only
