"""Sectors of the taxonomy named by the words of a text.

"light railway" is transport, "polypropylene" industry, "gas exploration" energy, "customs"
trade. Longer phrases win over the words inside them ("nuclear power plant" is energy, not
a plant of industry), and matching ignores case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coopmap.taxonomy import Sector

__all__ = ["VOCABULARY", "SectorMention", "find_sectors"]


@dataclass(frozen=True, slots=True)
class SectorMention:
    """A word or phrase at ``text[start:end]`` that names a sector."""

    text: str
    start: int
    end: int
    sector: Sector


#: Words and phrases per sector; ``*`` ends a stem of up to five more letters ("railway*"
#: matches "railways").
VOCABULARY: dict[Sector, tuple[str, ...]] = {
    Sector.TRANSPORT: (
        "light railway*", "light rail", "railway*", "railroad*", "rail line*", "high-speed rail",
        "metro", "subway", "tram*", "road", "roads", "highway*", "motorway*", "expressway*",
        "bridge*", "tunnel*", "port", "ports", "seaport*", "airport*", "aviation", "airline*",
        "logistics", "freight", "transit", "transport*", "transportation", "locomotive*",
        "wagon*", "container terminal*", "dry port*", "shipping", "terminal", "terminals",
        "rail link*", "ferry", "ferries",
    ),
    Sector.ICT: (
        "internet", "telecom*", "telecommunication*", "broadband", "fibre-optic", "fiber-optic",
        "optical fibre", "optical fiber", "5g", "4g", "mobile network*", "data centre*",
        "data center*", "e-commerce", "digital", "software", "satellite*", "cyberspace",
        "information technolog*", "ict",
    ),
    Sector.ENERGY: (
        "energy", "power plant*", "power station*", "nuclear power", "nuclear plant*",
        "hydropower", "hydroelectric", "solar", "wind farm*", "wind power", "electricity",
        "power grid*", "transmission line*", "oil", "crude", "gas", "natural gas", "lng",
        "gas exploration", "oil and gas", "pipeline*", "refiner*", "coal-fired", "thermal power",
        "renewable*", "uranium", "barrels", "dam", "dams", "generating unit*", "substation*",
        "power line*", "hvdc", "high-voltage line*", "high-voltage direct current",
    ),
    Sector.FINANCE: (
        "finance", "financial", "financing", "loan*", "credit line*", "bank*", "banking",
        "investment fund*", "fund*", "currency swap*", "bond*", "insurance", "stock exchange*",
    ),
    Sector.AGRICULTURE: (
        "agricultur*", "agro*", "farm*", "farming", "crop*", "grain", "wheat", "rice",
        "livestock", "cattle", "irrigation", "fisher*", "food processing", "dairy",
    ),
    Sector.INDUSTRY: (
        "industr*", "industrial", "manufactur*", "factory", "factories", "plant*",
        "polypropylene", "polyethylene", "petrochemical*", "chemical*", "steel", "cement",
        "aluminium", "aluminum", "glass", "textile*", "automobile*", "car assembly",
        "machinery", "fertiliser*", "fertilizer*", "smelter*", "smelting",
    ),
    Sector.MINING: (
        "mining", "mine*", "concentrator*", "copper", "gold mine*", "iron ore", "ore", "coal mine*",
        "mineral*", "rare earth*", "tungsten", "zinc", "lead-zinc",
    ),
    Sector.CONSTRUCTION: (
        "construction", "housing", "real estate", "building material*", "residential",
    ),
    Sector.TRADE: (
        "trade", "customs", "quality control", "quality inspection", "standards",
        "standardisation", "standardization", "tariff*",
        "export", "exports", "exporting", "import", "imports", "importing",
        "free trade", "border crossing*", "quarantine",
    ),
    Sector.TOURISM: ("touris*", "tourist*", "hotel*", "resort*", "visa-free", "travel"),
    Sector.ENVIRONMENT: (
        "environmental protection", "environment*", "pollution", "emission*", "climate",
        "ecolog*", "conservation", "water treatment", "waste", "desertification",
    ),
    Sector.GOVERNANCE: (
        "governance", "judicial", "law enforcement", "anti-corruption", "civil service",
        "public administration", "elections",
    ),
}  # fmt: skip


_STEM_TAIL = r"[a-z]{0,5}"


def _pattern() -> tuple[re.Pattern[str], dict[str, Sector]]:
    phrases: list[tuple[str, Sector]] = [
        (phrase, sector) for sector, words in VOCABULARY.items() for phrase in words
    ]
    # longest first, so a phrase beats the words inside it
    phrases.sort(key=lambda item: len(item[0].rstrip("*")), reverse=True)
    groups = []
    owners: dict[str, Sector] = {}
    for index, (phrase, sector) in enumerate(phrases):
        stem = phrase.endswith("*")
        body = r"[\s-]+".join(re.escape(w) for w in phrase.rstrip("*").split())
        name = f"s{index}"
        owners[name] = sector
        tail = _STEM_TAIL if stem else ""
        groups.append(f"(?P<{name}>{body}{tail})")
    return re.compile(r"\b(?:" + "|".join(groups) + r")\b", re.IGNORECASE), owners


_PATTERN, _OWNERS = _pattern()


def find_sectors(text: str, /) -> list[SectorMention]:
    """Return the words and phrases of ``text`` that name a sector, in order."""
    found = []
    for match in _PATTERN.finditer(text):
        name = match.lastgroup
        assert name is not None
        found.append(SectorMention(match.group(), match.start(), match.end(), _OWNERS[name]))
    return found
