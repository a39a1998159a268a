"""Hostile and broken files through ``coopmap import``: refused by row, field and reason, never a
traceback, the store left as it was; and the limits on the work one file may ask for."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopmap.cli import main
from coopmap.formats import gpkg, read_records
from coopmap.store import open_store
from coopmap.store.gpkg import register_functions

HEADER = "id,title,sectors,countries,lat,lon"
GOOD_ROW = "pj-good,Astana light rail,transport,KZ,51.18,71.45"
ASTANA = [71.45, 51.18]


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory) -> Path:
    """A store with the seed atlas in it, made once; each test imports into a copy."""
    path = tmp_path_factory.mktemp("hostile") / "seeded.gpkg"
    result = CliRunner().invoke(main, ["--store", str(path), "init"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def store(seeded_store, tmp_path) -> Path:
    path = tmp_path / "atlas.gpkg"
    shutil.copy(seeded_store, path)
    return path


def _records(store: Path) -> list[dict]:
    with open_store(str(store)) as opened:
        return sorted((record.to_dict() for record in opened.records()), key=lambda r: r["id"])


def refused(store: Path, path: Path, *fragments: str) -> str:
    """Import ``path``: refused with a message naming the file and each fragment, no traceback,
    the store's records as they were."""
    before = _records(store)
    result = CliRunner().invoke(main, ["--store", str(store), "import", str(path)])
    output = result.output
    assert result.exit_code in (1, 2), output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    assert str(path) in output
    for fragment in fragments:
        assert fragment in output, output
    assert _records(store) == before
    return output


def imported(store: Path, path: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(store), "import", str(path)])
    assert result.exit_code == 0, result.output


def _sheet(tmp_path: Path, header: str, *rows: str) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


# --- CSV ------------------------------------------------------------------------------------------


def test_a_csv_cell_longer_than_csv_allows_is_a_row_problem(store, tmp_path):
    path = _sheet(tmp_path, HEADER + ",notes", GOOD_ROW + "," + "x" * 140_000)
    refused(store, path, "row 2 (pj-good)", "'notes'", "140,000 characters long")
    assert "over the limit of 100,000" in refused(store, path, "COOPMAP_MAX_CELL")


def test_the_cell_limit_can_be_raised(store, tmp_path, monkeypatch):
    path = _sheet(tmp_path, HEADER + ",notes", GOOD_ROW + "," + "x" * 140_000)
    monkeypatch.setenv("COOPMAP_MAX_CELL", "200000")
    imported(store, path)
    with open_store(str(store)) as opened:
        assert len(opened.get("pj-good").notes) == 140_000


def test_deep_json_in_a_csv_cell_is_a_row_problem(store, tmp_path, monkeypatch):
    monkeypatch.setenv("COOPMAP_MAX_CELL", "200000")  # 60,000 levels take 120,000 characters
    path = _sheet(tmp_path, HEADER + ",organisations", GOOD_ROW + "," + _deep(60_000))
    refused(store, path, "row 2 (pj-good)", "'organisations'", "nested 60,000 levels deep")
    shallow = _sheet(tmp_path, HEADER + ",location_details", GOOD_ROW + ',"' + _deep(65) + '"')
    refused(store, shallow, "'location_details'", "over the limit of 64", "COOPMAP_MAX_DEPTH")


def test_a_huge_integer_in_a_json_cell_is_a_row_problem(store, tmp_path):
    details = '[{""gazetteer_id"": ' + "7" * 5_000 + "}]"
    path = _sheet(tmp_path, HEADER + ",location_details", f'{GOOD_ROW},"{details}"')
    refused(store, path, "row 2 (pj-good)", "'location_details'", "integer of 5,000 digits")


# --- GeoJSON --------------------------------------------------------------------------------------


def _feature(geometry, **properties) -> dict:
    given = {"kind": "project", "id": "pj-good", "title": "Astana light rail"}
    given["sectors"] = ["transport"]
    return {"type": "Feature", "geometry": geometry, "properties": {**given, **properties}}


def _geojson(tmp_path: Path, *features: dict, text: str | None = None) -> Path:
    path = tmp_path / "file.geojson"
    collection = {"type": "FeatureCollection", "features": list(features)}
    path.write_text(text if text is not None else json.dumps(collection), encoding="utf-8")
    return path


def test_geojson_nested_too_deep_is_refused(store, tmp_path):
    feature = json.dumps(_feature({"type": "Point", "coordinates": ASTANA}))
    text = '{"type": "FeatureCollection", "deep": ' + _deep(60_000) + ', "features": ['
    path = _geojson(tmp_path, text=text + feature + "]}")
    refused(store, path, "nested 60,001 levels deep", "COOPMAP_MAX_DEPTH")


def test_deep_json_text_in_a_geojson_property_is_a_row_problem(store, tmp_path):
    point = {"type": "Point", "coordinates": ASTANA}
    path = _geojson(tmp_path, _feature(point, organisations=_deep(50_000)))
    refused(store, path, "feature 1", "'organisations'", "nested 50,000 levels deep")


def test_a_huge_integer_in_geojson_is_refused(store, tmp_path):
    feature = json.dumps(_feature({"type": "Point", "coordinates": ASTANA}))
    path = _geojson(tmp_path, text=feature.replace('"sectors"', f'"n": {"9" * 5_000}, "sectors"'))
    refused(store, path, "integer of 5,000 digits")


@pytest.mark.parametrize(
    ("geometry", "reason"),
    [
        ({"type": "Blob", "coordinates": ASTANA}, "unknown GeoJSON geometry type 'Blob'"),
        ({"type": "LineString", "coordinates": [ASTANA]}, "a line needs at least 2 positions"),
        (
            {
                "type": "GeometryCollection",
                "geometries": [{"type": "Point", "coordinates": ASTANA}, {"type": "Blob"}],
            },
            "member 2: unknown GeoJSON geometry type 'Blob'",
        ),
        ({"type": "Point", "coordinates": [True, False]}, "coordinates must be numbers, not true"),
        ({"type": "Point", "coordinates": ["71.45", 51.18]}, 'must be numbers, not "71.45"'),
        ({"type": "Point", "coordinates": [None, 51.18]}, "must be numbers, not null"),
        ({"type": "Point", "coordinates": [10**400, 51.18]}, "not a GeoJSON geometry"),
        (
            {"type": "Polygon", "coordinates": [[[71, 51], [72, 51], [72, 52], [71, 52]]]},
            "a polygon ring must be closed",
        ),
    ],
    ids=["blob", "one-point-line", "collection", "booleans", "text", "null", "huge", "unclosed"],
)
def test_bad_geojson_geometries_are_row_problems(store, tmp_path, geometry, reason):
    good = _feature({"type": "Point", "coordinates": ASTANA}, id="pj-fine")
    path = _geojson(tmp_path, good, _feature(geometry))
    refused(store, path, "feature 2 (pj-good)", "geometry", reason)


def test_a_long_geojson_text_property_is_a_row_problem(store, tmp_path):
    point = {"type": "Point", "coordinates": ASTANA}
    path = _geojson(tmp_path, _feature(point, notes="x" * 100_001))
    refused(store, path, "feature 1 (pj-good)", "'notes'", "over the limit of 100,000")


def test_an_oversized_id_is_not_repeated_in_the_message(store, tmp_path):
    point = {"type": "Point", "coordinates": ASTANA}
    path = _geojson(tmp_path, _feature(point, id="pj-" + "x" * 100_000))
    output = refused(store, path, "feature 1 (Astana light rail)", "'id'", "100,003 characters")
    assert len(output) < 2_000
    sheet = _sheet(
        tmp_path, HEADER, "pj-" + "x" * 100_000 + ",Astana light rail,transport,KZ,51,71"
    )
    output = refused(store, sheet, "row 2 (Astana light rail)", "'id'", "100,003 characters")
    assert len(output) < 2_000


# --- KML and GeoPackage ---------------------------------------------------------------------------

KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Fine</name><ExtendedData><Data name="sectors"><value>transport</value></Data>
</ExtendedData><Point><coordinates>71.45,51.18</coordinates></Point></Placemark>
<Folder><name>More</name>
<Placemark><name>Nowhere</name><ExtendedData><Data name="sectors"><value>transport</value>
</Data></ExtendedData><Point><coordinates>abc,def</coordinates></Point></Placemark>
</Folder></Document></kml>
"""


def test_kml_coordinates_that_are_not_numbers_are_refused(store, tmp_path):
    path = tmp_path / "file.kml"
    path.write_text(KML, encoding="utf-8")
    refused(store, path, "placemark 2 (Nowhere)", "'coordinates'", "'abc,def' is not longitude")
    path.write_text(KML.replace("abc,def", "71.4, 51.1, 0"), encoding="utf-8")
    imported(store, path)


def test_a_nul_in_a_geopackage_text_cell_is_refused(store, tmp_path):
    sheet = _sheet(tmp_path, HEADER, GOOD_ROW, "pj-other,Title,transport,KZ,51.2,71.4")
    path = tmp_path / "file.gpkg"
    gpkg.write(read_records(sheet), path)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        register_functions(conn)  # the layer's triggers call GeoPackage SQL functions
        conn.execute(
            "UPDATE records SET title = 'Ti' || char(0) || 'tle hidden' WHERE id = ?", ["pj-other"]
        )
    refused(store, path, "feature 2 (pj-other)", "'title'", "NUL character")


# --- limits on files ------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(store, tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(HEADER.encode() + b"\n" + b"\xff" * 1_100_000)  # not UTF-8, were it read
    monkeypatch.setenv("COOPMAP_MAX_FILE_MB", "1")
    output = refused(store, path, "1.1 MB, over the limit of 1 MB", "COOPMAP_MAX_FILE_MB")
    assert "UTF-8" not in output


def test_a_file_over_the_row_limit_is_refused(store, tmp_path, monkeypatch):
    rows = [f"pj-{n},Title {n},transport,KZ,51.18,71.45" for n in range(3)]
    path = _sheet(tmp_path, HEADER, *rows)
    monkeypatch.setenv("COOPMAP_MAX_ROWS", "2")
    refused(store, path, "more than 2 rows", "COOPMAP_MAX_ROWS")
    monkeypatch.setenv("COOPMAP_MAX_ROWS", "3")
    imported(store, path)


def test_a_limit_that_is_not_a_number_is_named(store, tmp_path, monkeypatch):
    path = _sheet(tmp_path, HEADER, GOOD_ROW)
    monkeypatch.setenv("COOPMAP_MAX_ROWS", "lots")
    before = _records(store)
    result = CliRunner().invoke(main, ["--store", str(store), "import", str(path)])
    assert result.exit_code == 1
    assert "COOPMAP_MAX_ROWS" in result.output
    assert "'lots'" in result.output
    assert "Traceback" not in result.output
    assert _records(store) == before
