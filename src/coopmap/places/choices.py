"""The places worth offering a person who typed a name: real alternatives, not index noise.

A lookup returns every entry the name reaches: the city of Astana and the region of the same
name at the same point, a village of 79 people in Italy whose alternate names include the
spelling, ... A form that asks "which one do you mean?" should list only what a person would
hesitate between: :func:`choices` keeps one entry per place and drops names matched only
through a minor alternate spelling when the name itself is some place's own name.
"""

from __future__ import annotations

from collections.abc import Sequence

from geopy.distance import great_circle

from coopmap.places.gazetteer import Place

__all__ = ["ALTERNATE_SHARE", "SAME_PLACE_KM", "choices"]

SAME_PLACE_KM = 5.0
"""Entries with the same name closer than this are one place (a city and the region named
after it share a point)."""

ALTERNATE_SHARE = 0.1
"""An entry matched only through an alternate spelling is kept beside entries that carry the
name itself when it is at least this share of the most populous of those."""

_OWN_NAME = {"primary", "normalised", "alias", "code"}


def choices(candidates: Sequence[Place], /) -> list[Place]:
    """The candidates, best first, without repeats of one place and without minor places
    reached only through an alternate spelling when some place carries the name itself."""
    kept: list[Place] = []
    for place in candidates:
        if not any(_same_place(place, other) for other in kept):
            kept.append(place)
    own = [place for place in kept if place.match in _OWN_NAME]
    if not own:
        return kept
    biggest = max(place.population for place in own)
    return [
        place
        for place in kept
        if place.match in _OWN_NAME or place.population >= ALTERNATE_SHARE * biggest > 0
    ]


def _same_place(a: Place, b: Place) -> bool:
    if a.country != b.country:
        return False
    return great_circle((a.lat, a.lon), (b.lat, b.lon)).km < SAME_PLACE_KM
