"""Country outlines: countryinfo's where it has one, else one approximated from towns.

countryinfo has no outline for about a third of the countries (Hungary, Serbia, Myanmar,
Kosovo and many islands). For those the outline is approximated from the country's towns
in ``cities500``: towns closer than twice :data:`APPROX_LINK_DEG` are grouped, so an
archipelago's islands or an exclave get parts of their own rather than one hull over the
sea; each group is wrapped in a concave hull (:data:`APPROX_RATIO`) and the whole widened
by :data:`APPROX_BUFFER_DEG`, so every town lies inside. A country with fewer than three
towns gets a disc of that radius round its point. Such an outline follows the settled
area, not the border (it is marked ``'approximate'`` in the index): good for shading a
country on a map, not for deciding which side of a border a point is on.

The parameters were chosen by approximating the 155 countries that have both a countryinfo
outline and 20 or more towns, and comparing with that outline: these gave a median
intersection over union of 0.70 (a tighter hull, ratio 0.2 and link 0.5, gave 0.65; plain
convex hulls 0.66). Compact, densely settled countries score higher, sparsely settled or
archipelagic ones lower.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "APPROXIMATE",
    "COUNTRYINFO",
    "SHAPE_TOLERANCE",
    "ShapeSource",
    "approximate_shape",
    "countryinfo_shape",
]

#: Where a country's outline came from.
ShapeSource = Literal["countryinfo", "approximate"]
COUNTRYINFO: ShapeSource = "countryinfo"
APPROXIMATE: ShapeSource = "approximate"

#: Tolerance, in degrees, of the simplified country shapes.
SHAPE_TOLERANCE = 0.03

#: Concave hull ratio of an approximate outline (0: tightest, 1: convex hull).
APPROX_RATIO = 0.3
#: Towns up to twice this many degrees apart share a part of an approximate outline.
APPROX_LINK_DEG = 0.75
#: Degrees an approximate outline reaches beyond its outermost towns.
APPROX_BUFFER_DEG = 0.1


def _finish(geometry: BaseGeometry, tolerance: float = SHAPE_TOLERANCE) -> BaseGeometry:
    import shapely

    simplified = shapely.simplify(geometry, tolerance, preserve_topology=True)
    return shapely.make_valid(simplified)


def countryinfo_shape(geojson: dict[str, Any] | None) -> BaseGeometry | None:
    """The simplified outline in countryinfo's ``geoJSON`` entry, or ``None`` if it has none."""
    import shapely
    from shapely.geometry import shape

    features = (geojson or {}).get("features") or ()
    geometries = [shape(f["geometry"]) for f in features if f.get("geometry")]
    if not geometries:
        return None
    return _finish(shapely.union_all(geometries))


def approximate_shape(
    lons: Sequence[float], lats: Sequence[float], /, *, lat: float, lon: float
) -> BaseGeometry:
    """An approximate outline of a country from its towns' positions and its own point.

    ``lons`` and ``lats`` are the towns' coordinates; ``lat`` and ``lon`` the country's
    point, used when it has fewer than three towns.
    """
    import numpy as np
    import shapely

    towns = shapely.points(np.column_stack([lons, lats]).reshape(-1, 2))
    if len(towns) < 3:
        parts = [shapely.Point(lon, lat), *towns]
    else:
        groups = shapely.get_parts(shapely.union_all(shapely.buffer(towns, APPROX_LINK_DEG)))
        tree = shapely.STRtree(towns)
        parts = [
            shapely.concave_hull(
                shapely.multipoints(towns[tree.query(group, predicate="intersects")]),
                ratio=APPROX_RATIO,
            )
            for group in groups
        ]
    outline = shapely.buffer(shapely.union_all(parts), APPROX_BUFFER_DEG)
    outline = shapely.intersection(outline, shapely.box(-180, -90, 180, 90))
    # a finer tolerance than drawn outlines get, so a small island stays round
    return _finish(outline, APPROX_BUFFER_DEG / 5)
