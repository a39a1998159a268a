"""Looking a place name up: its candidate places, a curated name first.

A name's candidates come from the word lists in ``data/`` (country names and aliases the
gazetteer lacks or ranks badly, wide regions, US state abbreviations) and then from the
gazetteer. :class:`Mention` carries a name found in a text, with its candidates, through
recognition and resolution.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from coopmap.places import Gazetteer, Place, normalise
from coopmap.reports import lexicon
from coopmap.taxonomy import Precision

#: Capitalised words that are never places in running text, whatever a gazetteer says.
#: Checked before the gazetteer; a word written in lower case elsewhere in a text also counts.
STOPWORDS = lexicon.not_places()

#: Names the gazetteer lacks or ranks badly in news text: as country codes, and as the
#: gazetteer names they stand for.
COUNTRY_NAMES, ALIASES = lexicon.toponym_aliases()

#: Continents, seas and wide regions.
WIDE_REGIONS = lexicon.wide_regions()

#: AP-style US state abbreviations ("Springfield, Ill.").
US_STATES = lexicon.us_states()

#: How a name matches when it is not a place's own name: one of its alternate names, or a
#: region's name without its suffix ("Laurel" for Laurel County).
WEAK = frozenset({"alternate", "short"})


@dataclass(slots=True)
class Mention:
    """A place name at ``text[start:end]`` (tokens ``first`` to ``last``), keyed by its
    normalised name, with its candidate places and what the text around it says."""

    start: int
    end: int
    first: int  # token indices
    last: int
    key: str
    candidates: list[Place]
    demonym: bool = False
    forced: Precision | None = None  # from a place-type word
    cue: bool = False
    hint_admin1: str | None = None
    resolved: Place | None = None
    inner: bool = False  # the candidates are of a name inside this one


def lookup(gazetteer: Gazetteer, text: str) -> list[Place]:
    """A name's candidates: a curated name first ("UK", "Middle East"), then the
    gazetteer's places of that name ("Palestine" is also a town in Texas)."""
    key = name_key(text)
    if text.endswith(".") and key in US_STATES:
        state = us_state(gazetteer, US_STATES[key])
        return [] if state is None else [state]
    special = _special(gazetteer, key)
    if key in STOPWORDS and special is None:
        return []
    found = gazetteer.lookup(text, limit=25)
    if special is not None:
        found = [special, *(p for p in found if p.geonameid != special.geonameid)]
    return found


def us_state(gazetteer: Gazetteer, name: str) -> Place | None:
    """The US state called ``name``, if the gazetteer has it."""
    return gazetteer.best(name, country="US", level=Precision.ADMIN1)


def name_key(text: str) -> str:
    """The key a name is looked up and compared by (the gazetteer's normal form)."""
    return normalise(text)


@functools.lru_cache(maxsize=256)
def _country_place(gazetteer: Gazetteer, code: str) -> Place | None:
    return gazetteer.country(code)


def _special(gazetteer: Gazetteer, key: str) -> Place | None:
    code = COUNTRY_NAMES.get(key)
    if code is not None:
        country = _country_place(gazetteer, code)
        return None if country is None else dataclasses.replace(country, match="alias")
    alias = ALIASES.get(key)
    if alias is not None:
        found = gazetteer.best(alias)
        return None if found is None else dataclasses.replace(found, match="alias")
    wide = WIDE_REGIONS.get(key)
    if wide is not None:
        demonym = key.endswith("an") and key != wide.name.lower()
        return Place(
            wide.name, wide.lat, wide.lon, None, Precision.UNKNOWN, wide.geonameid, "coopmap",
            None, 0, "demonym" if demonym else "alias",
        )  # fmt: skip
    return None
