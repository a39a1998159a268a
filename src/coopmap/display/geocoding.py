"""How a file's place names were geocoded, in one line for people (the app's upload).

Every lookup counts, a name named on ten rows ten times, as ``coopmap import`` counts them:
found (with the precision of what matched, an answer the user gave included), ambiguous (the
best-ranked taken) and not found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coopmap.taxonomy import Precision

if TYPE_CHECKING:
    from coopmap.formats.placing import Geocoded

__all__ = ["geocoding_text"]


def geocoding_text(geocoded: Sequence[Geocoded], /) -> str | None:
    """``"5 place names geocoded: 4 found, 1 ambiguous (the best-ranked taken), 0 not found;
    5 placed (4 city or town, 1 province or region)."``; ``None`` when nothing was geocoded."""
    if not geocoded:
        return None
    outcomes = Counter(g.outcome for g in geocoded)
    precisions = Counter(g.precision for g in geocoded if g.place is not None)
    placed = sum(precisions.values())
    found = outcomes["found"]
    chosen = sum(g.chosen is not None for g in geocoded)
    by_precision = ", ".join(
        f"{count} {Precision(precision).label.lower()}"
        for precision, count in precisions.most_common()
        if precision is not None
    )
    noun = "place name" if len(geocoded) == 1 else "place names"
    return (
        f"{len(geocoded)} {noun} geocoded: {found} found"
        + (f" ({chosen} as you answered)" if chosen else "")
        + f", {outcomes['ambiguous']} ambiguous "
        f"(the best-ranked taken), {outcomes['not found']} not found; {placed} placed"
        + (f" ({by_precision})." if by_precision else ".")
    )
