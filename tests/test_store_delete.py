"""Deleting the version the user saw: ``Store.delete(id, expected_version=...)`` checks the
stored version and deletes in one transaction, so an edit saved meanwhile is never deleted
unseen. Every test runs on every backend.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from builders import store_records
from coopmap.errors import ConflictError, RecordNotFoundError
from coopmap.model import Project
from coopmap.store import Store

TABLES = ("records", "locations", "meta", "history", "deleted_records")


@pytest.fixture
def store(store_factory) -> Store:
    store = store_factory(user="alice")
    store.add(store_records())
    return store


def dump(store_sql) -> list[tuple]:
    return [row for table in TABLES for row in store_sql(f"SELECT * FROM {table} ORDER BY 1")]


def test_a_delete_with_a_stale_version_is_refused_and_changes_nothing(store, store_sql) -> None:
    talks = store.get("beijing-talks")
    edited = talks.model_copy(update={"notes": "second round"})
    store.update(edited, expected_version=1)
    before = dump(store_sql)
    with pytest.raises(ConflictError, match="you saw version 1, the store has version 2"):
        store.delete("beijing-talks", expected_version=1)
    assert dump(store_sql) == before
    assert store.get("beijing-talks") == edited
    assert store.version("beijing-talks") == 2
    assert [c.action for c in store.history("beijing-talks")] == ["added", "updated"]
    assert store.deleted() == []


def test_a_delete_with_the_version_seen_deletes_it(store) -> None:
    edited = store.get("beijing-talks").model_copy(update={"notes": "second round"})
    store.update(edited, expected_version=1)
    store.delete("beijing-talks", expected_version=2)
    assert store.get("beijing-talks") is None
    [kept] = store.deleted()
    assert kept.record == edited
    changes = store.history("beijing-talks")
    assert [(c.action, c.version) for c in changes] == [
        ("added", 1),
        ("updated", 2),
        ("deleted", 2),
    ]
    with pytest.raises(RecordNotFoundError, match="no record beijing-talks to delete"):
        store.delete("beijing-talks", expected_version=2)


# --- racing writers -------------------------------------------------------------------------------


@contextmanager
def other_program(store_backend: str, store_url: str, statement: str) -> Iterator[None]:
    """Run ``statement`` in another program's transaction, committed when the block ends."""
    if store_backend == "gpkg":
        conn = sqlite3.connect(store_url, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(statement)
            yield
            conn.execute("COMMIT")
        finally:
            conn.close()
        return
    import psycopg

    with psycopg.connect(store_url) as conn:
        conn.execute(statement)
        yield
        conn.commit()


def wait_until_waiting(store_backend: str, store_sql) -> None:
    """Give the store's write time to start waiting for the other program's lock."""
    if store_backend == "gpkg":
        time.sleep(0.3)  # SQLite's busy wait cannot be seen from outside
        return
    deadline = time.monotonic() + 10
    while not store_sql("SELECT 1 FROM pg_locks WHERE NOT granted"):
        assert time.monotonic() < deadline, "the write never started waiting for the lock"
        time.sleep(0.02)


def in_thread(action: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Start ``action`` in a thread; ``outcome["result"]`` is its result or its error."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = action()
        except Exception as err:
            outcome["result"] = err

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_delete_waiting_for_an_edit_sees_it_and_is_refused(
    store, store_backend: str, store_url: str, store_sql
) -> None:
    renaming = "UPDATE records SET title = 'Renamed', version = 2 WHERE id = 'beijing-talks'"
    with other_program(store_backend, store_url, renaming):
        thread, outcome = in_thread(lambda: store.delete("beijing-talks", expected_version=1))
        wait_until_waiting(store_backend, store_sql)
        assert thread.is_alive(), f"the delete did not wait: {outcome}"
    thread.join(timeout=20)
    assert isinstance(outcome["result"], ConflictError), outcome
    assert "the store has version 2" in str(outcome["result"])
    assert store_sql("SELECT title, version FROM records WHERE id = 'beijing-talks'") == [
        ("Renamed", 2)
    ]
    assert store.deleted() == []


def test_an_edit_waiting_for_a_delete_finds_nothing_to_update(
    store, store_backend: str, store_url: str, store_sql
) -> None:
    edited = store.get("silk-fund").model_copy(update={"notes": "too late"})
    deleting = "DELETE FROM records WHERE id = 'silk-fund'"
    with other_program(store_backend, store_url, deleting):
        thread, outcome = in_thread(lambda: store.update(edited, expected_version=1))
        wait_until_waiting(store_backend, store_sql)
        assert thread.is_alive(), f"the update did not wait: {outcome}"
    thread.join(timeout=20)
    assert isinstance(outcome["result"], RecordNotFoundError), outcome
    assert store.get("silk-fund") is None


ROUNDS = 8


def race(editor: Store, deleter: Store, edited: Project) -> tuple[Any, Any]:
    """Save ``edited`` (from version 1) and delete it as of the version seen, at once."""
    seen = deleter.version(edited.id)  # the version the deleting user saw
    barrier = threading.Barrier(2)

    def edit() -> int:
        barrier.wait(timeout=10)
        return editor.update(edited, expected_version=1)

    def delete() -> None:
        barrier.wait(timeout=10)
        deleter.delete(edited.id, expected_version=seen)

    (editing, edit_outcome), (deleting, delete_outcome) = in_thread(edit), in_thread(delete)
    editing.join(timeout=30)
    deleting.join(timeout=30)
    return edit_outcome["result"], delete_outcome["result"]


def test_an_edit_and_a_delete_of_the_version_seen_have_exactly_one_outcome(store_factory) -> None:
    editor, deleter = store_factory(user="alice"), store_factory(user="bob")
    originals = [
        Project(id=f"race-{n}", title=f"Race {n}", sectors=["trade"]) for n in range(ROUNDS)
    ]
    editor.add(originals)
    deleted_ones = []
    for original in originals:
        edited = original.model_copy(update={"notes": "edited"})
        saved, deleted = race(editor, deleter, edited)
        history = [(c.action, c.version) for c in editor.history(original.id)]
        if saved == 2:  # the edit first: the delete saw an older version and is refused
            assert isinstance(deleted, ConflictError), deleted
            assert editor.get(original.id) == edited
            assert history == [("added", 1), ("updated", 2)]
        else:  # the delete first: the edit is refused, not lost in the deleted record
            assert deleted is None, deleted
            assert isinstance(saved, RecordNotFoundError), saved
            assert editor.get(original.id) is None
            assert history == [("added", 1), ("deleted", 1)]
            deleted_ones.append(original)
    assert [item.record for item in editor.deleted()] == deleted_ones[::-1]
    assert editor.count() == ROUNDS - len(deleted_ones)
