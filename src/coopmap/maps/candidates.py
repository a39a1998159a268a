"""A small map of the places a name could mean, numbered as a list of them is, to pick from.

The app's review of an upload shows one per ambiguous place name beside the numbered list:
each candidate a dot with its number, the one taken now drawn larger and red, its name in a
popup, the map opened on them all. The places' names reach the page as data, put into the
popups as text (``static/candidates.js``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import folium

from coopmap.maps.build import Tiles, base_map
from coopmap.maps.element import ScriptElement, Template

if TYPE_CHECKING:
    from coopmap.places import Place

__all__ = ["CandidateLayer", "candidates_map"]


class CandidateLayer(ScriptElement):
    """Numbered dots, one per place, with a popup naming it; ``chosen`` (an index) stands
    out."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = coopmap.candidates({{ this.parent_name() }}, "
        "{{ this.spec()|js_json }});"
        "{% endmacro %}"
    )
    scripts = ("candidates.js",)

    def __init__(self, places: Sequence[Place], /, *, chosen: int | None = None) -> None:
        super().__init__()
        self._name = "CoopmapCandidates"
        self.places = list(places)
        self.chosen = chosen

    def spec(self) -> list[dict[str, Any]]:
        return [
            {
                "n": number,
                "lat": round(place.lat, 5),
                "lon": round(place.lon, 5),
                "label": _label(number, place),
                "chosen": number - 1 == self.chosen,
            }
            for number, place in enumerate(self.places, 1)
        ]


def _label(number: int, place: Place) -> str:
    where = ", ".join(part for part in (place.admin1, place.country) if part)
    return f"{number}. {place.name}" + (f" ({where})" if where else "")


def candidates_map(
    places: Sequence[Place], /, *, chosen: int | None = None, tiles: Tiles = "osm"
) -> folium.Map:
    """An offline map of ``places``, numbered from 1 in their order, opened on them all;
    ``chosen`` is the index of the one taken now."""
    m = base_map(tiles=tiles)
    CandidateLayer(places, chosen=chosen).add_to(m)  # its script opens the map on them
    return m
