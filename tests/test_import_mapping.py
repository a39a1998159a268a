"""A file's columns mapped onto coopmap's (coopmap.formats.mapping): names and synonyms, the
user's mapping (--map, --mapping TOML), ignored and kept columns, and one error for a layout
coopmap cannot place."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats import ReadOptions, read_file, read_records
from coopmap.formats.gdal import write_layer
from coopmap.formats.mapping import (
    column_for,
    map_header,
    mapping_from_pairs,
    read_mapping,
    write_mapping,
)
from coopmap.store import open_store


def write_csv(tmp_path: Path, *lines: str, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def reasons(error: RecordImportError) -> list[tuple[str | None, str]]:
    return [(e.field, e.reason) for e in error.errors]


def stored(url: str) -> dict[str, object]:
    with open_store(url, create=True) as store:
        return {record.title: record for record in store.records()}


# --- headers without a mapping --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("title", "title"),
        ("Project name", "title"),
        ("PROJECT_NAME", "title"),
        ("name", "title"),
        ("Latitude", "lat"),
        ("Y", "lat"),
        ("lng", "lon"),
        ("Long", "lon"),
        ("x", "lon"),
        ("Country code", "countries"),
        ("ISO3", "countries"),
        ("ISO-2", "countries"),
        ("City", "location"),
        ("Site", "location"),
        ("Location name", "location"),
        ("Sector.Name", "sectors"),
        ("Sector code", "crs_codes"),
        ("CRS code", "crs_codes"),
        ("Start date", "start"),
        ("start-year", "start"),
        ("End_Date", "end"),
        ("Countries (alpha-3)", "countries_alpha3"),
        ("Colour", None),
    ],
)
def test_headers_match_ignoring_case_spaces_punctuation_and_by_synonyms(
    header: str, column: str | None
) -> None:
    assert column_for(header) == column


def test_a_sheet_in_its_own_words_imports(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "Project Name;Sector;Status;Start date;Country;Latitude;Longitude;Budget line;",
        "Astana LRT;TRANSPORT AND STORAGE;Implementation;03/2015;Kazakhstan;51.18;71.45;B-12;x",
    )
    reading = read_file(path)
    assert not reading.problems
    (record,) = reading.records
    assert (record.title, record.sectors, record.status, str(record.start)) == (
        "Astana LRT",
        ["transport"],
        "under_construction",
        "2015-03",
    )
    assert (record.countries, record.locations[0].latlon) == (["KZ"], (51.18, 71.45))
    assert record.notes is None  # the other columns are not read...
    (mapping,) = reading.mappings
    assert mapping.ignored == ("Budget line", "column 9")  # ...but said to be ignored
    assert mapping.mapped["Project Name"] == "title"


def test_unmapped_columns_can_be_kept_in_the_notes(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "title,sectors,notes,Colour,Budget line,Internal",
        "A,energy,Seen in 2019.,red,,7",
        "B,energy,,blue,B-2,",
    )
    first, second = read_records(path, options=ReadOptions(keep_unmapped=True))
    assert first.notes == "Seen in 2019.\nColour: red\nInternal: 7"  # empty cells add nothing
    assert second.notes == "Colour: blue\nBudget line: B-2"
    dropped = ReadOptions(columns={"Internal": ""}, keep_unmapped=True)
    first, _ = read_records(path, options=dropped)
    assert first.notes == "Seen in 2019.\nColour: red"  # mapped to nothing: dropped on purpose
    assert read_file(path, options=dropped).mappings[0].ignored == ("Colour", "Budget line")


def test_a_header_one_slip_from_a_column_stops_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "title,sectros,lattitude,lon,notes2", "A,energy,51.1,71.4,x")
    with pytest.raises(RecordImportError) as caught:
        read_file(path)
    assert [field for field, _ in reasons(caught.value)] == ["sectros", "lattitude"]
    sectros, lattitude = (reason for _, reason in reasons(caught.value))
    assert sectros.startswith("not a column coopmap knows: did you mean 'sectors'?")
    assert '--map "sectros=sectors"' in sectros
    assert "did you mean 'lat'?" in lattitude
    # with a mapping the user has looked at the columns: a stray one is only ignored
    reading = read_file(path, options=ReadOptions(columns={"lattitude": "lat"}))
    assert reading.mappings[0].ignored == ("sectros", "notes2")
    assert [problem.field for problem in reading.problems] == ["sectors"]  # a project needs one


def test_two_columns_for_one_field_stop_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "title,sectors,lat,Latitude,lon", "A,energy,51.1,51.1,71.4")
    with pytest.raises(RecordImportError) as caught:
        read_file(path)
    ((field, reason),) = reasons(caught.value)
    assert field == "Latitude"
    assert reason.startswith("the column appears twice: 'lat' is lat too")
    # mapping one of them to nothing settles it
    (record,) = read_records(path, options=ReadOptions(columns={"Latitude": ""}))
    assert record.locations[0].latlon == (51.1, 71.4)


def test_a_file_in_an_unknown_layout_gets_one_error_listing_its_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Vorhaben,Sektor,Latitude,Longitude", "A,energy,51.1,71.4")
    with pytest.raises(RecordImportError) as caught:
        read_file(path)
    ((field, reason),) = reasons(caught.value)
    assert field == "title"
    assert caught.value.errors[0].record == "row 1 (header)"
    assert reason.startswith("no column is the title, so the file's layout is not one coopmap")
    assert (
        "Its columns: 'Vorhaben' (not recognised), 'Sektor' (not recognised; sectors?), "
        "'Latitude' (lat), 'Longitude' (lon)."
    ) in reason
    assert '--map "Vorhaben=title"' in reason
    assert '--mapping FILE, a TOML file with [columns] "Vorhaben" = "title"' in reason
    assert "coopmap's columns: id, kind, title, sectors," in reason


# --- the user's mapping ---------------------------------------------------------------------------


def test_a_mapping_names_columns_the_rest_match_by_name(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "Vorhaben,Sektor,Title,Latitude,Longitude",
        "Astana LRT,transport,ignored title,51.18,71.45",
    )
    options = ReadOptions(columns=mapping_from_pairs(["Vorhaben=title", "sektor=Sectors"]))
    reading = read_file(path, options=options)
    (record,) = reading.records
    assert (record.title, record.sectors) == ("Astana LRT", ["transport"])
    # the column that would have been the title gives way to the one the user chose
    assert reading.mappings[0].ignored == ("Title",)


def test_a_bad_mapping_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Vorhaben,sectors", "A,energy")
    with pytest.raises(RecordImportError) as caught:
        read_file(path, options=ReadOptions(columns={"Projekt": "title", "sectors": "colour"}))
    found = reasons(caught.value)
    assert found[0] == (
        "Projekt",
        "the mapping names this column, the file has none; its columns are 'Vorhaben', 'sectors'",
    )
    assert found[1][0] == "sectors"
    assert found[1][1].startswith("is mapped to 'colour', which is not one of id, kind, title")
    assert found[2][0] == "title"  # and still nothing is the title
    with pytest.raises(RecordImportError, match="is mapped to title, as 'A' is"):
        map_header(["A", "B"], source="x", options=ReadOptions(columns={"A": "title", "B": "name"}))


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["Project name"], "write the file's column, '=', and a coopmap column"),
        (["=title"], "write the file's column"),
        (["Project=colour"], "'colour' is not a coopmap column; the columns are id, kind,"),
    ],
)
def test_map_texts_that_cannot_be_read(pairs: list[str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        mapping_from_pairs(pairs)


def test_map_texts_are_read() -> None:
    assert mapping_from_pairs(["Project name=Title", "a=b=lat", "Colour="]) == {
        "Project name": "title",
        "a=b": "lat",
        "Colour": "",
    }


def test_a_mapping_file_round_trips(tmp_path: Path) -> None:
    columns = {"Project name": "title", 'Odd "quoted"\tcolumn\x7f': "notes", "Colour": ""}
    path = write_mapping(tmp_path / "mapping.toml", columns, keep_unmapped=True)
    assert path.read_text(encoding="utf-8").startswith("# A coopmap column mapping")
    saved = read_mapping(path)
    assert (saved.columns, saved.keep_unmapped) == (columns, True)
    hand = tmp_path / "hand.toml"
    hand.write_text('[columns]\n"Projekt" = "Project name"\n', encoding="utf-8")
    assert read_mapping(hand).columns == {"Projekt": "title"}
    assert read_mapping(hand).keep_unmapped is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[columns\n", "not a TOML mapping file"),
        ('title = "x"\n', "unknown key\\(s\\) title"),
        ("keep_unmapped = true\n", "needs a \\[columns\\] table"),
        ("[columns]\nA = 1\n", "needs a \\[columns\\] table"),
        ('keep_unmapped = "yes"\n[columns]\n', "keep_unmapped must be true or false"),
        ('[columns]\nA = "colour"\n', "'colour' is not a coopmap column"),
    ],
)
def test_a_bad_mapping_file_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match=message) as caught:
        read_mapping(path)
    assert str(path) in str(caught.value)


# --- GIS layers -----------------------------------------------------------------------------------


def test_a_gis_layer_is_mapped_as_a_sheet_is(tmp_path: Path) -> None:
    path = tmp_path / "qgis.gpkg"
    write_layer(
        path,
        layer="records",
        columns={"NAME": ["Almaty ring road"], "Sector_Code": ["21020"], "Colour": ["red"]},
        geometries=[shapely.Point(76.9, 43.25)],
        driver="GPKG",
    )
    reading = read_file(path)
    (record,) = reading.records
    assert (record.title, record.sectors) == ("Almaty ring road", ["transport"])
    assert reading.mappings[0].ignored == ("Colour",)
    (kept,) = read_records(path, options=ReadOptions(keep_unmapped=True))
    assert kept.notes == "Colour: red"
    (renamed,) = read_records(path, options=ReadOptions(columns={"Colour": "notes"}))
    assert renamed.notes == "red"


# --- the command ----------------------------------------------------------------------------------


def test_import_maps_columns_and_lists_the_ignored_ones(file_cli, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "Vorhaben,Sektor,Latitude,Longitude,Colour",
        "Astana LRT,transport,51.18,71.45,red",
    )
    refused = file_cli("import", str(path))
    assert refused.exit_code == 1
    assert "Traceback" not in refused.output
    assert "field 'title': no column is the title" in refused.output
    assert stored(file_cli.url) == {}
    done = file_cli("import", "--map", "Vorhaben=title", "--map", "Sektor=sectors", str(path))
    assert done.exit_code == 0, done.output
    assert (
        f'Columns of {path} ignored (map them with --map "COLUMN=FIELD", or keep them in the '
        "notes with --keep-unmapped): 'Colour'"
    ) in done.output
    assert stored(file_cli.url)["Astana LRT"].notes is None
    maps = ["--map", "Vorhaben=title", "--map", "Sektor=sectors"]
    kept = file_cli("import", *maps, "--keep-unmapped", str(path))
    assert kept.exit_code == 0, kept.output
    assert f"Columns of {path} kept in the notes: 'Colour'" in kept.output
    assert stored(file_cli.url)["Astana LRT"].notes == "Colour: red"


def test_import_reads_a_mapping_file_that_map_overrides(file_cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Vorhaben,Sektor,Colour", "Plant,energy,red")
    mapping = write_mapping(
        tmp_path / "mapping.toml", {"Vorhaben": "title", "Sektor": "sectors"}, keep_unmapped=True
    )
    done = file_cli("import", "--mapping", str(mapping), str(path))
    assert done.exit_code == 0, done.output
    assert stored(file_cli.url)["Plant"].notes == "Colour: red"
    overridden = file_cli("import", "--mapping", str(mapping), "--map", "Colour=title", str(path))
    assert overridden.exit_code == 0, overridden.output
    assert "red" in stored(file_cli.url)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "Vorhaben"], "Error: field 'map': --map 'Vorhaben': write the file's column"),
        (["--map", "Vorhaben=colour"], "'colour' is not a coopmap column"),
    ],
)
def test_import_names_a_bad_map(file_cli, tmp_path: Path, args: list[str], message: str) -> None:
    path = write_csv(tmp_path, "Vorhaben,sectors", "A,energy")
    result = file_cli("import", *args, str(path))
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_import_names_a_bad_mapping_file(file_cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "title,sectors", "A,energy")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text("[columns\n", encoding="utf-8")
    result = file_cli("import", "--mapping", str(mapping), str(path))
    assert result.exit_code == 1
    assert f"{mapping}: not a TOML mapping file" in result.output
    assert stored(file_cli.url) == {}


# --- progress -------------------------------------------------------------------------------------


def test_reading_reports_its_progress(tmp_path: Path) -> None:
    lines = [f"Plant {n},energy,51.1,71.4" for n in range(1200)]
    path = write_csv(tmp_path, "title,sectors,lat,lon", *lines)
    calls: list[tuple[int, int | None]] = []
    reading = read_file(
        path, check_places=False, options=ReadOptions(progress=lambda *a: calls.append(a))
    )
    assert len(reading.records) == 1200
    assert calls == [(500, None), (1000, None), (1200, 1200)]


def test_import_shows_a_progress_bar_on_a_terminal(file_cli, tmp_path: Path, monkeypatch) -> None:
    path = write_csv(tmp_path, "title,sectors,lat,lon", "A,energy,51.1,71.4")
    assert "Reading" not in file_cli("import", str(path)).output  # not a terminal: no bar
    monkeypatch.setattr("coopmap.cli.output.stderr_is_terminal", lambda: True)
    shown = file_cli("import", str(path))
    assert shown.exit_code == 0, shown.output
    assert "Reading sheet.csv" in shown.stderr
    assert "Reading" not in shown.stdout
