"""The data path at 100,000 records, each step beside the plainest way to do it in the same run.

Synthetic point projects (``bench_export.synthetic_records``: random places, one or two of the
13 sectors each, organisations, dates) are exported once to a CSV file. Then, each step beside
its baseline (the figures of issue 15's table are the ratios):

- **import a CSV into the GeoPackage store**: :func:`coopmap.formats.read_file` (parse and
  validate every row, check places against the countries) then :meth:`Store.add` into a new
  store, beside GDAL reading the same file (``pyogrio.read_arrow``, points from ``lat``/``lon``)
  and writing it as a GeoPackage layer (``pyogrio.write_arrow``), checking nothing;
- **the same into PostGIS**, beside ``psql``'s ``\\copy`` of the same file into a table of
  text columns of the same PostgreSQL server;
- **write records into the store** (:meth:`Store.add`, one transaction, history included),
  beside the same records' JSON (``json.dumps(record.to_dict())``) written with
  ``executemany`` into a table ``(id TEXT PRIMARY KEY, sectors TEXT, data TEXT)`` of a plain
  sqlite3 file (and with ``COPY`` into a ``jsonb`` table for PostgreSQL);
- **import again**: the same records added again, every one equal to the stored one;
- **query**: ``store.records(Filter(sectors={"transport"}))``, about 10% of the records, as
  records (the best of three runs), beside selecting the matching rows of the plain table and
  ``json.loads``-ing them;
- **export** CSV, GeoJSON and GeoPackage from the GeoPackage store as ``coopmap export`` does
  (:func:`coopmap.services.export_store`: CSV and GeoPackage from the store's rows), beside
  ``pyogrio.raw.write`` of one layer of the same records' columns and geometries, made before
  the clock starts (coopmap's GeoPackage holds a second layer, of the locations, too); the
  records' way (each record rebuilt from the store, then written) is printed below the table;
- **memory**: a GeoPackage store of ``--memory-records`` records (1,000,000 by default) is
  made by a process of its own, 10,000 records at a time; then a fresh Python process runs
  ``coopmap --store STORE export OUT`` (the CLI's own ``main``, so the service's batched read
  and the streaming writer) to CSV, and another to a GeoPackage; the peak resident memory
  (``VmHWM``) of each is given after starting (coopmap imported) and after the export.

Run ``python bench/bench_store.py [--records 100000] [--no-postgis] [--memory-records N]
[--exports-only]`` (``--memory-records 0`` leaves the memory rows out; ``--exports-only`` runs
the export and memory rows alone). Without PostgreSQL and PostGIS installed
the PostGIS rows are left out, saying why.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_export import synthetic_records  # noqa: E402
from coopmap.formats import export, read_file  # noqa: E402
from coopmap.model import Record  # noqa: E402
from coopmap.query import Filter  # noqa: E402
from coopmap.store import open_store  # noqa: E402

SECTOR = "transport"
QUERY_REPEAT = 3
EXPORTS = {"CSV": ("csv", "CSV"), "GeoJSON": ("geojson", "GeoJSON"), "GeoPackage": ("gpkg", "GPKG")}
"""Each export's extension and the GDAL driver of its baseline."""


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def best_of(function: Callable[[], Any], repeat: int = QUERY_REPEAT) -> tuple[float, Any]:
    runs = [timed(function) for _ in range(repeat)]
    return min(seconds for seconds, _ in runs), runs[0][1]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Step:
    """One row of the table: coopmap's time beside its baseline's."""

    step: str
    baseline: str
    baseline_s: float | None
    coopmap_s: float | None
    target: str = "-"

    @property
    def ratio(self) -> float | None:
        if self.baseline_s is None or self.coopmap_s is None:
            return None
        return self.coopmap_s / self.baseline_s


# --- coopmap's stores --------------------------------------------------------------------------


def measure_store(url: str, records: list[Record]) -> dict[str, Any]:
    """Write, write again and query a new store at ``url``."""
    with open_store(url, create=True) as store:
        write, written = timed(lambda: store.add(records).written)
        assert written == len(records), written
        again, rewritten = timed(lambda: store.add(records, replace=True).written)
        assert rewritten == 0, rewritten
        flt = Filter.make(sectors=[SECTOR])
        query, found = best_of(lambda: store.records(flt))
    return {"write": write, "again": again, "query": query, "found": len(found)}


# --- baselines ---------------------------------------------------------------------------------


def _rows(records: list[Record]) -> list[tuple[str, str, str]]:
    return [
        (r.id, ";".join(r.sectors), json.dumps(r.to_dict(), separators=(",", ":"))) for r in records
    ]


def measure_sqlite(path: Path, records: list[Record]) -> dict[str, Any]:
    """The same records' JSON in a plain sqlite3 table, and the same query."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE records (id TEXT PRIMARY KEY, sectors TEXT, data TEXT NOT NULL)")

    def write() -> None:
        with conn:
            conn.executemany("INSERT INTO records VALUES (?, ?, ?)", _rows(records))

    def again() -> None:
        with conn:
            conn.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", _rows(records))

    def query() -> list[Any]:
        rows = conn.execute(
            "SELECT data FROM records WHERE instr(';' || sectors || ';', ?) > 0", (f";{SECTOR};",)
        )
        return [json.loads(data) for (data,) in rows]

    seconds_write, _ = timed(write)
    seconds_again, _ = timed(again)
    seconds_query, found = best_of(query)
    conn.close()
    return {
        "write": seconds_write,
        "again": seconds_again,
        "query": seconds_query,
        "found": len(found),
    }


def measure_postgres(url: str, records: list[Record]) -> dict[str, Any]:
    """The same records' JSON in a plain jsonb table (COPY), and the same query."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TABLE plain (id text PRIMARY KEY, sectors text[], data jsonb NOT NULL)"
        )
        conn.commit()

        def write() -> None:
            with conn.cursor() as cursor, cursor.copy("COPY plain FROM STDIN") as copy:
                for id, sectors, data in _rows(records):
                    copy.write_row((id, sectors.split(";"), data))
            conn.commit()

        def again() -> None:
            with conn.cursor() as cursor:
                cursor.execute("CREATE TEMP TABLE incoming (LIKE plain) ON COMMIT DROP")
                with cursor.copy("COPY incoming FROM STDIN") as copy:
                    for id, sectors, data in _rows(records):
                        copy.write_row((id, sectors.split(";"), data))
                cursor.execute(
                    "INSERT INTO plain SELECT * FROM incoming ON CONFLICT (id) DO UPDATE "
                    "SET sectors = EXCLUDED.sectors, data = EXCLUDED.data "
                    "WHERE plain.data IS DISTINCT FROM EXCLUDED.data"
                )
            conn.commit()

        def query() -> list[Any]:
            rows = conn.execute("SELECT data::text FROM plain WHERE %s = ANY(sectors)", (SECTOR,))
            return [json.loads(data) for (data,) in rows]

        seconds_write, _ = timed(write)
        seconds_again, _ = timed(again)
        seconds_query, found = best_of(query)
    return {
        "write": seconds_write,
        "again": seconds_again,
        "query": seconds_query,
        "found": len(found),
    }


def gdal_import(csv_path: Path, target: Path) -> float:
    """GDAL reading the CSV (points from lat/lon) and writing it as a GeoPackage layer."""
    import pyogrio

    def run() -> int:
        _, table = pyogrio.read_arrow(
            csv_path, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat", KEEP_GEOM_COLUMNS="NO"
        )
        pyogrio.write_arrow(
            table,
            target,
            layer="rows",
            driver="GPKG",
            geometry_name="wkb_geometry",
            geometry_type="Point",
            crs="EPSG:4326",
        )
        return table.num_rows

    seconds, _ = timed(run)
    return seconds


def psql_copy(cluster: Any, url: str, csv_path: Path) -> float:
    r"""``psql``'s ``\copy`` of the CSV file into a table of text columns (the header's)."""
    import csv

    import psycopg

    with csv_path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    columns = ", ".join(f'"{name}" text' for name in header)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE sheet ({columns})")
    command = [
        str(cluster.binaries / "psql"),
        url,
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        f"\\copy sheet FROM '{csv_path}' WITH (FORMAT csv, HEADER)",
    ]
    seconds, done = timed(lambda: subprocess.run(command, capture_output=True, text=True))
    assert done.returncode == 0, done.stderr
    return seconds


def gdal_exports(records: list[Record], folder: Path) -> dict[str, float]:
    """``pyogrio.raw.write`` of the records' columns and geometries, made before timing."""
    import numpy as np
    import pyogrio.raw
    import shapely

    from coopmap.formats.layers import record_columns

    columns = record_columns(records)
    arrays = [np.array(values, dtype=object) for values in columns.values()]
    shapes = np.empty(len(records), dtype=object)
    shapes[:] = [record.geometry for record in records]
    wkb = shapely.to_wkb(shapes, output_dimension=2)
    options = {"CSV": {"GEOMETRY": "AS_WKT"}, "GeoJSON": {}, "GPKG": {}}
    seconds = {}
    for name, (extension, driver) in EXPORTS.items():
        target = folder / f"gdal.{extension}"
        seconds[name], _ = timed(
            lambda target=target, driver=driver: pyogrio.raw.write(
                str(target),
                wkb,
                arrays,
                list(columns),
                layer="records",
                driver=driver,
                geometry_type="Unknown",
                crs="EPSG:4326",
                promote_to_multi=False,
                layer_options=options[driver],
            )
        )
    return seconds


def coopmap_exports(
    store_path: Path, records: list[Record], folder: Path
) -> dict[str, dict[str, float]]:
    """For each export: ``coopmap export``'s service from the store (``store``: CSV and
    GeoPackage from the store's rows), the records' way from the store (``rebuilt``: every
    record rebuilt, then written) and :func:`coopmap.formats.export` of ``records`` already in
    memory (``memory``, the export row of the runs before)."""
    from coopmap.services import export_store

    seconds: dict[str, dict[str, float]] = {}
    with open_store(str(store_path)) as store:
        for name, (extension, _) in EXPORTS.items():
            ours, _ = timed(lambda e=extension: export_store(store, folder / f"out.{e}"))
            rebuilt, _ = timed(
                lambda e=extension: export(
                    (record for batch in store.batches() for record in batch),
                    folder / f"rebuilt.{e}",
                )
            )
            held, _ = timed(lambda e=extension: export(records, folder / f"memory.{e}"))
            seconds[name] = {"store": ours, "rebuilt": rebuilt, "memory": held}
    return seconds


# --- memory, in a process of its own -----------------------------------------------------------


def peak_mb() -> float:
    """This process's peak resident memory in MB (Linux's ``VmHWM``)."""
    status = Path("/proc/self/status").read_text()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) / 1024


MEMORY_EXPORTS = {"CSV": "csv", "GeoPackage": "gpkg"}
"""The exports measured for memory, by extension."""


def _make_store(path: Path, count: int) -> None:
    """A GeoPackage store of ``count`` synthetic records, made and added 10,000 at a time."""
    chunk = 10_000
    with open_store(str(path), create=True) as store:
        for number, start in enumerate(range(0, count, chunk)):
            records = synthetic_records(min(chunk, count - start), seed=number)
            for record in records:
                record.id = f"{record.id}-{number}"  # the same titles recur from seed to seed
            store.add(records)
            log(f"  store: {start + len(records):,} records")


def _measure_export(store: Path, out: Path) -> None:
    """``coopmap export`` in this (fresh) process, with its peak memory before and after."""
    from coopmap.cli import main

    started = peak_mb()
    seconds, _ = timed(
        lambda: main(["--store", str(store), "export", str(out)], standalone_mode=False)
    )
    print(json.dumps({"start_mb": started, "peak_mb": peak_mb(), "seconds": seconds}))


def _child(*arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    )
    return done.stdout


def measure_memory(count: int) -> dict[str, dict[str, float]]:
    """Each of :data:`MEMORY_EXPORTS` from a store of ``count`` records, in a new process."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store = folder / "memory.gpkg"
        made, _ = timed(lambda: _child("--make-store", str(store), str(count)))
        log(f"  made the store in {made:.0f} s")
        return {
            export: json.loads(
                _child("--measure-export", str(store), str(folder / f"records.{extension}"))
                .strip()
                .splitlines()[-1]  # after what the command printed
            )
            for export, extension in MEMORY_EXPORTS.items()
        }


# --- the run -----------------------------------------------------------------------------------


def export_steps(
    store_path: Path, records: list[Record], folder: Path, figures: dict[str, Any]
) -> list[Step]:
    """The export rows: ``coopmap export`` from the store, and the records already in memory
    exported, each beside pyogrio's write of the same records; the records' way from the store
    goes in ``figures``."""
    ours = coopmap_exports(store_path, records, folder)
    theirs = gdal_exports(records, folder)
    figures["rebuilt"] = {name: seconds["rebuilt"] for name, seconds in ours.items()}
    return [
        Step(
            f"coopmap export to {name}", "pyogrio write", theirs[name], ours[name]["store"], "<= 2x"
        )
        for name in EXPORTS
    ] + [
        Step(
            f"export {name} of records in memory",
            "pyogrio write",
            theirs[name],
            ours[name]["memory"],
        )
        for name in EXPORTS
    ]


def run_exports(count: int) -> tuple[list[Step], dict[str, Any], str]:
    """The export rows alone (``--exports-only``): a store of ``count`` records, exported."""
    log(f"making {count:,} records and their store ...")
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with open_store(str(folder / "atlas.gpkg"), create=True) as store:
            store.add(synthetic_records(count))
            read = [record for batch in store.batches() for record in batch]
        log("exports ...")
        steps = export_steps(folder / "atlas.gpkg", read, folder, figures)
    return steps, figures, "the export rows only (--exports-only)"


def run(count: int, *, postgis: bool, memory: int) -> tuple[list[Step], dict[str, Any], str]:
    log(f"making {count:,} records ...")
    records = synthetic_records(count)
    steps: list[Step] = []
    figures: dict[str, Any] = {}
    note = ""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        csv_path = export(records, folder / "records.csv")
        log("GDAL: reading the CSV and writing a GeoPackage ...")
        gdal = gdal_import(csv_path, folder / "gdal-import.gpkg")
        log("reading and validating the CSV ...")
        read_seconds, reading = timed(lambda: read_file(csv_path))
        assert len(reading.records) == count, reading.problems[:3]
        read = reading.records
        figures["read"] = read_seconds
        log("plain sqlite3 ...")
        plain = measure_sqlite(folder / "plain.sqlite", read)
        log("GeoPackage store ...")
        gpkg = measure_store(str(folder / "atlas.gpkg"), read)
        figures["found"] = gpkg["found"]
        assert plain["found"] == gpkg["found"], (plain["found"], gpkg["found"])
        steps += [
            Step(
                "import a CSV into the GeoPackage store",
                "pyogrio read + GeoPackage write",
                gdal,
                read_seconds + gpkg["write"],
                "<= 2x",
            ),
            Step(
                "write records into the store (GeoPackage)",
                "sqlite3 executemany of their JSON",
                plain["write"],
                gpkg["write"],
                "<= 2x",
            ),
            Step(
                "import them again, all unchanged (GeoPackage)",
                "sqlite3 INSERT OR REPLACE",
                plain["again"],
                gpkg["again"],
            ),
            Step(
                f"query 10% ({gpkg['found']:,}), as records (GeoPackage)",
                "sqlite3 select + json.loads",
                plain["query"],
                gpkg["query"],
                "<= 3x",
            ),
        ]
        log("exports ...")
        steps += export_steps(folder / "atlas.gpkg", read, folder, figures)
        cluster = None
        if postgis:
            import pg

            reason = pg.unavailable()
            if reason is None:
                log("starting PostgreSQL ...")
                cluster = pg.start_cluster()
            else:
                note = f"PostGIS rows left out: {reason}"
        else:
            note = "PostGIS rows left out: --no-postgis"
        if cluster is not None:
            try:
                log("psql COPY ...")
                copy = psql_copy(cluster, cluster.new_database(postgis=False), csv_path)
                log("plain PostgreSQL ...")
                plain_pg = measure_postgres(cluster.new_database(postgis=False), read)
                log("PostGIS store ...")
                pgis = measure_store(cluster.new_database(), read)
                assert pgis["found"] == gpkg["found"], (pgis["found"], gpkg["found"])
            finally:
                cluster.stop()
            steps[1:1] = [
                Step(
                    "import a CSV into the PostGIS store",
                    "psql \\copy of the same file",
                    copy,
                    read_seconds + pgis["write"],
                    "<= 3x",
                )
            ]
            steps += [
                Step(
                    "write records into the store (PostGIS)",
                    "COPY of their JSON into jsonb",
                    plain_pg["write"],
                    pgis["write"],
                ),
                Step(
                    "import them again, all unchanged (PostGIS)",
                    "COPY + INSERT ON CONFLICT",
                    plain_pg["again"],
                    pgis["again"],
                ),
                Step(
                    f"query 10% ({pgis['found']:,}), as records (PostGIS)",
                    "PostgreSQL select + json.loads",
                    plain_pg["query"],
                    pgis["query"],
                    "<= 3x",
                ),
            ]
    if memory:
        log(f"memory: a store of {memory:,} records, exported by coopmap export ...")
        used = measure_memory(memory)
        figures["memory"] = used
        steps += memory_steps(memory, used)
    return steps, figures, note


def memory_steps(memory: int, used: dict[str, dict[str, float]]) -> list[Step]:
    return [
        Step(
            f"memory: coopmap export of {memory:,} records to {name}, peak MB",
            "the process before it, MB",
            peaks["start_mb"],
            peaks["peak_mb"],
            "< 2,000 MB",
        )
        for name, peaks in used.items()
    ]


def table(count: int, steps: list[Step], figures: dict[str, Any]) -> str:
    lines: list[tuple[str, ...]] = [
        (f"step ({count:,} records)", "baseline", "baseline", "coopmap", "ratio", "target")
    ]
    for step in steps:
        memory = step.step.startswith("memory")
        unit = " MB" if memory else " s"
        digits = 0 if memory else 2

        def value(number: float | None, unit: str = unit, digits: int = digits) -> str:
            return "-" if number is None else f"{number:,.{digits}f}{unit}"

        ratio = "-" if step.ratio is None or memory else f"{step.ratio:.1f}x"
        lines.append(
            (
                step.step,
                step.baseline,
                value(step.baseline_s),
                value(step.coopmap_s),
                ratio,
                step.target,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    text = [
        "  ".join(
            cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(line)
        )
        for line in lines
    ]
    if "read" in figures:
        text.append(f"read and validate the CSV (in both imports): {figures['read']:.2f} s")
    for name, seconds in figures.get("rebuilt", {}).items():
        text.append(f"export to {name} of the records rebuilt from the store: {seconds:.2f} s")
    for name, used in figures.get("memory", {}).items():
        text.append(f"memory: the export to {name} took {used['seconds']:.1f} s")
    return "\n".join(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000, help="How many records.")
    parser.add_argument("--no-postgis", action="store_true", help="Leave PostGIS out.")
    parser.add_argument(
        "--memory-records",
        type=int,
        default=1_000_000,
        help="Records in the store exported for the memory rows (0: leave them out).",
    )
    parser.add_argument(
        "--exports-only", action="store_true", help="Only the export rows (and memory's)."
    )
    parser.add_argument("--make-store", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--measure-export", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.make_store:
        _make_store(Path(args.make_store[0]), int(args.make_store[1]))
        return 0
    if args.measure_export:
        _measure_export(Path(args.measure_export[0]), Path(args.measure_export[1]))
        return 0
    if args.exports_only:
        steps, figures, note = run_exports(args.records)
        if args.memory_records:
            figures["memory"] = measure_memory(args.memory_records)
            steps += memory_steps(args.memory_records, figures["memory"])
    else:
        steps, figures, note = run(
            args.records, postgis=not args.no_postgis, memory=args.memory_records
        )
    print(table(args.records, steps, figures))
    if note:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
