"""Quantities with units in a text: lengths, capacities, masses, money, counts of things.

"a 22.4 km light railway", "18 stations", "1,200 MW", "3 million tonnes", "$1.9 billion",
"2 billion yuan", "USD 500 million", "52 joint projects", "a dozen agreements". Units are
given as written in a canonical short form (``km``, ``MW``, ``t``); money carries an ISO 4217
currency code and counts the plural noun they count ("stations").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Quantity", "find_quantities", "quantities_by"]


def _words(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, as found at ``text[start:end]``.

    ``kind`` is ``'money'`` (``unit`` is a currency code), ``'count'`` (``unit`` is the
    noun counted) or the measure (``'length'``, ``'power'``, ``'energy'``, ``'mass'``,
    ``'volume'``, ``'area'``, ``'rate'``, ``'share'``; a ``'distance'`` is a length that
    says how far away something is: "80 km from Tashkent", "40 km north of the city").
    """

    text: str
    start: int
    end: int
    value: float
    unit: str
    kind: str


_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "a dozen": 12, "dozen": 12, "a hundred": 100, "a couple of": 2, "a pair of": 2,
}  # fmt: skip

#: Unit words as written -> (canonical unit, kind, factor to the canonical unit).
_UNITS: dict[str, tuple[str, str, float]] = {
    "km": ("km", "length", 1),
    "kilometres": ("km", "length", 1),
    "kilometers": ("km", "length", 1),
    "kilometre": ("km", "length", 1),
    "kilometer": ("km", "length", 1),
    "miles": ("km", "length", 1.609344),
    "mile": ("km", "length", 1.609344),
    "metres": ("m", "length", 1),
    "meters": ("m", "length", 1),
    "m": ("m", "length", 1),
    "kw": ("MW", "power", 1e-3),
    "mw": ("MW", "power", 1),
    "megawatts": ("MW", "power", 1),
    "megawatt": ("MW", "power", 1),
    "gw": ("MW", "power", 1e3),
    "gigawatts": ("MW", "power", 1e3),
    "gigawatt": ("MW", "power", 1e3),
    "kwh": ("MWh", "energy", 1e-3),
    "mwh": ("MWh", "energy", 1),
    "gwh": ("MWh", "energy", 1e3),
    "twh": ("MWh", "energy", 1e6),
    "kv": ("kV", "voltage", 1),
    "tonnes": ("t", "mass", 1),
    "tonne": ("t", "mass", 1),
    "tons": ("t", "mass", 1),
    "ton": ("t", "mass", 1),
    "t": ("t", "mass", 1),
    "mt": ("t", "mass", 1e6),
    "barrels": ("bbl", "volume", 1),
    "barrel": ("bbl", "volume", 1),
    "bbl": ("bbl", "volume", 1),
    "barrels per day": ("bbl/d", "rate", 1),
    "barrels a day": ("bbl/d", "rate", 1),
    "bpd": ("bbl/d", "rate", 1),
    "cubic metres": ("m3", "volume", 1),
    "cubic meters": ("m3", "volume", 1),
    "cu m": ("m3", "volume", 1),
    "bcm": ("m3", "volume", 1e9),
    "hectares": ("ha", "area", 1),
    "ha": ("ha", "area", 1),
    "square kilometres": ("km2", "area", 1),
    "square kilometers": ("km2", "area", 1),
    "sq km": ("km2", "area", 1),
    "km2": ("km2", "area", 1),
    "percent": ("%", "share", 1),
    "per cent": ("%", "share", 1),
    "%": ("%", "share", 1),
    "km/h": ("km/h", "speed", 1),
    "kilometres per hour": ("km/h", "speed", 1),
    "kilometers per hour": ("km/h", "speed", 1),
    "teu": ("TEU", "volume", 1),
}

_CURRENCY_BEFORE = {
    "us$": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP",
    "gbp": "GBP", "¥": "CNY", "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "rs": "INR",
    "rs.": "INR", "inr": "INR", "rub": "RUB", "kzt": "KZT", "jpy": "JPY", "a$": "AUD",
    "c$": "CAD", "hk$": "HKD",
}  # fmt: skip
_CURRENCY_AFTER = {
    "u.s. dollars": "USD", "us dollars": "USD", "dollars": "USD", "dollar": "USD",
    "usd": "USD", "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "euros": "EUR",
    "euro": "EUR", "eur": "EUR", "pounds": "GBP", "pounds sterling": "GBP", "rubles": "RUB",
    "roubles": "RUB", "tenge": "KZT", "rupees": "INR", "yen": "JPY", "won": "KRW",
    "dirhams": "AED", "riyals": "SAR", "soms": "KGS", "som": "KGS", "manats": "TMT",
}  # fmt: skip

#: The words a currency is written with after an amount ("dollars", "yuan", "tenge"): a
#: place name before one is the currency's, not a place ("U.S. dollars").
CURRENCY_WORDS = frozenset(name.split()[-1] for name in _CURRENCY_AFTER)

#: Nouns that a bare number counts.
COUNTED = _words(
    """
    stations station depots depot projects project agreements agreement deals deal
    documents contracts contract memorandums memoranda plants plant factories factory
    mines mine wells lines bridges tunnels roads trains locomotives wagons cars buses
    aircraft planes ships vessels companies enterprises firms jobs workers employees
    people countries cities provinces regions parks zones turbines units blocks reactors
    pipelines terminals ports airports schools hospitals houses homes apartments flights
    routes stops lanes tracks containers kilns sites fields hotels delegations ministers
    members
    """
)

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|mln|bln|mn|bn|tn|m|b|k)\b)?"
_ALT = lambda table: "|".join(  # noqa: E731
    sorted((re.escape(w) for w in table), key=len, reverse=True)
)

_MONEY_BEFORE = re.compile(
    rf"(?P<cur>{_ALT(_CURRENCY_BEFORE)})\s?(?P<num>{_NUMBER}){_SCALE}", re.IGNORECASE
)
_MONEY_AFTER = re.compile(
    rf"\b(?P<num>{_NUMBER}){_SCALE}\s+(?:of\s+)?(?P<cur>{_ALT(_CURRENCY_AFTER)})\b",
    re.IGNORECASE,
)
_MEASURE = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUMBER}){_SCALE}[\s-]?(?P<unit>{_ALT(_UNITS)})(?![\w])",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?<![\w.,$])(?P<num>{_NUMBER}|{_WORDNUM})(?:\s+(?P<scale>thousand|million))?"
    rf"(?:\s+(?!(?:{_WORDNUM}|\d)\b)(?:[a-z][\w-]*|and)){{0,4}}?\s+(?P<noun>{_ALT(COUNTED)})\b",
    re.IGNORECASE,
)
_CASE_SENSITIVE_UNITS = {"m", "t", "b", "k", "mt"}
# a number right after a capitalised word is part of a name: "Samarkand 1 solar plant",
# "Unit 2 reactor"
# ("All 40 turbines" opens a sentence)
_NAMED_NUMBER = re.compile(r"(?<=[\w,;]\s)[A-Z][\w-]*\s$")
# "18 stations and a depot": one more counted thing after a count
_AND_ONE = re.compile(
    rf"\s*(?:,\s*)?(?:and|plus|with)\s+(?P<one>(?:a|an)\s+(?P<noun>{_ALT(COUNTED)}))\b",
    re.IGNORECASE,
)


def _value(number: str, scale: str | None) -> float:
    lowered = number.lower()
    value = (
        float(_WORD_NUMBERS[lowered])
        if lowered in _WORD_NUMBERS
        else float(number.replace(",", ""))
    )
    return value * (_SCALES[scale.lower()] if scale else 1)


def find_quantities(text: str, /) -> list[Quantity]:
    """Return the quantities in ``text``, in order, without overlaps (money first)."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], value: float, unit: str, kind: str) -> None:
        start, end = match.span()
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(Quantity(text[start:end], start, end, value, unit, kind))

    for pattern in (_MONEY_BEFORE, _MONEY_AFTER):
        for m in pattern.finditer(text):
            key = m["cur"].lower()
            currency = _CURRENCY_BEFORE.get(key) or _CURRENCY_AFTER[key]
            add(m, _value(m["num"], m["scale"]), currency, "money")
    for m in _MEASURE.finditer(text):
        unit_text = m["unit"]
        key = unit_text.lower()
        if key in _CASE_SENSITIVE_UNITS and unit_text not in ("m", "t", "Mt", "MT"):
            continue
        if _looks_like_year(m["num"]) and not m["scale"]:
            continue
        unit, kind, factor = _UNITS[key]
        if kind == "length" and _is_distance(text, m.end()):
            kind = "distance"
        add(m, _value(m["num"], m["scale"]) * factor, unit, kind)
    for m in _COUNT.finditer(text):
        noun = m["noun"].lower()
        named = _NAMED_NUMBER.search(text, max(0, m.start() - 40), m.start())
        if _looks_like_year(m["num"]) or named:
            continue
        add(m, _value(m["num"], m["scale"]), noun, "count")
    for q in [q for q in found if q.kind == "count"]:
        one = _AND_ONE.match(text, q.end)
        if one is not None:
            start, end = one.span("one")
            if not any(start < e and s < end for s, e in taken):
                taken.append((start, end))
                found.append(
                    Quantity(text[start:end], start, end, 1.0, one["noun"].lower(), "count")
                )
    return sorted(found, key=lambda q: q.start)


# "80 km from Tashkent", "40 km north of", "some 30 km away"; but "1,830 km from A to B" is
# the length of a line
_AWAY = re.compile(
    r"\s+(?:away|outside|off|(?:(?:north|south|east|west)(?:-?(?:east|west))?|upstream|"
    r"downstream|inland)\s+(?:of|from)|from\b(?P<rest>[^.;:]*))",
    re.IGNORECASE,
)


def _is_distance(text: str, end: int) -> bool:
    match = _AWAY.match(text, end)
    if match is None:
        return False
    rest = match["rest"]
    return rest is None or re.search(r"\b(?:to|until|till)\b", rest) is None


def _looks_like_year(number: str) -> bool:
    return number.isdigit() and len(number) == 4 and 1800 <= int(number) <= 2100


def quantities_by(
    text: str,
    patterns: Sequence[tuple[str, str, re.Pattern[str]]],
    value: Callable[[re.Match[str]], float],
) -> list[Quantity]:
    """The quantities another language's ``(kind, unit, pattern)`` find in ``text``, the
    earlier pattern winning an overlap, each worth ``value(match)`` (a pattern names its
    number's scale ``scale``: a count has none and is whole); in text order."""
    taken: list[tuple[int, int]] = []
    found: list[Quantity] = []
    for kind, unit, pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            amount = value(match)
            if kind == "count" and (match["scale"] or not amount.is_integer()):
                continue
            taken.append((start, end))
            found.append(Quantity(match.group(0), start, end, amount, unit, kind))
    return sorted(found, key=lambda q: q.start)
