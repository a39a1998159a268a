"""``coopmap geocode --in FILE --column NAME --out FILE``: a spreadsheet's place names geocoded
into a copy of it, CSV or Excel, with bad input said clearly."""

import csv

import openpyxl
import pytest
from click.testing import CliRunner

from coopmap.cli import main
from coopmap.formats.formulas import unguarded
from coopmap.services import geocode_table
from coopmap.services.geocoding import ADDED_COLUMNS

HEADER = ["Project", "Location", "Country", "Notes"]
ROWS = [
    ["Rail", "Astana", "KZ", "=1+1"],
    ["Road", "Alexandria", "USA", ""],
    ["", "", "", ""],  # a blank row, kept in its place
    ["Port", "Alexandria", "Egypt", "the harbour"],
    ["Mine", "Qwxzyv Nowhere", "", "-"],
    ["Plant", "Astana", "Atlantis", ""],
    ["Farm", "", "KZ", ""],
    ["Net", "Almaty", "kaz", ""],
]


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return CliRunner().invoke(main, ["--store", str(tmp_path / "atlas.gpkg"), *args])

    return invoke


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "sheet.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *ROWS])
    return path


def _read_csv(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _by_project(lines):
    header, *rows = lines
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows if row[0]}


def test_a_csv_file_gets_the_coordinates_of_its_places(run, sheet, tmp_path):
    out = tmp_path / "geocoded.csv"
    result = run(
        "geocode", "--in", str(sheet), "--column", "Location", "--country-column", "Country",
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote 7 rows to {out}: 4 geocoded (1 ambiguous), 1 not found, 1 unknown country, "
        "1 no name.\n"
    )
    lines = _read_csv(out)
    assert lines[0] == [*HEADER, *ADDED_COLUMNS]
    assert [[unguarded(cell) for cell in line[:4]] for line in lines[1:]] == ROWS
    assert lines[1][3] == "'=1+1"  # no formula reaches a spreadsheet
    rows = _by_project(lines)
    rail = rows["Rail"]
    assert (rail["precision"], rail["geonameid"], rail["resolved_name"]) == (
        "city",
        "1526273",
        "Astana",
    )
    assert (round(float(rail["lat"]), 2), round(float(rail["lon"]), 2)) == (51.18, 71.45)
    assert (rail["match"], rail["candidates"]) == ("found", "1")
    road = rows["Road"]
    assert road["match"] == "ambiguous"
    assert road["candidates"].startswith("2: Alexandria — Virginia, US")
    assert "Louisiana" in road["candidates"]
    assert rows["Port"]["match"] == "found"  # the country column told Egypt's from Virginia's
    assert -80 < float(road["lon"]) < -70
    assert 25 < float(rows["Port"]["lon"]) < 35
    assert rows["Net"]["resolved_name"] == "Almaty"
    for project, match in (
        ("Mine", "not found"),
        ("Plant", "unknown country"),
        ("Farm", "no name"),
    ):
        assert rows[project]["match"] == match
        assert rows[project]["lat"] == rows[project]["lon"] == ""
        assert rows[project]["candidates"] == "0"
    assert lines[3] == [""] * (len(HEADER) + len(ADDED_COLUMNS))


def test_the_query_form_keeps_working_beside_in(run):
    result = run("geocode", "Nur-Sultan")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Astana, KZ")


def test_an_excel_workbook_round_trips_through_geocoding(run, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Projects"
    sheet.append(["Name", "Place", "Amount"])
    sheet.append(["Rail", "Astana", 1200.5])
    sheet.append(["Road", "Alexandria", 7])
    book.create_sheet("Other").append(["nothing", "here"])
    source = tmp_path / "projects.xlsx"
    book.save(source)
    out = tmp_path / "geocoded.xlsx"
    result = run(
        "geocode", "--in", str(source), "--sheet", "Projects", "--column", "place",
        "--country", "EG", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 geocoded (0 ambiguous), 1 not found." in result.output
    written = openpyxl.load_workbook(out)
    assert written.sheetnames == ["Projects"]
    rows = [list(row) for row in written["Projects"].iter_rows(values_only=True)]
    assert rows[0] == ["Name", "Place", "Amount", *ADDED_COLUMNS]
    assert rows[1][:3] == ["Rail", "Astana", "1200.5"]
    assert rows[1][7:9] == [None, "not found"]  # --country is each row's: no Astana in Egypt
    assert rows[2][6] == "361058"  # Alexandria in Egypt, as --country said
    again = tmp_path / "again.csv"
    result = run("geocode", "--in", str(out), "--column", "Place", "--out", str(again))
    assert result.exit_code == 1  # the added columns are there already
    assert "already has the column(s) 'lat', 'lon'" in result.output


def test_a_name_on_many_rows_is_looked_up_once(tmp_path, monkeypatch):
    import coopmap.services.geocoding as geocoding

    path = tmp_path / "many.csv"
    path.write_text("place,country\n" + "Astana,KZ\nAlmaty,Kazakhstan\n" * 50, encoding="utf-8")
    calls = []
    real = geocoding._geocoded_cells
    monkeypatch.setattr(geocoding, "_geocoded_cells", lambda *key: calls.append(key) or real(*key))
    seen = []
    result = geocode_table(
        path,
        tmp_path / "out.csv",
        column="place",
        country_column="country",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert sorted(calls) == [("Almaty", "Kazakhstan"), ("Astana", "KZ")]
    assert (result.rows, result.geocoded) == (100, 100)
    assert seen[0] == (1, 100)
    assert seen[-1] == (100, 100)


def test_a_progress_bar_is_drawn_on_a_terminal(run, sheet, tmp_path, monkeypatch):
    import coopmap.cli.output as output

    monkeypatch.setattr(output, "stderr_is_terminal", lambda: True)
    result = run("geocode", "--in", str(sheet), "--column", "Location", "--out", "o.csv")
    assert result.exit_code == 0, result.output
    assert "Geocoding" in result.stderr
    assert "Geocoding" not in result.stdout


FILE = ["--in", "sheet.csv", "--column", "Location", "--out", "o.csv"]
"""A well-formed batch: the tests below add to it, or change one part of it."""


def _without(*options):
    args = list(FILE)
    for option in options:
        at = args.index(option)
        del args[at : at + 2]
    return args


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (_without("--column"), "--in needs --column NAME"),
        (_without("--out"), "--in needs --out FILE"),
        (["--column", "Location"], "--column needs --in FILE"),
        (_without("--in"), "--column, --out need --in FILE"),
        (["--country-column", "Country", "Astana"], "--country-column needs --in FILE"),
        ([], "give a place name to find"),
        (["Astana", *FILE], "not both"),
        ([*FILE, "--json"], "--json is for one QUERY"),
        (
            [*_without("--column"), "--column", "Place"],
            "no column 'Place' (of place names) in the header; its columns: 'Project', "
            "'Location', 'Country', 'Notes'",
        ),
        ([*FILE, "--country-column", "Land"], "no column 'Land' (of countries)"),
        ([*_without("--out"), "--out", "o.json"], "writes .csv, .xlsx files, not .json"),
        ([*FILE, "--country", "Atlantis"], "'Atlantis' names no country"),
        ([*_without("--in"), "--in", "nowhere.csv"], "cannot read the file: No such file"),
        ([*_without("--in"), "--in", "folder.csv"], "cannot read the file: Is a directory"),
        ([*_without("--out"), "--out", "no/such/folder/o.csv"], "cannot write"),
    ],
)
def test_bad_input_is_a_clear_error(run, sheet, tmp_path, args, message):
    (tmp_path / "folder.csv").mkdir()
    result = run("geocode", *args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o.csv").exists()


def test_a_csv_file_has_one_sheet_whatever_its_name(run, sheet, tmp_path):
    result = run("geocode", *FILE, "--sheet", "Anything")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o.csv").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.csv", "Location\nK\xf6ln\n".encode("latin-1"), "not UTF-8"),
        ("fake.xlsx", b"Location\nAstana\n", "not an Excel workbook"),
        ("empty.csv", b"", "no header row"),
        ("wide.csv", b"Location\nAstana,extra\n", "row 2: 2 cells, more than the header's 1"),
        ("strange.ods", b"", "reads .csv"),
    ],
)
def test_an_unreadable_file_is_named_with_the_reason(run, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("geocode", "--in", str(path), "--column", "Location", "--out", "o.csv")
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert str(path) in result.output
    assert not (tmp_path / "o.csv").exists()


def test_columns_of_the_same_name_and_a_formula_header_keep_their_cells(run, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("Notes,Location,Notes,=cmd\nfirst,Astana,second,x\n", encoding="utf-8")
    result = run("geocode", "--in", str(path), "--column", "Location", "--out", "o.csv")
    assert result.exit_code == 0, result.output
    header, row = _read_csv(tmp_path / "o.csv")
    assert header[:4] == ["Notes", "Location", "Notes", "'=cmd"]
    assert row[:4] == ["first", "Astana", "second", "x"]
