"""Toponym resolution: which of a name's candidate places a text means.

Each name's candidates are scored by population, how the name matched, and the document:
the countries and regions its other names speak for (a name is not its own evidence), its
dateline, a neighbouring region, the places it names nearby, and readings of two names that
lie together (a town and the county it is in).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from geopy.distance import great_circle

from coopmap.places import Gazetteer, Place
from coopmap.reports.toponyms.lookup import US_STATES, WEAK, Mention
from coopmap.taxonomy import LOCAL_PRECISIONS, Precision

_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z\u00c0-\u017f .'-]{1,40}?)"
    r"(?:,\s*(?P<state>[A-Z][A-Za-z. ]{1,30}?))?\s*(?:,|\(|\u2014|\u2013|--| - )"
)


@dataclass(slots=True)
class _Context:
    """What a text's names say about where it is: votes for countries and first-level
    regions, and each name's own votes (a name is not its own evidence: "Georgia" four
    times does not make a story about Georgia's counties Georgian)."""

    countries: Counter[str]
    regions: Counter[str]
    own: dict[str, tuple[Counter[str], Counter[str]]]

    def without(self, key: str) -> tuple[Counter[str], int, Counter[str]]:
        """The votes of all names but ``key``, and their number."""
        own = self.own.get(key)
        if own is None:
            countries, regions = self.countries, self.regions
        else:
            countries, regions = self.countries - own[0], self.regions - own[1]
        return countries, sum(countries.values()), regions


def _context(mentions: list[Mention], dateline: Place | None) -> _Context:
    countries: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    own: dict[str, tuple[Counter[str], Counter[str]]] = {}
    for m in mentions:
        votes = own.setdefault(m.key, (Counter(), Counter()))
        country, weight, region = _votes(m)
        if country is not None:
            votes[0][country] += weight
        if region is not None:
            votes[1][region] += 1
        if m.hint_admin1:
            votes[1][m.hint_admin1] += 1
    for country_votes, region_votes in own.values():
        countries.update(country_votes)
        regions.update(region_votes)
    if dateline is not None and dateline.country:
        countries[dateline.country] += 3
        if dateline.admin1:
            regions[dateline.admin1] += 1
    return _Context(countries, regions, own)


def _votes(m: Mention) -> tuple[str | None, int, str | None]:
    """The country (with a weight) and the region a name speaks for, if it is clear: a
    country or region named by its own name, or a name whose candidates agree or one of
    which dwarfs the others."""
    top = m.candidates[0]
    if top.country is None:
        return None, 0, None
    if top.precision is Precision.COUNTRY and top.match not in WEAK:
        return top.country, 2, None
    if top.precision is Precision.ADMIN1 and top.match not in WEAK:
        return top.country, 1, top.name
    if len(m.candidates) == 1 or top.population > 20 * (m.candidates[1].population + 1):
        return top.country, 1, top.admin1
    readings = [c for c in m.candidates if c.match not in WEAK]
    if len({c.country for c in readings}) == 1:
        admin1 = {c.admin1 for c in readings}
        return top.country, 1, admin1.pop() if len(admin1) == 1 else None
    return None, 0, None


def _score(
    place: Place, rank: int, m: Mention, countries: Counter[str], total: int, regions: Counter[str]
) -> float:
    population = place.population
    if place.precision is Precision.ADMIN1:
        population //= 20
    if place.source == "coopmap":
        population = WIDE_POPULATION
    score = math.log10(population + 10) - 0.05 * rank
    if place.match in WEAK:
        score -= 2.5
    if place.precision is Precision.COUNTRY or place.source == "coopmap":
        score += 3
    if m.forced is not None:
        score += 2 if place.precision is m.forced else 0
    if place.country and total:
        score += 4 * countries[place.country] / total
    if place.admin1 and place.admin1 in regions:
        score += 2
    if m.hint_admin1 and place.admin1 and place.admin1.lower() == m.hint_admin1.lower():
        score += 8
    return score


def resolve(mentions: list[Mention], dateline: Place | None) -> None:
    """Set each mention's ``resolved`` place, in the light of the others and the dateline."""
    context = _context(mentions, dateline)
    for m in mentions:
        m.resolved = _best(m, context, (), None)
    # second pass: places near the others the text names ("Paris" in a story about
    # towns in Texas is Paris, Texas), and readings of two names that lie together
    # ("Paris" and "Henry County" are the Tennessee ones)
    anchors = [
        (m.key, m.resolved)
        for m in mentions
        if m.resolved is not None
        and m.resolved.precision in (*LOCAL_PRECISIONS, Precision.ADMIN1)
        and m.resolved.source != "coopmap"
    ]
    if not anchors:
        return
    grid = _Grid(mentions)
    for m in mentions:
        if len(m.candidates) > 1:
            near = tuple(place for key, place in anchors if key != m.key)
            m.resolved = _best(m, context, near, grid)


def _best(m: Mention, context: _Context, anchors: tuple[Place, ...], grid: _Grid | None) -> Place:
    if len(m.candidates) == 1:
        return m.candidates[0]
    countries, total, regions = context.without(m.key)
    # a name that a country or first-level region has ("Georgia", "California") means it
    # unless the text says otherwise ("California, Md."): nearness alone does not make
    # it a town
    region_named = any(
        c.precision in (Precision.COUNTRY, Precision.ADMIN1) and c.match not in WEAK
        for c in m.candidates
    )
    scored = []
    for rank, p in enumerate(m.candidates):
        score = _score(p, rank, m, countries, total, regions)
        near = anchors and p.precision is not Precision.COUNTRY
        if near and not (region_named and p.precision in LOCAL_PRECISIONS):
            distance = min(km(p, a) for a in anchors)
            if distance >= 150 and grid is not None and grid.beside(p, m.key):
                distance = 0
            score += NEAR_BONUS if distance < 150 else NEAR_BONUS / 2 if distance < 400 else 0
        scored.append((score, -rank, p))
    return max(scored, key=lambda s: (s[0], s[1]))[2]


class _Grid:
    """Every town reading of every name, by cell, to find readings of two names that lie
    within :data:`BESIDE_KM` of each other."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.cells: dict[tuple[int, int], list[tuple[str, Place]]] = {}
        for m in mentions:
            for p in m.candidates:
                if p.precision in LOCAL_PRECISIONS and p.match not in WEAK:
                    self.cells.setdefault(_cell(p), []).append((m.key, p))

    def beside(self, place: Place, key: str) -> bool:
        """Whether a reading of a name other than ``key`` lies beside ``place``."""
        row, column = _cell(place)
        return any(
            other != key and q.country == place.country and km(place, q) < BESIDE_KM
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for other, q in self.cells.get((row + dr, column + dc), ())
        )


def _cell(place: Place) -> tuple[int, int]:
    # cells of half a degree of latitude and a degree of longitude: a neighbour within
    # BESIDE_KM lies in one of the nine around (short of the polar circles)
    return math.floor(place.lat * 2), math.floor(place.lon)


#: Two readings this close (km) support each other (a town and the county it lies in).
BESIDE_KM = 30.0


#: A continent's or wide region's weight against towns of its name, as if it had this many
#: people: a town wins only with the text's help ("Palestine" in a story about Texas).
WIDE_POPULATION = 10_000_000

#: Score added to a candidate within 150 km of another place the text names (half within
#: 400 km).
NEAR_BONUS = 3.0


def km(a: Place, b: Place) -> float:
    """The great-circle distance between two places, in km."""
    return _km_apart(a.lat, a.lon, b.lat, b.lon)


# Each mention of a name weighs its readings against the text's other places again, so one
# text asks for the same distances many times, and geopy takes microseconds for each.
@functools.lru_cache(maxsize=4096)
def _km_apart(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return great_circle((lat1, lon1), (lat2, lon2)).km


def dateline_place(text: str, gazetteer: Gazetteer) -> Place | None:
    """The place of a text's dateline ("ALMATY, Dec 14 (Reuters) -"), if it has one."""
    match = _DATELINE.match(text[:120])
    if not match:
        return None
    name = match["place"].strip()
    if not name.isupper() and "(" not in text[match.end() - 1 : match.end() + 40]:
        return None
    state = (match["state"] or "").strip().rstrip(".")
    state = US_STATES.get(state.lower(), state)
    candidates = gazetteer.lookup(name, limit=25)
    if state:
        candidates = [p for p in candidates if p.admin1 == state] or candidates
    return candidates[0] if candidates else None
