"""Whether an imported location lies in the country its record names.

Each location is checked against the outlines (:meth:`~coopmap.places.Gazetteer.country_shape`)
of the record's ``countries``, which the messages name; a record that names no country has its
locations checked against their own ``country``, and a location with neither is not checked. A
location inside the record's countries whose own ``country`` is not one of them is a warning
too (one of the two is wrong). Outlines are simplified and some are approximated from towns, so
"inside" allows :data:`TOLERANCE_DEG` of slack.

- Outside the country, but inside it with latitude and longitude swapped: an **error**. A
  swapped pair is the commonest slip in hand-made files (``[lat, lon]`` in GeoJSON, columns in
  the wrong order), and importing it would put the record on the wrong continent.
- Outside the country otherwise: a **warning**, which does not block the import unless asked
  (``strict``). A record's countries are the parties to a project or an event, and an event may
  well happen in a third country (a summit abroad, a signing at the UN), a port or an offshore
  site may lie beyond a simplified coastline, and an approximate outline leaves out unsettled
  land; refusing these would refuse good records. The warning names the row and field, so the
  user sees every such point and can fix or accept it.
"""

from __future__ import annotations

import logging
from typing import Literal

import shapely
from shapely.geometry.base import BaseGeometry

from coopmap.model import Record, latlon_of
from coopmap.places.gazetteer import default_gazetteer

__all__ = ["TOLERANCE_DEG", "Finding", "PlaceCheck"]

log = logging.getLogger(__name__)

TOLERANCE_DEG = 0.1
"""How far (degrees, about 11 km) outside an outline a location still counts as inside it."""

Finding = tuple[Literal["error", "warning"], str, str]
"""``(level, field, reason)``."""


class PlaceCheck:
    """Checks locations against country outlines, opening the gazetteer on first need."""

    def __init__(self) -> None:
        self._shapes: dict[str, BaseGeometry | None] = {}
        self._areas: dict[tuple[str, ...], BaseGeometry | None] = {}
        self._approximate: set[str] = set()

    def check(self, record: Record, /, *, field: str = "geometry") -> list[Finding]:
        """What is wrong with (error) or doubtful about (warning) the record's locations."""
        findings: list[Finding] = []
        several = len(record.locations) > 1
        for index, location in enumerate(record.locations):
            stated = list(record.countries) or ([location.country] if location.country else [])
            area = self._area(stated)
            which = f"location {index + 1} ({location.name})" if several else location.name
            countries = ", ".join(stated)
            if area is None or shapely.dwithin(area, location.geometry, TOLERANCE_DEG):
                if area is not None and location.country and location.country not in stated:
                    findings.append(
                        (
                            "warning",
                            field,
                            f"{which} is given as in {location.country}, but the record names "
                            f"{countries}; check the location's country and the record's",
                        )
                    )
                continue
            swapped = _swapped(location.geometry)
            if swapped is not None and shapely.dwithin(area, swapped, TOLERANCE_DEG):
                lat, lon = latlon_of(location.geometry)
                findings.append(
                    (
                        "error",
                        field,
                        f"latitude and longitude look swapped: {which} at lat {lat:g}, lon "
                        f"{lon:g} lies outside {countries}, but at lat {lon:g}, lon {lat:g} it "
                        "would lie inside; swap them",
                    )
                )
                continue
            note = (
                " (whose outline is approximate)"
                if any(code in self._approximate for code in stated)
                else ""
            )
            lat, lon = latlon_of(location.geometry)
            findings.append(
                (
                    "warning",
                    field,
                    f"{which} at lat {lat:g}, lon {lon:g} lies outside {countries}{note}, the "
                    "country the record names; check the coordinates and countries",
                )
            )
        return findings

    def _area(self, codes: list[str]) -> BaseGeometry | None:
        """The union of the countries' outlines, or ``None`` when any is unknown."""
        key = tuple(sorted(set(codes)))
        if key not in self._areas:
            shapes = [self._shape(code) for code in key]
            area = None
            if shapes and all(shape is not None for shape in shapes):
                area = shapes[0] if len(shapes) == 1 else shapely.union_all(shapes)
                shapely.prepare(area)
            self._areas[key] = area
        return self._areas[key]

    def _shape(self, code: str) -> BaseGeometry | None:
        if code not in self._shapes:
            gazetteer = default_gazetteer()
            shape = gazetteer.country_shape(code)
            if shape is None:
                log.info("no outline for country %s: its locations are not checked", code)
            if gazetteer.shape_source(code) == "approximate":
                self._approximate.add(code)
            self._shapes[code] = shape
        return self._shapes[code]


def _swapped(geometry: BaseGeometry) -> BaseGeometry | None:
    """The geometry with x and y exchanged, or ``None`` when that is not a place on Earth."""
    coordinates = shapely.get_coordinates(geometry)
    if (abs(coordinates[:, 0]) > 90).any():
        return None
    return shapely.transform(geometry, lambda xy: xy[:, ::-1])
