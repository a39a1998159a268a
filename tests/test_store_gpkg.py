"""The GeoPackage store as a file: what GDAL, QGIS and SQLite see, which files it refuses, and
its geometry blobs. The behaviour every backend shares is tested in tests/test_store.py.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
import shapely

from builders import ASTANA, BEIJING, LRT_LINE, WUZHEN, ZHENGZHOU_SITE, store_records
from coopmap.errors import StoreError
from coopmap.model import Location, Project
from coopmap.store import Store, open_store
from coopmap.store.gpkg import GeoPackageStore, decode_geometry, encode_geometry


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "atlas.gpkg"


@pytest.fixture
def gpkg_store(path: Path) -> Store:
    with open_store(path, create=True) as store:
        store.add(store_records())
        yield store


# --- opening ---------------------------------------------------------------------------------


def test_open_store_without_create_makes_no_file(path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store at .*create=True"):
        open_store(path)
    assert not path.exists()


@pytest.mark.parametrize("form", ["path", "str", "gpkg", "file", "url"])
def test_open_store_accepts_paths_and_urls(path: Path, form: str) -> None:
    with open_store(path, create=True) as store:
        store.add(store_records()[:1])
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
    records = {record.id: record for record in store_records()}
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
        store.add(store_records()[:4])
        assert Path(f"{path}-wal").exists()
        assert gdal_count() == 4
        store.add(store_records()[4])
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
