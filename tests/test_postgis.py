"""What only the PostGIS store has: the database's own tables and indexes, spatial queries in
SQL, several writers at once, and versioned migrations.

The behaviour every backend shares is tested in tests/test_store.py, against this store too.
Each test here gets a new database of its own (``postgis_database``, public schema).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import shapely

from builders import ASTANA, BEIJING, store_records
from coopmap.errors import ConflictError, StoreError
from coopmap.model import Location, Project
from coopmap.query import Filter
from coopmap.store import base, open_store, pg_schema
from coopmap.store.postgis import PostGISStore, redact

pytestmark = pytest.mark.postgis


@pytest.fixture
def url(postgis_database: str) -> str:
    return postgis_database


@pytest.fixture
def store(url: str) -> Iterator[PostGISStore]:
    with open_store(url, create=True) as store:
        assert isinstance(store, PostGISStore)
        store.add(store_records())
        yield store


def sql(url: str, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run a statement on a connection of its own (another program) and return its rows."""
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, params or None)
        return cursor.fetchall() if cursor.description else []


def wait_until_blocked(url: str, *, timeout: float = 10.0) -> None:
    """Wait until some connection waits for a lock."""
    deadline = time.monotonic() + timeout
    while not sql(url, "SELECT 1 FROM pg_locks WHERE NOT granted"):
        assert time.monotonic() < deadline, "no connection started waiting for the lock"
        time.sleep(0.02)


# --- the database as SQL and GIS users see it -------------------------------------------------


def test_geometry_columns_are_wgs84_with_spatial_indexes(store: PostGISStore, url: str) -> None:
    columns = sql(
        url,
        "SELECT f_table_name, f_geometry_column, srid, type FROM geometry_columns "
        "WHERE f_table_schema = 'public' ORDER BY 1",
    )
    assert columns == [
        ("locations", "geom", 4326, "GEOMETRY"),
        ("records", "geom", 4326, "GEOMETRY"),
    ]
    indexes = sql(
        url, "SELECT tablename, indexdef FROM pg_indexes WHERE indexdef LIKE '%USING gist (geom)%'"
    )
    assert sorted(table for table, _ in indexes) == ["locations", "records"]


def test_the_tables_hold_each_record_and_location_with_its_geometry(
    store: PostGISStore, url: str
) -> None:
    records = {record.id: record for record in store_records()}
    rows = sql(url, "SELECT id, ST_AsBinary(geom), sectors, draft, data FROM records ORDER BY fid")
    assert [row[0] for row in rows] == list(records)
    for id, wkb, sectors, draft, data in rows:
        geometry = shapely.from_wkb(wkb) if wkb is not None else None
        assert geometry == records[id].geometry, id
        assert sectors == [str(sector) for sector in records[id].sectors]
        assert draft == records[id].draft
        assert data == json.loads(json.dumps(records[id].to_dict()))
    locations = sql(
        url, "SELECT record_id, name, ST_AsBinary(geom) FROM locations ORDER BY record_id, position"
    )
    assert [(id, name) for id, name, _ in locations] == [
        ("astana-lrt", "Astana"),
        ("astana-lrt", "Line 1"),
        ("beijing-talks", "Beijing"),
        ("wuzhen-conference", "Wuzhen"),
        ("zhengzhou-plant", "Zhengzhou"),
    ]
    assert shapely.from_wkb(locations[0][2]) == ASTANA


def test_records_in_an_area_is_answered_by_the_database(
    store: PostGISStore, url: str, gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_python(*args: object) -> list:
        raise AssertionError("the spatial test ran in Python")

    monkeypatch.setattr(base, "intersecting", no_python)
    monkeypatch.setattr(shapely, "intersects", no_python)
    monkeypatch.setattr(Filter, "matches", lambda self, record: True)
    assert [r.id for r in store.records_in(shapely.box(71, 51, 72, 52))] == ["astana-lrt"]
    assert [r.id for r in store.records_in(gazetteer.country_shape("CN"))] == [
        "beijing-talks",
        "zhengzhou-plant",
        "wuzhen-conference",
    ]
    projects = Filter.make(kinds=["project"])
    assert [r.id for r in store.records_in(gazetteer.country_shape("CN"), projects)] == [
        "zhengzhou-plant"
    ]


def test_the_spatial_index_serves_area_queries(store: PostGISStore, url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(
            row[0]
            for row in conn.execute(
                "EXPLAIN SELECT record_id FROM locations "
                "WHERE ST_Intersects(geom, ST_MakeEnvelope(71, 51, 72, 52, 4326))"
            )
        )
    assert "locations_geom_idx" in plan


# --- several writers ------------------------------------------------------------------------


def test_two_writers_editing_different_records_both_succeed(store: PostGISStore, url: str) -> None:
    with open_store(url) as other:
        mine = store.get("astana-lrt")
        theirs = other.get("beijing-talks")
        revision = other.revision()
        assert store.update(mine.model_copy(update={"notes": "mine"}), expected_version=1) == 2
        assert other.revision() != revision  # the other connection sees the write at once
        assert other.update(theirs.model_copy(update={"notes": "theirs"}), expected_version=1) == 2
        for reader in (store, other):
            assert reader.get("astana-lrt").notes == "mine"
            assert reader.get("beijing-talks").notes == "theirs"
            assert reader.count() == 5


def _change_then_fail(conn: psycopg.Connection) -> None:
    with conn.transaction():
        conn.execute("UPDATE records SET title = 'x' WHERE id = 'bulk-3'")
        conn.execute("SELECT 1 / 0")


def test_the_revision_goes_up_once_per_transaction(store: PostGISStore, url: str) -> None:
    revision = store.revision()
    many = [Project(id=f"bulk-{n}", title=f"Bulk {n}", sectors=["trade"]) for n in range(50)]
    store.add(many)  # one INSERT statement per record, in one transaction
    assert store.revision() == revision + 1
    with psycopg.connect(url) as conn, conn.transaction():
        # A change in a savepoint rolled back takes its bump with it; the next one bumps.
        with pytest.raises(psycopg.errors.DivisionByZero):
            _change_then_fail(conn)
        conn.execute("UPDATE records SET title = title || '!' WHERE id = 'bulk-1'")
        conn.execute("DELETE FROM records WHERE id = 'bulk-2'")
    assert store.revision() == revision + 2  # another program's transaction: once more
    with psycopg.connect(url) as conn, conn.transaction():
        conn.execute("UPDATE records SET title = 'y' WHERE id = 'bulk-5'")
    assert store.revision() == revision + 3  # and the next transaction bumps it again


def test_the_second_writer_of_the_same_record_is_refused_and_nothing_is_lost(
    store: PostGISStore, url: str
) -> None:
    with open_store(url) as other:
        first = store.get("beijing-talks")
        second = other.get("beijing-talks")
        store.update(first.model_copy(update={"notes": "first"}), expected_version=1)
        late = second.model_copy(update={"outcomes": ["second"]})
        with pytest.raises(ConflictError, match="version 1, the store has version 2; reload"):
            other.update(late, expected_version=1)
        assert other.get("beijing-talks").notes == "first"
        # The second writer reloads, applies the change again, and both changes are kept.
        reloaded = other.get("beijing-talks")
        merged = reloaded.model_copy(update={"outcomes": ["second"]})
        assert other.update(merged, expected_version=other.version("beijing-talks")) == 3
        kept = store.get("beijing-talks")
        assert (kept.notes, kept.outcomes) == ("first", ["second"])


def test_a_save_racing_another_commit_is_refused_by_the_version_check(
    store: PostGISStore, url: str
) -> None:
    # Another program holds an uncommitted new version while our update reads the old one:
    # our UPDATE ... WHERE version = 1 waits for it, then finds version 2 and writes nothing.
    talks = store.get("beijing-talks")
    outcome: dict[str, BaseException | int] = {}
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE records SET version = 2, title = 'Renamed' WHERE id = 'beijing-talks'")

        def save() -> None:
            try:
                outcome["result"] = store.update(
                    talks.model_copy(update={"notes": "racing"}), expected_version=1
                )
            except BaseException as err:
                outcome["result"] = err

        thread = threading.Thread(target=save)
        thread.start()
        wait_until_blocked(url)
        conn.commit()
        thread.join(timeout=10)
    assert isinstance(outcome["result"], ConflictError)
    assert "the store has version 2" in str(outcome["result"])
    assert sql(url, "SELECT title, version FROM records WHERE id = 'beijing-talks'") == [
        ("Renamed", 2)
    ]


def test_many_writers_at_once(store: PostGISStore, url: str) -> None:
    ids = [record.id for record in store_records()]
    stores = [open_store(url) for _ in ids]
    barrier = threading.Barrier(len(ids))
    results: dict[str, Any] = {}

    def edit(writer: PostGISStore, id: str, target: str, note: str) -> None:
        record = writer.get(target)
        version = writer.version(target)
        barrier.wait(timeout=10)
        try:
            results[id] = writer.update(
                record.model_copy(update={"notes": f"{note} {id}"}), expected_version=version
            )
        except ConflictError as err:
            results[id] = err

    def run(targets: list[str], note: str) -> None:
        results.clear()
        threads = [
            threading.Thread(target=edit, args=(writer, id, target, note))
            for writer, id, target in zip(stores, ids, targets, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    try:
        run(ids, "by")  # each writer its own record: all succeed
        assert results == dict.fromkeys(ids, 2)
        assert [store.get(id).notes for id in ids] == [f"by {id}" for id in ids]
        run(["silk-fund"] * len(ids), "then by")  # all the same record: exactly one succeeds
        winners = [id for id, result in results.items() if result == 3]
        assert len(winners) == 1
        assert all(isinstance(results[id], ConflictError) for id in ids if id not in winners)
        assert store.get("silk-fund").notes == f"then by {winners[0]}"
        assert store.version("silk-fund") == 3
    finally:
        for writer in stores:
            writer.close()


def test_a_new_record_added_meanwhile_by_another_writer_is_a_conflict(
    store: PostGISStore, url: str
) -> None:
    new = Project(id="new-one", title="New one", sectors=["trade"])
    outcome: dict[str, BaseException | int] = {}
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO records (id, kind, title, precision, version, data) "
            "VALUES ('new-one', 'project', 'Theirs', 'unknown', 1, %s::jsonb)",
            (psycopg.types.json.Jsonb(new.model_copy(update={"title": "Theirs"}).to_dict()),),
        )

        def add() -> None:
            try:
                outcome["result"] = store.add(
                    [store_records()[0].model_copy(update={"notes": "x"}), new], replace=True
                )
            except BaseException as err:
                outcome["result"] = err

        thread = threading.Thread(target=add)
        thread.start()
        wait_until_blocked(url)
        conn.commit()
        thread.join(timeout=10)
    assert isinstance(outcome["result"], ConflictError)
    assert "another writer added" in str(outcome["result"])
    assert store.get("new-one").title == "Theirs"
    assert store.get("astana-lrt") == store_records()[0]  # the whole batch was rolled back


def test_a_database_error_half_way_through_a_batch_rolls_everything_back(
    store: PostGISStore, url: str
) -> None:
    sql(
        url,
        """
        CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.name = 'Boom' THEN RAISE EXCEPTION 'no booms here'; END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_boom BEFORE INSERT ON locations
            FOR EACH ROW EXECUTE FUNCTION refuse_boom();
        """,
    )

    def dump() -> list[tuple[Any, ...]]:
        return [
            row
            for table in ("records", "locations", "meta")
            for row in sql(url, f"SELECT * FROM {table} ORDER BY 1")
        ]

    before, revision = dump(), store.revision()
    batch = [
        store_records()[0].model_copy(update={"title": "Astana LRT, renamed"}),
        Project(
            id="fine",
            title="Fine",
            sectors=["trade"],
            locations=[Location(name="Beijing", geometry=BEIJING)],
        ),
        Project(
            id="boom",
            title="Boom",
            sectors=["trade"],
            locations=[Location(name="Boom", geometry=ASTANA)],
        ),
    ]
    with pytest.raises(StoreError, match="no booms here"):
        store.add(batch, replace=True)
    assert dump() == before
    assert store.revision() == revision


def test_a_lost_connection_is_opened_again(store: PostGISStore, url: str) -> None:
    pid = store._connection().info.backend_pid
    sql(url, "SELECT pg_terminate_backend(%s)", (pid,))
    assert store.count() == 5  # a read repeats itself once on a new connection
    assert store._connection().info.backend_pid != pid
    store.add(Project(id="after", title="After", sectors=["trade"]))
    assert store.count() == 6


# --- opening and migrations -------------------------------------------------------------------


def test_create_makes_the_database_and_adds_postgis(postgis_cluster) -> None:
    bare = postgis_cluster.new_database(postgis=False)
    try:
        with open_store(bare, create=True) as store:
            store.add(store_records())
        assert sql(bare, "SELECT extname FROM pg_extension WHERE extname = 'postgis'") == [
            ("postgis",)
        ]
    finally:
        postgis_cluster.drop_database(bare)
    missing = postgis_cluster.url("coopmap_not_yet_there")
    with pytest.raises(StoreError, match=r"cannot connect.*does not exist"):
        open_store(missing)
    try:
        with open_store(missing, create=True) as store:
            assert store.count() == 0
    finally:
        postgis_cluster.drop_database(missing)


def test_a_database_of_another_program_is_refused(url: str) -> None:
    sql(url, "CREATE TABLE records (id integer)")
    with pytest.raises(StoreError, match="has a records table but is not a coopmap store"):
        open_store(url, create=True)


def test_the_schema_version_is_recorded(store: PostGISStore, url: str) -> None:
    rows = sql(url, "SELECT version, description FROM schema_version ORDER BY version")
    assert rows == [(m.version, m.description) for m in pg_schema.MIGRATIONS]
    assert [m.version for m in pg_schema.MIGRATIONS] == list(range(1, pg_schema.latest() + 1))


def test_a_newer_schema_is_refused(store: PostGISStore, url: str) -> None:
    store.close()
    sql(url, "INSERT INTO schema_version (version, description) VALUES (99, 'from the future')")
    with pytest.raises(StoreError, match="schema version 99, newer than this coopmap's"):
        open_store(url)


def test_pending_migrations_are_applied_in_order(
    store: PostGISStore, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.close()
    n = pg_schema.latest()
    later = (
        pg_schema.Migration(n + 1, "reviewed", "ALTER TABLE records ADD COLUMN reviewed boolean"),
        pg_schema.Migration(n + 2, "reviewed by default", "UPDATE records SET reviewed = true"),
    )
    monkeypatch.setattr(pg_schema, "MIGRATIONS", pg_schema.MIGRATIONS + later)
    with open_store(url) as upgraded:
        assert upgraded.records() == store_records()
    versions = sql(url, "SELECT version FROM schema_version ORDER BY 1")
    assert versions == [(v,) for v in range(1, n + 3)]
    assert sql(url, "SELECT DISTINCT reviewed FROM records") == [(True,)]
    with open_store(url) as again:  # nothing left to do
        assert again.count() == 5


def test_a_failing_migration_changes_nothing(
    store: PostGISStore, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.close()
    n = pg_schema.latest()
    later = (
        pg_schema.Migration(n + 1, "reviewed", "ALTER TABLE records ADD COLUMN reviewed boolean"),
        pg_schema.Migration(n + 2, "broken", "ALTER TABLE nowhere ADD COLUMN x integer"),
    )
    monkeypatch.setattr(pg_schema, "MIGRATIONS", pg_schema.MIGRATIONS + later)
    with pytest.raises(StoreError, match=rf"schema version {n + 2} \(broken\).*nowhere"):
        open_store(url)
    assert sql(url, "SELECT max(version) FROM schema_version") == [(n,)]
    assert sql(url, "SELECT 1 FROM information_schema.columns WHERE column_name = 'reviewed'") == []


def test_two_stores_opening_a_new_database_at_once_both_work(url: str) -> None:
    opened: list[Any] = []

    def open_one() -> None:
        try:
            opened.append(open_store(url, create=True))
        except BaseException as err:
            opened.append(err)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    try:
        assert all(isinstance(store, PostGISStore) for store in opened), opened
        assert sql(url, "SELECT count(*) FROM schema_version") == [(pg_schema.latest(),)]
    finally:
        for store in opened:
            if isinstance(store, PostGISStore):
                store.close()


# --- secrets -------------------------------------------------------------------------------------


def test_passwords_stay_out_of_messages(postgis_cluster) -> None:
    assert (
        redact("postgresql://atlas:s3cret@db:5432/atlas") == "postgresql://atlas:***@db:5432/atlas"
    )
    assert redact("postgresql://db/atlas?password=s3cret&sslmode=require") == (
        "postgresql://db/atlas?password=***&sslmode=require"
    )
    port = postgis_cluster.admin_url.rsplit(":", 1)[1].split("/")[0]
    wrong = f"postgresql://nobody:s3cret@127.0.0.1:{port}/nowhere"
    with pytest.raises(StoreError) as caught:
        open_store(wrong, connect_timeout=2)
    assert "s3cret" not in str(caught.value)
    assert "nobody:***@" in str(caught.value)


def test_url_and_repr(store: PostGISStore, url: str) -> None:
    assert store.url == url
    assert repr(store) == f"PostGISStore({url!r})"
    with open_store(store.url) as again:
        assert again.count() == 5


def test_the_cli_works_on_a_postgis_store(url: str, tmp_path) -> None:
    from click.testing import CliRunner

    from coopmap.cli import main

    runner = CliRunner()
    env = {"COOPMAP_STORE": url}
    created = runner.invoke(main, ["init"], env=env)
    assert created.exit_code == 0, created.output
    with open_store(url) as store:
        total, revision = store.count(), store.revision()
    assert total > 0
    assert f"with {total} seed records" in created.output
    again = runner.invoke(main, ["init"], env=env)  # keeps the store as it is
    assert again.exit_code == 0, again.output
    with open_store(url) as store:
        assert store.count() == total
        assert store.revision() == revision
    out = tmp_path / "atlas.geojson"
    exported = runner.invoke(main, ["--store", url, "export", str(out)])
    assert exported.exit_code == 0, exported.output
    assert len(json.loads(out.read_text())["features"]) == total
