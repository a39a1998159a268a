"""Make the offline basemap (src/coopmap/maps/static/vendor/natural-earth/basemap.json).

From two npm packages that carry Natural Earth's public-domain data ready to use:

- ``world-atlas@2.0.2``: ``countries-50m.json``, a TopoJSON of Natural Earth's 1:50m countries.
  Its arcs give the land (the ``land`` object, countries merged) and the country borders (the
  arcs two countries share), simplified once per arc so coasts and borders meet.
- ``mapeo-offline-map@2.0.0``: ``dist/lakes.json`` and ``dist/rivers.json``, Natural Earth's
  lakes (with their ``scalerank``) and rivers (with the ``min_zoom`` they show from).

Every ring and line is simplified and written in the compact form of
:mod:`coopmap.maps.basemap` (integer steps of 1/100 degree as text). Run it again when the
vendored versions change::

    cd /tmp && npm pack world-atlas@2.0.2 mapeo-offline-map@2.0.0
    python scripts/build_basemap.py /tmp/world-atlas-2.0.2.tgz /tmp/mapeo-offline-map-2.0.0.tgz
"""

from __future__ import annotations

import json
import sys
import tarfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, box, shape

from coopmap.maps.basemap import FORMAT, SCALE, encode_line

TARGET = (
    Path(__file__).resolve().parents[1]
    / "src/coopmap/maps/static/vendor/natural-earth/basemap.json"
)
TOLERANCE = 0.025
"""Simplification in degrees: about a pixel at zoom 6."""
MIN_ISLAND = 0.0004
"""Land polygons smaller than this (square degrees, a few km²) are left out."""
MIN_LAKE = 0.02
"""Lakes smaller than this (square degrees) are left out."""
LAKE_ZOOM = {0: 1, 1: 2, 2: 3, 3: 4, 4: 5, 5: 5, 6: 6}
"""The zoom a lake shows from, by its Natural Earth ``scalerank``."""


def _member(archive: tarfile.TarFile, name: str) -> Any:
    handle = archive.extractfile(f"package/{name}")
    if handle is None:
        raise SystemExit(f"{name} is missing from {archive.name}")
    return json.load(handle)


def _arcs(topology: dict[str, Any]) -> list[np.ndarray]:
    """The topology's arcs as absolute lon/lat arrays (TopoJSON quantized delta arcs)."""
    scale = np.asarray(topology["transform"]["scale"])
    translate = np.asarray(topology["transform"]["translate"])
    return [
        np.cumsum(np.asarray(arc, dtype=np.float64), axis=0) * scale + translate
        for arc in topology["arcs"]
    ]


def _simplified(arc: np.ndarray) -> np.ndarray:
    if len(arc) < 3:
        return arc
    return np.asarray(shapely.simplify(LineString(arc), TOLERANCE).coords)


def _ring(indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    parts = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(arc if not parts else arc[1:])
    return np.concatenate(parts)


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def _unwrapped(ring: np.ndarray) -> np.ndarray:
    """``ring`` with no step across the antimeridian (longitudes may pass ±180); a ring that
    goes once round a pole (Antarctica's coast) is closed along the pole."""
    ring = ring.copy()
    steps = np.diff(ring[:, 0])
    turns = np.concatenate(
        [[0], np.cumsum(np.where(steps > 180, -360, np.where(steps < -180, 360, 0)))]
    )
    ring[:, 0] += turns
    if abs(ring[-1, 0] - ring[0, 0]) > 180:
        pole = -90.0 if ring[:, 1].mean() < 0 else 90.0
        ring = np.concatenate([ring, [[ring[-1, 0], pole], [ring[0, 0], pole], ring[0]]])
    return ring


def _split(polygon: Any) -> list[Any]:
    """The parts of ``polygon`` in -180..180, those beyond it shifted back by 360 degrees."""
    parts = []
    for shift in (-360, 0, 360):
        window = box(-180 - shift, -90, 180 - shift, 90)
        piece = shapely.intersection(polygon, window)
        if not piece.is_empty:
            parts.extend(
                shapely.get_parts(shapely.transform(piece, lambda xy, s=shift: [*xy, s, 0]))
            )
    return [part for part in parts if isinstance(part, Polygon) and part.area > 0]


def land_and_borders(topology: dict[str, Any]) -> tuple[list[list[str]], list[str]]:
    arcs = [_simplified(arc) for arc in _arcs(topology)]
    land = []
    for geometry in topology["objects"]["land"]["geometries"]:
        for rings in _polygons(geometry):
            coords = [_ring(ring, arcs) for ring in rings]
            coords = [c for c in coords if len(c) >= 4 and np.abs(c[:, 1]).min() < 89.9]
            if not coords:
                continue
            if any(np.abs(np.diff(c[:, 0])).max() > 180 for c in coords):
                polygon = shapely.make_valid(
                    Polygon(_unwrapped(coords[0]), [_unwrapped(c) for c in coords[1:]])
                )
                pieces = [p for part in shapely.get_parts(polygon) for p in _split(part)]
            else:
                pieces = [Polygon(coords[0], coords[1:])]
            for piece in pieces:
                if piece.area < MIN_ISLAND:
                    continue
                rings_of = [piece.exterior, *piece.interiors]
                encoded = [encode_line(np.asarray(ring.coords)) for ring in rings_of]
                if encoded[0]:
                    land.append([ring for ring in encoded if ring])
    # a border is an arc that two countries share (an arc of one country only is coast)
    used: Counter[int] = Counter()
    for geometry in topology["objects"]["countries"]["geometries"]:
        for rings in _polygons(geometry):
            for ring in rings:
                used.update({index if index >= 0 else ~index for index in ring})
    borders = [encode_line(arcs[index]) for index, count in sorted(used.items()) if count > 1]
    return land, [line for line in borders if line]


def lakes(collection: dict[str, Any]) -> list[list[Any]]:
    out = []
    for feature in collection["features"]:
        geometry = shape(feature["geometry"])
        if geometry.area < MIN_LAKE:
            continue
        rank = feature["properties"].get("scalerank")
        zoom = LAKE_ZOOM.get(int(rank if rank is not None else 6), 6)
        for polygon in shapely.get_parts(shapely.simplify(geometry, TOLERANCE)):
            rings = [polygon.exterior, *polygon.interiors]
            encoded = [encode_line(np.asarray(ring.coords)) for ring in rings]
            if encoded[0]:
                out.append([zoom, *[ring for ring in encoded if ring]])
    return sorted(out, key=lambda lake: lake[0])


def rivers(collection: dict[str, Any]) -> list[list[Any]]:
    out = []
    for feature in collection["features"]:
        least = feature["properties"].get("min_zoom")
        zoom = float(least if least is not None else 5)
        for line in shapely.get_parts(shapely.simplify(shape(feature["geometry"]), TOLERANCE)):
            encoded = encode_line(np.asarray(line.coords))
            if encoded:
                out.append([round(zoom, 1), encoded])
    return sorted(out, key=lambda river: river[0])


def main(world_atlas: str, mapeo: str) -> None:
    with tarfile.open(world_atlas) as archive:
        land, borders = land_and_borders(_member(archive, "countries-50m.json"))
    with tarfile.open(mapeo) as archive:
        lake_list = lakes(_member(archive, "dist/lakes.json"))
        river_list = rivers(_member(archive, "dist/rivers.json"))
    basemap = {
        "format": FORMAT,
        "scale": SCALE,
        "land": land,
        "lakes": lake_list,
        "rivers": river_list,
        "borders": borders,
    }
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(basemap, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"{TARGET}: {TARGET.stat().st_size:,} bytes; {len(land)} land polygons,"
        f" {len(lake_list)} lakes, {len(river_list)} rivers, {len(borders)} border lines"
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
