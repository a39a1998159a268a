"""How records look on the map: sector colours, the events colour and one style per precision.

Styles are plain data handed to the browser as JSON. The less precisely a place is known, the
lighter and more broken its outline: an exact site is a solid dot, a city a paler one, a province
a dashed ring, a whole country a dashed, almost transparent polygon (never a pin). The offline
basemap's colours are here too.
"""

from __future__ import annotations

import re
from typing import Any

from coopmap.taxonomy import (
    PRECISION_LABELS,
    SECTORS,
    EventType,
    LinkType,
    Precision,
    Role,
    Sector,
    Status,
)

EVENT_COLOUR = "#3b3b3b"
"""Colour of the events layer: dark grey, apart from every sector colour."""

EVENTS_LABEL = "Events"

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

# Circle markers. "stroke": "self" means the record's own colour.
POINT_STYLES: dict[Precision, dict[str, Any]] = {
    Precision.EXACT: {"radius": 6, "stroke": "#1a1a1a", "weight": 1.5, "fillOpacity": 0.95},
    Precision.NEAR: {"radius": 6, "stroke": "self", "weight": 2, "fillOpacity": 0.7},
    Precision.CITY: {"radius": 7, "stroke": "self", "weight": 1.5, "fillOpacity": 0.4},
    Precision.ADMIN2: {
        "radius": 8,
        "stroke": "self",
        "weight": 1.5,
        "fillOpacity": 0.25,
        "dashArray": "3 2",
    },
    Precision.ADMIN1: {
        "radius": 9,
        "stroke": "self",
        "weight": 2,
        "fillOpacity": 0.15,
        "dashArray": "4 3",
    },
    Precision.COUNTRY: {
        "radius": 12,
        "stroke": "self",
        "weight": 2,
        "fillOpacity": 0.05,
        "dashArray": "6 4",
    },
    Precision.UNKNOWN: {
        "radius": 5,
        "stroke": "#666666",
        "weight": 1.5,
        "fillOpacity": 0.25,
        "dashArray": "2 3",
    },
}

LINE_STYLES: dict[Precision, dict[str, Any]] = {
    Precision.EXACT: {"weight": 4, "opacity": 0.95},
    Precision.NEAR: {"weight": 4, "opacity": 0.8},
    Precision.CITY: {"weight": 4, "opacity": 0.55},
    Precision.ADMIN2: {"weight": 4, "opacity": 0.6, "dashArray": "5 3"},
    Precision.ADMIN1: {"weight": 4, "opacity": 0.7, "dashArray": "8 6"},
    Precision.COUNTRY: {"weight": 3, "opacity": 0.6, "dashArray": "6 4"},
    Precision.UNKNOWN: {"weight": 3, "opacity": 0.5, "dashArray": "2 4"},
}

POLYGON_STYLES: dict[Precision, dict[str, Any]] = {
    Precision.EXACT: {"weight": 2, "opacity": 0.9, "fillOpacity": 0.35},
    Precision.NEAR: {"weight": 2, "opacity": 0.8, "fillOpacity": 0.3},
    Precision.CITY: {"weight": 1.5, "opacity": 0.7, "fillOpacity": 0.2},
    Precision.ADMIN2: {"weight": 1.5, "opacity": 0.75, "fillOpacity": 0.15, "dashArray": "5 3"},
    Precision.ADMIN1: {"weight": 2, "opacity": 0.8, "fillOpacity": 0.12, "dashArray": "8 6"},
    Precision.COUNTRY: {"weight": 2, "opacity": 0.75, "fillOpacity": 0.02, "dashArray": "6 4"},
    Precision.UNKNOWN: {"weight": 1.5, "opacity": 0.5, "fillOpacity": 0.08, "dashArray": "2 4"},
}

BASEMAP_STYLE: dict[str, str] = {
    "sea": "#aad3df",
    "water": "#aad3df",
    "land": "#f3f1ea",
    "coast": "#86aebd",
    "river": "#8ec2d6",
    "border": "#9b8aa3",
    "borderHalo": "#ffffff",
    "label": "#3a3a3a",
    "town": "#ffffff",
    "halo": "#ffffff",
    "font": 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
}
"""The offline basemap's colours and label font (``static/basemap.js``)."""


def checked_colour(colour: str, /) -> str:
    """Return ``colour`` if it is a ``#rrggbb`` colour, else raise ``ValueError``.

    Colours end up in style attributes, so only this one form is let through.
    """
    if not _COLOUR.match(colour):
        raise ValueError(f"{colour!r} is not a #rrggbb colour")
    return colour


def sector_colour(sector: Sector, /) -> str:
    return checked_colour(SECTORS[sector].colour)


def vocabularies() -> dict[str, Any]:
    """Labels the browser needs to show records: sectors, statuses, precisions, types, roles."""
    return {
        "sectors": {
            s.value: {"label": i.label, "colour": checked_colour(i.colour)}
            for s, i in SECTORS.items()
        },
        "statuses": {s.value: s.label for s in Status},
        "precisions": [
            {
                "key": p.value,
                "label": PRECISION_LABELS[p],
                "point": POINT_STYLES[p],
                "line": LINE_STYLES[p],
                "polygon": POLYGON_STYLES[p],
            }
            for p in Precision
        ],
        "eventTypes": {e.value: e.label for e in EventType},
        "roles": {r.value: r.value.capitalize() for r in Role},
        "linkTypes": {t.value: t.value.replace("_", " ").capitalize() for t in LinkType},
        "eventColour": EVENT_COLOUR,
        "basemap": BASEMAP_STYLE,
    }
