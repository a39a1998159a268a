"""HTML: records as one self-contained map page, every asset inlined, no network needed.

Written only: a map page holds no records to read back (export GeoJSON or CSV for that).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

import folium

from coopmap.formats.atomic import atomic_writer
from coopmap.maps import build_map
from coopmap.maps.assets import inline_assets
from coopmap.maps.build import Tiles
from coopmap.maps.element import RawText
from coopmap.maps.layers import RecordStore
from coopmap.maps.payload import collection_paused
from coopmap.maps.points import PointStyle
from coopmap.model import Record

log = logging.getLogger(__name__)

_TILE_ORIGINS = {"osm": "https://tile.openstreetmap.org"}

DATA_BLOCK_FROM = 10_000
"""Records from which a page carries them in a JSON data element rather than in its script
(:class:`coopmap.maps.layers.RecordStore`'s ``data_block``): read faster by the browser."""


def content_security_policy(tiles: Tiles) -> str:
    """A policy that lets the page run its own inline code and fetch nothing but tiles."""
    images = " ".join(["data:", _TILE_ORIGINS[tiles]] if tiles else ["data:"])
    return (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        f"img-src {images}; base-uri 'none'; form-action 'none'"
    )


def render(
    records: Iterable[Record],
    /,
    *,
    tiles: Tiles = None,
    title: str | None = None,
    points: PointStyle = "spread",
) -> str:
    """The HTML page of :func:`coopmap.maps.build_map` for ``records``, self-contained."""
    with collection_paused():
        m: folium.Map = build_map(records, tiles=tiles, title=title, points=points)
        for child in m._children.values():
            if isinstance(child, RecordStore) and len(child.records) >= DATA_BLOCK_FROM:
                child.data_block = True
        inline_assets(m)
        policy = content_security_policy(tiles)
        m.get_root().header.add_child(
            RawText(f'<meta http-equiv="Content-Security-Policy" content="{policy}">'), name="csp"
        )
        return m.get_root().render()


def write(
    records: Iterable[Record],
    path: str | os.PathLike[str],
    /,
    *,
    tiles: Tiles = None,
    title: str | None = None,
    points: PointStyle = "spread",
) -> Path:
    """Write records as a self-contained HTML map to ``path``; returns the path.

    With the default ``tiles=None`` the page makes no request at all: the offline basemap
    (:mod:`coopmap.maps.basemap`) is the base map. ``tiles="osm"`` adds OpenStreetMap tiles,
    fetched when the page is online.
    ``points`` says what points that share a spot do, or ``"cells"`` for grid cells with
    their numbers of records instead (:mod:`coopmap.maps.points`). From
    :data:`coopmap.maps.layers.WEBGL_FROM` points the page draws them with WebGL.
    """
    path = Path(path)
    page = render(records, tiles=tiles, title=title, points=points)
    with atomic_writer(path) as handle:
        handle.write(page)
    log.info("wrote %s (%d bytes)", path, path.stat().st_size)
    return path
