"""Import validation: every rejected row named with its number, field and reason; warnings for
locations outside their record's country; exchange codes read back (coopmap.formats)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coopmap.formats import Problem, RecordImportError, read_file, read_records

HEADER = "id,kind,title,sectors,status,event_type,start,countries,lat,lon,wkt,notes,amount,currency"
ASTANA = "51.18,71.45"  # lat, lon


def write_csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def write_geojson(tmp_path: Path, *features: dict[str, Any]) -> Path:
    path = tmp_path / "features.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return path


def feature(coordinates: list[float] | None, **properties: Any) -> dict[str, Any]:
    geometry = {"type": "Point", "coordinates": coordinates} if coordinates else None
    base = {"kind": "project", "sectors": ["transport"]}
    return {"type": "Feature", "geometry": geometry, "properties": {**base, **properties}}


def by_row(problems: list[Problem]) -> dict[int | None, list[tuple[str | None, str]]]:
    found: dict[int | None, list[tuple[str | None, str]]] = {}
    for problem in problems:
        found.setdefault(problem.row, []).append((problem.field, problem.reason))
    return found


def test_each_kind_of_bad_row_is_named_with_row_field_and_reason(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        f"ok,project,Astana light rail,transport,agreed,,2015,KZ,{ASTANA},,,,",
        "north,project,Far north,transport,,,,,95.5,71.45,,,,",
        "east,project,Far east,transport,,,,,51.18,190,,,,",
        "swap,project,Swapped,transport,,,,KZ,71.45,51.18,,,,",
        f"sector,project,Steel,steel,,,,KZ,{ASTANA},,,,",
        f"status,project,Status,transport,finished,,,KZ,{ASTANA},,,,",
        f"date,project,Date,transport,,,2015-02-30,KZ,{ASTANA},,,,",
        f"ok,project,Again,transport,,,,KZ,{ASTANA},,,,",
        f"blank,project,   ,transport,,,,KZ,{ASTANA},,,,",
        'bowtie,project,Bow tie,energy,,,,,,,"POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))",,,',
        "nan,project,Not a number,energy,,,,,nan,71.45,,,,",
        f"inf,project,Infinite,energy,,,,KZ,{ASTANA},,,inf,USD",
        f"nul,project,Nul,energy,,,,KZ,{ASTANA},,a\x00b,,",
        f"kind,meeting,Kind,energy,,,,KZ,{ASTANA},,,,",
    )
    reading = read_file(path)
    assert [record.id for record in reading.records] == ["ok"]
    found = by_row(reading.problems)
    assert set(found) == set(range(3, 16))
    assert found[3] == [("lat", "latitude 95.5 is out of range (-90 to 90)")]
    assert found[4] == [("lon", "longitude 190.0 is out of range (-180 to 180)")]
    ((field, reason),) = found[5]
    assert field == "lat/lon"
    assert reason.startswith("latitude and longitude look swapped: Swapped at lat 71.45, lon 51.18")
    assert "lies outside KZ, but at lat 51.18, lon 71.45 it would lie inside; swap them" in reason
    assert found[6][0][0] == "sectors"
    assert "unknown sector 'steel'; valid: transport" in found[6][0][1]
    assert found[7][0][0] == "status"
    assert "unknown status 'finished'; valid: announced" in found[7][0][1]
    assert found[8] == [("start", "day 30 is not in 2015-02 (1 to 28)")]
    assert found[9] == [("id", "id 'ok' is already used by row 2")]
    assert found[10] == [("title", "must not be empty")]
    assert found[11][0][0] == "locations.0.geometry"
    assert "not valid: Self-intersection" in found[11][0][1]
    assert found[12] == [("lat", "nan is not a finite number")]
    assert found[13] == [("amount.value", "Input should be a finite number")]
    assert found[14] == [("notes", "contains a NUL character (\\x00); remove it")]
    assert found[15][0][0] == "kind"
    assert {problem.record for problem in reading.problems if problem.row == 9} == {"ok"}
    with pytest.raises(RecordImportError) as caught:
        read_records(path)
    assert len(caught.value.errors) == len(reading.problems)
    message = str(caught.value)
    assert "record row 5 (swap) field 'lat/lon': latitude and longitude look swapped" in message


def test_several_problems_in_one_row_are_listed_field_by_field(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ",project,,steel,finished,,soon,,,,,,,")
    (problem_row,) = by_row(read_file(path).problems).values()
    fields = [field for field, _ in problem_row]
    # dates are read (MM/DD/YYYY too) before the model checks the rest of the record
    assert fields == ["start", "title", "sectors", "status"]


def test_geojson_with_latitude_first_is_caught(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path,
        feature([71.45, 51.18], id="right", title="Right", countries=["KZ"]),
        feature([51.18, 71.45], id="swapped", title="Swapped", countries=["KZ"]),
        feature([116.4, 39.9], id="abroad", title="Abroad", countries=["KZ"]),
    )
    reading = read_file(path)
    assert [record.id for record in reading.records] == ["right", "abroad"]
    ((problem),) = reading.problems
    assert (problem.where, problem.record, problem.field) == ("feature 2", "swapped", "geometry")
    assert "look swapped" in problem.reason
    ((warning),) = reading.warnings
    assert (warning.where, warning.field, warning.level) == ("feature 3", "geometry", "warning")
    assert "Abroad at lat 39.9, lon 116.4 lies outside KZ" in warning.reason


def test_a_location_outside_its_country_is_a_warning_unless_strict(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        f"summit,project,Summit abroad,transport,,,,CN,{ASTANA},,,,",
        f"home,project,At home,transport,,,,CN; KZ,{ASTANA},,,,",
        "nowhere,project,No country,transport,,,,,-33.9,18.4,,,,",
    )
    reading = read_file(path)
    assert [record.id for record in reading.records] == ["summit", "home", "nowhere"]
    assert not reading.problems
    ((warning),) = reading.warnings
    assert (warning.row, warning.record, warning.field) == (2, "summit", "lat/lon")
    assert warning.reason == (
        "Summit abroad at lat 51.18, lon 71.45 lies outside CN, the country the record names; "
        "check the coordinates and countries"
    )
    assert "row 2 (summit) field 'lat/lon': Summit abroad" in str(warning)
    assert read_records(path)[0].id == "summit"  # all or nothing: warnings do not stop it
    strict = read_file(path, strict=True)
    assert [record.id for record in strict.records] == ["home", "nowhere"]
    assert [(p.row, p.level) for p in strict.problems] == [(2, "error")]


def test_a_location_whose_own_country_the_record_does_not_name_warns(tmp_path: Path) -> None:
    header = "id,title,sectors,countries,lat,lon,location,location_details"
    path = write_csv(
        tmp_path,
        f'lrt,Astana light rail,transport,KZ,{ASTANA},Astana,"[{{""country"": ""CN""}}]"',
        header=header,
    )
    ((warning),) = read_file(path).warnings
    assert "Astana is given as in CN, but the record names KZ" in warning.reason


def test_lines_and_polygons_are_checked_too(tmp_path: Path) -> None:
    swapped_line = "LINESTRING (51.1 71.4, 51.18 71.45)"
    path = write_csv(
        tmp_path,
        f'line,project,Line,transport,,,,KZ,,,"{swapped_line}",,,',
        'poly,project,Area,transport,,,,KZ,,,"POLYGON ((71 51, 72 51, 72 52, 71 51))",,,',
    )
    reading = read_file(path)
    assert [record.id for record in reading.records] == ["poly"]
    assert [(p.row, p.field) for p in reading.problems] == [(2, "wkt")]
    assert "look swapped" in reading.problems[0].reason


def test_exchange_codes_stand_in_for_sectors_countries_and_precision(tmp_path: Path) -> None:
    header = "title,crs_codes,countries_alpha3,lat,lon,iati_precision,countries"
    path = write_csv(
        tmp_path,
        f"Rail and power,210; 23010,KAZ,{ASTANA},3,",
        f"Road,21020,,{ASTANA},1,KAZ; chn",
        header=header,
    )
    rail, road = read_records(path)
    assert rail.sectors == ["transport", "energy"]
    assert rail.countries == ["KZ"]
    assert rail.locations[0].precision == "city"
    assert road.sectors == ["transport"]
    assert road.countries == ["KZ", "CN"]
    assert road.locations[0].precision == "exact"


def test_exchange_codes_that_disagree_or_are_unknown_are_named(tmp_path: Path) -> None:
    header = (
        "id,title,sectors,crs_codes,countries,countries_alpha3,lat,lon,precision,iati_precision"
    )
    path = write_csv(
        tmp_path,
        f"a,Sectors,transport,230,KZ,,{ASTANA},,",
        f"b,Countries,transport,,KZ,CHN,{ASTANA},,",
        f"c,Precision,transport,,,,{ASTANA},city,1",
        f"d,Unknown codes,,999,,XYZ,{ASTANA},,9",
        header=header,
    )
    found = by_row(read_file(path).problems)
    assert found[2] == [
        (
            "crs_codes",
            "CRS codes 230 mean energy, not transport as sectors says; correct or clear one of "
            "them",
        )
    ]
    assert found[3][0][0] == "countries_alpha3"
    assert "alpha-3 codes CHN mean CN, not KZ as countries says" in found[3][0][1]
    assert found[4][0][0] == "iati_precision"
    assert "IATI codes 1 mean exact, not city as precision says" in found[4][0][1]
    fields = [field for field, _ in found[5]]
    assert fields == ["crs_codes", "countries_alpha3", "iati_precision"]
    reasons = " ".join(reason for _, reason in found[5])
    assert "'999' is not a CRS sector code coopmap knows; valid: 210 (transport)" in reasons
    assert "'XYZ' is not an ISO 3166-1 alpha-2 or alpha-3 country code" in reasons
    assert "'9' is not an IATI GeographicalPrecision code; valid: 1 (exact)" in reasons


def test_geojson_exchange_codes_are_read_back(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path,
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [71.45, 51.18]},
            "properties": {
                "kind": "project",
                "title": "Coded",
                "crs_codes": [210, 230],
                "countries_alpha3": ["KAZ"],
                "iati_precision": 2,
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [71.45, 51.18]},
            "properties": {
                "kind": "project",
                "title": "Disagreeing",
                "sectors": ["transport"],
                "locations": [{"name": "Astana", "precision": "city", "iati_precision": 1}],
            },
        },
    )
    reading = read_file(path)
    (coded,) = reading.records
    assert (coded.sectors, coded.countries) == (["transport", "energy"], ["KZ"])
    assert coded.locations[0].precision == "near"
    ((problem),) = reading.problems
    assert (problem.where, problem.field) == ("feature 2", "locations.0.iati_precision")
    assert "IATI codes 1 mean exact, not city as precision says" in problem.reason


def test_non_finite_numbers_and_nul_in_geojson(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    features = [
        feature([71.45, 51.18], id="nul", title="Nul", notes="a\u0000b"),
        feature([71.45, 51.18], id="inf", title="Inf", specs=[{"key": "length", "value": 1e999}]),
        feature([float("nan"), 51.18], id="nan", title="NaN"),
    ]
    # json.dumps writes NaN and Infinity, as some tools do; json.loads reads them back
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    found = {p.record: (p.field, p.reason) for p in read_file(path).problems}
    assert found["nul"] == ("notes", "contains a NUL character (\\x00); remove it")
    assert found["inf"] == ("specs.0.value", "inf is not a finite number")
    assert found["nan"] == (
        "locations.0.geometry",
        "coordinates must be finite numbers, not NaN or infinity",
    )
