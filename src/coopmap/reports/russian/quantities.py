"""Quantities in a Russian text: "22,4 км", "18 станций", "500 МВт", "300 тыс. тонн",
"1,9 млрд долларов США", "50 млрд тенге", with the units and currency codes the English
finder gives (:class:`~coopmap.reports.quantities.Quantity`)."""

from __future__ import annotations

import re

from coopmap.reports.quantities import Quantity, quantities_by

__all__ = ["find_quantities"]

_NUMBER = r"(?P<number>\d{1,3}(?:[\s\u00a0]\d{3})+|\d+(?:[.,]\d+)?)"
_SCALES = {"тыс": 1e3, "тысяч": 1e3, "млн": 1e6, "миллион": 1e6, "млрд": 1e9, "миллиард": 1e9,
           "трлн": 1e12, "триллион": 1e12}  # fmt: skip
_SCALE = (
    r"(?:\s*(?P<scale>тыс\.?|тысяч\w*|млн\.?|миллион\w*|млрд\.?|миллиард\w*|трлн\.?|триллион\w*))?"
)

# (unit pattern, canonical unit, kind); the longer first
_UNITS = (
    (r"км|километр\w*", "km", "length"),
    # power and energy in the English finder's units (MW, MWh), see _FACTORS
    (
        r"(?:кВт|МВт|ГВт|ТВт)[\s·\u22c5*-]*ч\b|(?:кило|мега|гига|тера)ватт[\s-]*час\w*",
        "MWh",
        "energy",
    ),
    (r"МВт|мегаватт\w*", "MW", "power"),
    (r"ГВт|гигаватт\w*", "MW", "power"),
    (r"кВт|киловатт\w*", "MW", "power"),
    (r"кВ|киловольт\w*", "kV", "voltage"),
    (r"тонн\w*|т\b", "t", "mass"),
    (r"гектар\w*|га\b", "ha", "area"),
    (r"ДФЭ|TEU", "TEU", "volume"),
    (r"кубометр\w*|куб\.\s*м", "m3", "volume"),
    (r"метр\w*|м\b", "m", "length"),
)
_CURRENCIES = (
    (r"доллар\w*(?:\s+США)?", "USD"),
    (r"евро", "EUR"),
    (r"юан\w*", "CNY"),
    (r"тенге", "KZT"),
    (r"рубл\w*", "RUB"),
)
# the things counted, as the English finder names them
_COUNTED = (
    (r"станци\w*", "stations"),
    (r"турбин\w*", "turbines"),
    (r"вагон\w*", "wagons"),
    (r"поезд\w*", "trains"),
    (r"рабочих\s+мест", "jobs"),
    (r"скважин\w*", "wells"),
)

_PATTERNS = [
    (kind, unit, re.compile(rf"(?<![\w,.]){_NUMBER}{_SCALE}\s*(?P<unit>{pattern})(?!\w)", re.I))
    for pattern, unit, kind in (
        *((p, code, "money") for p, code in _CURRENCIES),
        *_UNITS,
        *((p, noun, "count") for p, noun in _COUNTED),
    )
]
_DOLLAR = re.compile(rf"\$\s*{_NUMBER}{_SCALE}")


def find_quantities(text: str, /) -> list[Quantity]:
    """Return the quantities in a Russian ``text``, in order, without overlaps."""
    return quantities_by(text, [("money", "USD", _DOLLAR), *_PATTERNS], _value)


#: What a unit is worth in the unit it is given in, by its first letters.
_FACTORS = (
    ("квт", 1e-3), ("киловатт", 1e-3), ("гвт", 1e3), ("гигаватт", 1e3), ("твт", 1e6),
    ("тераватт", 1e6),
)  # fmt: skip


def _value(match: re.Match[str]) -> float:
    number = re.sub(r"[\s\u00a0]", "", match["number"]).replace(",", ".")
    value = float(number)
    unit = match["unit"].lower()
    value *= next((f for stem, f in _FACTORS if unit.startswith(stem)), 1)
    scale = (match["scale"] or "").lower().rstrip(".")
    for stem, factor in _SCALES.items():
        if scale.startswith(stem):
            return value * factor
    return value
