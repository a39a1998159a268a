"""How the candidates for one name are ordered.

Candidates for a name are first restricted to the asked countries and level, if any (a
lookup's ``country`` and ``level``), then ordered by, in turn:

1. the preferred countries (a lookup's ``prefer_country``): candidates in them come before
   all others (a preference reorders, it never filters);
2. how the name matched: a primary name, curated alias or demonym beats an alternate name
   or a region's short name (so ``Alexandria`` is Egypt's, not Mashhad, one of whose
   alternate names it is);
3. kind: a country beats any region or city of the same name (``Mexico``, ``Singapore``,
   ``Georgia`` without a hint are the countries);
4. population, a region's (first- or second-level) being divided by
   :data:`REGION_DAMPING`: a city shares its name with a region it usually gives its name
   to (``Beijing``, ``Sao Paulo``, ``Almaty``, ``Manchester``), and people mean the city
   unless the region is far bigger than it.

Rules 2 to 4 do not depend on the query, so the index stores each name's position under
them (:func:`name_rank`) and a lookup reads its rows already in order; only the
restrictions and the preference are applied when asked (:func:`hinted_first`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TypeVar

from coopmap.places.gazetteer.names import WEAK

__all__ = ["REGION_DAMPING", "hinted_first", "name_rank", "place_order"]

#: A region ranks as if it had this many times fewer people than it has (see module doc).
REGION_DAMPING = 20

Row = TypeVar("Row", bound=Sequence[object])


def place_order(place_id: int, precision: str, population: int) -> tuple[bool, float, int]:
    """Sort key of a place among places of one name that matched alike (rules 3 and 4).

    Ties go to the place added to the index first, so the order is total.
    """
    weight = population / REGION_DAMPING if precision in ("admin1", "admin2") else population
    return (precision != "country", -weight, place_id)


def name_rank(kind: int, order: int, place_count: int) -> int:
    """The stored rank of a name: rule 2, then the place's position ``order`` by rule 3 and 4.

    Unique among the names of one key, since a place has each key once.
    """
    return order + place_count if kind in WEAK else order


def hinted_first(rows: list[Row], hint: Collection[str], /, *, column: int) -> list[Row]:
    """Rule 1: rows whose ``column`` (a country code) is in ``hint`` first, order kept."""
    return sorted(rows, key=lambda row: row[column] not in hint)
