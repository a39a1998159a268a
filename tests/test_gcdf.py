"""AidData's GCDF: its workbook, CSV, GeoGCDF and ADM location files read as projects.

The sheets are built here with the real header of GCDF 3.0 (tests/data/gcdf3-columns.tsv, its
126 column names as the dataset spells them) and rows written for these tests.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import shapely
from click.testing import CliRunner
from openpyxl import Workbook

from coopmap.cli import main
from coopmap.errors import RecordImportError
from coopmap.formats import ReadOptions, export, format_for, plan, read_file, read_records
from coopmap.formats.gcdf import FOR_AGGREGATES, UMBRELLA, aiddata_id, recognise
from coopmap.model import Project
from coopmap.query import Filter
from coopmap.services import read_files
from coopmap.store import open_store

COLUMNS = [
    line.split("\t")[0]
    for line in (Path(__file__).parent / "data" / "gcdf3-columns.tsv").read_text().splitlines()[1:]
]

RAILWAY = {
    "AidData Record ID": "1001",
    "Recommended For Aggregates": "Yes",
    "Umbrella": "No",
    "Recipient": "Kenya",
    "Recipient ISO-3": "KEN",
    "Commitment Year": "2014",
    "Implementation Start Year": "2014",
    "Completion Year": "2017",
    "Title": "China Eximbank provides loan for Mombasa-Nairobi Standard Gauge Railway",
    "Description": "The railway links the port of Mombasa with Nairobi.",
    "Status": "Completion",
    "Sector Code": "210",
    "Sector Name": "TRANSPORT AND STORAGE",
    "Funding Agencies": "Export-Import Bank of China (China Eximbank)|China Development Bank",
    "Funding Agencies Type": "State-owned Policy Bank|State-owned Policy Bank",
    "Implementing Agencies": "China Road and Bridge Corporation (CRBC)",
    "Implementing Agencies Type": "State-owned Company",
    "Direct Receiving Agencies": "Kenya Railways Corporation",
    "Direct Receiving Agencies Type": "Recipient State-owned Company",
    "Amount (Original Currency)": "1600000000",
    "Original Currency": "USD",
    "Amount (Constant USD 2021)": "1834000000.5",
    "Commitment Date (MM/DD/YYYY)": "05/11/2014",
    "Actual Implementation Start Date (MM/DD/YYYY)": "11/28/2014",
    "Actual Completion Date (MM/DD/YYYY)": "05/31/2017",
    "Source URLs": "https://example.org/sgr-loan|https://example.org/sgr-opening",
    "Source Titles": "Loan agreement signed for the SGR|The SGR opens",
    "Source Publishers": "Example Daily|Example Weekly",
    "Location Narrative": "The railway runs from Mombasa to Nairobi.",
}
PLANT = {  # an umbrella agreement, placed from its narrative
    "AidData Record ID": "1002",
    "Recommended For Aggregates": "No",
    "Umbrella": "Yes",
    "Recipient": "Kenya",
    "Recipient ISO-3": "KEN",
    "Commitment Year": "2019",
    "Title": "Framework agreement for a solar plant near Garissa",
    "Status": "Pipeline: Commitment",
    "Sector Code": "230",
    "Funding Agencies": "China Eximbank",
    "Amount (Original Currency)": "13500000000",
    "Original Currency": "KES",
    "Location Narrative": "The solar plant is in Garissa County, outside the town of Garissa.",
}
CLINIC = {  # a sector coopmap has no slug for, and no place but the country
    "AidData Record ID": "1003",
    "Recommended For Aggregates": "Yes",
    "Umbrella": "No",
    "Recipient ISO-3": "KEN",
    "Title": "Chinese Government donates medical equipment",
    "Status": "Implementation",
    "Sector Code": "120",
    "Sector Name": "HEALTH",
}
TERMINAL = {  # placed by its GeoGCDF polygon, though an ADM row names it too
    "AidData Record ID": "1004",
    "Recommended For Aggregates": "Yes",
    "Umbrella": "No",
    "Recipient ISO-3": "KEN",
    "Title": "Terminal at Jomo Kenyatta International Airport",
    "Status": "Pipeline: Pledge",
    "Sector Code": "210",
    "Geographic Level of Precision Available": "Precise",
}
ROWS = [RAILWAY, PLANT, CLINIC, TERMINAL]

ADM1_HEADER = [
    "id", "shapeID", "shapeGroup", "shapeName", "intersection_ratio", "even_split_ratio",
    "intersection_ratio_commitment_value", "even_split_ratio_commitment_value",
    "centroid_longitude", "centroid_latitude",
]  # fmt: skip
ADM1_ROWS = [
    ["1001", "58745B111", "KEN", "Mombasa", "0.3", "0.5", "", "", "39.6583", "-4.0388"],
    ["1001", "58745B112", "KEN", "Nairobi", "0.7", "0.5", "", "", "36.8362", "-1.3035"],
    ["1004", "58745B112", "KEN", "Nairobi", "1.0", "1.0", "", "", "36.8362", "-1.3035"],
]
TERMINAL_SITE = shapely.box(36.91, -1.33, 36.94, -1.31)


def write_workbook(
    path: Path,
    rows: list[dict[str, str]],
    columns: list[str] = COLUMNS,
    *,
    header: list[str] | None = None,
) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "GCDF_3.0"
    sheet.append(header or columns)
    for row in rows:
        sheet.append([row.get(column) or None for column in columns])
    book.save(path)
    return path


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def gcdf_csv(path: Path, rows: list[dict[str, str]] = ROWS) -> Path:
    return write_csv(path, COLUMNS, [[row.get(column, "") for column in COLUMNS] for row in rows])


def geogcdf(path: Path, properties: dict[str, object], geometry: object = TERMINAL_SITE) -> Path:
    """A GeoGCDF file: properties named with dots for spaces, the site as a MultiPolygon."""
    feature = {
        "type": "Feature",
        "properties": {"feature_count": 1, **properties},
        "geometry": shapely.geometry.mapping(shapely.MultiPolygon([geometry])),
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def dotted(row: dict[str, str]) -> dict[str, str]:
    return {name.replace(" ", "."): value for name, value in row.items()}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "xlsx": write_workbook(tmp_path / "GCDF_3.0.xlsx", ROWS),
        "csv": gcdf_csv(tmp_path / "GCDF_3.0.csv"),
        "adm1": write_csv(tmp_path / "GCDF_3.0_ADM1_Locations.csv", ADM1_HEADER, ADM1_ROWS),
        "geo": geogcdf(tmp_path / "1004.geojson", dotted(TERMINAL)),
    }


def by_id(records: list) -> dict[str, Project]:
    return {record.id: record for record in records}


# --- recognising ----------------------------------------------------------------------------------


def test_gcdf_files_are_recognised_by_their_columns(files: dict[str, Path], tmp_path: Path):
    for name in ("xlsx", "csv", "adm1", "geo"):
        assert format_for(files[name], action="read").name == "gcdf", name
    plain = export([Project(id="pj-x", title="X", sectors=["energy"])], tmp_path / "plain.csv")
    assert format_for(plain, action="read").name == "csv"
    assert not recognise(tmp_path / "missing.csv")


def test_header_matching_ignores_case_spaces_and_dots(tmp_path: Path):
    header = [column.upper().replace(" ", ".") for column in COLUMNS]
    path = write_workbook(tmp_path / "shouting.xlsx", [RAILWAY], header=header)
    railway = read_records(path)[0]
    assert railway.id == "gcdf-1001"
    assert railway.status == "completed"


# --- rows into projects ---------------------------------------------------------------------------


def test_a_row_becomes_a_project_with_its_parties_money_dates_and_sources(files):
    reading = read_file(files["xlsx"], check_places=False)
    assert not reading.problems
    railway = by_id(reading.records)["gcdf-1001"]
    assert aiddata_id(railway.id) == "1001"
    assert railway.title.startswith("China Eximbank provides loan")
    assert railway.sectors == ["transport"]
    assert railway.countries == ["KE"]
    assert railway.status == "completed"
    assert [(org.name, org.role) for org in railway.organisations] == [
        ("Export-Import Bank of China (China Eximbank)", "funder"),
        ("China Development Bank", "funder"),
        ("China Road and Bridge Corporation (CRBC)", "contractor"),
        ("Kenya Railways Corporation", "partner"),
    ]
    assert (railway.amount.value, railway.amount.currency) == (1_600_000_000, "USD")
    assert [(s.key, s.value, s.unit) for s in railway.specs] == [
        ("amount in constant 2021 USD", 1834000000.5, "USD")
    ]
    assert (str(railway.start), str(railway.end)) == ("2014-11-28", "2017-05-31")
    assert railway.start.precision == "day"
    assert [(str(change.status), str(change.date)) for change in railway.status_history] == [
        ("agreed", "2014-05-11"),
        ("under_construction", "2014-11-28"),
        ("completed", "2017-05-31"),
    ]
    assert [(s.title, s.url, s.publisher) for s in railway.sources] == [
        ("Loan agreement signed for the SGR", "https://example.org/sgr-loan", "Example Daily"),
        ("The SGR opens", "https://example.org/sgr-opening", "Example Weekly"),
    ]
    assert railway.tags == [FOR_AGGREGATES]
    notes = railway.notes or ""
    assert "The railway links the port of Mombasa" in notes
    assert "Committed: 2014-05-11" in notes
    assert "China Development Bank (State-owned Policy Bank)" in notes


def test_umbrella_and_years_and_other_currencies(files):
    records = by_id(read_records(files["xlsx"]))
    plant, clinic = records["gcdf-1002"], records["gcdf-1003"]
    assert plant.tags == [UMBRELLA]
    assert plant.status == "agreed"
    assert (plant.amount.value, plant.amount.currency) == (13_500_000_000, "KES")
    assert plant.start is None
    assert [(str(change.status), str(change.date)) for change in plant.status_history] == [
        ("agreed", "2019")
    ]
    assert clinic.status_history == []  # under construction since a day not given
    assert "Committed: 2019" in (plant.notes or "")
    assert clinic.sectors == ["other"]  # health: kept in the notes
    assert "Sector: 120 HEALTH" in (clinic.notes or "")
    assert clinic.tags == [FOR_AGGREGATES]


def test_csv_and_workbook_give_the_same_projects(files):
    assert read_records(files["csv"]) == read_records(files["xlsx"])


def test_tags_filter_umbrella_agreements_out(files):
    records = read_records(files["xlsx"])
    kept = Filter.make(without_tags=[UMBRELLA]).apply(records)
    assert "gcdf-1002" not in {record.id for record in kept}
    assert len(kept) == 3
    assert {r.id for r in Filter.make(tags=[UMBRELLA]).apply(records)} == {"gcdf-1002"}


# --- places ---------------------------------------------------------------------------------------


def test_adm1_regions_place_a_project_at_their_centroids(files):
    reading = read_files([files["xlsx"], files["adm1"]])
    assert not reading.problems, reading.problems
    railway = by_id(reading.records)["gcdf-1001"]
    assert [(loc.name, loc.precision, loc.country) for loc in railway.locations] == [
        ("Mombasa", "admin1", "KE"),
        ("Nairobi", "admin1", "KE"),
    ]
    assert railway.locations[1].latlon == pytest.approx((-1.3035, 36.8362))
    assert railway.locations[0].geometry_source == "imported"


def test_adm2_regions_come_before_adm1_and_other_projects_regions_are_left(files, tmp_path):
    adm2 = write_csv(
        tmp_path / "GCDF_3.0_ADM2_Locations.csv",
        ADM1_HEADER,
        [
            ["1001", "B2-1", "KEN", "Mvita", "1.0", "1.0", "", "", "39.6631", "-4.0547"],
            ["9999", "B2-2", "KEN", "Kisauni", "1.0", "1.0", "", "", "39.6921", "-3.9964"],
        ],
    )
    reading = read_files([files["xlsx"], files["adm1"], adm2])
    assert len(reading.records) == 4  # project 9999 is not in the table: its region is unused
    railway = by_id(reading.records)["gcdf-1001"]
    assert [(loc.name, loc.precision) for loc in railway.locations] == [("Mvita", "admin2")]
    assert "the ADM2 regions' centroids" in (railway.notes or "")


def test_the_geogcdf_geometry_comes_first(files):
    reading = read_files([files["adm1"], files["xlsx"], files["geo"]])
    assert not reading.problems, reading.problems
    assert len(reading.records) == 4  # the GeoGCDF file completes the table: no record of its own
    terminal = by_id(reading.records)["gcdf-1004"]
    (site,) = terminal.locations
    assert site.geometry.equals(shapely.MultiPolygon([TERMINAL_SITE]))
    assert site.precision == "exact"


def test_the_location_narrative_is_geocoded_in_the_recipient_country(files):
    reading = read_file(files["xlsx"])
    plant = by_id(reading.records)["gcdf-1002"]
    assert plant.locations, plant.notes
    assert all(loc.country == "KE" for loc in plant.locations)
    assert "Garissa" in {loc.name for loc in plant.locations}
    assert "read from the Location Narrative" in (plant.notes or "")
    counted = [g for g in reading.geocoded if g.record == "gcdf-1002"]
    assert counted
    assert counted[0].field == "Location Narrative"
    assert counted[0].source == str(files["xlsx"])


def test_a_persons_answer_for_a_narrative_name_is_taken(files):
    options = ReadOptions(places={"Garissa": "Lamu"})  # as the app's review of an upload says
    plant = by_id(read_records(files["xlsx"], options=options))["gcdf-1002"]
    garissa = next(loc for loc in plant.locations if loc.name == "Garissa")
    assert garissa.resolved_name == "Lamu"


def test_without_any_place_the_project_is_at_its_country(files):
    clinic = by_id(read_records(files["xlsx"]))["gcdf-1003"]
    (country,) = clinic.locations
    assert (country.precision, country.country) == ("country", "KE")
    assert country.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert "the recipient country as a whole" in (clinic.notes or "")


def test_without_geocoding_an_unplaced_row_is_refused(files):
    reading = read_file(files["xlsx"], options=ReadOptions(geocode=False), check_places=False)
    placed = by_id(read_records(files["xlsx"]))
    assert {problem.record for problem in reading.problems} == set(placed)
    assert {problem.field for problem in reading.problems} == {"Location Narrative"}
    assert "geocoding is off" in str(reading.problems[0])


def test_a_geogcdf_file_alone_gives_its_projects_even_in_the_2_0_names(tmp_path: Path):
    old = {
        "id": 100,
        "AidData TUFF Project ID": 100,
        "Recommended For Aggregates": "Yes",
        "Umbrella": "No",
        "Title": "Interest-free loan for an interchange in Addis Ababa",
        "Status": "Completion",
        "Implementation Start Year": 2007.0,
        "AidData Sector Name": "TRANSPORT AND STORAGE",
        "Recipient": "Ethiopia",
        "Amount (Constant USD2017)": 22119295.3,
        "Actual Completion Date (MM/DD/YYYY)": "2009-05-31 00:00:00",
    }
    path = geogcdf(tmp_path / "100.geojson", old, shapely.box(38.75, 8.97, 38.77, 8.99))
    (loan,) = read_records(path)
    assert (loan.id, loan.sectors, loan.countries) == ("gcdf-100", ["transport"], ["ET"])
    assert (str(loan.start), str(loan.end)) == ("2007", "2009-05-31")
    assert loan.specs[0].key == "amount in constant 2017 USD"
    assert loan.locations[0].geometry.geom_type == "MultiPolygon"


# --- bad input ------------------------------------------------------------------------------------


def test_a_missing_column_is_named(tmp_path: Path):
    path = write_workbook(
        tmp_path / "cut.xlsx", [RAILWAY], [c for c in COLUMNS if c != "Recipient ISO-3"]
    )
    assert read_records(path)  # the recipient's name stands in for its code
    path = write_workbook(tmp_path / "cut.xlsx", [RAILWAY], [c for c in COLUMNS if c != "Title"])
    with pytest.raises(RecordImportError) as caught:
        read_file(path)
    assert "'Title'" in str(caught.value)
    assert "the GCDF column is missing" in str(caught.value)


def test_a_column_twice_is_refused(tmp_path: Path):
    columns = [*COLUMNS, "AidData TUFF Project ID"]  # the 2.0 name of "AidData Record ID"
    with pytest.raises(RecordImportError, match="appears twice"):
        read_file(write_workbook(tmp_path / "twice.xlsx", [RAILWAY], columns))


def test_the_columns_not_read_are_kept_in_the_notes_on_request(files):
    options = ReadOptions(keep_unmapped=True)
    railway = by_id(read_records(files["csv"], options=options))["gcdf-1001"]
    assert "Financier Country" not in (railway.notes or "")  # empty cells are not kept
    row = {**RAILWAY, "Interest Rate": "2", "Flow Type": "Loan"}
    path = gcdf_csv(files["csv"].with_name("terms.csv"), [row])
    notes = read_records(path, options=options)[0].notes or ""
    assert "Interest Rate: 2" in notes
    assert "Flow Type: Loan" in notes
    assert "Interest Rate" not in (read_records(path)[0].notes or "")


def test_an_adm_file_alone_is_refused_with_what_to_do(files):
    with pytest.raises(RecordImportError, match="import it with that file"):
        read_files([files["adm1"]])


def test_a_broken_adm_row_is_named_in_its_file(files, tmp_path: Path):
    broken = [*ADM1_ROWS, ["1003", "58745B113", "KEN", "Kisumu", "1", "1", "", "", "east", "0"]]
    adm1 = write_csv(tmp_path / "ADM1.csv", ADM1_HEADER, broken)
    with pytest.raises(RecordImportError) as caught:
        read_files([files["xlsx"], adm1])
    assert "ADM1.csv" in str(caught.value)
    assert "row 5 (1003)" in str(caught.value)
    assert "centroid_latitude and centroid_longitude must be numbers" in str(caught.value)


def test_bad_cells_are_named_by_row_and_column(tmp_path: Path):
    bad = {**RAILWAY, "Status": "Stalled", "Actual Completion Date (MM/DD/YYYY)": "31.05.2017"}
    typo = {**CLINIC, "AidData Record ID": "1005", "Recipient ISO-3": "KEX"}
    kosovo = {**CLINIC, "AidData Record ID": "1006", "Recipient ISO-3": "XKX"}
    path = gcdf_csv(tmp_path / "bad.csv", [bad, CLINIC, typo, kosovo])
    reading = read_file(path, check_places=False)
    assert [record.id for record in reading.records] == ["gcdf-1003", "gcdf-1006"]
    assert {(p.where, p.record, p.field) for p in reading.problems} == {
        ("row 2", "gcdf-1001", "Status"),
        ("row 2", "gcdf-1001", "Actual Completion Date (MM/DD/YYYY)"),
        ("row 4", "gcdf-1005", "Recipient ISO-3"),
    }
    assert reading.records[1].countries == []
    assert "XKX, which ISO 3166-1 does not assign" in (reading.records[1].notes or "")
    assert "unknown status 'Stalled'" in str(reading.problems[0])


def test_plan_reads_the_location_files_with_the_table(files):
    planned = plan([files["adm1"], files["xlsx"], files["geo"]])
    assert [(path, options.companions) for path, options in planned] == [
        (files["xlsx"], (files["adm1"], files["geo"]))
    ]


# --- the command line and the round trip ----------------------------------------------------------


def test_coopmap_import_joins_the_files_and_export_and_list_filter_by_tag(files, tmp_path: Path):
    store = tmp_path / "atlas.gpkg"

    def invoke(*args: str):
        return CliRunner().invoke(main, ["--store", str(store), *args])

    result = invoke("import", str(files["xlsx"]), str(files["adm1"]))
    assert result.exit_code == 0, result.output
    assert "Imported 4 records" in result.output
    out = tmp_path / "for-aggregates.csv"
    result = invoke("export", str(out), "--without-tag", "umbrella")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert sorted(row["id"] for row in rows) == ["gcdf-1001", "gcdf-1003", "gcdf-1004"]
    assert {row["tags"] for row in rows} == {FOR_AGGREGATES}
    with open_store(str(store)) as opened:
        railway = opened.get("gcdf-1001")
    assert [loc.name for loc in railway.locations] == ["Mombasa", "Nairobi"]
    assert railway.tags == [FOR_AGGREGATES]

    result = invoke("list", "--tag", "umbrella", "--json")
    assert result.exit_code == 0, result.output
    assert [row["id"] for row in json.loads(result.output)] == ["gcdf-1002"]

    result = invoke("show", "gcdf-1002")
    assert "Tags: umbrella\n" in result.output

    result = invoke("import", str(files["adm1"]))
    assert result.exit_code == 1
    assert "import it with that file" in result.output


@pytest.mark.parametrize("extension", [".csv", ".geojson", ".gpkg", ".kml", ".xlsx", ".xml"])
def test_gcdf_projects_round_trip_through_every_format(files, tmp_path: Path, extension: str):
    records = read_records(files["xlsx"])
    if extension == ".kml":  # KML reads a record's several points back as one location
        records = [record for record in records if len(record.locations) == 1]
    path = export(records, tmp_path / f"again{extension}")
    assert by_id(read_records(path)) == by_id(records)
