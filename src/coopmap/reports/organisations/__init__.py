"""Organisations and people named in a text, and the part each plays.

Organisations are capitalised names with an organisation word in them ("China Railway
*Group*", "Silk Road *Fund*", "Industrial and Commercial *Bank* of China"), a head before
"of" ("*Ministry* of Commerce"), or a name on the curated list ``data/organisations.csv``
("CITIC", "SCO"). An acronym in brackets after a name ("China Railway Group (CRG)") names it
again later in the text. Facilities ("Great Hall of the People") are found the same way: they
are neither organisations nor places, so they are reported only as spans
(:func:`name_spans`), which the toponym finder leaves alone.

People are capitalised names after a title ("Premier Li Keqiang", "Kazakh Prime Minister
Karim Massimov") or after "counterpart"; a later "Li" or "Massimov" is the same person.

Roles come from the words around a name, within its sentence: contractor ("built by X",
"X will help build"), funder ("financed by X", "a loan from X", "X will finance", and any
"... Fund"), operator ("operated by X"), participant ("X held talks", "attended", "met";
every person in a sentence about talks, meetings, visits or signings).

Names are found in :mod:`~coopmap.reports.organisations.names` and
:mod:`~coopmap.reports.organisations.people`, roles in
:mod:`~coopmap.reports.organisations.roles`.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any, Literal

from coopmap.reports import lexicon
from coopmap.reports.organisations.names import Name, bracketed_acronym, organisations_in_run
from coopmap.reports.organisations.people import people_again, titled_people
from coopmap.reports.organisations.roles import find_role
from coopmap.reports.tokens import Token, capitalised_runs, sentences, tokenize
from coopmap.taxonomy import Role

__all__ = ["Actor", "find_actors", "name_spans"]


@dataclass(frozen=True, slots=True)
class Actor:
    """An organisation or a person named at ``text[start:end]``.

    ``name`` is the full name ("China Railway Group" for "CRG", "Li Keqiang" for "Li");
    ``role`` the part the sentence gives it (``None`` when it says none) and ``cue`` the
    words that say so; ``title`` a person's title ("Prime Minister"); ``country`` the ISO
    code of a demonym before the title or name ("Kazakh Prime Minister ...").
    """

    text: str
    start: int
    end: int
    name: str
    kind: Literal["organisation", "person"]
    role: Role | None = None
    cue: str | None = None
    title: str | None = None
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The actor as a JSON-ready dict."""
        return {**dataclasses.asdict(self), "role": self.role.value if self.role else None}


def find_actors(text: str, /) -> list[Actor]:
    """Return the organisations and people named in ``text``, in order, with their roles."""
    tokens = tokenize(text)
    names = _names(text, tokens)
    bounds = sentences(text)
    actors = []
    for found in names:
        if found.kind == "facility":
            continue
        start, end = tokens[found.first].start, tokens[found.last].end
        sentence = next(((s, e) for s, e in bounds if s <= start < e), (0, len(text)))
        role, cue = find_role(text, start, end, sentence, found)
        actors.append(
            Actor(
                text[start:end],
                start,
                end,
                found.name,
                "person" if found.kind == "person" else "organisation",
                role,
                cue,
                found.title,
                found.country,
            )
        )
    return actors


def name_spans(text: str, /, *, tokens: list[Token] | None = None) -> list[tuple[int, int]]:
    """Character spans of organisation and facility names that no place is named inside.

    Left out, as news geoparsing sets count the place in them: names with a place after
    "of" ("Association of Western Pennsylvania"; "<Head> of ..." names stay, "Bank of
    China") and public bodies, where the place is where the body is ("Kentucky Department
    of Education"), unless a demonym opens them ("Canadian Food Inspection Agency"); and
    one-word names, which may be places too ("EU"): the toponym finder's rules decide those.
    A facility's own words are no place ("Great Hall" of "Great Hall of the People").

    ``tokens`` saves tokenising again when the caller has :func:`tokenize`'s answer.
    """
    tokens = tokenize(text) if tokens is None else tokens
    demonyms = _adjectives()
    spans = []
    for n in _names(text, tokens):
        if n.last == n.first:
            continue
        if n.closed and (
            n.kind in ("organisation", "facility")
            or (n.kind == "body" and tokens[n.first].key in demonyms)
        ):
            spans.append((tokens[n.first].start, tokens[n.last].end))
        elif n.kind == "facility" and n.mark is not None and n.mark > n.first:
            # "Great Hall of the People": no "Hall" town, but "Port of Spain" stays a city
            spans.append((tokens[n.first].start, tokens[n.mark].end))
    return spans


@functools.cache
def _adjectives() -> frozenset[str]:
    """Demonyms of countries ("Canadian") and of wide regions ("European")."""
    regions = lexicon.wide_regions()
    return frozenset(lexicon.demonyms()) | {
        key for key, region in regions.items() if key.endswith("an") and key != region.name.lower()
    }


def _names(text: str, tokens: list[Token]) -> list[Name]:
    taken = [False] * len(tokens)
    found: list[Name] = []

    def add(name: Name) -> None:
        found.append(name)
        for k in range(name.first, name.last + 1):
            taken[k] = True

    acronyms: dict[str, str] = {}
    for i, j in capitalised_runs(tokens):
        for name in organisations_in_run(text, tokens, i, j):
            add(name)
            acronym = bracketed_acronym(tokens, name.last)
            if acronym:
                acronyms[acronym] = name.name
                for k in range(name.last + 1, name.last + 4):
                    taken[k] = True
    for k, token in enumerate(tokens):
        if not taken[k] and token.text in acronyms:
            add(Name(k, k, acronyms[token.text], "organisation"))
    for name in titled_people(tokens, taken):
        add(name)
    for name in people_again(tokens, taken, [n for n in found if n.kind == "person"]):
        add(name)
    return sorted(found, key=lambda n: n.first)
