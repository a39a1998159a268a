"""The place names of a file that need a person's word before it is imported, and their answers.

Reading a file geocodes the place names of rows without coordinates
(:mod:`coopmap.formats.placing`). Most are found; the others are questions for the app's review
of an upload (:func:`place_questions`): an *ambiguous* name is imported as its best-ranked
candidate unless the person picks another, a name *not found* rejects its rows unless the
person types a name the gazetteer knows (:func:`look_up`). The answers go back into reading
as :attr:`ReadOptions.places <coopmap.formats.options.ReadOptions.places>`, so the preview and
the import take them exactly as ``coopmap import`` reads any file; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coopmap.formats.placing import Geocoded, Outcome, geocode_name

if TYPE_CHECKING:
    from coopmap.formats import Reading
    from coopmap.places import Place

__all__ = ["PlaceQuestion", "answers_key", "look_up", "place_questions"]

ROWS_NAMED = 5
"""Rows a question names before it counts the others."""


@dataclass(frozen=True)
class PlaceQuestion:
    """A place name of a file that is ambiguous or not found, once however many rows name it.

    ``candidates`` are the plausible places, best first (the first is what the import takes
    without an answer; none for a name not found); ``countries`` the hint of the first row
    naming it; ``rows`` every row that names it, as problems name rows.
    """

    name: str
    outcome: Outcome
    candidates: tuple[Place, ...] = ()
    countries: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for people: the name, its rows and what is in question."""
        more = len(self.rows) - ROWS_NAMED
        rows = ", ".join(self.rows[:ROWS_NAMED]) + (f" and {more} more" if more > 0 else "")
        hint = f" in {', '.join(self.countries)}" if self.countries else ""
        if self.outcome == "ambiguous":
            return f"{self.name!r} ({rows}) could be {len(self.candidates)} places{hint}"
        return f"{self.name!r} ({rows}): no place of this name{hint} in the gazetteer"


def place_questions(reading: Reading | None, /) -> list[PlaceQuestion]:
    """The ambiguous and not-found names of a reading (read without answers), in the order
    the file first names them; none for ``None`` (a file that could not be read)."""
    if reading is None:
        return []
    found: dict[str, Geocoded] = {}
    rows: dict[str, list[str]] = {}
    for outcome in reading.geocoded:
        if outcome.outcome == "found" and outcome.chosen is None:
            continue
        found.setdefault(outcome.name, outcome)
        where = outcome.where or ""
        if where not in rows.setdefault(outcome.name, []):
            rows[outcome.name].append(where)
    return [
        PlaceQuestion(
            name,
            first.outcome,
            first.candidates,
            first.countries,
            tuple(rows[name]),
        )
        for name, first in found.items()
    ]


def look_up(question: PlaceQuestion, typed: str, /) -> Geocoded:
    """The outcome of looking ``typed`` up instead of the question's name, with the same
    hint; its place (or one of its candidates) answers the question."""
    return geocode_name(typed, countries=question.countries).at(where=", ".join(question.rows))


def answers_key(answers: Mapping[str, Place | str], /) -> tuple[tuple[str, object], ...]:
    """The answers as a hashable value, the same for the same answers in any order (to tell
    whether a preview was made with them)."""
    return tuple(sorted(answers.items(), key=lambda item: item[0]))
