"""How fast and how big the HTML map export is, beside folium's usual ways of drawing points.

For each size, synthetic point records (random places, titles, sectors, organisations, dates)
are exported

- by coopmap (``coopmap.formats.html.write``: one record store, layers per sector whose points
  are drawn with WebGL from :data:`coopmap.maps.layers.WEBGL_FROM` points),
- by coopmap the way it drew points before WebGL (today's way, the baseline: a canvas marker per
  point, ``webgl_from=None``),
- by coopmap as grid cells (``--points cells``; what the app drew above 10,000 locations),
- as one ``folium.Marker`` with a tooltip and an HTML popup per point (up to 10,000 points),
- as one ``folium.GeoJson`` layer per sector with every attribute as feature properties,
  a ``GeoJsonTooltip`` and a ``GeoJsonPopup``,
- as a ``FastMarkerCluster`` of coordinates and titles,

timing building, rendering and writing the page, and measuring its bytes per record and the
bench process's peak resident memory so far (the records themselves included). coopmap's pages
are then opened in headless Chromium with every outside request blocked, timing how long it
takes until every layer's features are drawn and a frame painted (folium's pages need their
CDN scripts and are not opened; the canvas baseline is opened up to :data:`CANVAS_OPEN_LIMIT`).

With ``--store-sizes``, each of those sizes is also exported the way a user exports a map:
``coopmap export map.html`` from a GeoPackage store of that many synthetic records (made with
``bench/bench_store.py --make-store``, or given with ``--store``), in a process of its own,
reporting its seconds, CPU seconds and peak resident memory (the records read back from the
store included, nothing of the bench's), and the page's time to open in Chromium.

Run ``python bench/bench_export.py [--sizes 1000,10000,100000,1000000] [--repeat 2]
[--no-browser] [--store-sizes 100000] [--store PATH.gpkg]``.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import folium
import folium.plugins

from coopmap.formats import html as html_export
from coopmap.maps import build_map
from coopmap.maps.assets import inline_assets
from coopmap.model import Location, Organisation, Project, point_from_latlon
from coopmap.taxonomy import SECTORS, Precision, Role, Sector, Status

ROOT = Path(__file__).resolve().parents[1]
MARKER_LIMIT = 10_000
GEOJSON_LIMIT = 100_000
CANVAS_OPEN_LIMIT = 100_000
OPEN_TIMEOUT_MS = 180_000

_WORDS = (
    "Northern",
    "Central",
    "Western",
    "New",
    "Greater",
    "Upper",
    "Coastal",
    "Eastern",
    "Southern",
    "Lower",
    "Silk Road",
    "Trans-Caspian",
    "Golden",
    "Green",
    "Digital",
)
_THINGS = (
    "rail link",
    "power plant",
    "logistics park",
    "data centre",
    "wind farm",
    "bridge",
    "port expansion",
    "industrial zone",
    "pipeline",
    "highway",
    "solar park",
    "free trade zone",
    "fibre backbone",
    "grain terminal",
    "smelter",
)
_ORG_KINDS = (
    "Development Bank",
    "Construction Group",
    "Energy Corporation",
    "Railway Company",
    "Telecom",
    "Investment Fund",
    "Holding",
    "Engineering Bureau",
)


def synthetic_records(n: int, /, *, seed: int = 0) -> list[Project]:
    """``n`` projects at random points, with one or two sectors and one to three organisations."""
    rng = random.Random(seed)
    organisations = [
        Organisation(
            name=f"{rng.choice(_WORDS)} {rng.choice(_ORG_KINDS)} {k}", role=rng.choice(list(Role))
        )
        for k in range(400)
    ]
    places = [
        f"{rng.choice(_WORDS)} {rng.choice(('district', 'city', 'county', 'oblast'))} {k}"
        for k in range(3000)
    ]
    sectors = list(Sector)
    precisions = [Precision.EXACT, Precision.NEAR, Precision.CITY, Precision.ADMIN1]
    statuses = [s for s in Status if s is not Status.UNKNOWN]
    records = []
    for i in range(n):
        year = rng.randint(2000, 2024)
        start = rng.choice(
            (
                f"{year}",
                f"{year}-{rng.randint(1, 12):02d}",
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            )
        )
        location = Location(
            name=rng.choice(places),
            precision=rng.choice(precisions),
            geometry=point_from_latlon(rng.uniform(-55, 70), rng.uniform(-180, 180)),
        )
        records.append(
            Project(
                title=f"{rng.choice(_WORDS)} {rng.choice(_THINGS)} {i}",
                sectors=rng.sample(sectors, rng.choice((1, 1, 2))),
                status=rng.choice(statuses),
                start=start,
                end=str(year + rng.randint(1, 6)) if rng.random() < 0.4 else None,
                organisations=rng.sample(organisations, rng.randint(1, 3)),
                locations=[location],
            )
        )
    return records


# --- the ways to export ---------------------------------------------------------------------


def export_coopmap(records: Sequence[Project], path: Path) -> None:
    html_export.write(records, path, title="Benchmark")


def export_coopmap_canvas(records: Sequence[Project], path: Path) -> None:
    m = build_map(records, tiles=None, title="Benchmark", webgl_from=None)
    inline_assets(m)
    path.write_text(m.get_root().render(), encoding="utf-8")


def export_coopmap_cells(records: Sequence[Project], path: Path) -> None:
    html_export.write(records, path, title="Benchmark", points="cells")


def _popup_html(record: Project) -> str:
    organisations = ", ".join(html.escape(f"{o.name} ({o.role})") for o in record.organisations)
    return (
        f"<b>{html.escape(record.title)}</b><br>{html.escape(record.status.label)}<br>"
        f"{record.start or ''} to {record.end or ''}<br>{organisations}<br>"
        f"{html.escape(record.locations[0].name)}"
    )


def _by_sector(records: Sequence[Project]) -> dict[Sector, list[Project]]:
    groups: dict[Sector, list[Project]] = {}
    for record in records:
        for sector in record.sectors:
            groups.setdefault(sector, []).append(record)
    return groups


def export_markers(records: Sequence[Project], path: Path) -> None:
    m = folium.Map(location=[20, 0], zoom_start=2)
    for sector, members in _by_sector(records).items():
        group = folium.FeatureGroup(name=SECTORS[sector].label).add_to(m)
        for record in members:
            lat, lon = record.locations[0].latlon
            folium.Marker(
                [lat, lon],
                tooltip=html.escape(record.title),
                popup=folium.Popup(_popup_html(record), max_width=300),
            ).add_to(group)
    folium.LayerControl().add_to(m)
    m.save(str(path))


def export_geojson(records: Sequence[Project], path: Path) -> None:
    m = folium.Map(location=[20, 0], zoom_start=2)
    fields = ["title", "status", "start", "end", "sectors", "organisations", "locations"]
    for sector, members in _by_sector(records).items():
        features = []
        for record in members:
            properties = record.properties()
            for field in fields:
                properties.setdefault(field, "")
            features.append(
                {
                    "type": "Feature",
                    "properties": properties,
                    "geometry": {
                        "type": "Point",
                        "coordinates": list(record.locations[0].geometry.coords[0]),
                    },
                }
            )
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name=SECTORS[sector].label,
            marker=folium.CircleMarker(radius=5, fill=True),
            tooltip=folium.GeoJsonTooltip(["title"]),
            popup=folium.GeoJsonPopup(fields),
        ).add_to(m)
    folium.LayerControl().add_to(m)
    m.save(str(path))


_CLUSTER_CALLBACK = """function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]));
    var text = document.createElement('div');
    text.textContent = row[2];
    marker.bindPopup(text);
    return marker;
}"""


def export_cluster(records: Sequence[Project], path: Path) -> None:
    m = folium.Map(location=[20, 0], zoom_start=2)
    data = [[*record.locations[0].latlon, record.title] for record in records]
    folium.plugins.FastMarkerCluster(data, callback=_CLUSTER_CALLBACK).add_to(m)
    m.save(str(path))


METHODS: list[tuple[str, Callable[[Sequence[Project], Path], None], int | None]] = [
    ("coopmap (WebGL points)", export_coopmap, None),
    ("coopmap, canvas markers (today's way)", export_coopmap_canvas, None),
    ("coopmap --points cells", export_coopmap_cells, None),
    ("folium Marker per point", export_markers, MARKER_LIMIT),
    ("folium GeoJson per sector", export_geojson, GEOJSON_LIMIT),
    ("folium FastMarkerCluster (title only)", export_cluster, None),
]


# --- measuring ------------------------------------------------------------------------------


def time_export(
    export: Callable[[Sequence[Project], Path], None],
    records: Sequence[Project],
    path: Path,
    repeat: int,
) -> tuple[float, float]:
    """The best of ``repeat`` timings of building, rendering and writing the page: wall-clock
    seconds and this process's CPU seconds (steadier on a busy machine)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        export(records, path)
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu


READY = """() => {
  const layers = window.coopmap ? coopmap.layers() : [];
  return layers.length > 0 && layers.every(l => !l._map || l.drawn() === l.count());
}"""

DRAWN = """() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() =>
  resolve({ms: performance.now(), features: coopmap.layers()
    .reduce((sum, l) => sum + l.drawn(), 0)}))))"""


def time_interactive(path: Path) -> tuple[float, int]:
    """Seconds from navigation until every layer is drawn and a frame painted; features drawn."""
    sys.path.insert(0, str(ROOT / "tests"))
    import browser

    with (
        browser.launch() as chromium,
        browser.open_page(chromium, path.as_uri(), wait_until="commit") as (page, log),
    ):
        page.wait_for_function(READY, timeout=OPEN_TIMEOUT_MS, polling=50)
        done = page.evaluate(DRAWN)
        if log.unexpected_errors():
            raise RuntimeError(f"the page reported errors: {log.unexpected_errors()}")
    return done["ms"] / 1000, done["features"]


@dataclass
class Row:
    records: int
    method: str
    seconds: float
    cpu: float
    bytes: int
    peak_mb: float
    interactive: float | None = None


def run(sizes: Sequence[int], *, repeat: int, browser_check: bool) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        export_coopmap(synthetic_records(10), Path(folder) / "warm-up.html")
        for size in sizes:
            print(f"making {size:,} records ...", file=sys.stderr, flush=True)
            records = synthetic_records(size)
            for name, export, limit in METHODS:
                if limit is not None and size > limit:
                    continue
                path = Path(folder) / f"{size}-{export.__name__}.html"
                print(f"  {name} ...", file=sys.stderr, flush=True)
                seconds, cpu = time_export(export, records, path, repeat)
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                row = Row(size, name, seconds, cpu, path.stat().st_size, peak)
                opened = export in (export_coopmap, export_coopmap_cells) or (
                    export is export_coopmap_canvas and size <= CANVAS_OPEN_LIMIT
                )
                if browser_check and opened:
                    row.interactive, _ = time_interactive(path)
                rows.append(row)
                path.unlink()
                print(table([row]), file=sys.stderr, flush=True)
    return rows


STORE_METHOD = "coopmap export from a store (CLI)"


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _bench_store(*arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_store.py"), *arguments],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def run_from_store(
    size: int, *, browser_check: bool, store: Path | None = None, folder: Path
) -> Row:
    """``coopmap export`` of a map from a store of ``size`` records, in a fresh process."""
    if store is None:
        store = folder / f"store-{size}.gpkg"
        print(f"making a store of {size:,} records ...", file=sys.stderr, flush=True)
        _bench_store("--make-store", str(store), str(size))
    out = folder / f"store-{size}.html"
    print(f"  {STORE_METHOD} ...", file=sys.stderr, flush=True)
    cpu = _child_cpu()
    report = json.loads(
        _bench_store("--measure-export", str(store), str(out)).strip().splitlines()[-1]
    )
    row = Row(
        size,
        STORE_METHOD,
        report["seconds"],
        _child_cpu() - cpu,
        out.stat().st_size,
        report["peak_mb"],
    )
    if browser_check:
        row.interactive, _ = time_interactive(out)
    out.unlink()
    print(table([row]), file=sys.stderr, flush=True)
    return row


def table(rows: Sequence[Row]) -> str:
    head = (
        f"{'records':>9}  {'method':<38} {'export s':>9} {'cpu s':>7} {'MB':>7} "
        f"{'B/record':>9} {'peak RSS MB':>12} {'interactive s':>14}"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        shown = f"{row.interactive:.2f}" if row.interactive is not None else "-"
        lines.append(
            f"{row.records:>9,}  {row.method:<38} {row.seconds:>9.2f} {row.cpu:>7.2f} "
            f"{row.bytes / 1e6:>7.2f} {row.bytes / row.records:>9.0f} {row.peak_mb:>12,.0f} "
            f"{shown:>14}"
        )
    return "\n".join(lines)


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000,100000,1000000",
        help="comma-separated numbers of records (default: %(default)s)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="timings per export; the best is reported (default: %(default)s)",
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="skip timing the page in Chromium"
    )
    parser.add_argument(
        "--store-sizes",
        default="",
        help="comma-separated numbers of records to export from a store as well (default: none)",
    )
    parser.add_argument(
        "--store",
        type=Path,
        help="a GeoPackage store to export (its size the one --store-sizes gives)",
    )
    args = parser.parse_args(argv)
    sizes = _sizes(args.sizes)
    rows = run(sizes, repeat=args.repeat, browser_check=not args.no_browser)
    with tempfile.TemporaryDirectory() as folder:
        for size in _sizes(args.store_sizes):
            rows.append(
                run_from_store(
                    size, browser_check=not args.no_browser, store=args.store, folder=Path(folder)
                )
            )
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
