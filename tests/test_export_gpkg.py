"""GeoPackage export and import: layers GDAL reads, columns both ways (coopmap.formats.gpkg)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
import shapely

from builders import export_records
from coopmap.formats import RecordImportError, export, read_file, read_records
from coopmap.formats import gpkg as gpkg_format
from coopmap.formats.gdal import write_layer
from coopmap.seed import load_seed
from coopmap.store import open_store

PAYLOAD = "{{ 7*7 }} <img src=x onerror=alert(1)> </script><script>alert(1)</script> ${alert(1)}"


def read_layer(path: Path, layer: str) -> tuple[dict, list[dict], list]:
    meta, _, wkbs, fields = pyogrio.raw.read(path, layer=layer)
    names = list(meta["fields"])
    rows = [
        {name: column[i] for name, column in zip(names, fields, strict=True)}
        for i in range(len(wkbs))
    ]
    geometries = [None if wkb is None else shapely.from_wkb(wkb) for wkb in wkbs]
    return meta, rows, geometries


@pytest.fixture(scope="module")
def seed():
    return load_seed()


def test_export_writes_layers_gdal_reads_with_the_columns_and_codes(tmp_path: Path) -> None:
    records = export_records()
    path = export(records, tmp_path / "atlas export.gpkg")
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["atlas export.gpkg"]  # no temporary left
    assert [str(name) for name, _ in pyogrio.list_layers(path)] == ["records", "locations"]
    meta, rows, geometries = read_layer(path, "records")
    assert meta["crs"] == "EPSG:4326"
    assert [row["id"] for row in rows] == [r.id for r in records]
    lrt = rows[0]
    assert (lrt["sectors"], lrt["crs_codes"]) == ("transport; construction", "210; 323")
    assert (lrt["countries"], lrt["countries_alpha3"]) == ("KZ; CN", "KAZ; CHN")
    assert (lrt["precision"], lrt["iati_precision"]) == ("city; exact", "3; 1")
    assert lrt["amount"] == 1.9e9
    assert [bool(row["draft"]) for row in rows] == [False, False, True, False]
    assert {"lat", "lon", "wkt"}.isdisjoint(lrt)
    assert geometries[0].geom_type == "GeometryCollection"
    assert geometries[1] == shapely.Point(116.4, 39.9)
    assert geometries[3] is None
    _, locations, shapes = read_layer(path, "locations")
    assert [(row["record_id"], row["name"]) for row in locations] == [
        ("astana-lrt", "Astana"),
        ("astana-lrt", "Line 1"),
        ("beijing-talks", "Beijing"),
        ("zhengzhou-plant", "Zhengzhou; site"),
    ]
    assert [shape.geom_type for shape in shapes] == ["Point", "LineString", "Point", "Polygon"]
    assert read_records(path) == records


def test_text_is_kept_as_it_is(tmp_path: Path, seed) -> None:
    first = next(r for r in seed if r.kind == "project")
    renamed = first.model_copy(update={"title": PAYLOAD, "notes": f"{PAYLOAD}\nsecond line"})
    path = export([renamed], tmp_path / "out.gpkg")
    _, rows, _ = read_layer(path, "records")
    assert [row["title"] for row in rows] == [PAYLOAD]
    assert read_records(path) == [renamed]


def test_a_failed_export_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export(seed[:2], tmp_path / "out.gpkg")
    before = path.read_bytes()
    calls = []

    def fail_on_the_second_layer(*args: object, **kwargs: object) -> None:
        calls.append(kwargs["layer"])
        if kwargs["layer"] == "locations":
            raise OSError("disk full")
        write_layer(*args, **kwargs)

    monkeypatch.setattr(gpkg_format, "write_layer", fail_on_the_second_layer)
    with pytest.raises(OSError, match="disk full"):
        export(seed, path)
    assert calls == ["records", "locations"]
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.gpkg"]


def test_a_coopmap_store_file_imports_exactly(tmp_path: Path, seed) -> None:
    path = tmp_path / "colleague.gpkg"
    with open_store(path, create=True) as store:
        store.add(seed)
    assert sorted(read_records(path), key=lambda r: r.id) == sorted(seed, key=lambda r: r.id)


def test_a_geopackage_made_in_a_gis_imports(tmp_path: Path) -> None:
    path = tmp_path / "qgis.gpkg"
    write_layer(
        path,
        layer="projects",
        columns={"title": ["Almaty ring road", "Steppe line"], "SECTORS": ["transport", "energy"]},
        geometries=[shapely.Point(76.9, 43.25), shapely.LineString([(70, 50), (71, 51)])],
        driver="GPKG",
    )
    ring, line = read_records(path)
    assert (ring.title, ring.sectors, ring.locations[0].name) == (
        "Almaty ring road",
        ["transport"],
        "Almaty ring road",
    )
    assert line.locations[0].geometry.geom_type == "LineString"


def test_geopackage_problems_name_the_layer_column_and_feature(tmp_path: Path) -> None:
    unknown = tmp_path / "unknown.gpkg"
    write_layer(
        unknown,
        layer="records",
        columns={"title": ["A"], "sectors": ["energy"], "colour": ["red"]},
        geometries=[shapely.Point(1, 2)],
        driver="GPKG",
    )
    reading = read_file(unknown)  # an unknown column is ignored, and said to be
    assert [record.title for record in reading.records] == ["A"]
    assert [mapping.ignored for mapping in reading.mappings] == [("colour",)]
    untitled = tmp_path / "untitled.gpkg"
    write_layer(
        untitled,
        layer="records",
        columns={"label": ["A"], "sectors": ["energy"]},
        geometries=[shapely.Point(1, 2)],
        driver="GPKG",
    )
    with pytest.raises(RecordImportError) as caught:
        read_file(untitled)
    ((record, field, reason),) = [(e.record, e.field, e.reason) for e in caught.value.errors]
    assert (record, field) == ("layer records", "title")
    assert "Its columns: 'label' (not recognised), 'sectors' (sectors)" in reason
    assert '--map "label=title"' in reason

    several = tmp_path / "several.gpkg"
    for layer in ("roads", "rails"):
        write_layer(
            several,
            layer=layer,
            columns={"title": ["A"]},
            geometries=[None],
            driver="GPKG",
            append=layer == "rails",
        )
    with pytest.raises(RecordImportError, match=r"no layer is called 'records'.*roads, rails"):
        read_file(several)

    rows = tmp_path / "rows.gpkg"
    write_layer(
        rows,
        layer="records",
        columns={"title": ["Fine", "Bad"], "sectors": ["energy", "steel"]},
        geometries=[shapely.Point(71.45, 51.18), shapely.Point(71.45, 51.18)],
        driver="GPKG",
    )
    reading = read_file(rows)
    assert [r.title for r in reading.records] == ["Fine"]
    ((problem),) = reading.problems
    assert (problem.where, problem.record, problem.field) == ("feature 2", "Bad", "sectors")


def test_a_layer_in_another_crs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mercator.gpkg"
    pyogrio.raw.write(
        path,
        np.array([shapely.to_wkb(shapely.Point(7954000, 6650000))], dtype=object),
        [np.array(["Astana"], dtype=object), np.array(["transport"], dtype=object)],
        ["title", "sectors"],
        layer="records",
        driver="GPKG",
        geometry_type="Point",
        crs="EPSG:3857",
    )
    with pytest.raises(RecordImportError, match=r"must be WGS 84 .* is in EPSG:3857"):
        read_file(path)
