"""Crash safety: an import killed mid-way (SIGKILL) leaves the store exactly as it was.

A child process adds a large batch (new records and a changed one) in one ``add``; the test
waits until the write is under way inside the store's transaction, kills the child with SIGKILL
(no cleanup, no rollback of its own), and then finds every table as it was before, on every
backend, in a store that opens and takes writes again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from builders import store_records
from coopmap.model import Project
from coopmap.store import open_store

BATCH = 40_000
"""Records in the killed import: enough that writing them takes a few seconds (bulk writes
are fast: 5,000 took under the 0.3 s the test waits)."""

TABLES = ("records", "locations", "meta", "geocode_cache", "history", "deleted_records")

IMPORT = textwrap.dedent(
    """
    import sys

    import shapely

    from coopmap.model import Location, Project
    from coopmap.store import open_store
    from builders import store_records

    url, count = sys.argv[1], int(sys.argv[2])
    renamed = store_records()[0].model_copy(update={"title": "Astana LRT, renamed"})
    batch = [renamed] + [
        Project(
            id=f"bulk-{n}",
            title=f"Bulk project {n}",
            sectors=["trade"],
            locations=[Location(name="Site", geometry=shapely.Point(71 + n / 1e4, 51))],
        )
        for n in range(count)
    ]
    with open_store(url, user="importer") as store:
        print("importing", flush=True)
        store.add(batch, replace=True)
    print("done", flush=True)
    """
)


def dump(store_sql) -> list[tuple]:
    """Every row of coopmap's tables, as another program reads them."""
    return [row for table in TABLES for row in store_sql(f"SELECT * FROM {table} ORDER BY 1")]


def wait_until_writing(store_backend: str, store_url: str, store_sql, child, timeout=120):
    """Return once the child's write transaction has started writing rows."""
    deadline = time.monotonic() + timeout
    while not _writing(store_backend, store_url, store_sql):
        assert child.poll() is None, f"the import ended before writing: {child.communicate()}"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.01)


def _writing(store_backend: str, store_url: str, store_sql) -> bool:
    if store_backend == "gpkg":
        # SQLite makes the rollback journal when a transaction first changes a page.
        return Path(f"{store_url}-journal").exists()
    # Another connection holds a row-exclusive lock (an INSERT) on this store's records table.
    return bool(
        store_sql(
            "SELECT 1 FROM pg_locks WHERE relation = 'records'::regclass "
            "AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()"
        )
    )


def wait_until_released(store_backend: str, store_sql, timeout=60) -> None:
    """Wait until the server has noticed the killed client and ended its transaction."""
    if store_backend == "gpkg":
        return  # SQLite's locks are the process's own and died with it
    deadline = time.monotonic() + timeout
    while store_sql(
        "SELECT 1 FROM pg_locks WHERE relation = 'records'::regclass AND pid <> pg_backend_pid()"
    ):
        assert time.monotonic() < deadline, "the killed import's transaction never ended"
        time.sleep(0.05)


def test_an_import_killed_mid_way_leaves_the_store_as_it_was(
    store_backend: str, store_url: str, store_factory, store_sql
) -> None:
    store = store_factory(user="alice")
    store.add(store_records())
    store.delete("silk-fund")
    store.cache_put("nominatim:astana", {"lat": 51.18, "lon": 71.45})
    store.close()
    before = dump(store_sql)

    tests = Path(__file__).parent
    child = subprocess.Popen(
        [sys.executable, "-c", IMPORT, store_url, str(BATCH)],
        cwd=tests,
        env={**os.environ, "PYTHONPATH": str(tests)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_writing(store_backend, store_url, store_sql, child)
        time.sleep(0.3)  # well into the batch, well before its end
        assert child.poll() is None, "the import finished before it could be killed"
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert out == "importing\n", err
    wait_until_released(store_backend, store_sql)

    if store_backend == "gpkg":
        # The first reader rolls back what the killed writer left in the file, from the journal.
        assert store_sql("PRAGMA integrity_check") == [("ok",)]
        assert store_sql("PRAGMA foreign_key_check") == []
    assert dump(store_sql) == before
    with open_store(store_url, user="bob") as reopened:
        assert reopened.records() == [r for r in store_records() if r.id != "silk-fund"]
        assert reopened.get("bulk-0") is None
        assert [item.record.id for item in reopened.deleted()] == ["silk-fund"]
        assert [c.action for c in reopened.history("astana-lrt")] == ["added"]
        reopened.add(Project(id="after", title="After the crash", sectors=["trade"]))
        assert reopened.count() == 5
    assert dump(store_sql) != before
    if store_backend == "gpkg":
        # A journal the killed writer had only begun (nothing to undo) goes with the next write.
        assert not Path(f"{store_url}-journal").exists()


def test_the_import_child_really_writes_when_left_alone(store_url: str, store_factory) -> None:
    """The control: unkilled, the same child process imports the whole batch."""
    store = store_factory()
    store.add(store_records())
    store.close()
    tests = Path(__file__).parent
    done = subprocess.run(
        [sys.executable, "-c", IMPORT, store_url, "20"],
        cwd=tests,
        env={**os.environ, "PYTHONPATH": str(tests)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "importing\ndone\n"
    with open_store(store_url) as reopened:
        assert reopened.count() == 5 + 20
        assert reopened.get("astana-lrt").title == "Astana LRT, renamed"
        assert reopened.history("bulk-0")[0].user == "importer"
