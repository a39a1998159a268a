"""What importing a file would do, row by row, before it is written (coopmap.services.preview),
on both store backends and for every format the app's upload takes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from builders import AWKWARD_TEXT, MIXED_ROWS, UPLOAD_FORMATS, mixed_file, seed_by_id
from coopmap.cli import main
from coopmap.errors import ConflictError, RecordImportError
from coopmap.formats import export
from coopmap.formats.report import COLUMNS
from coopmap.model import validate_update
from coopmap.seed import load_seed
from coopmap.services.preview import apply_import, preview_import, preview_upload


@pytest.fixture
def store(store_factory):
    opened = store_factory()
    opened.add(load_seed())
    return opened


# --- previews -------------------------------------------------------------------------------------


@pytest.mark.parametrize("extension", UPLOAD_FORMATS)
def test_each_format_is_previewed_row_by_row(store, tmp_path, extension):
    path = mixed_file(seed_by_id(), tmp_path, extension)
    revision = store.revision()
    preview = preview_upload(path.read_bytes(), f"My sheet{extension}", store=store)
    assert not preview.problems
    assert [row.status for row in preview.rows] == MIXED_ROWS
    unit = "row" if extension == ".csv" else "feature"
    first = 2 if extension == ".csv" else 1
    assert [row.where for row in preview.rows] == [f"{unit} {first + n}" for n in range(6)]
    update, _, new, swapped, abroad, bad = preview.rows
    assert (update.name, new.name, new.title) == (
        "pj-astana-light-rail",
        "pj-upload-payload",
        AWKWARD_TEXT,
    )
    assert new.record.title == AWKWARD_TEXT
    assert swapped.name == "pj-upload-swapped"
    assert swapped.field == ("lat/lon" if extension == ".csv" else "geometry")
    assert swapped.reason.startswith("latitude and longitude look swapped: Swapped depot at lat")
    assert (bad.field, bad.reason) == ("start", "month 13 is not between 1 and 12")
    assert (abroad.status, abroad.warnings) == ("new", 1)
    [warning] = preview.warnings
    assert (warning.where, warning.record) == (abroad.where, "pj-upload-abroad")
    assert "Office in Beijing at lat 39.9, lon 116.4 lies outside KZ" in warning.reason
    assert warning.source == f"My sheet{extension}"  # the upload's name, not the temporary copy
    assert preview.counts() == {"new": 2, "update": 1, "unchanged": 1, "invalid": 2}
    assert store.revision() == revision  # a preview writes nothing


def test_the_preview_reads_files_as_the_import_command_does(store, tmp_path):
    """One code path: the app's report is the CLI's report, line for line."""
    path = mixed_file(seed_by_id(), tmp_path, ".geojson")
    preview = preview_import(path, store=store, source=str(path))
    report = tmp_path / "report.csv"
    store_path = tmp_path / "other.gpkg"
    done = CliRunner().invoke(
        main, ["--store", str(store_path), "import", "--report", str(report), str(path)]
    )
    assert done.exit_code == 1
    assert preview.report_csv() == report.read_bytes()
    lines = list(csv.DictReader(io.StringIO(preview.report_csv().decode("utf-8"))))
    assert tuple(lines[0]) == COLUMNS
    assert [(line["row"], line["field"], line["level"]) for line in lines] == [
        ("4", "geometry", "error"),
        ("6", "start", "error"),
        ("5", "geometry", "warning"),
    ]
    assert str(preview.reading.error()) in done.output


def test_strict_makes_warnings_problems_as_the_cli_does(store, tmp_path):
    path = mixed_file(seed_by_id(), tmp_path, ".csv")
    preview = preview_import(path, store=store, strict=True)
    assert preview.strict
    assert [row.status for row in preview.rows][4] == "invalid"
    assert "lies outside KZ" in preview.rows[4].reason
    assert preview.warnings == []
    assert [line for line in preview.report_csv().decode().splitlines() if "warning" in line] == []


def test_all_or_nothing_by_default_and_the_valid_rows_on_request(store, tmp_path):
    path = mixed_file(seed_by_id(), tmp_path, ".csv")
    preview = preview_import(path, store=store)
    revision = store.revision()
    assert not preview.importable()
    with pytest.raises(RecordImportError) as caught:
        apply_import(preview, store)
    assert [(e.record, e.field) for e in caught.value.errors] == [
        ("row 5 (pj-upload-swapped)", "lat/lon"),
        ("row 7 (pj-upload-bad)", "start"),
    ]
    assert store.revision() == revision  # refused: nothing written
    assert store.get("pj-astana-light-rail").notes != "changed in the file"

    assert preview.importable(valid_only=True)
    result = apply_import(preview, store, valid_only=True)
    assert (result.added, result.updated, result.unchanged) == (2, 1, 1)
    assert store.get("pj-astana-light-rail").notes == "changed in the file"
    assert store.version("pj-automobile-assembly") == 1
    assert store.get("pj-upload-payload").title == AWKWARD_TEXT
    assert store.get("pj-upload-abroad") is not None  # a warning does not stop the row
    assert store.get("pj-upload-swapped") is None
    assert store.get("pj-upload-bad") is None

    again = preview_import(path, store=store)
    assert again.counts() == {"new": 0, "update": 0, "unchanged": 4, "invalid": 2}
    assert not again.importable(valid_only=True)  # nothing left to change


def test_a_preview_of_a_store_that_has_changed_since_is_refused(store, tmp_path):
    path = tmp_path / "seed.geojson"
    export([validate_update(store.get("pj-astana-light-rail"), notes="from the file")], path)
    preview = preview_import(path, store=store)
    assert [row.status for row in preview.rows] == ["update"]
    plant = validate_update(store.get("pj-automobile-assembly"), notes="someone else")
    store.update(plant, expected_version=1)
    revision = store.revision()
    with pytest.raises(ConflictError, match=r"has changed since seed\.geojson was previewed"):
        apply_import(preview, store)
    assert store.revision() == revision
    assert store.get("pj-astana-light-rail").notes != "from the file"
    assert apply_import(preview_import(path, store=store), store).updated == 1


def test_a_valid_upload_is_all_new_or_unchanged(store, tmp_path):
    path = tmp_path / "seed.geojson"
    export(store.records(), path)
    preview = preview_import(path, store=store)
    assert {row.status for row in preview.rows} == {"unchanged"}
    assert [row.where for row in preview.rows][:2] == ["feature 1", "feature 2"]
    assert not preview.importable()
    data = json.loads(path.read_text())
    data["features"][0]["properties"]["title"] = "Renamed"
    data["features"][1]["properties"]["sectors"] = ["railways"]
    data["features"][2]["properties"]["title"] = AWKWARD_TEXT
    path.write_text(json.dumps(data))
    preview = preview_import(path, store=store)
    statuses = [row.status for row in preview.rows]
    assert statuses[:3] == ["update", "invalid", "update"]
    assert preview.rows[2].record.title == AWKWARD_TEXT
    assert (preview.rows[1].where, preview.rows[1].field) == ("feature 2", "sectors")


def test_several_problems_in_one_row_are_one_invalid_row(store, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("title,sectors,start\n,railways,soon\n", encoding="utf-8")
    [row] = preview_import(path, store=store).rows
    # the date is read first (coopmap.formats.values), the model checks the rest after
    assert (row.where, row.status, row.field) == ("row 2", "invalid", "start, title, sectors")
    assert row.reason.startswith("start: 'soon' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD")
    assert "title: must not be empty; sectors: unknown sector 'railways'" in row.reason


def test_a_file_with_file_level_problems_cannot_be_imported(store, tmp_path):
    header = tmp_path / "header.csv"
    header.write_text("Vorhaben,sectros\nAstana,transport\n", encoding="utf-8")
    preview = preview_import(header, store=store)
    assert preview.rows == ()
    assert preview.reading is None
    assert [(p.record, p.field) for p in preview.problems] == [("row 1 (header)", "title")]
    assert not preview.importable(valid_only=True)
    with pytest.raises(RecordImportError):
        apply_import(preview, store, valid_only=True)
    assert len(list(csv.reader(io.StringIO(preview.report_csv().decode())))) == 2

    garbage = tmp_path / "garbage.geojson"
    garbage.write_text("{not json", encoding="utf-8")
    [problem] = preview_import(garbage, store=store).problems
    assert problem.source == "garbage.geojson"
    assert "not a JSON file" in problem.reason
    [named] = preview_import(garbage, store=store, source="My upload.geojson").problems
    assert str(named).startswith("My upload.geojson: not a JSON file")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("atlas.gpkg", b"not a geopackage", "not a GeoPackage GDAL can read: 'atlas.gpkg' not"),
        ("places.kml", b"<kml", "not a KML file GDAL can read"),
        ("notes.txt", b"hello", "cannot import 'notes.txt': unknown extension '.txt'"),
    ],
)
def test_an_unreadable_upload_is_named_by_its_own_name(
    store, tmp_path, monkeypatch, name, data, reason
):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    [problem] = preview_upload(data, name, store=store).problems
    assert problem.source == name
    assert problem.reason.startswith(reason)
    assert "coopmap-upload" not in problem.reason  # no trace of the temporary copy
    assert not list(tmp_path.glob("coopmap-upload-*"))


@pytest.mark.parametrize("extension", UPLOAD_FORMATS)
def test_an_upload_leaves_no_temporary_file(store, tmp_path, monkeypatch, extension):
    folder = tmp_path / "files"
    folder.mkdir()
    path = mixed_file(seed_by_id(), folder, extension)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temporary))
    preview = preview_upload(path.read_bytes(), "../../etc/x" + extension, store=store)
    assert len(preview.rows) == 6
    assert list(temporary.iterdir()) == []
