"""The command line as a user drives it: output, files written and exit codes."""

import csv
import json
import re

import pytest
from click.testing import CliRunner

from coopmap import __version__
from coopmap.cli import main
from coopmap.store import open_store


@pytest.fixture
def run(tmp_path):
    store = tmp_path / "atlas.gpkg"

    def invoke(*args, input=None):
        return CliRunner().invoke(main, ["--store", str(store), *args], input=input)

    invoke.store = store
    return invoke


@pytest.fixture
def seeded(run):
    result = run("init")
    assert result.exit_code == 0, result.output
    return run


def test_version_and_help(run):
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output
    commands = ["init", "geocode", "import", "export", "app"]
    commands += ["history", "delete", "deleted", "restore"]
    for command in commands:
        result = run(command, "--help")
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output


def test_init_loads_the_seed_once(seeded):
    with open_store(str(seeded.store)) as store:
        count = store.count()
        lrt = store.get("pj-astana-light-rail")
    assert count == 19
    assert [str(s) for s in lrt.specs] == ["22.4 km", "18", "1"]
    assert lrt.organisations[0].role == "contractor"
    again = seeded("init")
    assert again.exit_code == 0
    assert "left as it is" in again.output
    with open_store(str(seeded.store)) as store:
        assert store.count() == count


def test_geocode_json(run):
    result = run("geocode", "Nur-Sultan", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"name", "lat", "lon", "country", "precision", "geonameid", "source"} <= set(data)
    assert data["name"] == "Astana"
    assert data["country"] == "KZ"
    assert data["geonameid"] == 1526273


def test_geocode_plain_output_and_country_hint(run):
    result = run("geocode", "Alexandria", "--country", "US")
    assert result.exit_code == 0
    assert ", US" in result.output


def test_geocode_no_match_exits_1(run):
    result = run("geocode", "Qwxzyv Nowhere")
    assert result.exit_code == 1
    assert "no place matches 'Qwxzyv Nowhere'" in result.output


def test_geocode_reads_stdin_as_json_lines(run):
    result = run("geocode", "-", input="Wuzhen\nAlexandria\tUS\nQwxzyv\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["found"] for line in lines] == [True, True, False]
    assert lines[0]["name"] == "Wuzhen"
    assert lines[1]["country"] == "US"
    assert result.exit_code == 1


def test_export_filters_by_sector_and_kind(seeded, tmp_path):
    out = tmp_path / "transport.geojson"
    result = seeded("export", str(out), "--sector", "transport", "--kind", "project")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    titles = {f["properties"]["title"] for f in data["features"]}
    assert "Astana light railway" in titles
    assert all("transport" in f["properties"]["sectors"] for f in data["features"])
    assert all(f["properties"]["kind"] == "project" for f in data["features"])


def test_export_unknown_sector_is_a_clear_error(seeded, tmp_path):
    result = seeded("export", str(tmp_path / "x.csv"), "--sector", "railways")
    assert result.exit_code != 0
    assert "railways" in result.output
    assert "transport" in result.output


def test_export_html_and_csv(seeded, tmp_path):
    for name in ("atlas.html", "atlas.csv"):
        result = seeded("export", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0
    html = (tmp_path / "atlas.html").read_text()
    assert "Astana light railway" in html
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?:", html)


def test_export_points_chooses_what_shared_points_do(seeded, tmp_path):
    pages = {}
    for mode in ("spread", "cluster"):
        result = seeded("export", str(tmp_path / f"{mode}.html"), "--points", mode)
        assert result.exit_code == 0, result.output
        pages[mode] = (tmp_path / f"{mode}.html").read_text()
    assert seeded("export", str(tmp_path / "default.html")).exit_code == 0
    default = (tmp_path / "default.html").read_text()
    assert re.search(r'coopmap\.points\(map_\w+, "cluster"\);', pages["cluster"])
    assert re.search(r'coopmap\.points\(map_\w+, "spread"\);', pages["spread"])
    assert re.search(r'coopmap\.points\(map_\w+, "spread"\);', default)
    wrong = seeded("export", str(tmp_path / "x.html"), "--points", "scatter")
    assert wrong.exit_code == 2
    for word in ("scatter", "spread", "cluster"):
        assert word in wrong.output


def test_import_geojson_updates_instead_of_duplicating(seeded, tmp_path):
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [76.9, 43.25]},
        "properties": {
            "kind": "project",
            "id": "pj-almaty-test",
            "title": "Almaty plant",
            "sectors": ["industry"],
            "status": "announced",
            "location": "Almaty",
            "precision": "city",
        },
    }
    path = tmp_path / "new.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    assert seeded("import", str(path)).exit_code == 0
    assert seeded("import", str(path)).exit_code == 0
    with open_store(str(seeded.store)) as store:
        assert store.count() == 20
        assert store.get("pj-almaty-test").title == "Almaty plant"


def test_import_bad_file_writes_nothing(seeded, tmp_path):
    good = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [76.9, 43.25]},
        "properties": {"kind": "project", "id": "ok-1", "title": "Fine", "sectors": ["energy"]},
    }
    bad = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [76.9, 43.25]},
        "properties": {"kind": "project", "id": "bad-1", "title": "Bad", "sectors": ["steel"]},
    }
    path = tmp_path / "mixed.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [good, bad]}))
    result = seeded("import", str(path))
    assert result.exit_code != 0
    assert "steel" in result.output
    assert "sectors" in result.output
    with open_store(str(seeded.store)) as store:
        assert store.count() == 19
        assert store.get("ok-1") is None


# --- import: formats, --skip-invalid, --report, warnings, on every store backend --------------

SHEET = """id,title,sectors,countries,lat,lon,start
good-1,Astana light rail,transport,KZ,51.18,71.45,2015
swapped,Swapped,transport,KZ,71.45,51.18,2015
steel,Steel plant,steel,KZ,51.18,71.45,2015
abroad,Summit abroad,governance,CN,51.18,71.45,2015
bad-date,Bad date,energy,KZ,51.18,71.45,2015-13
"""


@pytest.fixture
def cli(store_url):
    """Run the CLI on the test's store (GeoPackage or PostGIS)."""

    def invoke(*args):
        return CliRunner().invoke(main, ["--store", store_url, *args])

    invoke.url = store_url
    return invoke


def _stored_ids(url):
    with open_store(url, create=True) as store:
        return sorted(record.id for record in store.records())


def test_import_is_all_or_nothing_and_names_every_row(cli, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    report = tmp_path / "report.json"
    result = cli("import", str(sheet), "--report", str(report))
    assert result.exit_code == 1
    assert f"Error: 3 problems in {sheet}:" in result.output
    assert "record row 3 (swapped) field 'lat/lon': latitude and longitude look swapped" in (
        result.output
    )
    assert "record row 4 (steel) field 'sectors': unknown sector 'steel'" in result.output
    assert "record row 6 (bad-date) field 'start': month 13" in result.output
    assert "Nothing was imported: fix these rows, or pass --skip-invalid" in result.output
    assert f"warning: {sheet} row 5 (abroad) field 'lat/lon': Summit abroad at lat 51.18" in (
        result.output
    )
    assert _stored_ids(cli.url) == []
    lines = json.loads(report.read_text())
    assert [(line["row"], line["record"], line["field"], line["level"]) for line in lines] == [
        (3, "swapped", "lat/lon", "error"),
        (4, "steel", "sectors", "error"),
        (6, "bad-date", "start", "error"),
        (5, "abroad", "lat/lon", "warning"),
    ]
    assert all(line["file"] == str(sheet) and line["reason"] for line in lines)


def test_import_skip_invalid_imports_the_valid_rows_and_reports_the_rest(cli, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    report = tmp_path / "report.csv"
    result = cli("import", "--skip-invalid", "--report", str(report), str(sheet))
    assert result.exit_code == 0, result.output
    assert "Imported 2 records into" in result.output
    assert ": 2 new, 0 updated, 0 unchanged." in result.output
    assert "Skipped 3 invalid rows (3 problems):" in result.output
    assert f"  {sheet} row 4 (steel) field 'sectors': unknown sector 'steel'" in result.output
    assert "1 warning (shown above)." in result.output
    assert "Wrote 4 lines to the report" in result.output
    assert _stored_ids(cli.url) == ["abroad", "good-1"]
    with report.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["file", "row", "record", "field", "level", "reason"]
    assert [(r["row"], r["field"], r["level"]) for r in rows] == [
        ("3", "lat/lon", "error"),
        ("4", "sectors", "error"),
        ("6", "start", "error"),
        ("5", "lat/lon", "warning"),
    ]
    again = cli("import", "--skip-invalid", str(sheet))
    assert ": 0 new, 0 updated, 2 unchanged." in again.output
    assert _stored_ids(cli.url) == ["abroad", "good-1"]


def test_import_strict_refuses_locations_outside_their_country(cli, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("\n".join(SHEET.splitlines()[:2] + SHEET.splitlines()[4:5]) + "\n")
    strict = cli("import", "--strict", str(sheet))
    assert strict.exit_code == 1
    assert "record row 3 (abroad) field 'lat/lon': Summit abroad at lat 51.18" in strict.output
    assert _stored_ids(cli.url) == []
    relaxed = cli("import", str(sheet))
    assert relaxed.exit_code == 0, relaxed.output
    assert _stored_ids(cli.url) == ["abroad", "good-1"]


def test_import_report_of_a_file_that_cannot_be_read(cli, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("label,colour\nA,red\n", encoding="utf-8")  # no column is the title
    report = tmp_path / "report.csv"
    result = cli("import", "--skip-invalid", "--report", str(report), str(sheet))
    assert result.exit_code == 1
    assert "record row 1 (header) field 'title': no column is the title" in result.output
    assert "'label' (not recognised), 'colour' (not recognised)" in report.read_text()
    wrong = cli("import", "--report", str(tmp_path / "report.txt"), str(sheet))
    assert wrong.exit_code == 1
    assert "use a name ending in .csv or .json" in wrong.output


@pytest.mark.parametrize("extension", [".csv", ".xlsx", ".geojson", ".gpkg", ".kml"])
def test_export_then_import_every_format_changes_nothing(cli, tmp_path, extension):
    from coopmap.seed import load_seed

    with open_store(cli.url, create=True) as store:
        store.add(load_seed())
    out = tmp_path / f"export{extension}"
    exported = cli("export", str(out))
    assert exported.exit_code == 0, exported.output
    assert f"Wrote 19 records to {out}." in exported.output
    imported = cli("import", str(out))
    assert imported.exit_code == 0, imported.output
    assert "Imported 19 records into" in imported.output
    assert ": 0 new, 0 updated, 19 unchanged." in imported.output


# --- history, delete and restore, on every store backend ------------------------------------


@pytest.fixture
def on_store(store_url):
    """Run the CLI on the test's store (GeoPackage or PostGIS) as ``--user alice``."""

    def invoke(*args, user="alice", env=None):
        options = ["--user", user] if user else []
        return CliRunner().invoke(main, ["--store", store_url, *options, *args], env=env)

    return invoke


def _lrt():
    from coopmap.model import Project

    return Project(
        id="lrt", title="Astana light rail", sectors=["transport"], start="2015-05", notes="x" * 200
    )


def test_history_shows_when_who_and_each_field_old_and_new(on_store, store_url):
    with open_store(store_url, create=True, user="alice") as store:
        store.add(_lrt())
    with open_store(store_url, user="bob") as store:
        edited = _lrt().model_copy(update={"title": "Astana LRT", "notes": None})
        store.update(edited, expected_version=1)
    result = on_store("history", "lrt")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"
    assert re.fullmatch(rf"{stamp}  alice  added \(version 1\)", lines[0])
    assert '    title: "Astana light rail"' in lines
    assert '    start: "2015-05"' in lines
    notes = next(line for line in lines if line.startswith("    notes:"))
    assert notes.endswith("x…")  # shortened to one line
    assert len(notes) < 90
    [updated] = [i for i, line in enumerate(lines) if "updated" in line]
    assert re.fullmatch(rf"{stamp}  bob  updated \(version 2\)", lines[updated])
    assert lines[updated + 1] == '    title: "Astana light rail" -> "Astana LRT"'
    assert re.fullmatch(r'    notes: "x{60,}… -> \(not set\)', lines[updated + 2])
    assert len(lines) == updated + 3

    as_json = on_store("history", "lrt", "--json")
    assert as_json.exit_code == 0, as_json.output
    changes = json.loads(as_json.output)
    assert [(c["action"], c["version"], c["user"]) for c in changes] == [
        ("added", 1, "alice"),
        ("updated", 2, "bob"),
    ]
    assert changes[1]["fields"][1] == {"field": "notes", "old": "x" * 200, "new": None}
    assert changes[0]["at"].endswith("Z")


def test_history_of_an_unknown_id_exits_1(on_store, store_url):
    with open_store(store_url, create=True) as store:
        store.add(_lrt())
    result = on_store("history", "nowhere")
    assert result.exit_code == 1
    assert "there is no record nowhere" in result.output


def test_delete_list_and_restore(on_store, store_url):
    with open_store(store_url, create=True, user="alice") as store:
        store.add(_lrt())
    deleted = on_store("delete", "lrt", user="bob")
    assert deleted.exit_code == 0, deleted.output
    assert "Deleted lrt (Astana light rail)" in deleted.output
    assert "coopmap restore lrt" in deleted.output
    again = on_store("delete", "lrt")
    assert again.exit_code == 1
    assert "Error: there is no record lrt to delete" in again.output  # no KeyError quotes

    listed = on_store("deleted")
    assert listed.exit_code == 0, listed.output
    assert re.fullmatch(
        r"lrt  project  Astana light rail  \(deleted \d{4}-\d\d-\d\d [\d:]{8} UTC by bob\)\n",
        listed.output,
    )
    assert json.loads(on_store("deleted", "--json").output)[0]["deleted_by"] == "bob"
    history = on_store("history", "lrt").output.splitlines()
    assert history[-1].endswith("  bob  deleted (deleted version 1)")

    restored = on_store("restore", "lrt")
    assert restored.exit_code == 0, restored.output
    assert "Restored lrt (Astana light rail) as version 2." in restored.output
    assert on_store("deleted").output == "No deleted records.\n"
    assert (
        on_store("history", "lrt").output.splitlines()[-1].endswith("  alice  restored (version 2)")
    )
    with open_store(store_url) as store:
        assert store.get("lrt") == _lrt()
    nothing = on_store("restore", "lrt")
    assert nothing.exit_code == 1
    assert "there is no deleted record lrt to restore" in nothing.output


def test_restore_refuses_an_id_taken_again(on_store, store_url):
    with open_store(store_url, create=True) as store:
        store.add(_lrt())
        store.delete("lrt")
        store.add(_lrt().model_copy(update={"title": "Another line"}))
    result = on_store("restore", "lrt")
    assert result.exit_code == 1
    assert "a new record with the id lrt was added after it was deleted" in result.output
    with open_store(store_url) as store:
        assert store.get("lrt").title == "Another line"


def test_the_user_comes_from_coopmap_user_when_not_given(on_store, store_url):
    with open_store(store_url, create=True) as store:
        store.add(_lrt())
    assert on_store("delete", "lrt", user=None, env={"COOPMAP_USER": "dana"}).exit_code == 0
    with open_store(store_url) as store:
        assert store.history("lrt")[-1].user == "dana"


def test_init_records_the_seed_under_the_user(run):
    result = run("--user", "erin", "init")
    assert result.exit_code == 0, result.output
    with open_store(str(run.store)) as store:
        changes = store.history("pj-astana-light-rail")
    assert [(c.action, c.user) for c in changes] == [("added", "erin")]


def test_export_points_cells_draws_grid_cells(seeded, tmp_path):
    result = seeded("export", str(tmp_path / "cells.html"), "--points", "cells")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "cells.html").read_text()
    assert "coopmap.cellLayer(" in page
    assert "Grouped into areas of" in page
    assert not re.search(r"coopmap\.points\(map_\w+", page)
