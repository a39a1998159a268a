"""A store that is busy or out of reach, not broken: clear errors, nothing lost.

Another program holding a GeoPackage (a second sqlite3 connection here) is a
:class:`StoreBusyError` once the store's timeout (``COOPMAP_STORE_TIMEOUT``) runs out, from
opening and from writes; reads wait for a writer's commit and never fail while it only
prepares its changes. A PostgreSQL server that stops under a running store is "cannot reach
the database", and the store works again once it is back.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import APP, literal
from coopmap.errors import StoreBusyError, StoreError
from coopmap.model import Project
from coopmap.services import init_store
from coopmap.store import open_store

BUSY = "is busy: another program is"
NEW = Project(id="pj-new", title="New", sectors=["trade"])


@pytest.fixture
def atlas(tmp_path) -> Path:
    path = tmp_path / "atlas.gpkg"
    init_store(str(path))
    return path


@contextmanager
def held(path: Path, begin: str = "BEGIN EXCLUSIVE", *, write: bool = False) -> Iterator[None]:
    """Another program holding ``path``: ``BEGIN EXCLUSIVE`` keeps readers and writers out,
    ``BEGIN IMMEDIATE`` (with ``write``, a change not yet committed) only writers. Rolled back,
    so the file is as it was."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(begin)
        if write:
            conn.execute("UPDATE records SET title = 'changing' WHERE fid = 1")
        yield
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def coopmap(*args: str, timeout: str = "0.3", cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COOPMAP_STORE_TIMEOUT": timeout}
    return subprocess.run(
        [sys.executable, "-m", "coopmap.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _new_record_file(folder: Path) -> Path:
    path = folder / "new.geojson"
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [76.9, 43.25]},
        "properties": {"kind": "project", "id": "pj-new", "title": "New", "sectors": ["trade"]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


# --- the command line --------------------------------------------------------------------------


def test_export_and_import_on_a_locked_store_say_busy_and_change_nothing(atlas, tmp_path):
    before = digest(atlas)
    source = _new_record_file(tmp_path)
    with held(atlas):
        exported = coopmap("--store", str(atlas), "export", "out.csv", cwd=tmp_path)
        imported = coopmap("--store", str(atlas), "import", str(source), cwd=tmp_path)
    for result in (exported, imported):
        assert result.returncode == 1, result.stderr
        assert f"Error: {atlas} {BUSY} writing to it; try again in a moment" in result.stderr
        assert "not a coopmap store" not in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()
    assert digest(atlas) == before
    with open_store(atlas) as store:
        assert store.get("pj-new") is None


def test_a_write_while_another_program_writes_is_busy_and_a_read_is_not(atlas, tmp_path):
    before = digest(atlas)
    with held(atlas, "BEGIN IMMEDIATE", write=True):
        exported = coopmap("--store", str(atlas), "export", "out.csv", cwd=tmp_path)
        imported = coopmap(
            "--store", str(atlas), "import", str(_new_record_file(tmp_path)), cwd=tmp_path
        )
    assert exported.returncode == 0, exported.stderr
    assert "changing" not in (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert imported.returncode == 1
    assert f"{atlas} {BUSY} using it; try again in a moment" in imported.stderr
    assert digest(atlas) == before


def test_a_bad_timeout_setting_is_a_clear_error(atlas, tmp_path):
    result = coopmap("--store", str(atlas), "export", "out.csv", timeout="soon", cwd=tmp_path)
    assert result.returncode == 1
    assert "COOPMAP_STORE_TIMEOUT must be a number of seconds, got 'soon'" in result.stderr


# --- the store ------------------------------------------------------------------------------


def test_opening_and_writing_a_locked_store_are_busy_errors(atlas, monkeypatch):
    monkeypatch.setenv("COOPMAP_STORE_TIMEOUT", "0.2")
    with open_store(atlas) as store:
        count = store.count()
        with held(atlas):
            with pytest.raises(StoreBusyError, match=BUSY):
                open_store(atlas)
            with pytest.raises(StoreBusyError, match=BUSY):
                store.add(NEW)
            with pytest.raises(StoreBusyError, match=BUSY):
                store.count()
        assert store.count() == count  # free again: the same store works
        store.add(NEW)
        assert store.get("pj-new") is not None


def test_the_timeout_option_wins_over_the_environment(atlas, monkeypatch):
    monkeypatch.setenv("COOPMAP_STORE_TIMEOUT", "60")
    started = time.monotonic()
    with held(atlas), pytest.raises(StoreBusyError):
        open_store(atlas, timeout=0.1)
    assert time.monotonic() - started < 30


def test_a_read_waits_for_a_short_write_to_finish(atlas):
    conn = sqlite3.connect(atlas, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("UPDATE records SET title = title WHERE fid = 1")
    release = threading.Timer(0.5, lambda: conn.execute("COMMIT"))
    release.start()
    try:
        with open_store(atlas, timeout=10) as store:
            assert store.count() == 19
    finally:
        release.join()
        conn.close()


# --- the app -----------------------------------------------------------------------------------


def test_the_app_says_busy_and_recovers(atlas, monkeypatch):
    monkeypatch.setenv("COOPMAP_STORE", str(atlas))
    monkeypatch.setenv("COOPMAP_STORE_TIMEOUT", "0.2")
    app = AppTest.from_file(str(APP), default_timeout=120)
    with held(atlas):
        app.run()
    assert not app.exception
    [error] = app.error
    assert BUSY in literal(error.value)
    app.run()
    assert not app.exception
    assert not app.error
    assert app.caption[0].value == "19 of 19 records"


# --- PostgreSQL --------------------------------------------------------------------------------


@pytest.mark.postgis
def test_a_record_locked_by_another_writer_is_busy(postgis_database, monkeypatch):
    import psycopg

    monkeypatch.setenv("COOPMAP_STORE_TIMEOUT", "0.3")
    with open_store(postgis_database, create=True) as store:
        store.add(NEW)
        with psycopg.connect(postgis_database) as other:
            other.execute("SELECT 1 FROM records WHERE id = 'pj-new' FOR UPDATE")
            with pytest.raises(StoreBusyError, match=BUSY):
                store.update(NEW.model_copy(update={"title": "Newer"}), expected_version=1)
        assert store.get("pj-new").title == "New"
        assert store.update(NEW.model_copy(update={"title": "Newer"}), expected_version=1) == 2


@pytest.fixture
def own_cluster():
    """A PostgreSQL server of this test's own, to stop under a running store."""
    import pg

    if reason := pg.unavailable():
        pytest.skip(reason)
    if os.environ.get(pg.URL_VARIABLE):
        pytest.skip("an external server cannot be stopped by the tests")
    cluster = pg.start_cluster()
    yield cluster
    cluster.stop()


@pytest.mark.postgis
def test_a_stopped_server_is_out_of_reach_for_the_store_and_the_app(own_cluster, monkeypatch):
    url = own_cluster.new_database()
    init_store(url)
    monkeypatch.setenv("COOPMAP_STORE", url)
    app = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not app.exception
    store = open_store(url)
    assert store.count() == 19

    own_cluster.stop()
    for operation in (store.count, lambda: store.add(NEW), store.revision):
        with pytest.raises(StoreError, match="cannot reach the database postgresql://"):
            operation()
    app.run()
    assert not app.exception
    [error] = app.error
    assert "cannot reach the database" in literal(error.value)
    store.close()
