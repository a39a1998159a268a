"""An upload's columns before it is read (coopmap.services.preview.upload_table), and the
mappings saved for re-use (coopmap.services.mappings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopmap.errors import ValidationError
from coopmap.formats import ReadOptions, read_file
from coopmap.formats.tables import sheet_names, write_table
from coopmap.services.mappings import load_mapping, mapping_path, save_mapping, saved_mappings
from coopmap.services.preview import upload_table

SHEET = "Project name,Sector,Site,Budget line\nAstana light rail,transport,Astana,B-17\n"


@pytest.fixture
def mappings(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "mappings"
    monkeypatch.setenv("COOPMAP_MAPPINGS_DIR", str(folder))
    return folder


def test_a_csv_upload_s_columns_with_what_each_is_detected_as():
    table = upload_table(SHEET.encode(), "mine.csv")
    assert table.header == ("Project name", "Sector", "Site", "Budget line")
    assert table.detected == ("title", "sectors", "location", None)
    assert table.example(3) == "B-17"
    assert (table.sheets, table.sheet) == ((), None)
    assert upload_table(b'{"type": "FeatureCollection"}', "x.geojson") is None
    assert upload_table(b"\xff\xfe broken", "broken.csv") is None  # the preview says why


def test_a_workbook_s_sheets_and_the_columns_of_the_one_chosen(tmp_path):
    path = tmp_path / "book.xlsx"
    write_table(path, ["title", "sectors"], [["A", "energy"]], sheet="records")
    from openpyxl import load_workbook

    book = load_workbook(path)
    other = book.create_sheet("Projects")
    other.append(["Name", "Sector code", "City"])
    other.append(["Metro", "210", "Almaty"])
    book.save(path)
    assert sheet_names(path) == ["records", "Projects"]
    data = path.read_bytes()
    first = upload_table(data, "book.xlsx")
    assert (first.sheets, first.sheet, first.header) == (
        ("records", "Projects"),
        "records",
        ("title", "sectors"),
    )
    chosen = upload_table(data, "book.xlsx", sheet="Projects")
    assert (chosen.sheet, chosen.detected) == ("Projects", ("title", "crs_codes", "location"))
    assert chosen.example(2) == "Almaty"
    assert upload_table(data, "book.xlsx", sheet="Nope").sheet == "records"
    assert sheet_names(tmp_path / "sheet.csv") == []


def test_a_mapping_is_saved_by_name_offered_and_read_back(mappings, tmp_path):
    assert saved_mappings() == []
    path = save_mapping("Budget sheets", {"Budget line": "notes", "Site": ""}, keep_unmapped=True)
    assert path == mappings / "Budget sheets.toml"
    save_mapping("another", {"Name": "title"})
    assert saved_mappings() == ["another", "Budget sheets"]
    loaded = load_mapping("Budget sheets")
    assert (loaded.columns, loaded.keep_unmapped) == ({"Budget line": "notes", "Site": ""}, True)
    # The file is one coopmap import --mapping reads: the same mapping, the same records.
    sheet = tmp_path / "mine.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    options = ReadOptions(columns=loaded.columns, keep_unmapped=loaded.keep_unmapped)
    [record] = read_file(sheet, options=options).records
    assert (record.notes, record.locations) == ("B-17", [])
    with pytest.raises(ValidationError, match="no mapping called 'gone' is saved"):
        load_mapping("gone")


@pytest.mark.parametrize("name", ["", "  ", "../escape", "a/b", ".hidden", "x" * 81, "dot."])
def test_a_mapping_name_never_reaches_another_folder(mappings, name):
    with pytest.raises(ValidationError) as caught:
        mapping_path(name)
    assert caught.value.field == "mapping name"
    assert not mappings.exists()
