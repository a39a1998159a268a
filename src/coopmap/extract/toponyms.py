"""Toponyms in a text: where place names are, and which places they mean.

Recognition works on runs of capitalised words. Within a run the longest stretch that the
gazetteer knows is taken first; no place is taken inside the name of an organisation ("China
Railway Group", "Washington Post") or a facility ("Great Hall" of the People), as
:func:`coopmap.extract.organisations.name_spans` finds them, and a word after a title
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
CSV files in ``data/`` that users can extend (:mod:`coopmap.extract.lexicon`).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from geopy.distance import great_circle

from coopmap.extract import lexicon
from coopmap.extract.organisations import name_spans
from coopmap.extract.tokens import CONNECTORS, Token, tokenize, words
from coopmap.places import Gazetteer, Place, default_gazetteer
from coopmap.taxonomy import Precision

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


# -- word lists (data/*.csv, see coopmap.extract.lexicon) ---------------------------------

#: Last words that make a capitalised run an organisation, a publication or a facility.
ORG_WORDS = (
    lexicon.name_words("organisation") | lexicon.name_words("body") | lexicon.name_words("facility")
)

#: First words that make a run an organisation ("Bank of China", "University of Texas").
ORG_HEADS = lexicon.name_words("organisation_head") | lexicon.name_words("body_head")

#: Words before a person's name.
TITLES = lexicon.name_words("title")

#: Place-type words that extend a name ("Henan Province", "Laurel County").
PLACE_TYPES = lexicon.place_types()

#: Words that introduce a place ("in X", "near X").
CUES = words(
    """
    in at near from to outside across around via into throughout
    """
)

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
_WEAK = frozenset({"alternate", "short"})

# -- tokens ---------------------------------------------------------------------------------

_PLACE_TYPE_SUFFIX = re.compile(r"\s+(?:" + "|".join(PLACE_TYPES) + r")$", re.IGNORECASE)
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z\u00c0-\u017f .'-]{1,40}?)"
    r"(?:,\s*(?P<state>[A-Z][A-Za-z. ]{1,30}?))?\s*(?:,|\(|\u2014|\u2013|--| - )"
)


# -- common words ---------------------------------------------------------------------------


def _common(word: str, lower_words: set[str]) -> bool:
    """Whether a capitalised word is a common word here: a stopword, or written in lower
    case elsewhere in the same text ("police", "reading")."""
    return word in STOPWORDS or word in lower_words


# -- recognition ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Mention:
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


_MAX_WORDS = 6

#: Keys of era abbreviations, which after a number are no place ("500 B.C.").
_ERAS = frozenset({"b c", "bc", "a d", "ad", "b c e", "bce", "c e", "ce"})


def _lookup(gazetteer: Gazetteer, text: str) -> list[Place]:
    """A name's candidates: a curated name first ("UK", "Middle East"), then the
    gazetteer's places of that name ("Palestine" is also a town in Texas)."""
    key = _key(text)
    if text.endswith(".") and key in US_STATES:
        state = _us_state(gazetteer, US_STATES[key])
        return [] if state is None else [state]
    special = _special(gazetteer, key)
    if key in STOPWORDS and special is None:
        return []
    found = gazetteer.lookup(text, limit=25)
    if special is not None:
        found = [special, *(p for p in found if p.geonameid != special.geonameid)]
    return found


def _us_state(gazetteer: Gazetteer, name: str) -> Place | None:
    for place in gazetteer.lookup(name, country="US", limit=5):
        if place.country == "US" and place.precision is Precision.ADMIN1:
            return place
    return None


def _key(text: str) -> str:
    from coopmap.places import normalise

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


def _recognise(text: str, tokens: list[Token], gazetteer: Gazetteer) -> list[_Mention]:
    # no place inside the name of an organisation or a facility ("China Railway Group"); a
    # public body's name keeps its place ("Kentucky Department of Education")
    spans = name_spans(text, tokens=tokens)
    blocked = [any(s <= t.start and t.end <= e for s, e in spans) for t in tokens]
    lower_words = {t.key for t in tokens if not t.cap and t.text.isalpha()}
    people = _people(tokens, gazetteer, lower_words)
    mentions: list[_Mention] = []
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        if not token.cap or blocked[i] or token.key == "the" or token.key.rstrip(".") in TITLES:
            i += 1
            continue
        # names after a title are people ("Premier Li Keqiang")
        if i > 0 and tokens[i - 1].cap and tokens[i - 1].key.rstrip(".") in TITLES:
            i += 1
            while i < n and tokens[i].cap:
                i += 1
            continue
        found = None
        # longest stretch first; it must end on a capitalised word and stay in one line
        last = i
        ends = []
        while last < n and last - i < _MAX_WORDS * 2:
            t = tokens[last]
            if not (t.cap or (last > i and t.key in CONNECTORS) or t.text in "-&"):
                break
            if last > i and t.start - tokens[last - 1].end > 1:
                break
            if blocked[last]:
                break
            if t.cap:
                ends.append(last)
            last += 1
        for j in reversed(ends):
            surface = text[token.start : tokens[j].end]
            candidates = _lookup(gazetteer, surface)
            if candidates:
                found = (j, candidates)
                break
        if found is None:
            i += 1
            continue
        j, candidates = found
        mention = _Mention(
            token.start, tokens[j].end, i, j, _key(text[token.start : tokens[j].end]), candidates
        )
        # "Henan Province", "Laurel County"
        if j + 1 < n and tokens[j + 1].key in PLACE_TYPES and tokens[j + 1].cap:
            mention.forced = PLACE_TYPES[tokens[j + 1].key]
            mention.end = tokens[j + 1].end
            j += 1
        mention.demonym = all(p.match == "demonym" for p in candidates[:1])
        mention.cue = i > 0 and tokens[i - 1].key in CUES
        # "Springfield, Ill." / "Springfield, Illinois"
        if j + 2 < n and tokens[j + 1].text == "," and tokens[j + 2].cap:
            state_token = tokens[j + 2]
            end = state_token.end
            if not state_token.text.endswith(".") and j + 3 < n and tokens[j + 3].text == ".":
                end = tokens[j + 3].end if tokens[j + 3].start == end else end
            abbreviation = text[state_token.start : end]
            state = US_STATES.get(_key(abbreviation)) if abbreviation.endswith(".") else None
            mention.hint_admin1 = state or state_token.text
            if state is not None and _accept(mention, tokens, lower_words, people):
                mentions.append(mention)
                place = _us_state(gazetteer, state)
                if place is not None:
                    mention = _Mention(state_token.start, end, j + 2, j + 2, _key(state), [place])
                    mention.resolved = place
                    mentions.append(mention)
                i = j + 3
                continue
        if _accept(mention, tokens, lower_words, people):
            mentions.append(mention)
        i = j + 1
    return mentions


_SAYS = words(
    """
    said says told added according
    """
)


def _people(tokens: list[Token], gazetteer: Gazetteer, lower_words: set[str]) -> set[str]:
    """Surnames: last words of two- or three-word capitalised runs that are not places
    ("Laura Ingraham" makes a later "Ingraham" a person), and words beside "said". A
    common word that starts a sentence starts no name ("Though London ...")."""
    people: set[str] = set()
    n = len(tokens)
    i = 0
    while i < n:
        if not tokens[i].cap or tokens[i].acronym:
            i += 1
            continue
        if tokens[i].sentence_start and _common(tokens[i].key, lower_words):
            i += 1
            continue
        j = i
        while j + 1 < n and tokens[j + 1].cap and tokens[j + 1].start - tokens[j].end == 1:
            j += 1
        if 1 <= j - i <= 2 and not tokens[j].acronym:
            last = tokens[j].key
            first = tokens[i].key
            if (
                last not in ORG_WORDS
                and last not in PLACE_TYPES
                and first not in STOPWORDS
                and first.rstrip(".") not in TITLES | ORG_HEADS
                and not _strong_name(gazetteer, tokens[i].text)
                and not _lookup(gazetteer, " ".join(t.text for t in tokens[i : j + 1]))
            ):
                people.add(last)
        elif j == i:
            before = tokens[i - 1].key if i else ""
            after = tokens[i + 1].key if i + 1 < n else ""
            if after in _SAYS or (before in _SAYS and i > 1 and tokens[i - 2].text != ","):
                people.add(tokens[i].key)
        i = j + 1
    return people


def _strong_name(gazetteer: Gazetteer, name: str) -> bool:
    found = _lookup(gazetteer, name)
    if not found:
        return False
    top = found[0]
    return top.match not in _WEAK and (
        top.precision is not Precision.CITY or top.population >= 100_000
    )


def _accept(m: _Mention, tokens: list[Token], lower_words: set[str], people: set[str]) -> bool:
    top = m.candidates[0]
    first = tokens[m.first]
    single = m.first == m.last
    strong = top.precision in (Precision.COUNTRY, Precision.ADMIN1, Precision.UNKNOWN) and (
        top.match not in _WEAK
    )
    if m.forced is not None:
        return True
    if top.source == "coopmap":
        return True
    if first.start == 0 and first.text.isupper() and len(first.text) > 3:
        return True  # a dateline ("ALMATY, Dec 14")
    if single and first.key in people and not strong:
        return False
    if first.acronym and single:
        # acronyms are places only through a curated name ("UK"); after a number "B.C."
        # is an era, not British Columbia
        era = m.key in _ERAS and m.first > 0 and tokens[m.first - 1].text[:1].isdigit()
        return top.match == "alias" and strong and not era
    if m.demonym:
        return single
    if not single:
        return top.match not in _WEAK or top.population >= 100_000
    word = first.key
    common = _common(word, lower_words)
    if common:
        if strong and top.population >= 1_000_000:
            return True
        if top.population >= 1_000_000 and top.match not in _WEAK:
            return True
        return m.cue and top.population >= 50_000 and top.match not in _WEAK
    followed = m.last + 1 < len(tokens) and tokens[m.last + 1].cap
    if followed and not strong and top.population < 100_000:
        return False  # part of a name ("Laura Ingraham")
    if first.sentence_start and top.population < 10_000 and not m.cue:
        return False
    if top.match == "short":
        return m.cue or m.hint_admin1 is not None
    if top.match in _WEAK and top.population < 10_000:
        return m.cue
    if top.precision is Precision.CITY and top.population < 5_000:
        return m.cue or m.hint_admin1 is not None  # a village named bare is rarely meant
    return True


# -- resolution -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What a text's names say about where it is: votes for countries and first-level
    regions, and each name's own votes (a name is not its own evidence: "Georgia" four
    times does not make a story about Georgia's counties Georgian)."""

    countries: Counter[str]
    regions: Counter[str]
    own: dict[str, tuple[Counter[str], Counter[str]]]

    def without(self, key: str) -> tuple[Counter[str], int, Counter[str]]:
        """The votes of all names but ``key``, and their number."""
        own = self.own.get(key)
        if own is None:
            countries, regions = self.countries, self.regions
        else:
            countries, regions = self.countries - own[0], self.regions - own[1]
        return countries, sum(countries.values()), regions


def _context(mentions: list[_Mention], dateline: Place | None) -> _Context:
    countries: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    own: dict[str, tuple[Counter[str], Counter[str]]] = {}
    for m in mentions:
        votes = own.setdefault(m.key, (Counter(), Counter()))
        country, weight, region = _votes(m)
        if country is not None:
            votes[0][country] += weight
        if region is not None:
            votes[1][region] += 1
        if m.hint_admin1:
            votes[1][m.hint_admin1] += 1
    for country_votes, region_votes in own.values():
        countries.update(country_votes)
        regions.update(region_votes)
    if dateline is not None and dateline.country:
        countries[dateline.country] += 3
        if dateline.admin1:
            regions[dateline.admin1] += 1
    return _Context(countries, regions, own)


def _votes(m: _Mention) -> tuple[str | None, int, str | None]:
    """The country (with a weight) and the region a name speaks for, if it is clear: a
    country or region named by its own name, or a name whose candidates agree or one of
    which dwarfs the others."""
    top = m.candidates[0]
    if top.country is None:
        return None, 0, None
    if top.precision is Precision.COUNTRY and top.match not in _WEAK:
        return top.country, 2, None
    if top.precision is Precision.ADMIN1 and top.match not in _WEAK:
        return top.country, 1, top.name
    if len(m.candidates) == 1 or top.population > 20 * (m.candidates[1].population + 1):
        return top.country, 1, top.admin1
    readings = [c for c in m.candidates if c.match not in _WEAK]
    if len({c.country for c in readings}) == 1:
        admin1 = {c.admin1 for c in readings}
        return top.country, 1, admin1.pop() if len(admin1) == 1 else None
    return None, 0, None


def _score(
    place: Place, rank: int, m: _Mention, countries: Counter[str], total: int, regions: Counter[str]
) -> float:
    population = place.population
    if place.precision is Precision.ADMIN1:
        population //= 20
    if place.source == "coopmap":
        population = WIDE_POPULATION
    score = math.log10(population + 10) - 0.05 * rank
    if place.match in _WEAK:
        score -= 2.5
    if place.precision is Precision.COUNTRY or place.source == "coopmap":
        score += 3
    if m.forced is not None:
        score += 2 if place.precision is m.forced else 0
    if place.country and total:
        score += 4 * countries[place.country] / total
    if place.admin1 and place.admin1 in regions:
        score += 2
    if m.hint_admin1 and place.admin1 and place.admin1.lower() == m.hint_admin1.lower():
        score += 8
    return score


def _resolve(mentions: list[_Mention], dateline: Place | None) -> None:
    context = _context(mentions, dateline)
    for m in mentions:
        m.resolved = _best(m, context, (), None)
    # second pass: places near the others the text names ("Paris" in a story about
    # towns in Texas is Paris, Texas), and readings of two names that lie together
    # ("Paris" and "Henry County" are the Tennessee ones)
    anchors = [
        (m.key, m.resolved)
        for m in mentions
        if m.resolved is not None
        and m.resolved.precision in (Precision.CITY, Precision.ADMIN1)
        and m.resolved.source != "coopmap"
    ]
    if not anchors:
        return
    grid = _Grid(mentions)
    for m in mentions:
        if len(m.candidates) > 1:
            near = tuple(place for key, place in anchors if key != m.key)
            m.resolved = _best(m, context, near, grid)


def _best(m: _Mention, context: _Context, anchors: tuple[Place, ...], grid: _Grid | None) -> Place:
    if len(m.candidates) == 1:
        return m.candidates[0]
    countries, total, regions = context.without(m.key)
    # a name that a country or first-level region has ("Georgia", "California") means it
    # unless the text says otherwise ("California, Md."): nearness alone does not make
    # it a town
    region_named = any(
        c.precision in (Precision.COUNTRY, Precision.ADMIN1) and c.match not in _WEAK
        for c in m.candidates
    )
    scored = []
    for rank, p in enumerate(m.candidates):
        score = _score(p, rank, m, countries, total, regions)
        near = anchors and p.precision is not Precision.COUNTRY
        if near and not (region_named and p.precision is Precision.CITY):
            distance = min(_km(p, a) for a in anchors)
            if distance >= 150 and grid is not None and grid.beside(p, m.key):
                distance = 0
            score += NEAR_BONUS if distance < 150 else NEAR_BONUS / 2 if distance < 400 else 0
        scored.append((score, -rank, p))
    return max(scored, key=lambda s: (s[0], s[1]))[2]


class _Grid:
    """Every town reading of every name, by cell, to find readings of two names that lie
    within :data:`BESIDE_KM` of each other."""

    def __init__(self, mentions: list[_Mention]) -> None:
        self.cells: dict[tuple[int, int], list[tuple[str, Place]]] = {}
        for m in mentions:
            for p in m.candidates:
                if p.precision is Precision.CITY and p.match not in _WEAK:
                    self.cells.setdefault(_cell(p), []).append((m.key, p))

    def beside(self, place: Place, key: str) -> bool:
        """Whether a reading of a name other than ``key`` lies beside ``place``."""
        row, column = _cell(place)
        return any(
            other != key and q.country == place.country and _km(place, q) < BESIDE_KM
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for other, q in self.cells.get((row + dr, column + dc), ())
        )


def _cell(place: Place) -> tuple[int, int]:
    # cells of half a degree of latitude and a degree of longitude: a neighbour within
    # BESIDE_KM lies in one of the nine around (short of the polar circles)
    return math.floor(place.lat * 2), math.floor(place.lon)


#: Two readings this close (km) support each other (a town and the county it lies in).
BESIDE_KM = 30.0


#: A continent's or wide region's weight against towns of its name, as if it had this many
#: people: a town wins only with the text's help ("Palestine" in a story about Texas).
WIDE_POPULATION = 10_000_000

#: Score added to a candidate within 150 km of another place the text names (half within
#: 400 km).
NEAR_BONUS = 3.0


def _km(a: Place, b: Place) -> float:
    return _km_apart(a.lat, a.lon, b.lat, b.lon)


# Each mention of a name weighs its readings against the text's other places again, so one
# text asks for the same distances many times, and geopy takes microseconds for each.
@functools.lru_cache(maxsize=4096)
def _km_apart(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return great_circle((lat1, lon1), (lat2, lon2)).km


def _dateline(text: str, gazetteer: Gazetteer) -> Place | None:
    match = _DATELINE.match(text[:120])
    if not match:
        return None
    name = match["place"].strip()
    if not name.isupper() and "(" not in text[match.end() - 1 : match.end() + 40]:
        return None
    state = (match["state"] or "").strip().rstrip(".")
    state = US_STATES.get(state.lower(), state)
    candidates = gazetteer.lookup(name, limit=25)
    if state:
        candidates = [p for p in candidates if p.admin1 == state] or candidates
    return candidates[0] if candidates else None


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
    mentions = _recognise(text, tokens, gazetteer)
    _resolve(mentions, _dateline(text, gazetteer))
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


def resolve_spans(
    text: str,
    spans: Iterable[tuple[int, int]],
    /,
    *,
    gazetteer: Gazetteer | None = None,
) -> list[Place | None]:
    """Resolve place names whose spans are already known (say, by a person), in order.

    The document context is built as :func:`find_toponyms` builds it, from these names. A
    name the gazetteer lacks is placed by a place name inside it ("Colorado State
    University", "Manila Cathedral") when that is a well-known place or lies near the
    others the text names, else at the place the text is about (its dateline, else the
    town it names most): a street or a building is most often in the story's town. Such
    answers have ``match == "context"``; ``None`` means the text gives nothing to go on.
    """
    gazetteer = gazetteer or default_gazetteer()
    tokens = tokenize(text)
    mentions = [_span_mention(text, tokens, start, end, gazetteer) for start, end in spans]
    found = [m for m in mentions if m is not None]
    dateline = _dateline(text, gazetteer)
    _resolve(found, dateline)
    known = [m for m in found if not m.inner]
    focus = _focus(known, dateline)
    for m in found:
        if m.inner and not _credible(m.resolved, known):
            m.resolved = focus
    return [focus if m is None else m.resolved for m in mentions]


def _span_mention(
    text: str, tokens: list[Token], start: int, end: int, gazetteer: Gazetteer
) -> _Mention | None:
    name = text[start:end]
    candidates = _lookup(gazetteer, name)
    if not candidates:
        stripped = _PLACE_TYPE_SUFFIX.sub("", name)
        candidates = _lookup(gazetteer, stripped) if stripped != name else []
    if not candidates and name.endswith("s") and len(name) > 4:
        # a people: "Russians", "Palestinians"
        candidates = [p for p in _lookup(gazetteer, name[:-1]) if p.match == "demonym"]
    key, inner = _key(name), False
    if not candidates:
        # keyed by the name inside, so that it and that name alone are not each other's
        # evidence
        key, candidates = _inner_candidates(text, tokens, start, end, gazetteer)
        inner = True
    if not candidates:
        return None
    m = _Mention(start, end, 0, 0, key, candidates, inner=inner)
    m.demonym = candidates[0].match == "demonym"
    after = [t for t in tokens if t.start >= end][:2]
    if len(after) == 2 and after[0].text == "," and after[1].cap:
        m.hint_admin1 = US_STATES.get(after[1].key.rstrip("."), after[1].text)
    return m


def _inner_candidates(
    text: str, tokens: list[Token], start: int, end: int, gazetteer: Gazetteer
) -> tuple[str, list[Place]]:
    """The key and candidates of the longest place name inside a longer name ("University
    of California", "Manila Cathedral"); common and place-type words do not count."""
    inside = [t for t in tokens if start <= t.start and t.end <= end]
    n = len(inside)
    for size in range(n - 1, 0, -1):
        for i in range(n - size + 1):
            stretch = inside[i : i + size]
            if not (stretch[0].cap and stretch[-1].cap):
                continue
            if all(
                t.key in STOPWORDS or t.key in PLACE_TYPES or t.key in ORG_WORDS or not t.cap
                for t in stretch
            ):
                continue
            name = text[stretch[0].start : stretch[-1].end]
            found = _lookup(gazetteer, name)
            if found:
                return _key(name), found
    return "", []


def _credible(place: Place | None, known: list[_Mention]) -> bool:
    """Whether a place found inside a longer name may stand for it: a country, region or
    big city, or a place near another that the text names."""
    if place is None:
        return False
    if place.precision is not Precision.CITY or place.population >= 100_000:
        return place.match not in _WEAK
    return any(
        m.resolved is not None
        and m.resolved.precision is Precision.CITY
        and _km(place, m.resolved) < 150
        for m in known
    )


def _focus(mentions: list[_Mention], dateline: Place | None) -> Place | None:
    """The place a text is about: its dateline, else the town it names most (the first
    of equals), else the region, else the country; marked as found from context."""
    focus = dateline
    for precision in (Precision.CITY, Precision.ADMIN1, Precision.COUNTRY):
        if focus is not None:
            break
        counts: Counter[tuple[str, float, float]] = Counter()
        first: dict[tuple[str, float, float], Place] = {}
        for m in mentions:
            place = m.resolved
            if m.demonym or place is None or place.source == "coopmap":
                continue  # a people ("Latvians") says little about where a story is
            if place.precision is precision:
                key = (place.name, place.lat, place.lon)
                counts[key] += 1
                first.setdefault(key, place)
        if counts:
            top = max(counts.values())
            focus = next(first[key] for key in first if counts[key] == top)
    return None if focus is None else dataclasses.replace(focus, match="context")


def places_of(toponyms: Iterable[Toponym]) -> list[Place]:
    """The distinct places that ``toponyms`` resolved to, in order of first mention."""
    seen: dict[tuple[str, float, float], Place] = {}
    for t in toponyms:
        if t.place is not None:
            seen.setdefault((t.place.name, t.place.lat, t.place.lon), t.place)
    return list(seen.values())
