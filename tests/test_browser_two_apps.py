"""Two app processes on one PostGIS store, as behind a load balancer: what one saves or deletes,
the other shows on its next rerun (each caches by the store's revision, which every write
changes, whichever process made it). And a viewer's app may connect as a database role that can
only read (the grants the README gives)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

import browser
from coopmap.errors import StoreError
from coopmap.services import init_store
from coopmap.store import open_store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgis,
    pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium"),
]

WAIT_MS = 60_000
SEED = 19
DELETED = "Astana light railway"
READER_GRANTS = """
CREATE ROLE atlas_reader LOGIN PASSWORD 'reader-pw';
GRANT CONNECT ON DATABASE {database} TO atlas_reader;
GRANT USAGE ON SCHEMA public TO atlas_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO atlas_reader;
"""


def count_text(page: Any, count: int) -> None:
    page.get_by_text(f"{count} of {count} records").first.wait_for(timeout=WAIT_MS)


def test_two_app_processes_see_each_others_edits_on_their_next_rerun(
    chromium, postgis_database, tmp_path
):
    init_store(postgis_database)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    with (
        browser.app_server(postgis_database, first) as one,
        browser.app_server(postgis_database, second) as two,
        browser.open_app(chromium, one, width=1400, height=900) as (page_one, _),
        browser.open_app(chromium, two, width=1400, height=900) as (page_two, _),
    ):
        browser.go_to_page(page_two, "Records")
        count_text(page_two, SEED)
        # Delete a record through the first process.
        main_one = browser.go_to_page(page_one, "Records")
        with browser.app_rerun(page_one):
            main_one.get_by_test_id("stSelectbox").filter(has_text="Record").first.click()
            page_one.get_by_role("option", name=DELETED).first.click()
        with browser.app_rerun(page_one):
            main_one.get_by_role("button", name="Delete…").click()
        with browser.app_rerun(page_one):
            main_one.get_by_role("button", name="Yes, delete it").click()
        count_text(page_one, SEED - 1)
        # The second process has cached the seed; its next rerun reads the store again.
        browser.go_to_page(page_two, "Summary")
        browser.go_to_page(page_two, "Records")
        count_text(page_two, SEED - 1)
        # A third program (the CLI, say) brings it back: both see it on their next rerun.
        with open_store(postgis_database) as store:
            store.restore(store.deleted()[0].record.id)
        browser.go_to_page(page_two, "Summary")
        browser.go_to_page(page_two, "Records")
        count_text(page_two, SEED)
        browser.go_to_page(page_one, "Summary")
        browser.go_to_page(page_one, "Records")
        count_text(page_one, SEED)
        browser.wait_at_rest(page_one)
        browser.screenshot(page_one, "app_two_processes_1400")


def test_a_read_only_database_role_reads_and_cannot_write(postgis_cluster, postgis_database):
    init_store(postgis_database)
    parts = urlsplit(postgis_database)
    database = parts.path.lstrip("/")
    for statement in READER_GRANTS.format(database=database).strip().splitlines():
        postgis_cluster.sql(statement, database=database)
    reader = urlunsplit(
        parts._replace(netloc=f"atlas_reader:reader-pw@{parts.hostname}:{parts.port}")
    )
    try:
        with open_store(reader) as store:
            assert store.count() == SEED
            record = store.records()[0]
            with pytest.raises(StoreError, match="permission denied"):
                store.delete(record.id)
            assert store.count() == SEED
    finally:
        postgis_cluster.sql("DROP OWNED BY atlas_reader", database=database)
        postgis_cluster.sql("DROP ROLE atlas_reader")
