"""GeoPackage export: a new store file that GDAL reads (coopmap.exporters.gpkg)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coopmap.errors import DuplicateRecordError
from coopmap.exporters import export
from coopmap.seed import load_seed
from coopmap.store import open_store

PAYLOAD = "{{ 7*7 }} <img src=x onerror=alert(1)> </script><script>alert(1)</script> ${alert(1)}"


def read_with_pyogrio(path: Path) -> dict:
    """The layers and the records layer as GDAL sees them, read in another process.

    pyogrio brings its own SQLite library; it must not open a file our store has open in this
    process, so it runs in a child process.
    """
    code = textwrap.dedent(
        """
        import json, sys
        import pyogrio, pyogrio.raw, shapely
        path = sys.argv[1]
        meta, _, wkbs, fields = pyogrio.raw.read(path, layer="records")
        names = list(meta["fields"])
        rows = [dict(zip(names, [str(f[i]) for f in fields])) for i in range(len(wkbs))]
        for row, wkb in zip(rows, wkbs):
            row["geometry"] = shapely.from_wkb(wkb).geom_type if wkb is not None else None
        print(json.dumps({
            "layers": [str(name) for name, _ in pyogrio.list_layers(path)],
            "crs": meta["crs"],
            "rows": rows,
            "locations": len(pyogrio.raw.read(path, layer="locations")[2]),
        }))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def seed():
    return load_seed()


def test_export_writes_a_geopackage_that_gdal_and_the_store_read(tmp_path, seed):
    path = export(seed, tmp_path / "atlas export.gpkg")
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["atlas export.gpkg"]  # no temporary left
    seen = read_with_pyogrio(path)
    assert {"records", "locations"} <= set(seen["layers"])
    assert seen["crs"] == "EPSG:4326"
    assert sorted(row["id"] for row in seen["rows"]) == sorted(r.id for r in seed)
    railway = next(row for row in seen["rows"] if row["id"] == "pj-astana-light-rail")
    assert railway["title"] == "Astana light railway"
    assert railway["geometry"] is not None
    assert seen["locations"] == sum(len(r.locations) for r in seed)
    with open_store(path) as store:
        assert sorted(store.records(), key=lambda r: r.id) == sorted(seed, key=lambda r: r.id)


def test_export_replaces_a_file_and_keeps_text_as_it_is(tmp_path, seed):
    path = tmp_path / "out.gpkg"
    export(seed, path)
    first = next(r for r in seed if r.kind == "project")
    renamed = first.model_copy(update={"title": PAYLOAD})
    export([renamed], path)
    seen = read_with_pyogrio(path)
    assert [row["title"] for row in seen["rows"]] == [PAYLOAD]


def test_a_failed_export_leaves_the_old_file_and_no_temporary(tmp_path, seed):
    path = tmp_path / "out.gpkg"
    export(seed[:2], path)
    before = path.read_bytes()
    with pytest.raises(DuplicateRecordError):
        export([seed[0], seed[0]], path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.gpkg"]
