"""What a store remembers: the history of every change, deleted records that can be restored,
and the upgrade of a store made before it remembered either. Every test runs on every backend.
"""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Any

import pytest
import shapely

from builders import store_records
from coopmap.errors import ConflictError, DuplicateRecordError, RecordNotFoundError, StoreError
from coopmap.model import Project
from coopmap.store import (
    Change,
    DeletedRecord,
    FieldChange,
    Store,
    gpkg_schema,
    open_store,
    pg_schema,
)
from coopmap.store.gpkg import encode_geometry
from coopmap.taxonomy import Status

ASTANA_BOX = shapely.box(71.0, 51.0, 72.0, 51.5)


@pytest.fixture
def store(store_factory) -> Store:
    store = store_factory(user="alice")
    store.add(store_records())
    return store


def replay(changes: list[Change]) -> dict[str, Any] | None:
    """The record's JSON after its changes, rebuilt from nothing but them."""
    data: dict[str, Any] | None = None
    for change in changes:
        data = dict(data or {})
        for field in change.fields:
            assert data.get(field.field) == field.old, (change, field)
            if field.new is None:
                data.pop(field.field, None)
            else:
                data[field.field] = field.new
    return data or None


def test_every_change_is_kept_with_who_when_and_which_fields(store_factory) -> None:
    start = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    alice = store_factory(user="alice")
    alice.add(store_records())
    talks = alice.get("beijing-talks")
    edited = talks.model_copy(update={"title": "Beijing talks", "notes": "first round"})
    alice.update(edited, expected_version=1)
    bob = store_factory(create=False, user="bob")
    bob.update(edited.model_copy(update={"notes": None}), expected_version=2)
    end = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)

    changes = alice.history("beijing-talks")
    assert [(c.id, c.action, c.version, c.user) for c in changes] == [
        ("beijing-talks", "added", 1, "alice"),
        ("beijing-talks", "updated", 2, "alice"),
        ("beijing-talks", "updated", 3, "bob"),
    ]
    for change in changes:
        assert change.at.tzinfo is not None
        assert change.at.utcoffset() == dt.timedelta(0)
        assert start <= change.at <= end
    added = changes[0]
    assert [f.field for f in added.fields] == list(talks.to_dict())
    assert all(f.old is None for f in added.fields)
    assert {f.field: f.new for f in added.fields} == talks.to_dict()
    assert changes[1].fields == (
        FieldChange("title", "Talks in Beijing", "Beijing talks"),
        FieldChange("notes", None, "first round"),
    )
    assert changes[2].fields == (FieldChange("notes", "first round", None),)
    assert replay(changes) == bob.get("beijing-talks").to_dict()
    assert [c.action for c in alice.history("astana-lrt")] == ["added"]


def test_a_batch_records_each_new_and_changed_record_and_skips_the_unchanged(store) -> None:
    records = store_records()
    records[0] = records[0].model_copy(update={"status": Status.OPERATING, "end": None})
    assert store.add(records, replace=True).written == 1
    assert [c.action for c in store.history("astana-lrt")] == ["added", "updated"]
    assert store.history("astana-lrt")[1].fields == (
        FieldChange("status", "under_construction", "operating"),
        FieldChange("end", "2019", None),
    )
    assert [c.action for c in store.history("silk-fund")] == ["added"]
    assert store.add(records, replace=True).written == 0  # the same again changes nothing
    assert len(store.history("astana-lrt")) == 2
    same = store.get("beijing-talks")
    assert store.update(same, expected_version=1) == 1
    assert len(store.history("beijing-talks")) == 1


def test_a_refused_or_failed_write_leaves_no_history(store, monkeypatch) -> None:
    with pytest.raises(DuplicateRecordError):
        store.add([Project(id="new-one", title="New", sectors=["trade"]), store_records()[1]])
    assert store.history("new-one") is None
    with pytest.raises(ConflictError):
        store.update(store.get("silk-fund").model_copy(update={"notes": "x"}), expected_version=9)
    from coopmap.store import rows

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(rows, "history_entry", broken)
    renamed = store.get("silk-fund").model_copy(update={"title": "Silk Road Fund (renamed)"})
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add(renamed, replace=True)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.delete("silk-fund")
    monkeypatch.undo()
    assert store.get("silk-fund") == store_records()[4]
    assert store.version("silk-fund") == 1
    assert [c.action for c in store.history("silk-fund")] == ["added"]
    assert store.deleted() == []


def test_the_user_is_the_one_given_else_coopmap_user_else_the_login(
    store_factory, monkeypatch
) -> None:
    monkeypatch.setenv("COOPMAP_USER", "carol")
    assert store_factory(user="alice").user == "alice"
    carol = store_factory()
    assert carol.user == "carol"
    carol.add(store_records()[4])
    assert store_factory(user="  ").user == "carol"
    monkeypatch.delenv("COOPMAP_USER")
    login = store_factory()
    assert login.user == getpass.getuser()
    login.delete("silk-fund")
    assert [(c.action, c.user) for c in login.history("silk-fund")] == [
        ("added", "carol"),
        ("deleted", getpass.getuser()),
    ]


def test_history_of_an_id_never_stored_is_none(store) -> None:
    assert store.history("nowhere") is None


# --- deleting and restoring ---------------------------------------------------------------------


def test_a_deleted_record_is_gone_from_every_query_but_kept(store) -> None:
    lrt = store_records()[0]
    revision = store.revision()
    store.delete("astana-lrt")
    assert store.revision() != revision
    assert store.get("astana-lrt") is None
    assert store.version("astana-lrt") is None
    assert store.count() == 4
    assert "astana-lrt" not in [r.id for r in store.records()]
    assert store.records_in(ASTANA_BOX) == []
    [kept] = store.deleted()
    assert isinstance(kept, DeletedRecord)
    assert kept.record == lrt
    assert kept.deleted_by == "alice"
    assert abs(kept.deleted_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    record, when, who = kept  # a plain tuple too
    assert (record, when, who) == (lrt, kept.deleted_at, "alice")
    changes = store.history("astana-lrt")
    assert [(c.action, c.version) for c in changes] == [("added", 1), ("deleted", 1)]
    assert {f.field for f in changes[1].fields} == set(lrt.to_dict())
    assert all(f.new is None for f in changes[1].fields)
    assert replay(changes) is None
    with pytest.raises(RecordNotFoundError, match="no record astana-lrt to delete"):
        store.delete("astana-lrt")


def test_restore_brings_a_record_back_one_version_up(store) -> None:
    lrt = store_records()[0]
    store.delete("astana-lrt")
    revision = store.revision()
    assert store.restore("astana-lrt") == lrt
    assert store.revision() != revision
    assert store.get("astana-lrt") == lrt
    assert store.version("astana-lrt") == 2
    assert store.count() == 5
    assert [r.id for r in store.records_in(ASTANA_BOX)] == ["astana-lrt"]
    assert store.deleted() == []
    changes = store.history("astana-lrt")
    assert [(c.action, c.version) for c in changes] == [
        ("added", 1),
        ("deleted", 1),
        ("restored", 2),
    ]
    assert replay(changes) == lrt.to_dict()
    edited = lrt.model_copy(update={"notes": "after the restore"})
    assert store.update(edited, expected_version=2) == 3
    with pytest.raises(RecordNotFoundError, match="no deleted record astana-lrt"):
        store.restore("astana-lrt")


def test_restore_is_refused_when_a_new_record_took_the_id(store) -> None:
    store.delete("silk-fund")
    newcomer = Project(id="silk-fund", title="Another fund", sectors=["finance"])
    store.add(newcomer)
    with pytest.raises(ConflictError, match="silk-fund was added after it was deleted"):
        store.restore("silk-fund")
    assert store.get("silk-fund") == newcomer
    assert [item.record for item in store.deleted()] == [store_records()[4]]
    assert [c.action for c in store.history("silk-fund")] == ["added", "deleted", "added"]


def test_an_id_deleted_twice_restores_the_latest(store) -> None:
    store.delete("silk-fund")
    second = Project(id="silk-fund", title="Silk Road Fund II", sectors=["finance"])
    store.add(second)
    store.delete("silk-fund")
    assert [item.record.title for item in store.deleted()] == [
        "Silk Road Fund II",
        "Silk Road Fund",
    ]
    assert store.restore("silk-fund") == second
    assert [item.record.title for item in store.deleted()] == ["Silk Road Fund"]
    with pytest.raises(ConflictError):
        store.restore("silk-fund")


def test_deletions_and_restores_are_seen_by_another_connection(store, store_factory) -> None:
    other = store_factory(create=False, user="bob")
    store.delete("beijing-talks")
    assert [item.record.id for item in other.deleted()] == ["beijing-talks"]
    other.restore("beijing-talks")
    assert store.get("beijing-talks") == store_records()[1]
    assert [c.user for c in store.history("beijing-talks")] == ["alice", "alice", "bob"]


# --- stores made before history -----------------------------------------------------------------

SCHEMAS = {"gpkg": gpkg_schema, "postgis": pg_schema}
SCHEMA_VERSION = {
    "gpkg": "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'",
    "postgis": "SELECT max(version) FROM schema_version",
}
# A record as the first schema stores it: the JSON plus the columns the schema requires.
V1_RECORD = {
    "gpkg": "INSERT INTO records (id, kind, title, precision, version, updated_at, data, geom) "
    "VALUES (?, ?, ?, ?, ?, '2015-12-20T00:00:00.000Z', ?, ?)",
    "postgis": "INSERT INTO records (id, kind, title, precision, version, data, geom) "
    "VALUES (%s, %s, %s, %s, %s, %s::jsonb, ST_GeomFromWKB(%s, 4326))",
}
V1_LOCATION = {
    "gpkg": "INSERT INTO locations (record_id, position, name, precision, kind, title, geom) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "postgis": "INSERT INTO locations (record_id, position, name, precision, kind, title, geom) "
    "VALUES (%s, %s, %s, %s, %s, %s, ST_GeomFromWKB(%s, 4326))",
}


def _geometry(backend: str, geometry: shapely.Geometry | None) -> bytes | None:
    if geometry is None:
        return None
    return encode_geometry(geometry) if backend == "gpkg" else shapely.to_wkb(geometry)


def make_v1_store(store_backend: str, store_url: str, store_sql, monkeypatch) -> None:
    """A store at schema version 1, made from the first migration's own SQL, with two records
    written as that schema's code wrote them (the second at version 3)."""
    schema = SCHEMAS[store_backend]
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        open_store(store_url, create=True).close()
    for version, record in ((1, store_records()[0]), (3, store_records()[4])):
        text = record.model_dump_json(exclude_none=True)
        geometry = _geometry(store_backend, record.geometry)
        store_sql(
            V1_RECORD[store_backend],
            (record.id, record.kind, record.title, "exact", version, text, geometry),
        )
        for position, location in enumerate(record.locations):
            store_sql(
                V1_LOCATION[store_backend],
                (
                    record.id,
                    position,
                    location.name,
                    str(location.precision),
                    record.kind,
                    record.title,
                    _geometry(store_backend, location.geometry),
                ),
            )
    assert store_sql(SCHEMA_VERSION[store_backend]) == [(1,)]


def test_a_store_of_schema_version_1_is_upgraded_when_opened(
    store_backend: str, store_url: str, store_sql, monkeypatch
) -> None:
    make_v1_store(store_backend, store_url, store_sql, monkeypatch)
    with pytest.raises(Exception, match="history"):
        store_sql("SELECT count(*) FROM history")
    lrt, fund = store_records()[0], store_records()[4]
    with open_store(store_url, user="alice") as store:
        assert store_sql(SCHEMA_VERSION[store_backend]) == [(SCHEMAS[store_backend].latest(),)]
        assert store.records() == [lrt, fund]
        assert [r.id for r in store.records_in(ASTANA_BOX)] == ["astana-lrt"]
        assert store.version("silk-fund") == 3
        assert store.history("astana-lrt") == []  # stored before there was a history
        assert store.history("nowhere") is None
        store.update(fund.model_copy(update={"notes": "upgraded"}), expected_version=3)
        assert [(c.action, c.version) for c in store.history("silk-fund")] == [("updated", 4)]
        store.delete("astana-lrt")
        assert store.restore("astana-lrt") == lrt
    with open_store(store_url) as again:  # nothing left to do
        assert again.count() == 2
        assert store_sql(SCHEMA_VERSION[store_backend]) == [(SCHEMAS[store_backend].latest(),)]


def test_a_failing_upgrade_leaves_the_store_as_it_was(
    store_backend: str, store_url: str, store_sql, monkeypatch
) -> None:
    make_v1_store(store_backend, store_url, store_sql, monkeypatch)
    schema = SCHEMAS[store_backend]
    n = schema.latest()
    broken = (
        *schema.MIGRATIONS,
        schema.Migration(n + 1, "reviewed", "ALTER TABLE records ADD COLUMN reviewed boolean"),
        schema.Migration(n + 2, "broken", "ALTER TABLE nowhere ADD COLUMN x integer"),
    )
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", broken)
        with pytest.raises(StoreError, match=rf"schema version {n + 2} \(broken\).*nowhere"):
            open_store(store_url)
    assert store_sql(SCHEMA_VERSION[store_backend]) == [(1,)]
    with pytest.raises(Exception, match="history"):
        store_sql("SELECT count(*) FROM history")
    with pytest.raises(Exception, match="reviewed"):
        store_sql("SELECT reviewed FROM records")
    with open_store(store_url) as store:
        assert store.count() == 2
