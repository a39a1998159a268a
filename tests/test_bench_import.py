"""bench/bench_import.py still runs: a small import of both files, by coopmap and by GDAL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "bench_import.py"


@pytest.mark.slow
def test_the_import_benchmark_runs_on_a_small_file(gazetteer):
    # the gazetteer fixture's COOPMAP_CACHE_DIR reaches the script and its measuring processes
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "200", "--names", "40"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    head, _, *rows, geocoding = done.stdout.splitlines()
    assert head.split()[:2] == ["200", "rows"]
    assert [row.split(maxsplit=2)[:2] for row in rows] == [["(a)", "coordinates"]] * 2 + [
        ["(b)", "place"]
    ] * 2
    assert ["coopmap" in row for row in rows] == [True, False, True, False]
    for row in rows:
        figures = (float(c.replace(",", "")) for c in row.split()[-7:])
        read, write, total, _, cpu, peak, imports = figures
        assert min(read, write) >= 0
        if "coopmap" in row:  # GDAL may take less than the 0.005 s shown as 0.01
            assert min(read, write, cpu) > 0
        assert total == pytest.approx(read + write, abs=0.02)
        assert peak >= imports > 0
    assert geocoding.startswith("(b) geocoding:")
    assert "200 names (40 distinct), 40 lookups in the gazetteer" in geocoding
    assert "not found" not in geocoding
