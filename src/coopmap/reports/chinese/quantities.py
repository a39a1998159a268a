"""Quantities in a Chinese text: "22.4公里", "18座车站", "300兆瓦", "410万吨", "20亿美元",
"500亿元", with the units and currency codes the English finder gives
(:class:`~coopmap.reports.quantities.Quantity`)."""

from __future__ import annotations

import re

from coopmap.reports.quantities import Quantity, quantities_by

__all__ = ["find_quantities"]

_NUMBER = r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)"
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "万亿": 1e12}
_SCALE = r"(?P<scale>万亿|百万|万|亿|千)?"

# power and energy in the English finder's units (MW, MWh), see _FACTORS
_UNITS = (
    (r"公里|千米", "km", "length"),
    (r"千瓦时|度电", "MWh", "energy"),
    (r"兆瓦时", "MWh", "energy"),
    (r"兆瓦", "MW", "power"),
    (r"吉瓦", "MW", "power"),
    (r"千瓦", "MW", "power"),
    (r"千伏", "kV", "voltage"),
    (r"吨", "t", "mass"),
    (r"公顷", "ha", "area"),
    (r"标箱|TEU", "TEU", "volume"),
    (r"立方米", "m3", "volume"),
    (r"米", "m", "length"),
)
_CURRENCIES = (
    (r"美元", "USD"),
    (r"欧元", "EUR"),
    (r"坚戈", "KZT"),
    (r"卢布", "RUB"),
    (r"(?:元人民币|人民币|元)", "CNY"),
)
_COUNTED = (
    (r"(?:座|个)?(?:车站|站)", "stations"),
    (r"(?:台)?(?:风机|风电机组|涡轮机)", "turbines"),
    (r"(?:列|趟)(?:列车|班列)?", "trains"),
)

#: What a unit is worth in the unit it is given in.
_FACTORS = {"千瓦时": 1e-3, "度电": 1e-3, "吉瓦": 1e3, "千瓦": 1e-3}

# "2台66万千瓦": two units of 660 MW each
_UNITS_OF = r"(?:(?P<units>\d{1,2})\s*台\s*)?"

_PATTERNS = [
    (kind, unit, re.compile(rf"{_UNITS_OF}{_NUMBER}\s*{_SCALE}\s*(?P<unit>{pattern})"))
    for pattern, unit, kind in (
        *((p, code, "money") for p, code in _CURRENCIES),
        *_UNITS,
        *((p, noun, "count") for p, noun in _COUNTED),
    )
]


def find_quantities(text: str, /) -> list[Quantity]:
    """Return the quantities in a Chinese ``text``, in order, without overlaps."""
    return quantities_by(text, _PATTERNS, _value)


def _value(match: re.Match[str]) -> float:
    value = float(match["number"].replace(",", "")) * _SCALES.get(match["scale"] or "", 1)
    units = int(match["units"]) if match["units"] else 1
    return value * units * _FACTORS.get(match["unit"], 1)
