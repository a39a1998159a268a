"""How long the app's map takes to follow a filter change, measured in the browser.

For each size, a temporary store is filled with synthetic point records (see
``bench_export.synthetic_records``: random places, one or two sectors each) and the app is
started on it (``streamlit run app/streamlit_app.py`` on a free loopback port). Headless
Chromium, with every outside request aborted, opens the map page and waits for the map inside
st_folium's frame; then, once per sector in :data:`SECTORS`, it removes the sector from the
sidebar's sector filter and times how long until the map frame draws the new map (its record
or cell layers no longer include that sector, every layer drawn), polling ``window.coopmap``
in the frame every 20 ms. Each removal is a filter the app has not seen, so nothing is cached.

Today's way, measured in the same run, is the app as it was before every record was drawn: above
10,000 locations a map of grid cells per filter (the app with ``COOPMAP_MAP_MAX_FEATURES`` at
10,000; below it, the same as coopmap's row). coopmap's own row draws every record, its points
with WebGL from 10,000 (``coopmap.maps.layers.WEBGL_FROM``): one map of the whole store, a
filter applied to it in the browser.

The other baseline, measured in the same run, is the usual way to put records on a Streamlit map: a
page that builds a ``folium.GeoJson`` layer per sector (every attribute as properties, a
``GeoJsonTooltip`` and a ``GeoJsonPopup``) from the filtered records on every run and hands it
to ``st_folium``, with the same sidebar filters and Leaflet made offline the same way; its
wait ends when the frame holds as many GeoJSON features as the filtered records make.

Run ``python bench/bench_app.py [--sizes 10000,100000] [--baseline-sizes 10000]
[--cells-sizes 100000]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import browser  # noqa: E402
from bench_export import synthetic_records  # noqa: E402
from browser import app_server  # noqa: E402
from coopmap.store import open_store  # noqa: E402
from coopmap.taxonomy import SECTORS, Sector  # noqa: E402
from test_browser_app import session  # noqa: E402

SECTORS_REMOVED = [Sector.TRANSPORT, Sector.ENERGY, Sector.FINANCE]
TIMEOUT_S = 120.0

BASELINE_PAGE = '''
"""Baseline: one folium.GeoJson layer per sector, built on every run, in st_folium."""
import sys
sys.path.insert(0, {app_dir!r})

import folium
import streamlit as st
from streamlit_folium import st_folium

import filters
import state
from coopmap.maps.assets import make_offline
from coopmap.taxonomy import SECTORS

st.set_page_config(layout="wide")
records = state.records()
flt = filters.render(records)
shown = flt.apply(records)
chosen = flt.sectors or set(SECTORS)
fields = ["title", "status", "start", "end", "sectors", "organisations", "locations"]
m = folium.Map(location=[20, 0], zoom_start=2, tiles=None, prefer_canvas=True)
make_offline(m)
for sector, info in SECTORS.items():
    if sector not in chosen:
        continue
    features = []
    for record in shown:
        if sector in record.sectors:
            properties = record.properties()
            for field in fields:
                properties.setdefault(field, "")
            lat, lon = record.locations[0].latlon
            features.append({{"type": "Feature", "properties": properties,
                             "geometry": {{"type": "Point", "coordinates": [lon, lat]}}}})
    if features:
        folium.GeoJson(
            {{"type": "FeatureCollection", "features": features}},
            name=info.label,
            marker=folium.CircleMarker(radius=5, fill=True),
            tooltip=folium.GeoJsonTooltip(["title"]),
            popup=folium.GeoJsonPopup(fields),
        ).add_to(m)
folium.LayerControl().add_to(m)
st.caption(f"{{len(shown)}} of {{len(records)}} records")
st_folium(m, key="atlas", height=620, use_container_width=True,
          returned_objects=["last_object_clicked"])
'''

# In the map frame: coopmap's layers, every one drawn, none of the removed sector.
COOPMAP_READY = """(key) => {
  if (!window.coopmap) return null;
  const layers = coopmap.layers().filter(l => l._map);
  if (!layers.length || layers.some(l => l.options.key === key)) return null;
  if (!layers.every(l => l.drawn() === l.count())) return null;
  return layers.reduce((n, l) => n + l.drawn(), 0);
}"""

# In the baseline's frame: the GeoJSON features on the map, once there are as many as wanted.
GEOJSON_READY = """(wanted) => {
  if (!window.map) return null;
  let n = 0;
  window.map.eachLayer(l => { if (l.feature && l.feature.geometry) n++; });
  return n === wanted ? n : null;
}"""


@dataclass
class Row:
    records: int
    strategy: str
    first_map_s: float
    changes_s: list[float]
    features: int

    @property
    def median(self) -> float:
        return statistics.median(self.changes_s)


def make_store(folder: Path, n: int) -> str:
    url = f"gpkg://{folder / f'bench-{n}.gpkg'}"
    print(f"making a store of {n:,} records ...", file=sys.stderr, flush=True)
    records = synthetic_records(n)
    with open_store(url, create=True) as store:
        store.add(records)
    return url


def poll(s: Any, script: str, arg: Any, *, timeout_s: float = TIMEOUT_S) -> int:
    """Poll ``script(arg)`` in the map frames until it returns a number; that number."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        for frame in s.frames():
            try:
                found = frame.evaluate(script, arg)
            except Exception:  # the frame went away: the map was replaced
                continue
            if found is not None:
                return int(found)
        s.page.wait_for_timeout(20)
    raise TimeoutError(f"the map did not follow in {timeout_s:.0f} s")


def expected_geojson(url: str, removed: set[Sector]) -> int:
    with open_store(url) as store:
        records = store.records()
    kept = set(Sector) - removed
    return sum(len(kept & set(r.sectors)) for r in records if set(r.sectors) & kept)


WEBGL_DRAWN = """() => window.coopmap &&
  coopmap.layers().some(l => l.drawing && l.drawing() === 'webgl')"""


def measure(url: str, folder: Path, *, baseline: bool, cells: bool = False) -> Row:
    n = len(open_store(url).records())
    script = ROOT / "app" / "streamlit_app.py"
    if baseline:
        script = folder / "baseline_app.py"
        script.write_text(BASELINE_PAGE.format(app_dir=str(ROOT / "app")), encoding="utf-8")
    name = (
        "baseline: folium.GeoJson per sector"
        if baseline
        else "today's way: coopmap app, 10,000 limit"
        if cells
        else "coopmap app"
    )
    env = {"COOPMAP_MAP_MAX_FEATURES": "10000"} if cells else None
    print(f"  {name} ...", file=sys.stderr, flush=True)
    changes = []
    with (
        app_server(url, folder, script=script, env=env) as app,
        browser.launch() as chromium,
        session(chromium, app) as s,
    ):
        started = time.perf_counter()
        removed: set[Sector] = set()
        if baseline:
            features = poll(s, GEOJSON_READY, expected_geojson(url, removed), timeout_s=600)
        else:
            features = poll(s, COOPMAP_READY, "none", timeout_s=600)
        first = time.perf_counter() - started
        sidebar = s.page.locator("[data-testid='stSidebar']")
        for sector in SECTORS_REMOVED:
            removed.add(sector)
            chip = sidebar.locator(f"button[aria-label='Remove {SECTORS[sector].label}']")
            chip.wait_for()
            wanted = expected_geojson(url, removed) if baseline else None
            started = time.perf_counter()
            chip.click()
            if baseline:
                features = poll(s, GEOJSON_READY, wanted)
            else:
                features = poll(s, COOPMAP_READY, sector.value)
            changes.append(time.perf_counter() - started)
        browser.screenshot(s.page, f"bench_app_{n}_{'baseline' if baseline else 'coopmap'}")
        if s.log.unexpected_errors() or s.log.dialogs:
            raise RuntimeError(f"the page reported {s.log.unexpected_errors()} {s.log.dialogs}")
        strategy = name
        if not baseline:
            grouped = s.page.locator("[data-testid='stCaptionContainer']", has_text="each dot is")
            webgl = any(_safe(frame, WEBGL_DRAWN) for frame in s.frames())
            drawing = "WebGL" if webgl else "canvas"
            strategy += ": grid cells" if grouped.count() else f": every record, {drawing}"
    return Row(n, strategy, first, changes, features)


def _safe(frame: Any, script: str) -> Any:
    try:
        return frame.evaluate(script)
    except Exception:  # a frame that went away
        return None


def table(rows: Sequence[Row]) -> str:
    head = (
        f"{'records':>8}  {'strategy':<60} {'first map s':>11} {'filter change s (each)':>26} "
        f"{'median s':>9} {'drawn':>7}"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        each = " ".join(f"{t:.2f}" for t in row.changes_s)
        lines.append(
            f"{row.records:>8,}  {row.strategy:<60} {row.first_map_s:>11.2f} {each:>26} "
            f"{row.median:>9.2f} {row.features:>7,}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="default: %(default)s")
    parser.add_argument(
        "--baseline-sizes",
        default="10000",
        help="sizes to also time the baseline at; empty for none (default: %(default)s)",
    )
    parser.add_argument(
        "--cells-sizes",
        default="100000",
        help="sizes to also time today's way (cells above 10,000 locations) at; empty for "
        "none (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    def sizes(text: str) -> list[int]:
        return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]

    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for n in sizes(args.sizes):
            url = make_store(folder, n)
            first = len(rows)
            rows.append(measure(url, folder, baseline=False))
            if n in sizes(args.cells_sizes):
                rows.append(measure(url, folder, baseline=False, cells=True))
            if n in sizes(args.baseline_sizes):
                rows.append(measure(url, folder, baseline=True))
            print(table(rows[first:]), flush=True)
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
