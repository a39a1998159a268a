"""Country outlines drawn beneath the tiles, so the map still shows land where tiles cannot load.

The shapes come from countryinfo's GeoJSON, simplified with shapely and encoded compactly: each
ring is a flat list of integer longitude/latitude steps of 1/100 degree, the first pair absolute
and every following pair relative to the one before. The encoded world is built once and kept in
coopmap's cache directory (:func:`coopmap.paths.cache_dir`).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

from coopmap.paths import cache_dir

log = logging.getLogger(__name__)

OUTLINE_SCALE = 100
"""Ring coordinates are integers of 1/OUTLINE_SCALE degree."""

TOLERANCE = 0.05
"""Simplification tolerance in degrees."""

_CACHE_NAME = "world-outlines-v1.json"


def _country_geometries() -> list[Any]:
    import countryinfo

    geometries = []
    for country in countryinfo.all_countries():
        try:
            collection = country.geo_json()
        except (KeyError, ValueError, AttributeError):
            continue
        for feature in (collection or {}).get("features") or []:
            if feature.get("geometry"):
                geometries.append(shape(feature["geometry"]))
    return geometries


def encode_ring(coords: np.ndarray, /) -> list[int]:
    """A ring as flat integer steps: ``[x0, y0, dx1, dy1, ...]`` in 1/OUTLINE_SCALE degree."""
    scaled = np.rint(np.asarray(coords)[:, :2] * OUTLINE_SCALE).astype(np.int64)
    steps = np.diff(scaled, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return steps.ravel().tolist()


def encode_polygon(polygon: Any, /) -> list[list[int]]:
    rings = [polygon.exterior, *polygon.interiors]
    return [encode_ring(np.asarray(ring.coords)) for ring in rings]


def build_outlines(
    geometries: list[Any] | None = None, /, *, tolerance: float = TOLERANCE
) -> list[list[list[int]]]:
    """Encoded polygons (each a list of rings) for ``geometries``, by default every country."""
    if geometries is None:
        geometries = _country_geometries()
    simplified = shapely.simplify(
        np.asarray(geometries, dtype=object), tolerance, preserve_topology=True
    )
    polygons = shapely.get_parts(simplified)
    return [encode_polygon(p) for p in polygons if not p.is_empty and p.area > 0]


def _cache_path() -> Path:
    return cache_dir() / _CACHE_NAME


def _read_cache(path: Path) -> list[list[list[int]]] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_cache(path: Path, outlines: list[list[list[int]]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, delete=False, encoding="utf-8", suffix=".tmp"
        ) as handle:
            json.dump(outlines, handle, separators=(",", ":"))
        os.replace(handle.name, path)
    except OSError as err:
        log.debug("could not cache world outlines at %s: %s", path, err)


@functools.cache
def world_outlines() -> list[list[list[int]]]:
    """The encoded outlines of every country, from the cache file or built and cached."""
    path = _cache_path()
    cached = _read_cache(path) if path.exists() else None
    if cached is not None:
        return cached
    outlines = build_outlines()
    log.info("built %d country outline polygons", len(outlines))
    _write_cache(path, outlines)
    return outlines
