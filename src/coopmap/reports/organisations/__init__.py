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
import re
from dataclasses import dataclass
from typing import Any, Literal

from coopmap.reports import lexicon
from coopmap.reports.organisations.names import (
    Name,
    bracketed_acronym,
    country_names,
    organisations_in_run,
)
from coopmap.reports.organisations.people import people_again, titled_people
from coopmap.reports.organisations.roles import (
    DESCRIBING,
    also_roles,
    find_role,
    project_role_after,
    project_role_before,
)
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


# What stands between two names of one list: "X, Y and Z", "X and the Y".
_LISTED = re.compile(
    r"(?:\s*\([^)]{1,20}\))?\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|(?:together\s+)?with\s+|"
    r"alongside\s+)(?:(?:the|its|their)\s+)?" + DESCRIBING + r"(?:[A-Z][\w-]*\s+)?"
    r"(?:(?:firms?|compan(?:y|ies)|partners?)\s+)?"
    # "and the United Kingdom's Department for International Development"
    r"(?:(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*['\u2019]s\s+)?"
)


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
        previous = actors[-1] if actors else None
        if (
            role is None
            and previous is not None
            and previous.role is not None
            and previous.kind == ("person" if found.kind == "person" else "organisation")
            and _LISTED.fullmatch(text, previous.end, start)
        ):
            # "financed by China Development Bank, ICBC and Bank of China", "built by X with
            # the Argentine firms Y and Z": one role
            role, cue = previous.role, previous.cue
        kind = "person" if found.kind == "person" else "organisation"
        roles = [role, *(also_roles(text, end, sentence, cue) if role else [])]
        if kind == "organisation" and cue and text.find(cue, end, sentence[1]) >= 0:
            # "owned by the state company X, which operates it": owner and operator
            before = project_role_before(text[sentence[0] : start])
            if before is not None and before not in roles:
                roles.append(before)
        for each in roles:
            actors.append(
                Actor(
                    text[start:end],
                    start,
                    end,
                    found.name,
                    kind,
                    each,
                    cue,
                    found.title,
                    found.country,
                )
            )
    return _referred(text, bounds, _short_names_in_full(actors))


# "The company will operate the plant": a company named before, by what it is
_REFERRING = re.compile(
    r"\b[Tt]he\s+(?:company|firm|group|consortium|joint\s+venture|developer|contractor)\b"
)


def _referred(text: str, bounds: list[tuple[int, int]], actors: list[Actor]) -> list[Actor]:
    """The actors, with "the company" (and the like) that a role verb follows taken for the
    organisation named last before it with that word in its name, in that role."""
    found = list(actors)
    for match in _REFERRING.finditer(text):
        start, end = match.span()
        if any(a.start <= start < a.end for a in actors):
            continue
        # the last one whose name says it is one ("Karot Power Company"); no guess else
        noun = match.group().split(None, 1)[1].lower()
        before = [
            a
            for a in actors
            if a.kind == "organisation" and a.end <= start and noun in a.name.lower()
        ]
        if not before:
            continue
        sentence = next(((s, e) for s, e in bounds if s <= start < e), (0, len(text)))
        role = project_role_after(text[end : sentence[1]])
        if role is None:
            continue
        named = before[-1]
        found.append(
            Actor(match.group(), start, end, named.name, "organisation", role, match.group())
        )
    return sorted(found, key=lambda a: a.start)


@functools.cache
def _common_words() -> frozenset[str]:
    """Words of many names, which name none alone: countries, demonyms, organisation words."""
    kinds = lexicon.NAME_WORD_KINDS
    return (
        country_names()
        | frozenset(lexicon.demonyms())
        | frozenset().union(*(lexicon.name_words(kind) for kind in kinds))
    )


def _short_names_in_full(actors: list[Actor]) -> list[Actor]:
    """The actors, an organisation named again by one distinctive word of its name
    ("Datang" after "China Datang Corporation") given its full name."""
    full: dict[str, str] = {}
    named = []
    for actor in actors:
        words = actor.name.split()
        if actor.kind == "organisation" and len(words) > 1:
            for word in words:
                if word[:1].isupper() and word.lower() not in _common_words():
                    full.setdefault(word, actor.name)
        elif actor.kind == "organisation" and actor.name in full:
            actor = dataclasses.replace(actor, name=full[actor.name])
        named.append(actor)
    return named


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


#: Common nouns right before an organisation's name ("the national railway company Kazakhstan
#: Temir Zholy", "the state grid operator KEGOC").
_KIND_NOUNS = frozenset(
    [
        "company",
        "companies",
        "firm",
        "firms",
        "group",
        "operator",
        "contractor",
        "developer",
        "utility",
        "lender",
        "bank",
        "corporation",
        "conglomerate",
        "manufacturer",
        "producer",
        "investor",
        "insurer",
    ]
)


_APPOSED = re.compile(r",\s+(?:a|an|the)\s+[^,]{1,40},")


def _name_like(text: str, tokens: list[Token], first: int, last: int) -> bool:
    """Whether capitalised words that open a sentence look like a company's name rather than
    a word or a country: several words, an inner capital ("PowerChina"), an acronym, or an
    apposition after it ("Sinohydro, a unit of PowerChina,")."""
    words = [t.text for t in tokens[first : last + 1]]
    if " ".join(words).lower() in country_names():
        return False
    inner = any(any(ch.isupper() for ch in w[1:]) for w in words)
    return last > first or inner or _APPOSED.match(text, tokens[last].end) is not None


def _named_by_context(
    text: str, tokens: list[Token], taken: list[bool], names: list[Name]
) -> list[Name]:
    """Organisations whose names have no organisation word, known by the words before them:
    a role in a project ("built by PowerChina", "a loan from Halyk") or a kind of company
    ("the railway company Kazakhstan Temir Zholy")."""
    found = []
    ends = {n.last for n in names if n.kind == "organisation"}
    # a distinctive word of a name found before names it again ("Datang will finance")
    known = {
        w
        for n in names
        if n.kind == "organisation" and n.last > n.first
        for w in n.name.split()
        if w.lower() not in _common_words()
    }
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if taken[k] or not token.cap:
            k += 1
            continue
        last = k
        while last + 1 < len(tokens) and tokens[last + 1].cap and not taken[last + 1]:
            if tokens[last + 1].start != tokens[last].end + 1:
                break
            last += 1
        if token.sentence_start or k == 0:
            # a sentence's first word is capitalised anyway: a name only if a role in a
            # project follows it ("Sinohydro, a unit of PowerChina, will build the dam")
            alone = last == k and token.text in known
            if (_name_like(text, tokens, k, last) or alone) and project_role_after(
                text[tokens[last].end :]
            ):
                found.append(Name(k, last, text[token.start : tokens[last].end], "organisation"))
                ends.add(last)
            k = last + 1
            continue
        if text.startswith(("'s", "\u2019s"), tokens[last].end):
            k = last + 1  # "China's Tsingshan Holding Group": the name is the next one
            continue
        before = text[max(0, token.start - 60) : token.start]
        kind_noun = tokens[k - 1].key in _KIND_NOUNS and not tokens[k - 1].cap
        # the last of a list of organisations: "Electroingeniería and Hidrocuyo"
        listed = k >= 2 and tokens[k - 1].key in ("and", ",") and k - 2 in ends and last == k
        # "a joint venture in which Gazprom Energoholding holds 51 per cent"
        acting = last > k and _STAKE.match(text, tokens[last].end) is not None
        name = text[token.start : tokens[last].end]
        common = name.lower() in _common_words()  # "the Chinese company TBEA"
        if not common and (kind_noun or listed or acting or project_role_before(before)):
            found.append(Name(k, last, name, "organisation"))
            ends.add(last)
        k = last + 1
    return found


#: What a company does with its money right after its name ("Gazprom Energoholding holds
#: 51 per cent").
_STAKE = re.compile(r"\s+(?:also\s+)?(?:holds|held|owns|owned|lent|lends|invested)\s")


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
    for name in _named_by_context(text, tokens, taken, found):
        add(name)
    for name in people_again(tokens, taken, [n for n in found if n.kind == "person"]):
        add(name)
    return sorted(found, key=lambda n: n.first)
