"""Shared pytest fixtures."""

import pytest

# --- gazetteer fixtures, used by tests/test_gazetteer.py and tests/test_geocoding.py
# Building the offline gazetteer index takes ~20 s, so one index is built per test session into
# a temporary COOPMAP_CACHE_DIR and shared. While the fixture is active, COOPMAP_CACHE_DIR points
# there and coopmap.places.default_gazetteer() returns this gazetteer. It is autouse so
# that no test (the seed's, the CLI's) builds an index in the user's real cache.


@pytest.fixture(scope="session", autouse=True)
def gazetteer(tmp_path_factory):
    """The offline gazetteer, built once per session into a temporary cache directory."""
    from coopmap.places import default_gazetteer, set_default_gazetteer

    cache_dir = tmp_path_factory.mktemp("coopmap-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COOPMAP_CACHE_DIR", str(cache_dir))
        previous = set_default_gazetteer(None)
        opened = default_gazetteer()
        yield opened
        opened.close()
        set_default_gazetteer(previous)


# --- end of gazetteer fixtures


# --- store fixtures, used by tests/test_store.py and tests/test_postgis.py
# Store behaviour tests run against every backend: ``store_url`` is parametrised over them and
# gives a fresh URL where no store exists yet (open it with create=True). The PostGIS backend's
# server is started once per session (tests/pg.py); each test gets a schema of its own in a
# database with the PostGIS extension (tests/test_postgis.py also uses whole new databases).
# Without PostgreSQL and PostGIS the PostGIS cases skip with the reason, except under CI, where
# they fail. ``-m "not postgis"`` leaves them out.

STORE_BACKENDS = ["gpkg", pytest.param("postgis", marks=pytest.mark.postgis)]


@pytest.fixture(scope="session")
def postgis_cluster():
    """The session's PostgreSQL server with PostGIS (a ``pg.Cluster``)."""
    import os

    import pg

    reason = pg.unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the PostGIS tests cannot run under CI: {reason}")
        pytest.skip(reason)
    cluster = pg.start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def postgis_url(postgis_cluster):
    """A superuser URL of the session's server (its ``postgres`` database)."""
    return postgis_cluster.admin_url


@pytest.fixture
def postgis_database(postgis_cluster):
    """The URL of a new database with the PostGIS extension and nothing else, for one test."""
    url = postgis_cluster.new_database()
    yield url
    postgis_cluster.drop_database(url)


@pytest.fixture
def postgis_schema(postgis_cluster):
    """The URL of a new empty schema (first on the search path, PostGIS's ``public`` next)."""
    url = postgis_cluster.new_schema()
    yield url
    postgis_cluster.drop_schema(url)


@pytest.fixture(params=STORE_BACKENDS)
def store_backend(request) -> str:
    """The name of the store backend a test runs against."""
    return request.param


@pytest.fixture
def store_url(store_backend, request, tmp_path) -> str:
    """A URL, for the backend under test, where there is no store yet."""
    if store_backend == "gpkg":
        return str(tmp_path / "atlas.gpkg")
    return request.getfixturevalue("postgis_schema")


@pytest.fixture
def store_factory(store_url):
    """Open the test's store (``create=True`` unless told otherwise); closed at teardown."""
    from coopmap.store import open_store

    opened = []

    def factory(*, create: bool = True, **options):
        store = open_store(store_url, create=create, **options)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def store_sql(store_backend, store_url):
    """Run SQL on the test's store from a connection of its own, as another program would.

    Returns the rows of a query (an empty list for other statements); each call commits.
    """

    def run(statement: str, params=()):
        if store_backend == "gpkg":
            import sqlite3

            conn = sqlite3.connect(store_url)
            try:
                with conn:
                    return conn.execute(statement, params).fetchall()
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(store_url, autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    return run


# --- end of store fixtures


# --- import fixtures, used by tests/test_import_mapping.py, test_import_geocoding.py, test_xlsx.py


@pytest.fixture
def file_cli(tmp_path):
    """Run the CLI on a new GeoPackage store in the test's folder (``file_cli.url``)."""
    from click.testing import CliRunner

    from coopmap.cli import main

    url = str(tmp_path / "atlas.gpkg")

    def invoke(*args: str, **options):  # options for CliRunner.invoke (input=...)
        return CliRunner().invoke(main, ["--store", url, *args], **options)

    invoke.url = url
    return invoke


# --- end of import fixtures


# --- app fixtures, used by tests/test_app_pages.py and tests/test_app_ingest.py
# ``store_path`` is a new seeded store that the app (COOPMAP_STORE) opens, ``app`` an AppTest
# run of the app on it (tests/apptest_helpers.py drives it), and ``served_app`` the app served
# over a seeded store of its own, once per test module, for the browser.


@pytest.fixture
def store_path(tmp_path, monkeypatch):
    """A new seeded store, which the app opens (COOPMAP_STORE)."""
    import streamlit as st

    from coopmap.services import init_store

    path = tmp_path / "atlas.gpkg"
    init_store(str(path))
    monkeypatch.setenv("COOPMAP_STORE", str(path))
    # no users (the single-user app) unless a test adds some, whatever the machine's own file
    monkeypatch.setenv("COOPMAP_USERS", str(tmp_path / "users.toml"))
    monkeypatch.delenv("COOPMAP_READ_ONLY", raising=False)
    # state.store() caches the open store by its argument (None), not by COOPMAP_STORE: without
    # this, every test after the first would see the first test's store.
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()


@pytest.fixture
def app(store_path):
    """The app (an AppTest), run once on the test's store."""
    from streamlit.testing.v1 import AppTest

    from apptest_helpers import APP

    test = AppTest.from_file(str(APP), default_timeout=120)
    test.run()
    assert not test.exception
    return test


@pytest.fixture(scope="module")
def served_app(tmp_path_factory, gazetteer):
    """The app on a free loopback port over a fresh seeded store: (URL, store path)."""
    import browser
    from coopmap.services import init_store

    folder = tmp_path_factory.mktemp("served")
    store_path = folder / "atlas.gpkg"
    init_store(str(store_path))
    with browser.app_server(str(store_path), folder) as url:
        yield url, store_path


# --- end of app fixtures


# --- browser fixtures, used by the tests/test_browser_*.py files


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright (:func:`browser.launch`), one per test module."""
    import browser

    with browser.launch() as launched:
        yield launched


# --- end of browser fixtures
