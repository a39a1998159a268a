"""How fast the stores import 100,000 records and answer a query returning 10,000 of them.

Synthetic point projects (``bench_export.synthetic_records``: random places, one or two of the
13 sectors each, organisations, dates) are exported once to a CSV file. Then, for each store
backend (the GeoPackage file, and a PostGIS database in a throwaway PostgreSQL cluster started
as the tests start one, see ``tests/pg.py``):

- **read**: :func:`coopmap.formats.read_file` parses and validates the CSV (the same for
  both backends, so measured once);
- **write**: :meth:`Store.add` writes the records into an empty store in one transaction
  (``coopmap import`` is read + write);
- **import again**: the same records added again, every one equal to the stored one (what
  re-importing a file costs);
- **query**: ``store.records(Filter(sectors={"transport"}))``, about 10% of the records, as
  validated records (the best of three runs).

The baselines, measured in the same run, are the plainest way to keep the same data: the same
records' JSON (``json.dumps(record.to_dict())``) written with ``executemany`` into a table
``(id TEXT PRIMARY KEY, sectors TEXT, data TEXT)`` of a plain sqlite3 file, and with ``COPY``
into a ``jsonb`` table of the same PostgreSQL server; the query selects the matching rows and
``json.loads`` them, without validating them into records.

Run ``python bench/bench_store.py [--records 100000] [--no-postgis]``. Without PostgreSQL and
PostGIS installed the PostGIS columns are left out, saying why.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
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


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def best_of(function: Callable[[], Any], repeat: int = QUERY_REPEAT) -> tuple[float, Any]:
    runs = [timed(function) for _ in range(repeat)]
    return min(seconds for seconds, _ in runs), runs[0][1]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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


# --- the run -----------------------------------------------------------------------------------


def run(count: int, *, postgis: bool) -> tuple[list[str], dict[str, dict[str, Any]], float, str]:
    log(f"making {count:,} records ...")
    records = synthetic_records(count)
    columns: dict[str, dict[str, Any]] = {}
    note = ""
    with tempfile.TemporaryDirectory() as folder:
        csv_path = export(records, Path(folder) / "records.csv")
        log("reading and validating the CSV ...")
        read_seconds, reading = timed(lambda: read_file(csv_path))
        assert len(reading.records) == count, reading.problems[:3]
        log("plain sqlite3 ...")
        columns["plain sqlite3"] = measure_sqlite(Path(folder) / "plain.sqlite", reading.records)
        log("GeoPackage store ...")
        columns["GeoPackage"] = measure_store(str(Path(folder) / "atlas.gpkg"), reading.records)
        cluster = None
        if postgis:
            import pg

            reason = pg.unavailable()
            if reason is None:
                log("starting PostgreSQL ...")
                cluster = pg.start_cluster()
            else:
                note = f"PostGIS columns left out: {reason}"
        else:
            note = "PostGIS columns left out: --no-postgis"
        if cluster is not None:
            try:
                log("plain PostgreSQL ...")
                columns["plain PostgreSQL"] = measure_postgres(
                    cluster.new_database(postgis=False), reading.records
                )
                log("PostGIS store ...")
                columns["PostGIS"] = measure_store(cluster.new_database(), reading.records)
            finally:
                cluster.stop()
    return list(columns), columns, read_seconds, note


def table(
    count: int, names: list[str], columns: dict[str, dict[str, Any]], read_seconds: float
) -> str:
    found = columns["GeoPackage"]["found"]
    lines: list[tuple[str, ...]] = [("", *names)]

    def row(label: str, values: Sequence[str]) -> None:
        lines.append((label, *values))

    def seconds(value: float) -> str:
        return f"{value:.2f} s"

    def rate(seconds_taken: float, n: int) -> str:
        return f"{n / seconds_taken:,.0f}/s"

    row(f"write {count:,} records", [seconds(columns[n]["write"]) for n in names])
    row("  records per second", [rate(columns[n]["write"], count) for n in names])
    row(
        "import a CSV (read + write)",
        [
            seconds(read_seconds + columns[n]["write"]) if n in ("GeoPackage", "PostGIS") else "-"
            for n in names
        ],
    )
    row("import it again (all unchanged)", [seconds(columns[n]["again"]) for n in names])
    row(
        f"query: sector {SECTOR} ({found:,} records)", [seconds(columns[n]["query"]) for n in names]
    )
    row("  records per second", [rate(columns[n]["query"], columns[n]["found"]) for n in names])
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    text = [
        "  ".join(
            cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
            for i, cell in enumerate(line)
        )
        for line in lines
    ]
    text.append(f"read and validate the CSV (the same for every store): {seconds(read_seconds)}")
    return "\n".join(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000, help="How many records.")
    parser.add_argument("--no-postgis", action="store_true", help="Leave PostGIS out.")
    args = parser.parse_args(argv)
    names, columns, read_seconds, note = run(args.records, postgis=not args.no_postgis)
    counts = {columns[name]["found"] for name in names}
    assert len(counts) == 1, f"the stores found different numbers of records: {counts}"
    print(table(args.records, names, columns, read_seconds))
    if note:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
