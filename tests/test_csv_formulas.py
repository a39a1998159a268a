"""Hostile text in CSV: no cell coopmap writes runs as a spreadsheet formula, and imports back.

Record text comes from reports and users; a cell starting with ``=``, ``+``, ``-``, ``@`` (or a
tab or carriage return, which spreadsheets trim) would be a live formula in Excel or LibreOffice.
"""

import csv
import io
import sqlite3

import pytest
import shapely
from click.testing import CliRunner

from coopmap.cli import main
from coopmap.formats import Problem, read_records
from coopmap.formats.formulas import guarded, needs_guard, unguarded
from coopmap.formats.report import write_report
from coopmap.model import Location, Project
from coopmap.services.preview import preview_upload
from coopmap.store import open_store

PAYLOADS = [
    "=1+1",
    "+SUM(1,1)",
    "-2+3",
    "@SUM(1+1)",
    '=HYPERLINK("http://example.org/?leak=1","click me")',
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TABLES = ("records", "locations", "meta", "geocode_cache", "history", "deleted_records")


def live_formulas(text: str) -> list[str]:
    """The cells of CSV text a spreadsheet would take as a formula (numbers are numbers)."""
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    return [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not _number(cell)]


def text_of(path) -> str:
    """A CSV file's text as written, carriage returns in cells kept."""
    with open(path, newline="", encoding="utf-8") as handle:
        return handle.read()


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return cell == cell.strip()


def dump(path) -> list[tuple]:
    """Every row of the store's tables, read as another program reads them."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return [row for table in TABLES for row in db.execute(f"SELECT * FROM {table} ORDER BY 1")]


def hostile(index: int, payload: str) -> Project:
    return Project(
        id=f"pj-{index}",
        title=payload,
        sectors=["energy"],
        countries=["KZ"],
        notes=payload,
        organisations=[{"name": payload, "role": "contractor"}],
        locations=[Location(name=payload, geometry=shapely.Point(-70.25, -12.5), country="KZ")],
    )


RECORDS = [hostile(index, payload) for index, payload in enumerate(PAYLOADS)]


@pytest.fixture
def cli(tmp_path):
    url = str(tmp_path / "atlas.gpkg")

    def invoke(*args):
        return CliRunner().invoke(main, ["--store", url, *args])

    invoke.url = url
    with open_store(url, create=True) as store:
        store.add(RECORDS)
    return invoke


# --- the cell, both ways -------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [*PAYLOADS, "\t=1+1", "\r=1+1", "-", "=", "@"])
def test_a_formula_start_gets_a_quote_that_reading_takes_off(payload):
    assert guarded(payload) == "'" + payload
    assert unguarded(guarded(payload)) == payload


@pytest.mark.parametrize("number", ["-12.5", "+3", "-70.25", "1e-05", "-1.5e+16", "-.5", "12"])
def test_numbers_stay_numbers(number):
    assert guarded(number) == number
    assert unguarded(number) == number


@pytest.mark.parametrize("value", [None, -12.5, 3, True])
def test_values_that_are_not_text_are_left_to_the_csv_writer(value):
    assert guarded(value) is value


def test_the_tab_and_carriage_return_cases():
    # a spreadsheet trims the tab or CR and sees =1+1
    assert guarded("\t=1+1") == "'\t=1+1"
    assert guarded("\r=1+1") == "'\r=1+1"
    assert guarded("\tplain") == "'\tplain"
    assert unguarded("'\t=1+1") == "\t=1+1"
    assert unguarded("'\r=1+1") == "\r=1+1"


@pytest.mark.parametrize(
    "text", ["'hello", "'", "''", "'-12.5", "it's", "hello", "", "1+1", "'=1+1", "''=1+1", "'\t"]
)
def test_reading_removes_only_the_quote_coopmap_would_have_added(text):
    assert unguarded(guarded(text)) == text
    if not needs_guard(text.removeprefix("'")):
        assert unguarded(text) == text  # not a quote coopmap writes: kept


def test_a_quote_before_a_formula_is_read_as_coopmaps_quote():
    assert unguarded("'=1+1") == "=1+1"
    assert guarded("'=1+1") == "''=1+1"  # so a title that really starts with one comes back


# --- records exported as CSV and imported back ---------------------------------------------------


def test_no_exported_cell_is_a_formula_and_the_export_imports_back_exactly(cli, tmp_path):
    out = tmp_path / "atlas.csv"
    before = dump(cli.url)
    result = cli("export", str(out))
    assert result.exit_code == 0, result.output
    text = text_of(out)
    assert live_formulas(text) == []
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    for payload, row in zip(PAYLOADS, rows, strict=True):
        assert row["title"] == "'" + payload
        assert row["notes"] == "'" + payload
        assert row["organisations"].startswith("'" + payload)
        assert row["location"] == "'" + payload
        assert (row["lat"], row["lon"]) == ("-12.5", "-70.25")  # numbers, not quoted

    assert [r.to_dict() for r in read_records(out)] == [r.to_dict() for r in RECORDS]
    again = cli("import", str(out))
    assert again.exit_code == 0, again.output
    assert ": 0 new, 0 updated, 5 unchanged." in again.output
    assert dump(cli.url) == before


def test_the_export_imports_into_another_store_as_the_same_records(cli, tmp_path):
    out = tmp_path / "atlas.csv"
    assert cli("export", str(out)).exit_code == 0
    other = tmp_path / "other.gpkg"
    result = CliRunner().invoke(main, ["--store", str(other), "import", str(out)])
    assert result.exit_code == 0, result.output
    with open_store(str(other)) as store:
        stored = sorted(store.records(), key=lambda r: r.id)
    assert [r.to_dict() for r in stored] == [r.to_dict() for r in RECORDS]


def test_a_leading_tab_or_cr_in_record_text_never_reaches_a_cell(cli, tmp_path):
    tabbed = Project(
        id="pj-tab",
        title="\t=1+1",
        sectors=["energy"],
        notes="\r=1+1",
        organisations=[{"name": "\t@SUM(1+1)"}],
    )
    with open_store(cli.url) as store:
        store.add([tabbed])
    out = tmp_path / "atlas.csv"
    assert cli("export", str(out)).exit_code == 0
    assert live_formulas(text_of(out)) == []
    back = {record.id: record for record in read_records(out)}
    assert back["pj-tab"].to_dict() == tabbed.to_dict()


def test_a_quoted_cell_from_elsewhere_keeps_its_quote_unless_coopmap_could_have_written_it(
    tmp_path,
):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "id,title,sectors,notes\npj-q,'hello,energy,'=1+1\npj-r,'-12.5,energy,''=2\n",
        encoding="utf-8",
    )
    records = {record.id: record for record in read_records(sheet)}
    assert (records["pj-q"].title, records["pj-q"].notes) == ("'hello", "=1+1")
    assert (records["pj-r"].title, records["pj-r"].notes) == ("'-12.5", "'=2")


# --- the import report, written by the CLI and offered by the app -------------------------------


def _bad_sheet(tmp_path):
    sheet = tmp_path / "bad.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "sectors", "lat", "lon"])
        for index, payload in enumerate(PAYLOADS):
            # an unknown sector and an unreadable latitude, each named with the payload
            writer.writerow([payload, payload, payload, payload, "71.4"])
            writer.writerow([f"ok-{index}", payload, "energy", "-91", "71.4"])
    return sheet


def test_the_report_csv_has_no_formula_cells(cli, tmp_path):
    sheet = _bad_sheet(tmp_path)
    report = tmp_path / "report.csv"
    before = dump(cli.url)
    result = cli("import", "--report", str(report), str(sheet))
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    text = text_of(report)
    lines = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {line["record"] for line in lines} >= {"'" + payload for payload in PAYLOADS}
    assert live_formulas(text) == []
    assert dump(cli.url) == before


def test_the_apps_report_download_has_no_formula_cells(cli, tmp_path):
    data = _bad_sheet(tmp_path).read_bytes()
    with open_store(cli.url) as store:
        before_revision = store.revision()
        preview = preview_upload(data, "=HYPERLINK(1).csv", store=store)
        assert store.revision() == before_revision
    text = preview.report_csv().decode("utf-8")
    assert "'=HYPERLINK(1).csv" in text
    assert live_formulas(text) == []


def test_a_report_line_of_hostile_text_tab_and_cr_included(tmp_path):
    problems = [
        Problem("\t=1+1", where="row 2", record="\r=1+1", field="@SUM(1+1)", source="-2+3.csv"),
        *[Problem(payload, where="row 3", record=payload, field=payload) for payload in PAYLOADS],
    ]
    report = tmp_path / "report.csv"
    assert write_report(problems, report) == len(problems)
    text = text_of(report)
    assert live_formulas(text) == []
    first = next(csv.DictReader(io.StringIO(text, newline="")))
    assert first == {
        "file": "'-2+3.csv",
        "row": "2",
        "record": "'\r=1+1",
        "field": "'@SUM(1+1)",
        "level": "error",
        "reason": "'\t=1+1",
    }
