"""Excel workbooks (coopmap.formats.xlsx, coopmap.formats.tables): the seed atlas both ways,
sheets, typed cells read as text, text never written as a formula, files that are no workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from coopmap.formats import ReadOptions, RecordImportError, export, read_file, read_records
from coopmap.model import Project
from coopmap.seed import load_seed
from coopmap.store import open_store


def stored(url: str) -> dict[str, Project]:
    with open_store(url, create=True) as store:
        return {record.id: record for record in store.records()}


@pytest.fixture(scope="module")
def seed_workbook(tmp_path_factory) -> tuple[list, Path]:
    records = load_seed()
    path = export(records, tmp_path_factory.mktemp("xlsx") / "seed.xlsx")
    return records, path


def test_the_seed_atlas_round_trips_through_a_workbook(seed_workbook) -> None:
    records, path = seed_workbook
    assert load_workbook(path, read_only=True).sheetnames == ["records"]
    read = read_records(path)
    assert sorted(read, key=lambda r: r.id) == sorted(records, key=lambda r: r.id)


def test_a_sheet_is_chosen_by_name(seed_workbook, tmp_path: Path) -> None:
    records, _ = seed_workbook
    path = export(records[:2], tmp_path / "two.xlsx", sheet="Projects 2024")
    assert [r.id for r in read_records(path, options=ReadOptions(sheet="Projects 2024"))] == [
        r.id for r in records[:2]
    ]
    assert len(read_records(path)) == 2  # the first sheet by default
    with pytest.raises(RecordImportError) as caught:
        read_file(path, options=ReadOptions(sheet="Sheet1"))
    assert caught.value.errors[0].reason == (
        "the workbook has no sheet 'Sheet1'; its sheets are 'Projects 2024'"
    )


def test_import_and_export_take_a_sheet(file_cli, seed_workbook, tmp_path: Path) -> None:
    records, _ = seed_workbook
    with open_store(file_cli.url, create=True) as store:
        store.add(records[:3])
    out = tmp_path / "out.xlsx"
    done = file_cli("export", "--sheet", "Atlas", str(out))
    assert done.exit_code == 0, done.output
    assert load_workbook(out, read_only=True).sheetnames == ["Atlas"]
    wrong = file_cli("export", "--sheet", "Atlas", str(tmp_path / "out.csv"))
    assert wrong.exit_code == 2
    assert "only an Excel workbook (.xlsx) has sheets" in wrong.output
    missing = file_cli("import", "--sheet", "records", str(out))
    assert missing.exit_code == 1
    assert "the workbook has no sheet 'records'; its sheets are 'Atlas'" in missing.output
    again = file_cli("import", "--sheet", "Atlas", str(out))
    assert again.exit_code == 0, again.output
    assert "3 unchanged" in again.output


def test_a_file_that_is_no_workbook_is_named(file_cli, tmp_path: Path) -> None:
    fake = tmp_path / "sheet.xlsx"
    fake.write_text("title,sectors\nA,energy\n", encoding="utf-8")
    result = file_cli("import", str(fake))
    assert result.exit_code == 1
    assert f"1 problem in {fake}:" in result.output
    assert "not an Excel workbook" in result.output
    assert "save it as .xlsx (Excel 2007 or later) or as UTF-8 CSV" in result.output
    assert "Traceback" not in result.output
    assert stored(file_cli.url) == {}


@pytest.mark.parametrize(
    "title", ["=1+2", '=HYPERLINK("http://x.test","click")', "+SUM(A1)", "@A1"]
)
def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, title: str) -> None:
    plant = Project(id="pj-x", title=title, sectors=["energy"], notes="-1\x01")
    path = export([plant], tmp_path / "x.xlsx")
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("title") + 1)
    assert (cell.value, cell.data_type) == (title, "s")
    assert sheet.cell(row=2, column=header.index("notes") + 1).value == "-1\\x01"
    (back,) = read_records(path)
    assert back.title == title


def test_typed_cells_are_read_as_the_text_a_csv_holds(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append([])  # empty rows above the header
    sheet.append(["Projects exported from the ministry's system"])
    sheet.append([])
    sheet.append(
        ["Project name", "CRS code", "Status", "Start", "End", "Latitude", "Longitude",
         "Amount", "Currency", "Draft", "Country"]
    )  # fmt: skip
    sheet.append(
        ["Ring road", 21020, "Implementation", dt.datetime(2019, 3, 15), dt.date(2021, 6, 30),
         43.25, 76.9, 1500000.0, "USD", False, "KAZ"]
    )  # fmt: skip
    sheet.append(["Metro", 210.0, 2, 2018, "2020-05", 51.18, 71.45, 2.5, "CNY", True, "KZ"])
    path = tmp_path / "ministry.xlsx"
    book.save(path)
    with pytest.raises(RecordImportError, match="no column is the title"):
        read_file(path)  # the title row above the header is read as the header
    book.remove(sheet)
    clean = book.create_sheet("Data")
    for values in list(load_workbook(path)["Data"].iter_rows(min_row=4, values_only=True)):
        clean.append(values)
    book.save(path)
    reading = read_file(path)
    assert not reading.problems
    ring, metro = reading.records
    assert [reading.where[r.id] for r in (ring, metro)] == ["row 2", "row 3"]
    assert (ring.title, ring.sectors, ring.status) == (
        "Ring road",
        ["transport"],
        "under_construction",
    )
    assert (str(ring.start), str(ring.end)) == ("2019-03-15", "2021-06-30")
    assert ring.locations[0].latlon == (43.25, 76.9)
    assert (ring.amount.value, ring.amount.currency, ring.draft) == (1500000.0, "USD", False)
    assert ring.countries == ["KZ"]
    assert (metro.sectors, metro.status, str(metro.start), str(metro.end)) == (
        ["transport"],
        "under_construction",
        "2018",
        "2020-05",
    )
    assert (metro.amount.value, metro.draft) == (2.5, True)


def test_rows_keep_their_numbers_below_empty_rows(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append(["title", "sectors", "lat", "lon"])
    sheet.append(["Good", "energy", 51.18, 71.45])
    sheet.append([])
    sheet.append(["Bad", "steel", 51.18, 71.45])
    path = tmp_path / "gaps.xlsx"
    book.save(path)
    reading = read_file(path)
    assert [reading.where[r.id] for r in reading.records] == ["row 3"]
    assert [(p.where, p.field) for p in reading.problems] == [("row 5", "sectors")]
