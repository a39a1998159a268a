"""Which of a map's layers a filter draws."""

from __future__ import annotations

from coopmap.maps.cells import EVENTS_KEY
from coopmap.query import Filter


def layer_keys(flt: Filter, /) -> set[str] | None:
    """Keys of the layers to draw for ``flt`` (None: all of them): only the chosen sectors'
    and the events'. A project also in another sector is kept, but not drawn in the layer of a
    sector the user deselected."""
    if flt.no_sectors:
        return {EVENTS_KEY}
    if flt.sectors:
        return {sector.value for sector in flt.sectors} | {EVENTS_KEY}
    return None
