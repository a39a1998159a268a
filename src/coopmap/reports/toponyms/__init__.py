"""Toponyms in a text: where place names are, and which places they mean.

Recognition works on runs of capitalised words. Within a run the longest stretch that the
gazetteer knows is taken first; no place is taken inside the name of an organisation ("China
Railway Group", "Washington Post") or a facility ("Great Hall" of the People), as
:func:`coopmap.reports.organisations.name_spans` finds them, and a word after a title
("Premier Li") is a person. A gazetteer name that is also a common English
word ("May", "Police", "Reading") is kept only with a strong signal: a country or region,
a big city, or a cue such as "in X". Acronyms ("SCO", "EU") are places only when a curated
name says so ("U.S.", "UK").

Resolution ranks each name's candidates by population, how the name matched, and the
document: the countries and regions its other names speak for (a name is not its own
evidence), its dateline ("ALMATY, Dec 14 (Reuters) -"), a neighbouring region
("Springfield, Illinois"), the places it names nearby, and readings of two names that lie
together (a town and the county it is in). So "Punjab" in a story about Pakistan is
Pakistan's, and "Paris" beside "Henry County" is the town in Tennessee. A name that a
country or first-level region has means it unless the text says otherwise, and a continent
or wide region gives way to a town of its name ("Palestine", Texas) only with the text's
help. :func:`resolve_spans` also places names the gazetteer lacks, from the text around
them.

A word counts as common when it is on the list ``data/not_places.csv`` or written in lower
case elsewhere in the same text. (English frequency lists such as wordfreq's fold case, so
they rate "london" as common as "police" and do not tell the two apart.) The word lists are
CSV files in ``data/`` that users can extend (:mod:`coopmap.reports.lexicon`).

Looking names up is in :mod:`~coopmap.reports.toponyms.lookup`, recognition in
:mod:`~coopmap.reports.toponyms.recognition`, resolution in
:mod:`~coopmap.reports.toponyms.resolution` and placing given spans in
:mod:`~coopmap.reports.toponyms.spans`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from coopmap.places import Gazetteer, Place, default_gazetteer
from coopmap.reports.tokens import tokenize
from coopmap.reports.toponyms.recognition import recognise
from coopmap.reports.toponyms.resolution import dateline_place, resolve
from coopmap.reports.toponyms.spans import resolve_spans

__all__ = ["Toponym", "find_toponyms", "places_of", "resolve_spans"]


log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name found in a text.

    ``name`` is the text as written (``text[start:end]``); ``place`` the gazetteer's
    answer, or ``None`` when the name reads as a place but the gazetteer does not know it
    ("Laurel County"). ``demonym`` marks adjectival forms ("Kazakh"); ``candidates`` is how
    many places the name could have meant.
    """

    name: str
    start: int
    end: int
    place: Place | None
    demonym: bool = False
    candidates: int = 0

    def to_dict(self) -> dict[str, object]:
        """Return the toponym as a JSON-ready dict (the place's fields flattened)."""
        place = self.place
        return {
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "country": place.country if place else None,
            "precision": place.precision.value if place else None,
            "geonameid": place.geonameid if place else None,
        }


def find_toponyms(
    text: str,
    /,
    *,
    gazetteer: Gazetteer | None = None,
    report_date: object | None = None,
) -> list[Toponym]:
    """Return the place names in ``text``, in order, each resolved to a place.

    Parameters
    ----------
    text
        The report.
    gazetteer
        Where names are looked up (default: :func:`~coopmap.places.default_gazetteer`).
    report_date
        Accepted for symmetry with the other finders; places do not depend on it yet.
    """
    del report_date
    gazetteer = gazetteer or default_gazetteer()
    tokens = tokenize(text)
    mentions = recognise(text, tokens, gazetteer)
    resolve(mentions, dateline_place(text, gazetteer))
    return [
        Toponym(
            text[m.start : m.end],
            m.start,
            m.end,
            m.resolved,
            demonym=m.demonym,
            candidates=len(m.candidates),
        )
        for m in mentions
    ]


def places_of(toponyms: Iterable[Toponym]) -> list[Place]:
    """The distinct places that ``toponyms`` resolved to, in order of first mention."""
    seen: dict[tuple[str, float, float], Place] = {}
    for t in toponyms:
        if t.place is not None:
            seen.setdefault((t.place.name, t.place.lat, t.place.lon), t.place)
    return list(seen.values())
