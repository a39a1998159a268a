"""The store: the registry, and the contract every backend keeps for reading and writing.

The behaviour tests take the ``store`` fixture (or ``store_url``/``store_factory``) and run
against every backend of ``conftest.STORE_BACKENDS``: the embedded GeoPackage and PostGIS. Their
records (:func:`builders.store_records`) serve the other store tests too: filters and areas in
tests/test_store_query.py, the GeoPackage file as GDAL sees it in tests/test_store_gpkg.py,
history in tests/test_store_history.py, deleting in tests/test_store_delete.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from builders import BEIJING, store_records
from coopmap.errors import (
    ConflictError,
    RecordNotFoundError,
    StoreError,
    UnknownStoreError,
    ValidationError,
)
from coopmap.model import Amount, Location, Project, Record
from coopmap.store import DuplicateRecordError, Store, open_store, rows
from coopmap.taxonomy import Sector


@pytest.fixture
def store(store_factory) -> Store:
    store = store_factory()
    store.add(store_records())
    return store


# --- opening ---------------------------------------------------------------------------------


def test_open_store_without_create_refuses_where_there_is_no_store(store_url: str) -> None:
    with pytest.raises(StoreError, match=r"no store at .*create=True"):
        open_store(store_url)


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_postgresql_urls_without_the_driver_say_what_to_install(
    scheme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    monkeypatch.delitem(sys.modules, "coopmap.store.postgis", raising=False)
    with pytest.raises(UnknownStoreError, match=r"needs the psycopg package.*coopmap\[postgis\]"):
        open_store(f"{scheme}://atlas@localhost/atlas")


def test_the_embedded_store_never_imports_the_postgis_driver(tmp_path: Path) -> None:
    code = f"""
import sys
import coopmap.cli, coopmap.services
from coopmap.store import open_store
from coopmap.model import Project
with open_store({str(tmp_path / "atlas.gpkg")!r}, create=True) as store:
    store.add(Project(id="p", title="P", sectors=["trade"]))
    assert store.count() == 1
print(sorted(name for name in sys.modules if name.split(".")[0] == "psycopg"))
print("coopmap.store.postgis" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "False"]


@pytest.mark.parametrize(
    "url", ["mongodb://host/db", "atlas.sqlite", "atlas", "file:///x/atlas.db"]
)
def test_unknown_stores_list_the_valid_ones(url: str) -> None:
    with pytest.raises(UnknownStoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert ".gpkg" in message
    assert "gpkg:" in message
    assert "postgresql:" in message


def test_a_closed_store_says_so(store: Store) -> None:
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count()


# --- records ---------------------------------------------------------------------------------


def test_records_come_back_equal_and_in_order(store: Store, store_url: str) -> None:
    records = store_records()
    assert store.count() == len(records)
    assert store.records() == records
    assert store.get("zhengzhou-plant") == records[2]
    assert store.get("nowhere") is None
    assert store.version("astana-lrt") == 1
    assert store.version("nowhere") is None
    store.close()
    with open_store(store_url) as reopened:
        assert reopened.records() == records


def test_adding_an_existing_id_is_refused_and_changes_nothing(store: Store) -> None:
    revision = store.revision()
    new = Project(id="new-one", title="New one", sectors=["trade"])
    again = store_records()[1].model_copy(update={"title": "Other talks"})
    with pytest.raises(DuplicateRecordError, match="beijing-talks already in the store"):
        store.add([new, again])
    assert isinstance(DuplicateRecordError([]), ConflictError)
    assert store.count() == 5
    assert store.get("new-one") is None
    assert store.get("beijing-talks") == store_records()[1]
    assert store.revision() == revision


def test_an_id_twice_in_one_batch_is_refused(store_factory) -> None:
    store = store_factory()
    twice = [store_records()[0], store_records()[0]]
    with pytest.raises(DuplicateRecordError, match="astana-lrt occur more than once"):
        store.add(twice, replace=True)
    assert store.count() == 0


def test_replace_updates_and_reimporting_changes_nothing(store: Store) -> None:
    revision = store.revision()
    assert store.add(store_records(), replace=True).written == 0
    assert store.revision() == revision
    assert store.version("beijing-talks") == 1

    changed = store_records()
    changed[1] = changed[1].model_copy(update={"title": "Talks in Beijing, day 2"})
    assert store.add(changed, replace=True).written == 1
    assert store.count() == 5
    assert store.get("beijing-talks").title == "Talks in Beijing, day 2"
    assert store.version("beijing-talks") == 2
    assert store.version("astana-lrt") == 1
    assert store.revision() != revision


def test_an_invalid_record_in_a_batch_leaves_the_store_as_it_was(store: Store) -> None:
    revision = store.revision()
    broken = Project.model_construct(id="broken", kind="project", title="  ", sectors=[])
    good = Project(id="good", title="Good", sectors=["trade"])
    with pytest.raises(ValidationError, match="broken"):
        store.add([good, broken])
    assert store.count() == 5
    assert store.get("good") is None
    assert store.revision() == revision


def test_a_failure_half_way_through_a_write_rolls_everything_back(
    store: Store, store_sql, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _dump(store_sql)
    revision = store.revision()
    calls = 0
    real = rows.location_values  # every backend builds its location rows from these

    def failing(record: Record) -> list:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk on fire")
        return real(record)

    monkeypatch.setattr(rows, "location_values", failing)
    batch = [
        Project(
            id=f"p{n}",
            title=f"Project {n}",
            sectors=["trade"],
            locations=[Location(name="Beijing", geometry=BEIJING)],
        )
        for n in range(4)
    ]
    batch[0] = store_records()[0].model_copy(update={"title": "Astana LRT, renamed"})
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add(batch, replace=True)
    assert calls == 3
    assert store.revision() == revision
    assert _dump(store_sql) == before


def _dump(store_sql) -> list[tuple]:
    rows = []
    for table in ("records", "locations", "meta", "geocode_cache", "history", "deleted_records"):
        rows += store_sql(f"SELECT * FROM {table} ORDER BY 1")
    return rows


def test_values_no_store_can_keep_are_refused_naming_the_record(store: Store) -> None:
    # Built past validation, as a caller with a bug (or an old pickle) could.
    endless = Project.model_construct(
        id="endless",
        kind="project",
        title="Endless",
        sectors=[Sector.FINANCE],
        amount=Amount.model_construct(value=float("inf"), currency="USD"),
    )
    with pytest.raises(ValidationError, match=r"record endless.*finite"):
        store.add(endless)
    nul = Project.model_construct(id="nul", kind="project", title="A\x00B", sectors=[Sector.TRADE])
    with pytest.raises(ValidationError, match=r"record nul.*NUL"):
        store.add(nul)
    assert store.count() == 5


def test_update_checks_the_version(store: Store) -> None:
    talks = store.get("beijing-talks")
    edited = talks.model_copy(update={"notes": "first round"})
    assert store.update(edited, expected_version=1) == 2
    assert store.get("beijing-talks") == edited

    stale = talks.model_copy(update={"notes": "a parallel edit"})
    with pytest.raises(ConflictError, match="version 1, the store has version 2"):
        store.update(stale, expected_version=1)
    assert store.get("beijing-talks") == edited
    assert store.version("beijing-talks") == 2


def test_update_of_a_missing_record_fails(store: Store) -> None:
    ghost = Project(id="ghost", title="Ghost", sectors=["other"])
    with pytest.raises(RecordNotFoundError, match="ghost"):
        store.update(ghost, expected_version=1)


def test_delete(store: Store, store_sql) -> None:
    count = "SELECT count(*) FROM locations WHERE record_id = 'astana-lrt'"
    assert store_sql(count) == [(2,)]
    store.delete("astana-lrt")
    assert store.get("astana-lrt") is None
    assert store.count() == 4
    assert store_sql(count) == [(0,)]
    with pytest.raises(RecordNotFoundError, match="astana-lrt"):
        store.delete("astana-lrt")


def test_revision_changes_on_every_write_even_from_other_programs(store: Store, store_sql) -> None:
    seen = {store.revision()}
    talks = store.get("beijing-talks")
    store.update(talks.model_copy(update={"notes": "x"}), expected_version=1)
    seen.add(store.revision())
    store.add(Project(id="another", title="Another", sectors=["trade"]))
    seen.add(store.revision())
    store.delete("another")
    seen.add(store.revision())
    # a GIS user editing the layer
    store_sql("UPDATE records SET title = 'Edited in QGIS' WHERE id = 'silk-fund'")
    seen.add(store.revision())
    assert len(seen) == 5


def test_the_geocode_cache(store: Store, store_url: str) -> None:
    revision = store.revision()
    assert store.cache_get("nominatim:astana") is None
    store.cache_put("nominatim:astana", {"lat": 51.18, "lon": 71.45, "name": "Астана"})
    store.cache_put("nominatim:wuzhen", {"lat": 30.75, "lon": 120.49})
    store.cache_put("nominatim:wuzhen", {"lat": 30.7, "lon": 120.5})
    assert store.cache_get("nominatim:astana") == {"lat": 51.18, "lon": 71.45, "name": "Астана"}
    assert store.cache_get("nominatim:wuzhen") == {"lat": 30.7, "lon": 120.5}
    assert store.revision() == revision
    store.close()
    with open_store(store_url) as reopened:
        assert reopened.cache_get("nominatim:astana")["name"] == "Астана"
