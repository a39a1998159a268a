"""A store's password never shows in a message, however the store was (mis)written.

The stores here need no server: each is refused before or while connecting, by coopmap or by
libpq, and what is said must name the store without its password.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from coopmap.cli import main
from coopmap.errors import StoreError, UnknownStoreError
from coopmap.store import open_store
from coopmap.store.base import redact, redact_message

SECRET = "s3cret"


def _closed_port() -> int:
    """A loopback port nothing listens on (connections to it are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("store", "masked"),
    [
        ("postgresql://atlas:s3cret@db:5432/atlas", "postgresql://atlas:***@db:5432/atlas"),
        ("postgressql://u:s3cret@h/db", "postgressql://u:***@h/db"),
        ("postgresql+psycopg://u:s3cret@h/db", "postgresql+psycopg://u:***@h/db"),
        ("postgresql:/u:s3cret@h/db", "postgresql:/u:***@h/db"),
        ("postgresql://:s3cret@h/db", "postgresql://:***@h/db"),
        ("postgresql://u:s3cr@t s3cret@h/db", "postgresql://u:***@h/db"),
        (
            "postgresql://h/db?password=s3cret&sslmode=require",
            "postgresql://h/db?password=***&sslmode=require",
        ),
        ("host=localhost password=s3cret dbname=x", "host=localhost password=*** dbname=x"),
        ("host=localhost password = s3cret", "host=localhost password = ***"),
        ("host=h password='quoted s3cret' dbname=x", "host=h password=*** dbname=x"),
        ("host=h password='it\\'s s3cret' dbname=x", "host=h password=*** dbname=x"),
        ("host=h sslpassword=s3cret", "host=h sslpassword=***"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("/home/me/atlas.gpkg", "/home/me/atlas.gpkg"),
        ("gpkg:///home/me/atlas.gpkg", "gpkg:///home/me/atlas.gpkg"),
    ],
)
def test_redact_masks_every_form_of_password(store, masked):
    assert redact(store) == masked


def test_redact_message_masks_the_password_wherever_it_is_quoted():
    store = "postgresql://u:p%40ss%20word@h/db"
    message = 'bad "p%40ss%20word" and "p@ss word" in postgresql://u:p%40ss%20word@h/db'
    assert redact_message(message, store) == 'bad "***" and "***" in postgresql://u:***@h/db'


def _invoke(store: str, *args: str):
    result = CliRunner().invoke(main, ["--store", store, *args])
    assert SECRET not in result.stdout
    assert SECRET not in result.stderr
    return result


def test_a_mistyped_scheme_is_refused_without_its_password(tmp_path):
    result = _invoke("postgressql://u:s3cret@h/db", "init")
    assert result.exit_code == 1
    assert "unknown store scheme 'postgressql' (did you mean postgresql:?)" in result.stderr
    assert "postgressql://u:***@h/db" in result.stderr


@pytest.mark.parametrize(
    "store",
    [
        "host=localhost password=s3cret dbname=x",
        "host=localhost password='quoted s3cret' dbname=x",
        "host=localhost password=s3cret dbname=atlas.gpkg",  # not a file called so
    ],
)
def test_a_libpq_keyword_string_is_refused_without_its_password(store, tmp_path):
    for args in (["export", str(tmp_path / "out.csv")], ["import", str(tmp_path / "in.csv")]):
        (tmp_path / "in.csv").write_text("id,kind,title\n", encoding="utf-8")
        result = _invoke(store, *args)
        assert result.exit_code == 1
        assert "is a libpq keyword string" in result.stderr
        assert "postgresql://USER:PASSWORD@HOST:PORT/DBNAME" in result.stderr
        assert "password=***" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


@pytest.mark.parametrize(
    "store",
    [
        "postgresql:/u:s3cret@127.0.0.1/db",  # libpq: missing "=" after "<the whole string>"
        "postgresql://u:s3cret s3cret@127.0.0.1/db",  # libpq: unexpected spaces in "<password>"
    ],
)
def test_what_libpq_says_of_a_malformed_url_is_masked(store):
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as caught:
        open_store(store, connect_timeout=2)
    assert SECRET not in str(caught.value)
    result = _invoke(store, "export", "out.csv")
    assert result.exit_code == 1
    assert "cannot connect to" in result.stderr


def test_a_refused_connection_is_reported_without_the_password_even_in_debug_logs(tmp_path):
    pytest.importorskip("psycopg")
    store = f"postgresql://u:{SECRET}@127.0.0.1:{_closed_port()}/db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPMAP_STORE")}
    result = subprocess.run(
        [sys.executable, "-m", "coopmap.cli", "-vv", "--store", store, "init"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert SECRET not in result.stdout + result.stderr
    assert "cannot connect to postgresql://u:***@127.0.0.1" in result.stderr
    assert "Traceback" not in result.stderr


def test_coopmap_app_names_its_store_without_the_password(monkeypatch):
    class Exec(Exception):
        pass

    def execve(path, command, env):
        raise Exec(command)

    monkeypatch.setattr(os, "execve", execve)
    result = _invoke("postgresql://u:s3cret@h/db", "app", "--no-init")
    assert isinstance(result.exception, Exec)
    assert "Starting the app with store postgresql://u:***@h/db" in result.stdout


def test_the_app_names_a_bad_store_without_its_password(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from apptest_helpers import APP, literal

    for store in ("postgressql://u:s3cret@h/db", "host=h password='quoted s3cret'"):
        monkeypatch.setenv("COOPMAP_STORE", store)
        app = AppTest.from_file(str(APP), default_timeout=120).run()
        assert not app.exception
        [error] = app.error
        assert SECRET not in literal(error.value)
        assert "The store cannot be used" in literal(error.value)


def test_the_error_of_open_store_is_an_unknown_store_error():
    with pytest.raises(UnknownStoreError, match=r"\*\*\*"):
        open_store("postgressql://u:s3cret@h/db")
