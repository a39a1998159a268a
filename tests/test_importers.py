"""Imports: hand-made GeoJSON and CSV files, and the errors bad rows and features give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import shapely

from coopmap.errors import ValidationError
from coopmap.formats import ReadOptions, RecordImportError, UnknownFormatError, read_records
from coopmap.model import Event, Project


def write_csv(tmp_path: Path, text: str, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def write_geojson(tmp_path: Path, features: list[dict[str, Any]], **extra: Any) -> Path:
    path = tmp_path / "features.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features, **extra}))
    return path


def point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


def feature(geometry: dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def problems(error: RecordImportError) -> list[tuple[str | None, str | None, str]]:
    return [(e.record, e.field, e.reason) for e in error.errors]


# --- CSV -------------------------------------------------------------------------------------


def test_a_hand_made_csv(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """
title;sectors;Latitude;Longitude;precision;start;event_type;location
Astana light rail;transport;51.18;71.45;city;2015-05;;
Talks in Beijing;;39.9;116.4;city;2015-03-27;talks;Great Hall
Zhengzhou plant;industry, energy;;;;2016;;
""",
    )
    lrt, talks, plant = read_records(path)
    assert isinstance(lrt, Project)
    assert lrt.sectors == ["transport"]
    assert lrt.locations[0].name == "Astana light rail"
    assert lrt.locations[0].geometry == shapely.Point(71.45, 51.18)
    assert lrt.locations[0].precision == "city"
    assert lrt.locations[0].geometry_source == "imported"
    assert isinstance(talks, Event)
    assert talks.locations[0].name == "Great Hall"
    assert plant.sectors == ["industry", "energy"]
    assert plant.locations == []


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """
id,title,sectors,latitude,longitude,start,wkt
good,Astana light rail,transport,51.18,71.45,2015,
my-id,Far north,transport,95.0,71.45,2015,
bad-sector,Beijing subway,railways,39.9,116.4,2015,
bad-date,Zhengzhou plant,industry,34.75,113.65,2015-13-01,
no-title,   ,industry,30.75,120.49,,
good,Astana again,transport,51.18,71.45,,
bowtie,Bow tie,energy,,,,"POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"
garbled,Garbled,energy,,,,"POLYGON ((0 0, 1 1"
""",
    )
    with pytest.raises(RecordImportError) as caught:
        read_records(path)
    error = caught.value
    assert isinstance(error, ValidationError)
    found = problems(error)
    assert len(found) == 7, found
    by_row = {record.split(" ")[1]: (record, field, reason) for record, field, reason in found}
    assert by_row["3"][:2] == ("row 3 (my-id)", "latitude")
    assert "95.0 is out of range" in by_row["3"][2]
    assert by_row["4"][1] == "sectors"
    assert "unknown sector 'railways'" in by_row["4"][2]
    assert by_row["5"][1] == "start"
    assert "month 13" in by_row["5"][2]
    assert by_row["6"][1] == "title"
    assert "empty" in by_row["6"][2]
    assert by_row["7"][:2] == ("row 7 (good)", "id")
    assert "already used by row 2" in by_row["7"][2]
    assert "not valid" in by_row["8"][2]
    assert "Self-intersection" in by_row["8"][2]
    assert by_row["9"][1] == "wkt"
    assert "not a WKT geometry" in by_row["9"][2]
    message = str(error)
    assert message.startswith(f"7 problems in {path}:")
    assert "record row 3 (my-id) field 'latitude': latitude 95.0 is out of range" in message


def test_csv_header_problems(tmp_path: Path) -> None:
    # "name" is the title and "colour" is only ignored (see coopmap.formats.mapping); a column
    # given twice, or a name one slip from coopmap's, still stops the file
    path = write_csv(tmp_path, "name,sectros,colour,sectors,Sector\nAstana,transport,red,energy,\n")
    with pytest.raises(RecordImportError) as caught:
        read_records(path)
    found = problems(caught.value)
    assert [(record, field) for record, field, _ in found] == [
        ("row 1 (header)", "sectros"),
        ("row 1 (header)", "Sector"),
    ]
    assert found[0][2].startswith("not a column coopmap knows: did you mean 'sectors'?")
    assert found[1][2].startswith("the column appears twice: 'sectors' is sectors too")
    path = write_csv(tmp_path, "name,sectors,colour\nAstana,transport,red\n")
    (record,) = read_records(path)
    assert (record.title, record.sectors, record.notes) == ("Astana", ["transport"], None)


def test_csv_location_problems(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """
id,title,sectors,lat,lon,wkt,location,precision
a,Half a point,transport,51.18,,,,
b,Disagreeing,transport,51.18,71.45,POINT (116.4 39.9),,
c,Two places,transport,,,"GEOMETRYCOLLECTION (POINT (71.45 51.18), POINT (116.4 39.9))",Astana,
d,Nowhere,transport,,,,Astana,
e,Comma,transport,"51,18",71.45,,,
f,Precise,transport,51.18,71.45,,,somewhere
""",
    )
    with pytest.raises(RecordImportError) as caught:
        read_records(path)
    found = {
        record.split(" ")[2]: (field, reason) for record, field, reason in problems(caught.value)
    }
    assert found["(a)"] == ("lon", "is empty; lat and lon go together")
    assert found["(b)"][0] == "lat"
    assert "do not match the first wkt location" in found["(b)"][1]
    assert found["(c)"][0] == "location"
    assert "1 value(s) for 2 location(s)" in found["(c)"][1]
    assert "(d)" not in found  # a place name without coordinates is geocoded
    assert found["(e)"][0] == "lat"
    assert "not a number" in found["(e)"][1]
    assert found["(f)"][0] == "locations.0.precision"
    with pytest.raises(RecordImportError) as caught:
        read_records(path, options=ReadOptions(geocode=False))
    assert ("location", "has no coordinates: fill lat and lon, or wkt") in [
        (field, reason) for record, field, reason in problems(caught.value) if "(d)" in record
    ]


def test_csv_with_several_locations(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """
title,sectors,wkt,location,precision
Astana-Beijing,transport,"GEOMETRYCOLLECTION (POINT (71.45 51.18), POINT (116.4 39.9))",\
Astana; Beijing,city
""",
    )
    (record,) = read_records(path)
    assert [loc.name for loc in record.locations] == ["Astana", "Beijing"]
    assert [loc.precision for loc in record.locations] == ["city", "city"]
    assert record.locations[1].geometry == shapely.Point(116.4, 39.9)


def test_a_csv_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("title,sectors\nZürich to Almaty,transport\n".encode("cp1252"))
    with pytest.raises(RecordImportError, match="not UTF-8"):
        read_records(path)


# --- GeoJSON -----------------------------------------------------------------------------------


def test_plain_geojson_features(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path,
        [
            feature(
                point(71.45, 51.18),
                kind="project",
                title="Astana light rail",
                sectors=["transport"],
                location="Astana",
                precision="city",
            ),
            {
                **feature(
                    point(120.49, 30.75),
                    kind="event",
                    title="World Internet Conference",
                    event_type="conference",
                    start="2015-12-16",
                ),
                "id": "wuzhen-2015",
            },
            feature(None, kind="project", title="Silk Road Fund", sectors="finance"),
        ],
    )
    lrt, wuzhen, fund = read_records(path)
    assert lrt.locations[0].name == "Astana"
    assert lrt.locations[0].precision == "city"
    assert lrt.locations[0].geometry_source == "imported"
    assert wuzhen.id == "wuzhen-2015"
    assert wuzhen.locations[0].name == "World Internet Conference"
    assert wuzhen.locations[0].precision == "unknown"
    assert fund.locations == []


def test_every_bad_feature_is_reported_at_once(tmp_path: Path) -> None:
    two_places = {"type": "GeometryCollection", "geometries": [point(71.45, 51.18)]}
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    path = write_geojson(
        tmp_path,
        [
            feature(point(71.45, 51.18), kind="project", id="ok", title="Fine", sectors=["energy"]),
            feature(
                point(51.18, 95.0), kind="project", id="north", title="North", sectors=["energy"]
            ),
            feature(
                point(116.4, 39.9), kind="project", id="rail", title="Rail", sectors=["railways"]
            ),
            feature(bowtie, kind="project", id="bowtie", title="Bow tie", sectors=["energy"]),
            feature(
                two_places,
                kind="project",
                id="two",
                title="Two",
                sectors=["energy"],
                locations=[{"name": "Astana"}, {"name": "Beijing"}],
            ),
            feature(
                point(71.45, 51.18), kind="project", id="ok", title="Fine again", sectors=["energy"]
            ),
            feature(
                point(71.45, 51.18),
                kind="event",
                id="talks",
                title="Talks",
                start="soon",
                event_type="talks",
            ),
            {"type": "Polygon"},
        ],
    )
    with pytest.raises(RecordImportError) as caught:
        read_records(path)
    found = {
        record.split(" ")[1]: (record, field, reason)
        for record, field, reason in problems(caught.value)
    }
    assert set(found) == {"2", "3", "4", "5", "6", "7", "8"}
    assert found["2"][:2] == ("feature 2 (north)", "locations.0.geometry")
    assert "outside longitude -180..180 / latitude -90..90" in found["2"][2]
    assert "unknown sector 'railways'" in found["3"][2]
    assert "Self-intersection" in found["4"][2]
    assert found["5"][1] == "geometry"
    assert "2 locations but its geometry has 1 part(s)" in found["5"][2]
    assert found["6"] == ("feature 6 (ok)", "id", "id 'ok' is already used by feature 1")
    assert found["7"][1] == "start"
    assert found["8"] == ("feature 8", "type", "not a GeoJSON Feature")


def test_geojson_in_another_crs_is_refused(tmp_path: Path) -> None:
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    path = write_geojson(
        tmp_path,
        [feature(point(7954000, 6650000), kind="project", title="Astana", sectors=["transport"])],
        crs=crs,
    )
    with pytest.raises(RecordImportError, match="WGS 84 longitude/latitude"):
        read_records(path)


def test_files_that_are_not_geojson(tmp_path: Path) -> None:
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(RecordImportError, match="not a JSON file"):
        read_records(broken)
    other = tmp_path / "list.json"
    other.write_text("[1, 2]")
    with pytest.raises(RecordImportError, match="FeatureCollection or Feature"):
        read_records(other)


def test_unknown_formats_are_named(tmp_path: Path) -> None:
    path = tmp_path / "atlas.ods"
    path.write_text("not a sheet")
    with pytest.raises(UnknownFormatError, match=r"\.geojson.*\.csv.*\.xlsx.*\.gpkg.*\.kml"):
        read_records(path)
    fake = tmp_path / "atlas.xlsx"
    fake.write_text("not a sheet")
    with pytest.raises(RecordImportError, match="not an Excel workbook"):
        read_records(fake)


def test_files_gdal_cannot_read_are_named(tmp_path: Path) -> None:
    kml = tmp_path / "atlas.kml"
    kml.write_text("<kml/>")
    with pytest.raises(RecordImportError, match="not a KML file GDAL can read"):
        read_records(kml)
    gpkg = tmp_path / "atlas.gpkg"
    gpkg.write_text("not a database")
    with pytest.raises(RecordImportError, match="not a GeoPackage GDAL can read"):
        read_records(gpkg)
