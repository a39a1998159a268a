"""Place names in files, geocoded on import: each name to a location, or to why it has none.

A row of a spreadsheet usually names its places ("Astana; Almaty") without coordinates. On
import each name is looked up in the offline gazetteer within the record's countries, if it
names any (:func:`geocode_name`): the location keeps the name as written and gets the
resolved name, the GeoNames id, the precision of what matched and ``geometry_source =
gazetteer``. Every lookup gives a :class:`Geocoded` outcome, which the reading collects
(:attr:`Reading.geocoded <coopmap.formats.reading.Reading.geocoded>`) for the summary, the
report and the app's review:

- ``found``: one plausible place;
- ``ambiguous``: several plausible places (same kind of place, comparable size) in the hinted
  countries, or anywhere without a hint; the best-ranked is taken and the others listed;
- ``not found``: no place has the name (in the record's countries, when it names any: a name
  known only elsewhere is not found), an error for the row.

A person may answer for a name (the app's review of an upload, through
:attr:`ReadOptions.places <coopmap.formats.options.ReadOptions.places>`): the place they picked
is taken as found, or another name they typed is looked up instead. The outcome says so in
:attr:`Geocoded.chosen`; the location keeps the name as the file writes it either way.

Lookups are cached by name and countries, and the location built for a place by name and
place, so a file that names the same few places on a hundred thousand rows looks each up and
builds its location once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from coopmap.places import Gazetteer, Place

__all__ = ["RIVAL_SHARE", "Geocoded", "geocode_name", "geocode_names", "location_data"]

Outcome = Literal["found", "ambiguous", "not found"]

RIVAL_SHARE = 0.1
"""A place of the same kind as the best match is a rival (the name is ambiguous) when it has at
least this share of the best match's population."""


@dataclass(frozen=True)
class Geocoded:
    """How one place name of a row was geocoded.

    ``name`` is the name as written, ``countries`` the hint it was looked up with, ``place``
    the place taken (``None`` when not found) and ``candidates`` the plausible places, best
    first (the taken one included). ``where``, ``record``, ``field`` and ``source`` say where
    the name was, as a :class:`~coopmap.formats.reading.Problem` does. ``chosen`` is a
    person's answer that decided the outcome: the place they picked (then ``place``, with the
    name's own candidates kept), or the name they typed instead (then the outcome is that
    name's); ``None`` when the gazetteer alone decided.
    """

    name: str
    outcome: Outcome
    place: Place | None = None
    candidates: tuple[Place, ...] = ()
    countries: tuple[str, ...] = ()
    where: str | None = None
    record: str | None = None
    field: str | None = None
    source: str | None = None
    chosen: Place | str | None = None

    @property
    def precision(self) -> str | None:
        """The precision of what matched (``city``, ``admin1``, ``country``, ...)."""
        return None if self.place is None else str(self.place.precision)

    def at(self, **where: Any) -> Geocoded:
        """The same outcome, said to be at ``where`` (``where``, ``record``, ``field``,
        ``source``)."""
        return replace(self, **where)

    def describe(self) -> str:
        """One line for people: what the name was taken to be, and what else it could be."""
        hint = f" in {', '.join(self.countries)}" if self.countries else ""
        if self.place is None:
            if isinstance(self.chosen, str):
                return (
                    f"no place called {self.chosen!r} (typed for {self.name!r}){hint} in the "
                    "gazetteer"
                )
            return f"no place called {self.name!r}{hint} in the gazetteer"
        taken = _label(self.place)
        if isinstance(self.chosen, str):
            hint = f" (looked up as {self.chosen!r}){hint}"
        elif self.chosen is not None:
            return f"{self.name!r} is {taken}, as chosen"
        if self.outcome == "ambiguous":
            others = "; ".join(_label(place) for place in self.candidates if place != self.place)
            return (
                f"{self.name!r} has {len(self.candidates)} plausible places{hint}: took "
                f"{taken}; the others: {others}"
            )
        return f"{self.name!r} is {taken}"


def _label(place: Place) -> str:
    region = f", {place.admin1}" if place.admin1 and place.admin1 != place.name else ""
    gid = f", geonames {place.geonameid}" if place.geonameid else ""
    return f"{place.name}{region} ({place.country or '?'}, {place.precision}{gid})"


def geocode_name(
    name: str,
    /,
    *,
    countries: Sequence[str] = (),
    gazetteer: Gazetteer | None = None,
    answers: Mapping[str, Place | str] | None = None,
) -> Geocoded:
    """The outcome of looking ``name`` up, within ``countries`` (ISO alpha-2 codes), if any.

    ``answers`` are a person's, by name as written (:attr:`ReadOptions.places
    <coopmap.formats.options.ReadOptions.places>`): a place to take, or another name to look
    up. An empty or unchanged name typed instead is no answer.
    """
    from coopmap.places import default_gazetteer

    gazetteer = gazetteer or default_gazetteer()
    name, countries = name.strip(), tuple(countries)
    answer = (answers or {}).get(name)
    if isinstance(answer, str):
        instead = answer.strip()
        if not instead or instead == name:
            return _lookup(gazetteer, name, countries)
        return replace(_lookup(gazetteer, instead, countries), name=name, chosen=instead)
    outcome = _lookup(gazetteer, name, countries)
    if answer is None:
        return outcome
    return replace(
        outcome,
        outcome="found",
        place=answer,
        candidates=outcome.candidates or (answer,),
        chosen=answer,
    )


@functools.lru_cache(maxsize=65536)
def _lookup(gazetteer: Gazetteer, name: str, countries: tuple[str, ...]) -> Geocoded:
    from coopmap.places.choices import choices

    ranked = gazetteer.lookup(name, country=list(countries) or None) if name else []
    if not ranked:
        return Geocoded(name, "not found", countries=countries)
    best = ranked[0]
    pool = choices(ranked) or [best]  # all in ``countries``: the gazetteer only answers there
    rivals = tuple(
        place
        for place in pool
        if place.precision == best.precision and place.population >= RIVAL_SHARE * best.population
    )
    if best not in rivals:
        rivals = (best, *rivals)
    outcome: Outcome = "ambiguous" if len(rivals) > 1 else "found"
    return Geocoded(name, outcome, best, rivals, countries)


def geocode_names(
    names: Iterable[str],
    /,
    *,
    countries: Sequence[str] = (),
    answers: Mapping[str, Place | str] | None = None,
    **where: Any,
) -> tuple[list[Geocoded], list[dict[str, Any]] | None]:
    """Each name's outcome (said to be at ``where``: ``where``, ``record``, ``field``) and the
    locations of all of them, or ``None`` for the locations when a name was not found;
    ``answers`` as :func:`geocode_name` takes them."""
    outcomes = [
        geocode_name(name, countries=countries, answers=answers).at(**where) for name in names
    ]
    if any(outcome.place is None for outcome in outcomes):
        return outcomes, None
    return outcomes, [location_data(outcome) for outcome in outcomes]


def location_data(geocoded: Geocoded, /, *, gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """The location dict (as records are built from) for a name that was found.

    Built once per name and place (a validated location costs more than the lookup) and
    copied for each row, so that no row's record shares another's dict.
    """
    from coopmap.places import default_gazetteer

    assert geocoded.place is not None, "only a found name has a location"
    data = _location_data(geocoded.name, geocoded.place, gazetteer or default_gazetteer())
    return {**data, "geometry": dict(data["geometry"])}


@functools.lru_cache(maxsize=65536)
def _location_data(name: str, place: Place, gazetteer: Gazetteer) -> dict[str, Any]:
    from shapely.geometry import mapping

    from coopmap.places import location_from_place

    location = location_from_place(place, name=name, gazetteer=gazetteer)
    return {**location.model_dump(mode="json"), "geometry": mapping(location.geometry)}
