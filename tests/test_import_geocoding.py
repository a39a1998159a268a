"""Place names without coordinates geocoded on import (coopmap.formats.placing): the locations
they give, ambiguous and unfound names, --no-geocode, GeoJSON features without a geometry, and
what the command's summary and report say."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from coopmap.formats import ReadOptions, read_file
from coopmap.store import open_store

HEADER = "id,title,sectors,countries,location"


def write_csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def write_geojson(tmp_path: Path, *properties: dict[str, Any]) -> Path:
    path = tmp_path / "places.geojson"
    features = [
        {"type": "Feature", "geometry": None, "properties": {"kind": "project", **p}}
        for p in properties
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def stored_ids(url: str) -> list[str]:
    with open_store(url, create=True) as store:
        return sorted(record.id for record in store.records())


def test_place_names_become_gazetteer_locations(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "lrt,Astana LRT,transport,KZ,Astana",
        "two,Two cities,transport,KZ,Astana; Almaty",
        "region,Regional grid,energy,KZ,Almaty Region",
        "national,National survey,governance,,Kazakhstan",
    )
    reading = read_file(path)
    assert not reading.problems
    lrt, two, region, national = reading.records
    (astana,) = lrt.locations
    assert (astana.name, astana.resolved_name, astana.precision) == ("Astana", "Astana", "city")
    assert (astana.country, astana.geometry_source, astana.gazetteer_id) == (
        "KZ",
        "gazetteer",
        1526273,
    )
    assert [location.name for location in two.locations] == ["Astana", "Almaty"]
    assert region.locations[0].precision == "admin1"
    assert national.locations[0].precision == "country"
    outcomes = [(g.where, g.name, g.outcome, g.precision) for g in reading.geocoded]
    assert outcomes == [
        ("row 2", "Astana", "found", "city"),
        ("row 3", "Astana", "found", "city"),
        ("row 3", "Almaty", "found", "city"),
        ("row 4", "Almaty Region", "found", "admin1"),
        ("row 5", "Kazakhstan", "found", "country"),
    ]
    assert {g.source for g in reading.geocoded} == {str(path)}


def test_an_ambiguous_name_takes_the_best_place_and_lists_the_others(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "plant,Plant,energy,,Springfield")
    reading = read_file(path)
    (record,) = reading.records
    (outcome,) = reading.geocoded
    assert outcome.outcome == "ambiguous"
    assert record.locations[0].gazetteer_id == outcome.place.geonameid
    assert len(outcome.candidates) > 1
    assert outcome.describe().startswith(f"'Springfield' has {len(outcome.candidates)} plausible")


def test_a_name_that_matches_nothing_is_an_error_of_its_row(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "good,Good,transport,KZ,Astana",
        "lost,Lost,transport,KZ,Astana; Xyzzyville",
        header="id,title,sectors,countries,City",
    )
    reading = read_file(path)
    assert [record.id for record in reading.records] == ["good"]
    ((problem),) = reading.problems
    assert (problem.where, problem.record, problem.field) == ("row 3", "lost", "City")
    assert problem.reason == "no place called 'Xyzzyville' in KZ in the gazetteer"
    assert [g.outcome for g in reading.geocoded] == ["found", "found", "not found"]


def test_a_name_known_only_outside_the_records_countries_is_not_found(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "port,Port,transport,JM,Aberdeen",  # Aberdeen is in Scotland, not Jamaica
        "either,Either,transport,JM; GB,Aberdeen",
        "anywhere,Anywhere,transport,,Aberdeen",
    )
    reading = read_file(path)
    assert [record.id for record in reading.records] == ["either", "anywhere"]
    ((problem),) = reading.problems
    assert (problem.where, problem.record, problem.field) == ("row 2", "port", "location")
    assert problem.reason == "no place called 'Aberdeen' in JM in the gazetteer"
    first = reading.geocoded[0]
    assert (first.outcome, first.place) == ("not found", None)
    assert {record.locations[0].country for record in reading.records} == {"GB"}


def test_without_geocoding_rows_without_coordinates_are_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "lrt,Astana LRT,transport,KZ,Astana")
    reading = read_file(path, options=ReadOptions(geocode=False))
    assert reading.records == []
    assert [(p.field, p.reason) for p in reading.problems] == [
        ("location", "has no coordinates: fill lat and lon, or wkt")
    ]
    assert reading.geocoded == []


def test_geojson_features_without_a_geometry_are_geocoded(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path,
        {"id": "lrt", "title": "LRT", "sectors": ["transport"], "countries": ["KZ"],
         "location": "Astana; Almaty"},
        {"id": "listed", "title": "Listed", "sectors": ["transport"], "location": ["Shymkent"]},
        {"id": "lost", "title": "Lost", "sectors": ["transport"], "countries": ["KZ"],
         "location": "Xyzzyville"},
        {"id": "nowhere", "title": "Nowhere", "sectors": ["transport"]},
    )  # fmt: skip
    reading = read_file(path)
    lrt, listed, nowhere = reading.records
    assert [(loc.name, loc.geometry_source) for loc in lrt.locations] == [
        ("Astana", "gazetteer"),
        ("Almaty", "gazetteer"),
    ]
    assert listed.locations[0].resolved_name == "Shymkent"
    assert nowhere.locations == []  # a record may have no place at all
    ((problem),) = reading.problems
    assert (problem.where, problem.record, problem.field) == ("feature 3", "lost", "location")
    assert problem.reason == "no place called 'Xyzzyville' in KZ in the gazetteer"
    assert [(g.where, g.outcome) for g in reading.geocoded] == [
        ("feature 1", "found"),
        ("feature 1", "found"),
        ("feature 2", "found"),
        ("feature 3", "not found"),
    ]
    refused = read_file(path, options=ReadOptions(geocode=False))
    assert [record.id for record in refused.records] == ["nowhere"]
    assert {(p.record, p.field) for p in refused.problems} == {
        ("lrt", "location"),
        ("listed", "location"),
        ("lost", "location"),
    }
    assert refused.problems[0].reason.startswith("has no geometry: give the feature one")


# --- the command ----------------------------------------------------------------------------------


def test_import_summarises_the_geocoding(file_cli, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "lrt,Astana LRT,transport,KZ,Astana; Almaty",
        "grid,Grid,energy,KZ,Almaty Region",
        "plant,Plant,energy,,Springfield",
        "mill,Mill,industry,,Springfield",
    )
    result = file_cli("import", str(path))
    assert result.exit_code == 0, result.output
    assert (
        "Geocoded 5 place names (4 city, 1 admin1); 2 ambiguous, 0 not found.\n"
        "Ambiguous names, imported as the first place listed:\n"
        f"  {path} row 4 (plant) field 'location': 'Springfield' has "
    ) in result.output
    assert "(and 1 other row)" in result.output
    assert stored_ids(file_cli.url) == ["grid", "lrt", "mill", "plant"]


def test_nothing_is_imported_when_a_name_is_not_found(file_cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "lrt,Astana LRT,transport,KZ,Astana", "lost,Lost,energy,KZ,Xyzzy")
    refused = file_cli("import", str(path))
    assert refused.exit_code == 1
    assert "Geocoded 1 place name (1 city); 0 ambiguous, 1 not found." in refused.output
    assert (
        "record row 3 (lost) field 'location': no place called 'Xyzzy' in KZ in the gazetteer"
        in refused.output
    )
    assert "Nothing was imported" in refused.output
    assert stored_ids(file_cli.url) == []
    skipped = file_cli("import", "--skip-invalid", str(path))
    assert skipped.exit_code == 0, skipped.output
    assert stored_ids(file_cli.url) == ["lrt"]


def test_import_without_geocoding_refuses_names(file_cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "lrt,Astana LRT,transport,KZ,Astana")
    refused = file_cli("import", "--no-geocode", str(path))
    assert refused.exit_code == 1
    assert "field 'location': has no coordinates: fill lat and lon, or wkt" in refused.output
    assert "Geocoded" not in refused.output
    assert stored_ids(file_cli.url) == []


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_the_report_lists_every_name_beside_the_problems(file_cli, tmp_path: Path, suffix) -> None:
    path = write_csv(
        tmp_path,
        "lrt,Astana LRT,transport,KZ,Astana",
        "plant,Plant,energy,,Springfield",
        "lost,Lost,energy,KZ,Xyzzy",
        "bad,Bad,steel,KZ,Almaty",
    )
    report = tmp_path / f"report{suffix}"
    result = file_cli("import", "--skip-invalid", "--report", str(report), str(path))
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        lines = list(csv.DictReader(report.open(encoding="utf-8")))
    else:
        lines = json.loads(report.read_text(encoding="utf-8"))
    found = [(str(line["row"]), line["field"], line["level"]) for line in lines]
    assert found == [
        ("4", "location", "error"),
        ("5", "sectors", "error"),
        ("2", "location", "geocoded"),
        ("3", "location", "ambiguous"),
        ("4", "location", "not found"),
        ("5", "location", "geocoded"),
    ]
    reasons = [line["reason"] for line in lines]
    assert reasons[2] == "'Astana' is Astana (KZ, city, geonames 1526273)"
    assert reasons[3].startswith("'Springfield' has ")
    assert "; the others: " in reasons[3]
    assert reasons[4] == reasons[0] == "no place called 'Xyzzy' in KZ in the gazetteer"
