"""The places a line runs through: "a railway from Khorgos to Almaty", "between Arkalyk and
Shubarkol", "от Хоргоса до Алматы", "从郑州到汉堡".

A line is two or more places of a sentence written one after the other with a language's
connecting words before and between them ("from ... via ... to"). A project that names one
is drawn as straight segments through those places (:func:`line_location`): its precision is
``near`` and its resolved name says the line is drawn straight, because the real route is not
known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coopmap.reports.toponyms import Toponym
from coopmap.taxonomy import Precision

if TYPE_CHECKING:
    from coopmap.model import Location

__all__ = ["LINE_WORDS", "LineWords", "find_line", "line_location"]


@dataclass(frozen=True)
class LineWords:
    """A language's words before the first place of a line and between its places."""

    before: re.Pattern[str]
    between: re.Pattern[str]


LINE_WORDS = {
    "en": LineWords(
        re.compile(r"\b(?:between|from|linking|connecting|joining)(?:\s+the)?\s*$", re.I),
        # "from Adama east to Awash"
        re.compile(
            r"^\s*(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
            r"(?:wards?)?\s+)?(?:and|to|with|via|through|-|\u2013|\u2014)(?:\s+the)?\s*$",
            re.I,
        ),
    ),
    "ru": LineWords(
        re.compile(r"(?:^|\s)(?:между|от|из|соединяющ\w*|связывающ\w*)\s*$", re.I),
        re.compile(r"^\s*(?:и|до|в|во|через|-|\u2013|\u2014)\s*$", re.I),
    ),
    "zh": LineWords(
        re.compile(r"(?:从|自|由|连接|连通|经)$"),
        re.compile(r"^(?:到|至|和|与|经|—|－|-|\u2013)$"),
    ),
}


def find_line(
    text: str, places: Sequence[Toponym], start: int, end: int, words: LineWords
) -> tuple[Toponym, ...]:
    """The places of the line in ``text[start:end]`` (a clause or sentence), in order, or
    ``()`` if it names none."""
    inside = sorted(
        (t for t in places if start <= t.start and t.end <= end and t.place is not None),
        key=lambda t: t.start,
    )
    for i, first in enumerate(inside):
        if not words.before.search(text, max(start, first.start - 20), first.start):
            continue
        line = [first]
        for nxt in inside[i + 1 :]:
            if not words.between.match(text[line[-1].end : nxt.start]):
                break
            line.append(nxt)
        if len(line) >= 2 and len({(t.place.lat, t.place.lon) for t in line}) == len(line):
            return tuple(line)
    return ()


def line_location(line: Sequence[Toponym]) -> Location:
    """A location drawn as straight segments through the places of ``line``."""
    import shapely

    from coopmap.model import Location

    names = [t.place.name for t in line if t.place is not None]
    countries = {t.place.country for t in line if t.place is not None}
    return Location(
        name=" \u2013 ".join(t.name for t in line),
        geometry=shapely.LineString([(t.place.lon, t.place.lat) for t in line]),
        precision=Precision.NEAR,
        resolved_name=" \u2013 ".join(names) + " (drawn straight between the places named)",
        country=countries.pop() if len(countries) == 1 else None,
    )
