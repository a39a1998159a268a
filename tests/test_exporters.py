"""Exports: the format registry, GeoJSON and CSV files, and their round trips."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyogrio
import pyogrio.raw
import pytest
import shapely

from builders import BEIJING, export_records
from coopmap.formats import FORMATS, Format, UnknownFormatError, export, read_records
from coopmap.formats import csv as csv_format
from coopmap.formats import geojson as geojson_format
from coopmap.model import Location, Project

# --- the registry ------------------------------------------------------------------------------


def test_unknown_extensions_list_the_formats(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError) as caught:
        export(export_records(), tmp_path / "atlas.ods")
    message = str(caught.value)
    for name in (".geojson", ".json", ".csv", ".xlsx", ".html"):
        assert name in message
    assert not (tmp_path / "atlas.ods").exists()
    assert isinstance(caught.value, ValueError)


def test_format_overrides_the_extension(tmp_path: Path) -> None:
    path = export(export_records(), tmp_path / "atlas.txt", format="csv")
    assert path.read_text().startswith("id,kind,title,")
    with pytest.raises(UnknownFormatError, match="geojson, csv, xlsx, html"):
        export(export_records(), tmp_path / "atlas.csv", format="shp")


@pytest.mark.parametrize("entry", FORMATS.values(), ids=lambda entry: entry.name)
def test_each_format_module_does_what_its_registry_line_says(entry: Format) -> None:
    assert callable(getattr(entry.module, "rows", None)) is entry.reads
    assert callable(getattr(entry.module, "write", None)) is entry.writes


def test_every_extension_names_one_format() -> None:
    extensions = [extension for entry in FORMATS.values() for extension in entry.extensions]
    assert len(extensions) == len(set(extensions))
    assert all(extension == f".{extension[1:].lower()}" for extension in extensions)


# --- GeoJSON -----------------------------------------------------------------------------------


def test_geojson_is_an_rfc7946_feature_collection(tmp_path: Path) -> None:
    path = export(export_records(), tmp_path / "atlas.geojson")
    data = json.loads(path.read_text())
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    features = data["features"]
    assert [f["id"] for f in features] == [
        "astana-lrt",
        "beijing-talks",
        "zhengzhou-plant",
        "silk-fund",
    ]
    lrt, talks, plant, fund = features
    assert lrt["geometry"]["type"] == "GeometryCollection"
    assert lrt["geometry"]["geometries"][0] == {"type": "Point", "coordinates": [71.45, 51.18]}
    assert talks["geometry"] == {"type": "Point", "coordinates": [116.4, 39.9]}
    assert fund["geometry"] is None
    properties = lrt["properties"]
    assert properties["sectors"] == ["transport", "construction"]
    assert properties["organisations"][0] == {"name": "China Railway (CREC)", "role": "contractor"}
    assert properties["precision"] == "exact"
    assert [loc["name"] for loc in properties["locations"]] == ["Astana", "Line 1"]
    assert all("geometry" not in loc for loc in properties["locations"])
    assert plant["properties"]["draft"] is True


def test_geojson_rounds_coordinates_and_winds_rings_counterclockwise(tmp_path: Path) -> None:
    clockwise = shapely.Polygon([(113.6, 34.7), (113.6, 34.8), (113.7, 34.8), (113.7, 34.7)])
    assert not clockwise.exterior.is_ccw
    record = Project(
        title="Precise",
        sectors=["other"],
        locations=[
            Location(name="Here", geometry=shapely.Point(71.123456789123, 51.987654321987)),
            Location(name="There", geometry=clockwise),
        ],
    )
    feature = geojson_format.feature(record)
    point, polygon = feature["geometry"]["geometries"]
    assert point["coordinates"] == [71.1234568, 51.9876543]
    assert shapely.geometry.shape(polygon).exterior.is_ccw


def test_exports_carry_the_exchange_codes(tmp_path: Path) -> None:
    lrt, talks, _plant, fund = json.loads(
        export(export_records(), tmp_path / "a.geojson").read_text()
    )["features"]
    properties = lrt["properties"]
    assert properties["crs_codes"] == [210, 323]
    assert properties["countries_alpha3"] == ["KAZ", "CHN"]
    assert [loc["iati_precision"] for loc in properties["locations"]] == [3, 1]
    assert properties["iati_precision"] == 1  # the best of the locations': exact
    assert "crs_codes" not in talks["properties"]  # an event without sectors
    assert talks["properties"]["iati_precision"] == 3
    assert fund["properties"]["iati_precision"] == 5  # no location: unknown, IATI's "estimated"
    other = Project(title="Misc", sectors=["other", "energy"])
    assert geojson_format.feature(other)["properties"]["crs_codes"] == [230]
    rows = _rows(export(export_records(), tmp_path / "a.csv"))
    assert [(r["crs_codes"], r["countries_alpha3"], r["iati_precision"]) for r in rows] == [
        ("210; 323", "KAZ; CHN", "3; 1"),
        ("", "", "3"),
        ("321", "", "1"),
        ("240", "", ""),
    ]


def test_gdal_reads_the_geojson(tmp_path: Path) -> None:
    path = export(export_records(), tmp_path / "atlas.geojson")
    meta, _, wkbs, fields = pyogrio.raw.read(path)
    columns = dict(zip(meta["fields"], fields, strict=True))
    assert list(columns["id"]) == [r.id for r in export_records()]
    assert shapely.from_wkb(wkbs[1]) == BEIJING
    assert pyogrio.read_info(path)["crs"] == "EPSG:4326"


def test_geojson_round_trips_to_equal_records(tmp_path: Path) -> None:
    records = export_records()
    path = export(records, tmp_path / "atlas.geojson", indent=2)
    assert read_records(path) == records
    json_path = export(records, tmp_path / "atlas.json")
    assert read_records(json_path) == records


def test_a_failed_export_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "atlas.geojson"
    path.write_text("old")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(geojson_format.json, "dump", broken)
    with pytest.raises(OSError, match="disk full"):
        export(export_records(), path)
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas.geojson"]


# --- CSV ---------------------------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_csv_has_flat_columns(tmp_path: Path) -> None:
    path = export(export_records(), tmp_path / "atlas.csv")
    rows = _rows(path)
    assert tuple(rows[0]) == csv_format.COLUMNS
    lrt, talks, plant, fund = rows
    assert lrt["sectors"] == "transport; construction"
    assert lrt["countries"] == "KZ; CN"
    assert lrt["location"] == "Astana; Line 1"
    assert lrt["precision"] == "city; exact"
    assert (lrt["lat"], lrt["lon"]) == ("51.18", "71.45")
    assert lrt["wkt"].startswith("GEOMETRYCOLLECTION (POINT (71.45 51.18), LINESTRING (71.4 51.1")
    assert lrt["organisations"] == "China Railway (CREC) (contractor); Astana LRT LLP (owner)"
    assert lrt["specs"] == "length: 22.4 km; stations: 18"
    assert (lrt["amount"], lrt["currency"]) == ("1900000000", "USD")
    assert lrt["sources"] == "Astana LRT report (Xinhua, 2015-05-07) <https://example.org/lrt>"
    assert lrt["status"] == "under_construction"
    assert lrt["notes"] == 'Phase 1; "first line"\nsecond paragraph'
    assert json.loads(lrt["location_details"]) == [
        {
            "resolved_name": "Astana",
            "country": "KZ",
            "gazetteer_id": 1526273,
            "geometry_source": "gazetteer",
        },
        {"geometry_source": "drawn"},
    ]
    assert (talks["lat"], talks["lon"], talks["wkt"]) == ("39.9", "116.4", "")
    assert talks["participants"] == "Karim Massimov (Prime Minister, person, KZ); NDRC (CN)"
    assert talks["links"] == "signed_at:astana-lrt"
    assert talks["location_details"] == ""
    assert talks["status"] == ""
    assert plant["draft"] == "yes"
    assert plant["location"] == '["Zhengzhou; site"]'  # a ';' in a name: JSON keeps it whole
    assert plant["wkt"].startswith("POLYGON ((113.6 34.7")
    assert (fund["lat"], fund["location"], fund["draft"]) == ("", "", "")


def test_csv_round_trips_to_equal_records(tmp_path: Path) -> None:
    records = export_records()
    assert read_records(export(records, tmp_path / "atlas.csv")) == records
    excel = export(records, tmp_path / "excel.csv", excel=True)
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_records(excel) == records


def test_csv_falls_back_to_json_only_where_the_plain_syntax_is_not_exact() -> None:
    record = Project(
        title="Gauge",
        sectors=["transport"],
        specs=[{"key": "gauge", "value": "standard gauge"}, {"key": "length", "value": 3}],
    )
    row = csv_format.row(record)
    assert json.loads(row["specs"]) == [
        {"key": "gauge", "value": "standard gauge"},
        {"key": "length", "value": 3},
    ]
    assert csv_format.row(record.model_copy(update={"specs": record.specs[1:]}))["specs"] == (
        "length: 3"
    )
