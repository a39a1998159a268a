"""The store: the registry, the contract every backend keeps, and the GeoPackage file GDAL sees.

The behaviour tests take the ``store`` fixture (or ``store_url``/``store_factory``) and run
against every backend of ``conftest.STORE_BACKENDS``: the embedded GeoPackage and PostGIS. The
tests of the GeoPackage file as such (GDAL, SQLite) take ``gpkg_store`` and ``path``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
import shapely

from coopmap.errors import (
    ConflictError,
    RecordNotFoundError,
    StoreError,
    UnknownStoreError,
    ValidationError,
)
from coopmap.model import Amount, Event, Location, Project, Record
from coopmap.query import Filter
from coopmap.store import DuplicateRecordError, Store, open_store, rows
from coopmap.store.gpkg import GeoPackageStore, decode_geometry, encode_geometry
from coopmap.taxonomy import Sector

ASTANA = shapely.Point(71.45, 51.18)
BEIJING = shapely.Point(116.40, 39.90)
ZHENGZHOU_SITE = shapely.Polygon(
    [(113.60, 34.70), (113.70, 34.70), (113.70, 34.80), (113.60, 34.70)]
)
WUZHEN = shapely.Point(120.49, 30.75)
LRT_LINE = shapely.LineString([(71.40, 51.10), (71.45, 51.18), (71.50, 51.20)])


def make_records() -> list[Record]:
    return [
        Project(
            id="astana-lrt",
            title="Astana light rail",
            sectors=["transport"],
            countries=["KZ"],
            status="under_construction",
            start="2015-05",
            end="2019",
            organisations=[{"name": "China Railway", "role": "contractor"}],
            locations=[
                Location(name="Astana", geometry=ASTANA, precision="city", country="KZ"),
                Location(name="Line 1", geometry=LRT_LINE, precision="exact", country="KZ"),
            ],
        ),
        Event(
            id="beijing-talks",
            title="Talks in Beijing",
            event_type="talks",
            start="2015-03-27",
            locations=[Location(name="Beijing", geometry=BEIJING, precision="city")],
        ),
        Project(
            id="zhengzhou-plant",
            title="Zhengzhou plant",
            sectors=["industry", "energy"],
            countries=["CN"],
            status="operating",
            start="2016-02-01",
            end="2018",
            locations=[Location(name="Zhengzhou", geometry=ZHENGZHOU_SITE, precision="exact")],
        ),
        Event(
            id="wuzhen-conference",
            title="World Internet Conference",
            event_type="conference",
            start="2015-12-16",
            end="2015-12-18",
            draft=True,
            locations=[Location(name="Wuzhen", geometry=WUZHEN, precision="city")],
        ),
        Project(id="silk-fund", title="Silk Road Fund", sectors=["finance"], start="2014-12"),
    ]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "atlas.gpkg"


@pytest.fixture
def store(store_factory) -> Store:
    store = store_factory()
    store.add(make_records())
    return store


@pytest.fixture
def gpkg_store(path: Path) -> Store:
    with open_store(path, create=True) as store:
        store.add(make_records())
        yield store


# --- opening ---------------------------------------------------------------------------------


def test_open_store_without_create_refuses_where_there_is_no_store(store_url: str) -> None:
    with pytest.raises(StoreError, match=r"no store at .*create=True"):
        open_store(store_url)


def test_open_store_without_create_makes_no_file(path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store at .*create=True"):
        open_store(path)
    assert not path.exists()


@pytest.mark.parametrize("form", ["path", "str", "gpkg", "file", "url"])
def test_open_store_accepts_paths_and_urls(path: Path, form: str) -> None:
    with open_store(path, create=True) as store:
        store.add(make_records()[:1])
    url_or_path = {
        "path": path,
        "str": str(path),
        "gpkg": f"gpkg://{path}",
        "file": path.as_uri(),
        "url": GeoPackageStore(path).url,
    }[form]
    with open_store(url_or_path) as store:
        assert isinstance(store, GeoPackageStore)
        assert isinstance(store, Store)
        assert store.count() == 1
        assert store.url == f"gpkg://{path}"


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
import coopmap.cli, coopmap.tools
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


def test_a_file_that_is_not_a_geopackage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.gpkg"
    path.write_text("not a database at all, just some text that is long enough" * 20)
    with pytest.raises(StoreError, match=r"not a coopmap store|not a GeoPackage"):
        open_store(path)


def test_a_geopackage_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.gpkg"
    pyogrio.raw.write(
        path,
        geometry=np.array([shapely.to_wkb(ASTANA)], dtype=object),
        field_data=[np.array(["Astana"], dtype=object)],
        fields=["name"],
        geometry_type="Point",
        crs="EPSG:4326",
        driver="GPKG",
        layer="cities",
    )
    with pytest.raises(StoreError, match="GeoPackage but not a coopmap store"):
        open_store(path)


def test_a_newer_schema_is_refused(gpkg_store: Store, path: Path) -> None:
    gpkg_store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99, newer"):
        open_store(path)


def test_a_closed_store_says_so(store: Store) -> None:
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count()


# --- records ---------------------------------------------------------------------------------


def test_records_come_back_equal_and_in_order(store: Store, store_url: str) -> None:
    records = make_records()
    assert store.count() == len(records)
    assert store.records() == records
    assert store.get("zhengzhou-plant") == records[2]
    assert store.get("nowhere") is None
    assert store.version("astana-lrt") == 1
    assert store.version("nowhere") is None
    store.close()
    with open_store(store_url) as reopened:
        assert reopened.records() == records


FILTERS = [
    Filter(),
    Filter.make(kinds=["project"]),
    Filter.make(kinds=["event"]),
    Filter.make(sectors=["energy"]),
    Filter.make(sectors=["transport", "finance"]),
    Filter.make(statuses=["operating"]),
    Filter.make(precisions=["city"]),
    Filter.make(countries=["KZ"]),
    Filter(include_drafts=False),
    Filter(ids=frozenset({"silk-fund", "beijing-talks"})),
    Filter(text="rail"),
    Filter(organisation="china railway"),
    Filter(start=dt.date(2015, 6, 1)),
    Filter(end=dt.date(2015, 4, 30)),
    Filter(start=dt.date(2015, 12, 18), end=dt.date(2015, 12, 18)),
    Filter(start=dt.date(2019, 12, 31)),
    Filter(start=dt.date(2020, 1, 1)),
    Filter(start=dt.date(2014, 12, 31), end=dt.date(2014, 12, 31)),
    Filter.make(kinds=["project"], sectors=["industry"], start=dt.date(2017, 1, 1)),
    Filter(no_sectors=True),
    Filter(no_sectors=True, include_drafts=False),
    Filter.make(countries=["CN"]),
    Filter.make(countries=["KZ", "CN"], kinds=["project"]),
]


@pytest.mark.parametrize("query", FILTERS, ids=range(len(FILTERS)))
def test_filtered_records_are_what_the_filter_keeps(store: Store, query: Filter) -> None:
    assert store.records(query) == query.apply(make_records())


AREAS = {
    "astana-box": shapely.box(71.0, 51.0, 72.0, 51.5),
    "line-only": shapely.box(71.48, 51.19, 71.6, 51.3),  # the LRT line, not the city point
    "north-china": shapely.Polygon([(110, 33), (118, 33), (118, 41), (110, 41)]),
    "zhengzhou-edge": shapely.box(113.70, 34.0, 114.0, 34.75),  # touches the site's edge
    "ocean": shapely.box(-40, -40, -30, -30),
    "two-parts": shapely.MultiPolygon(
        [shapely.box(116, 39, 117, 40), shapely.box(120, 30, 121, 31)]
    ),
}
SPATIAL = [
    ("astana-box", None),
    ("line-only", None),
    ("north-china", None),
    ("north-china", Filter.make(kinds=["project"])),
    ("north-china", Filter(start=dt.date(2016, 1, 1))),
    ("zhengzhou-edge", None),
    ("ocean", None),
    ("two-parts", None),
    ("two-parts", Filter(include_drafts=False)),
]


@pytest.mark.parametrize(
    ("area", "query"), SPATIAL, ids=[f"{a}-{i}" for i, (a, _) in enumerate(SPATIAL)]
)
def test_records_in_an_area_are_those_with_a_location_in_it(
    store: Store, area: str, query: Filter | None
) -> None:
    shape = AREAS[area]
    expected = [
        record
        for record in (query or Filter()).apply(make_records())
        if any(location.geometry.intersects(shape) for location in record.locations)
    ]
    assert store.records_in(shape, query) == expected
    if area != "ocean":
        assert expected, "the case should keep something"


@pytest.mark.parametrize(
    ("country", "ids"),
    [
        ("KZ", ["astana-lrt"]),
        ("CN", ["beijing-talks", "zhengzhou-plant", "wuzhen-conference"]),
        ("FR", []),
    ],
)
def test_records_in_a_country_are_those_inside_its_outline(
    store: Store, gazetteer, country: str, ids: list[str]
) -> None:
    outline = gazetteer.country_shape(country)
    assert [r.id for r in store.records_in(outline)] == ids
    drafts_out = Filter(include_drafts=False)
    assert [r.id for r in store.records_in(outline, drafts_out)] == [
        id for id in ids if id != "wuzhen-conference"
    ]


def test_sql_narrows_the_records_before_python_checks_them(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Filter, "matches", lambda self, record: True)
    assert [r.id for r in store.records(Filter(start=dt.date(2019, 12, 31)))] == ["astana-lrt"]
    assert [r.id for r in store.records(Filter(end=dt.date(2015, 3, 31)))] == [
        "beijing-talks",
        "silk-fund",
    ]
    assert [r.id for r in store.records(Filter.make(sectors=["mining"]))] == [
        "beijing-talks",
        "wuzhen-conference",
    ]
    assert [
        r.id for r in store.records(Filter(include_drafts=False, kinds=frozenset({"event"})))
    ] == ["beijing-talks"]


def test_country_and_no_sector_filters_narrow_in_sql_too(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Filter, "matches", lambda self, record: True)
    # CN from a record's countries, KZ from a location's country.
    assert [r.id for r in store.records(Filter.make(countries=["CN"]))] == ["zhengzhou-plant"]
    store.add(MORE_RECORDS[0])
    assert [r.id for r in store.records(Filter.make(countries=["KZ"]))] == [
        "astana-lrt",
        "almaty-forum",
    ]
    assert [r.id for r in store.records(Filter(no_sectors=True))] == [
        "beijing-talks",
        "wuzhen-conference",
    ]


# Records that tell the country and sector conditions apart: an event with sectors and only a
# location's country, one with countries of its own and no sectors, a project in two countries
# by its locations, one of them not among its own countries.
MORE_RECORDS = [
    Event(
        id="almaty-forum",
        title="Almaty forum",
        event_type="conference",
        sectors=["trade"],
        start="2016-06",
        locations=[
            Location(name="Almaty", geometry=shapely.Point(76.9, 43.2), country="KZ"),
        ],
    ),
    Event(
        id="xian-signing",
        title="Signing in Xi'an",
        event_type="signing",
        countries=["CN", "KZ"],
        start="2017",
        draft=True,
        locations=[Location(name="Xi'an", geometry=shapely.Point(108.94, 34.34))],
    ),
    Project(
        id="khorgos-gateway",
        title="Khorgos gateway",
        sectors=["transport", "trade"],
        countries=["KZ"],
        status="operating",
        locations=[
            Location(name="Khorgos", geometry=shapely.Point(80.2, 44.2), country="KZ"),
            Location(name="Horgos", geometry=shapely.Point(80.4, 44.2), country="CN"),
        ],
    ),
]

COUNTRY_AND_SECTOR_FILTERS = [
    Filter(no_sectors=True),
    Filter(no_sectors=True, include_drafts=False),
    Filter.make(kinds=["event"], no_sectors=True),
    Filter.make(sectors=["trade"], no_sectors=True),
    Filter.make(countries=["KZ"]),
    Filter.make(countries=["CN"]),
    Filter.make(countries=["KZ", "CN"]),
    Filter.make(countries=["FR"]),
    Filter.make(countries=["CN"], no_sectors=True),
    Filter.make(countries=["KZ"], sectors=["trade"]),
    Filter.make(countries=["CN"], kinds=["project"], statuses=["operating"]),
    Filter.make(countries=["KZ"], start=dt.date(2016, 1, 1), include_drafts=False),
]


@pytest.mark.parametrize(
    "query", COUNTRY_AND_SECTOR_FILTERS, ids=range(len(COUNTRY_AND_SECTOR_FILTERS))
)
def test_country_and_no_sector_filters_keep_what_the_filter_keeps(
    store: Store, query: Filter
) -> None:
    store.add(MORE_RECORDS)
    everything = store.records()
    assert len(everything) == len(make_records()) + len(MORE_RECORDS)
    expected = query.apply(everything)
    assert store.records(query) == expected
    assert expected or query.countries == {"FR"}, "the case should keep something"


def test_adding_an_existing_id_is_refused_and_changes_nothing(store: Store) -> None:
    revision = store.revision()
    new = Project(id="new-one", title="New one", sectors=["trade"])
    again = make_records()[1].model_copy(update={"title": "Other talks"})
    with pytest.raises(DuplicateRecordError, match="beijing-talks already in the store"):
        store.add([new, again])
    assert isinstance(DuplicateRecordError([]), ConflictError)
    assert store.count() == 5
    assert store.get("new-one") is None
    assert store.get("beijing-talks") == make_records()[1]
    assert store.revision() == revision


def test_an_id_twice_in_one_batch_is_refused(store_factory) -> None:
    store = store_factory()
    twice = [make_records()[0], make_records()[0]]
    with pytest.raises(DuplicateRecordError, match="astana-lrt occur more than once"):
        store.add(twice, replace=True)
    assert store.count() == 0


def test_replace_updates_and_reimporting_changes_nothing(store: Store) -> None:
    revision = store.revision()
    assert store.add(make_records(), replace=True) == 0
    assert store.revision() == revision
    assert store.version("beijing-talks") == 1

    changed = make_records()
    changed[1] = changed[1].model_copy(update={"title": "Talks in Beijing, day 2"})
    assert store.add(changed, replace=True) == 1
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
    batch[0] = make_records()[0].model_copy(update={"title": "Astana LRT, renamed"})
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


# --- the file as GDAL and SQLite see it ----------------------------------------------------------


def test_the_file_is_a_geopackage(gpkg_store: Store, path: Path) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone() == (0x47504B47,)
        assert conn.execute("PRAGMA user_version").fetchone()[0] in (10300, 10400)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        srs = {row[0] for row in conn.execute("SELECT srs_id FROM gpkg_spatial_ref_sys")}
        assert {-1, 0, 4326} <= srs
        contents = dict(conn.execute("SELECT table_name, data_type FROM gpkg_contents"))
        assert contents == {
            "records": "features",
            "locations": "features",
            "geocode_cache": "attributes",
            "history": "attributes",
            "deleted_records": "attributes",
        }
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    gpkg_store.close()
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {"records", "locations", "geocode_cache", "history", "deleted_records"}
    assert layers["geocode_cache"] is None
    assert layers["history"] is None


def test_gdal_reads_one_feature_per_record_with_our_geometry(gpkg_store: Store, path: Path) -> None:
    gpkg_store.close()  # GDAL's own SQLite must not share the file with ours in one process
    info = pyogrio.read_info(path, layer="records")
    assert info["crs"] == "EPSG:4326"
    assert info["features"] == 5
    assert info["fid_column"] == "fid"
    assert info["geometry_name"] == "geom"
    meta, _, wkbs, fields = pyogrio.raw.read(path, layer="records")
    columns = dict(zip(meta["fields"], fields, strict=True))
    records = {record.id: record for record in make_records()}
    assert list(columns["id"]) == list(records)
    for id, wkb in zip(columns["id"], wkbs, strict=True):
        geometry = shapely.from_wkb(wkb) if wkb is not None else None
        expected = records[id].geometry
        assert geometry == expected, id
    types = [shapely.from_wkb(w).geom_type if w is not None else None for w in wkbs]
    assert types == ["GeometryCollection", "Point", "Polygon", "Point", None]
    assert list(columns["sectors"]) == ["transport", None, "industry;energy", None, "finance"]
    assert list(columns["precision"]) == ["exact", "city", "exact", "city", "unknown"]
    assert list(columns["draft"]) == [False, False, False, True, False]
    assert columns["organisations"][0] == "China Railway (contractor)"


def test_gdal_reads_one_feature_per_location(gpkg_store: Store, path: Path) -> None:
    gpkg_store.close()  # GDAL's own SQLite must not share the file with ours in one process
    meta, _, wkbs, fields = pyogrio.raw.read(path, layer="locations")
    columns = dict(zip(meta["fields"], fields, strict=True))
    assert list(columns["record_id"]) == [
        "astana-lrt",
        "astana-lrt",
        "beijing-talks",
        "zhengzhou-plant",
        "wuzhen-conference",
    ]
    assert list(columns["name"]) == ["Astana", "Line 1", "Beijing", "Zhengzhou", "Wuzhen"]
    geometries = [shapely.from_wkb(wkb) for wkb in wkbs]
    assert geometries == [ASTANA, LRT_LINE, BEIJING, ZHENGZHOU_SITE, WUZHEN]


def test_wal_mode_is_readable_by_gdal_and_undone_on_close(path: Path) -> None:
    # GDAL runs in another process, as QGIS would: GDAL brings its own SQLite, and two SQLite
    # libraries in one process do not see each other's locks (GDAL would delete our WAL file).
    def gdal_count() -> int:
        code = (
            f"import pyogrio; print(pyogrio.read_info({str(path)!r}, layer='records')['features'])"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return int(done.stdout)

    with open_store(path, create=True, journal_mode="wal") as store:
        store.add(make_records()[:4])
        assert Path(f"{path}-wal").exists()
        assert gdal_count() == 4
        store.add(make_records()[4])
        assert gdal_count() == 5
    assert not Path(f"{path}-wal").exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("SELECT count(*) FROM records").fetchone() == (5,)


def test_writes_keep_working_with_gdal_style_spatial_index_triggers(
    gpkg_store: Store, path: Path
) -> None:
    # GDAL's R-tree triggers call ST_MinX and friends, which plain SQLite lacks.
    with sqlite3.connect(path) as conn:
        conn.executescript("""
            CREATE TABLE envelopes (id INTEGER, minx, maxx, miny, maxy, empty);
            CREATE TRIGGER envelope AFTER INSERT ON locations BEGIN
                INSERT INTO envelopes VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom),
                    ST_MinY(NEW.geom), ST_MaxY(NEW.geom), ST_IsEmpty(NEW.geom));
            END;
        """)
    gpkg_store.add(
        Project(
            id="zz",
            title="Zhengzhou again",
            sectors=["industry"],
            locations=[
                Location(name="Zhengzhou", geometry=ZHENGZHOU_SITE),
                Location(name="Beijing", geometry=BEIJING),
            ],
        )
    )
    with sqlite3.connect(path) as conn:
        envelopes = conn.execute("SELECT minx, maxx, miny, maxy, empty FROM envelopes").fetchall()
    assert envelopes == [(113.6, 113.7, 34.7, 34.8, 0), (116.4, 116.4, 39.9, 39.9, 0)]


@pytest.mark.parametrize(
    "geometry", [ASTANA, LRT_LINE, ZHENGZHOU_SITE, shapely.GeometryCollection([ASTANA, LRT_LINE])]
)
def test_geometry_blobs(geometry: shapely.Geometry) -> None:
    blob = encode_geometry(geometry)
    assert blob[:2] == b"GP"
    assert int.from_bytes(blob[4:8], "little") == 4326
    envelope = (blob[3] >> 1) & 0b111
    assert envelope == (0 if geometry.geom_type == "Point" else 1)
    assert decode_geometry(blob) == geometry
    assert encode_geometry(None) is None
