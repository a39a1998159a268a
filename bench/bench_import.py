"""How fast coopmap imports a large CSV file, with coordinates and with place names only, beside
GDAL reading the same file and writing a GeoPackage.

Two CSV files hold the same synthetic project rows (title, sectors, status, dates and
organisations from ``bench_export.synthetic_records``, a country and a place name), the shape
of an analyst's sheet:

- **(a) coordinates**: ``lat`` and ``lon`` columns beside the place name;
- **(b) place names only**: no coordinates; coopmap geocodes each name offline in the row's
  country (:mod:`coopmap.formats.placing`).

The names (``--names``, 5,000 by default) are the most populous cities and first-level regions
of twelve countries as the offline gazetteer has them, taken in turn from each country; each
name is looked up once here to keep only names that resolve, and its place gives (a) its
coordinates. Every name appears on about ``rows / names`` rows.

Each case runs in a fresh Python process, so its peak memory (``VmHWM``) is its own; it is
given beside the peak after importing the libraries (GDAL's alone is large), and its CPU
seconds (reading and writing; each step's own on the standard error) beside the wall-clock
ones: on a machine shared with other work the CPU seconds are the steadier figure:

- **coopmap**: :func:`coopmap.services.read_files` (read and check every row, geocoding in (b))
  then :func:`coopmap.services.import_records` into a new GeoPackage store, the two steps of
  :func:`coopmap.services.import_files`, timed separately. In (b) the time spent in
  ``placing.geocode_name`` and ``placing.location_data`` is summed, as geocoding's share of
  reading, and placing's cache says how many distinct lookups went to the gazetteer;
- **GDAL** (the baseline, same run): ``pyogrio.read_arrow`` of the same file (points from the
  ``lat``/``lon`` columns through the CSV driver's ``X_POSSIBLE_NAMES``/``Y_POSSIBLE_NAMES``; in
  (b) a table without geometry), then ``pyogrio.write_arrow`` into a new GeoPackage. It checks
  nothing and builds no records: the floor of reading and writing the bytes.

Run ``python bench/bench_import.py [--rows 100000] [--names 5000]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

COUNTRIES = ("KZ", "UZ", "KG", "PK", "KE", "ET", "NG", "ID", "BR", "EG", "RS", "AO")
"""Where the place names come from (ISO alpha-2), in turn."""

HEADER = ("title", "sectors", "status", "start", "end", "organisations", "countries", "location")
CASES = {"a": "(a) coordinates", "b": "(b) place names only"}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the files ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    name: str
    country: str
    lat: float
    lon: float


def place_names(count: int, /) -> list[Name]:
    """``count`` distinct (name, country) pairs that the gazetteer resolves in that country: the
    most populous cities and regions of each of :data:`COUNTRIES` in turn."""
    from coopmap.formats.placing import geocode_name
    from coopmap.places import default_gazetteer

    index = sqlite3.connect(default_gazetteer().path)
    try:
        ranked = {
            country: [
                name
                for (name,) in index.execute(
                    "SELECT name FROM place WHERE country = ? AND precision IN ('city', 'admin1')"
                    " ORDER BY population DESC",
                    (country,),
                )
            ]
            for country in COUNTRIES
        }
    finally:
        index.close()
    names: list[Name] = []
    seen: set[tuple[str, str]] = set()
    while len(names) < count and any(ranked.values()):
        for country in COUNTRIES:
            while ranked[country] and len(names) < count:
                name = ranked[country].pop(0)
                # a ; or , would make the cell a list of names
                if (name, country) in seen or any(c in name for c in ';,["'):
                    continue
                seen.add((name, country))
                place = geocode_name(name, countries=[country]).place
                if place is not None:
                    names.append(Name(name, country, place.lat, place.lon))
                    break
    return names


def write_files(rows: int, names: Sequence[Name], folder: Path) -> dict[str, Path]:
    """The two CSV files of ``rows`` rows: (a) with ``lat``/``lon``, (b) without."""
    # imported here, not at the top: a measuring process should hold only what it measures
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_export import synthetic_records
    from coopmap.formats.columns import cells

    order = list(names)
    random.Random(1).shuffle(order)
    paths = {case: folder / f"{case}.csv" for case in CASES}
    with paths["a"].open("w", newline="") as a, paths["b"].open("w", newline="") as b:
        with_coordinates, names_only = csv.writer(a), csv.writer(b)
        with_coordinates.writerow((*HEADER, "lat", "lon"))
        names_only.writerow(HEADER)
        for i, record in enumerate(synthetic_records(rows)):
            place = order[i % len(order)]
            text = cells(record)
            values = [text[column] or "" for column in HEADER[:-2]] + [place.country, place.name]
            with_coordinates.writerow((*values, place.lat, place.lon))
            names_only.writerow(values)
    return paths


# --- the measurements, each in its own process -------------------------------------------------


def measure_coopmap(path: Path, target: Path) -> dict[str, Any]:
    """Read and check the file, then write its records into a new GeoPackage store."""
    import coopmap.model  # noqa: F401  (what reading imports on its first row, counted as imports)
    from coopmap.formats import placing
    from coopmap.services import import_records, read_files
    from coopmap.store import open_store

    imports = peak_mb()
    spent = [0.0]

    def timed(function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - started

        return wrapper

    # what row_from_cells geocodes with: placing.geocode_names calls these by their names
    placing.geocode_name = timed(placing.geocode_name)
    placing.location_data = timed(placing.location_data)
    started, cpu = time.perf_counter(), time.process_time()
    reading = read_files([path])
    read, read_cpu = time.perf_counter() - started, time.process_time() - cpu
    with open_store(target, create=True) as store:
        started, cpu = time.perf_counter(), time.process_time()
        result = import_records(store, reading)
        write, write_cpu = time.perf_counter() - started, time.process_time() - cpu
    cache = placing._lookup.cache_info()
    return {
        "read": read,
        "write": write,
        "cpu": read_cpu + write_cpu,
        "read_cpu": read_cpu,
        "write_cpu": write_cpu,
        "imports_mb": imports,
        "written": result.written,
        "geocoding": spent[0],
        "names": len(reading.geocoded),
        "lookups": cache.misses,
        "outcomes": Counter(outcome.outcome for outcome in reading.geocoded),
        "precisions": Counter(str(outcome.precision) for outcome in reading.geocoded),
    }


def measure_gdal(path: Path, target: Path) -> dict[str, Any]:
    """Read the file with GDAL's CSV driver and write it as a GeoPackage layer."""
    import pyogrio

    imports = peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    meta, table = pyogrio.read_arrow(
        path, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat", KEEP_GEOM_COLUMNS="NO"
    )
    read = time.perf_counter() - started
    geometry = {}
    if meta["geometry_type"]:
        geometry = {"geometry_name": "wkb_geometry", "geometry_type": "Point", "crs": "EPSG:4326"}
    started = time.perf_counter()
    read_cpu = time.process_time() - cpu
    pyogrio.write_arrow(table, target, layer="rows", driver="GPKG", **geometry)
    write = time.perf_counter() - started
    cpu = time.process_time() - cpu
    written = pyogrio.read_info(target)["features"]
    return {
        "read": read,
        "write": write,
        "cpu": cpu,
        "read_cpu": read_cpu,
        "write_cpu": cpu - read_cpu,
        "imports_mb": imports,
        "written": written,
    }


MEASURES = {"coopmap": measure_coopmap, "GDAL (pyogrio)": measure_gdal}


def in_process(method: str, path: Path, target: Path) -> dict[str, Any]:
    """``method``'s measurement of ``path`` in a fresh Python process, with its peak memory."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", method, str(path), str(target)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def peak_mb() -> float:
    """This process's peak resident memory in MB.

    Linux's ``VmHWM``: ``ru_maxrss`` survives ``exec`` and would count the parent's peak
    (which held the rows it wrote) in a child started while it was larger.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) / 1024


def _measure(method: str, path: Path, target: Path) -> None:
    figures = MEASURES[method](path, target)
    figures["rss_mb"] = peak_mb()
    print(json.dumps(figures))


# --- the run -----------------------------------------------------------------------------------


def run(rows: int, names: int) -> tuple[dict[tuple[str, str], dict[str, Any]], int]:
    names = min(names, rows)  # no more names than rows can show
    log(f"choosing {names:,} place names ...")
    chosen = place_names(names)
    results: dict[tuple[str, str], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        log(f"writing {rows:,} rows twice ...")
        paths = write_files(rows, chosen, Path(folder))
        for case, path in paths.items():
            for method in MEASURES:
                log(f"{CASES[case]}: {method} ...")
                target = Path(folder) / f"{case}-{method.split()[0]}.gpkg"
                figures = in_process(method, path, target)
                assert figures["written"] == rows, (case, method, figures["written"])
                log(
                    f"  cpu: read and check {figures['read_cpu']:.2f} s, write "
                    f"{figures['write_cpu']:.2f} s ({figures['cpu'] / rows * 1e6:.0f} µs a row)"
                )
                results[case, method] = figures
    return results, len(chosen)


def table(rows: int, results: dict[tuple[str, str], dict[str, Any]]) -> str:
    head = (
        f"{rows:>9,} rows  {'method':<16} {'read+check s':>12} {'write s':>8} {'total s':>8} "
        f"{'rows/s':>8} {'cpu s':>7} {'peak MB':>8} {'imports MB':>10}"
    )
    lines = [head, "-" * len(head)]
    for (case, method), figures in results.items():
        total = figures["read"] + figures["write"]
        lines.append(
            f"{CASES[case]:<21} {method:<16} {figures['read']:>12.2f} {figures['write']:>8.2f} "
            f"{total:>8.2f} {rows / total:>8,.0f} {figures['cpu']:>7.2f} {figures['rss_mb']:>8.0f} "
            f"{figures['imports_mb']:>10.0f}"
        )
    return "\n".join(lines)


def geocoding_summary(figures: dict[str, Any], distinct: int) -> str:
    share = figures["geocoding"] / figures["read"]
    outcomes = ", ".join(f"{n:,} {outcome}" for outcome, n in sorted(figures["outcomes"].items()))
    precisions = ", ".join(f"{n:,} {p}" for p, n in sorted(figures["precisions"].items()))
    return (
        f"(b) geocoding: {figures['geocoding']:.2f} s, {share:.0%} of read+check; "
        f"{figures['names']:,} names ({distinct:,} distinct), {figures['lookups']:,} lookups "
        f"in the gazetteer; {outcomes}; precision {precisions}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, default=100_000, help="rows in each file (default: %(default)s)"
    )
    parser.add_argument(
        "--names", type=int, default=5000, help="distinct place names (default: %(default)s)"
    )
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        method, path, target = args.measure
        _measure(method, Path(path), Path(target))
        return 0
    results, distinct = run(args.rows, args.names)
    print(table(args.rows, results))
    print(geocoding_summary(results["b", "coopmap"], distinct))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
