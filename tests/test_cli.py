"""The command line as a user drives it: output, files written and exit codes."""

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
    for command in ("init", "geocode", "import", "export", "app"):
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
