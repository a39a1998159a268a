"""Toponyms in a text: where place names are, and which places they mean.

Recognition works on runs of capitalised words. Within a run the longest stretch that the
gazetteer knows is taken first; a run that reads as an organisation ("China Railway Group",
"Washington Post") or a facility ("Great Hall of the People") yields no place, and a word
after a title ("Premier Li") is a person. A gazetteer name that is also a common English
word ("May", "Police", "Reading") is kept only with a strong signal: a country or region,
a big city, or a cue such as "in X". Acronyms ("SCO", "EU") are places only when a curated
name says so ("U.S.", "UK").

Resolution ranks each name's candidates by population, how the name matched, and the
document: the countries and regions it names, its dateline ("ALMATY, Dec 14 (Reuters) -")
and a neighbouring region ("Springfield, Illinois"). So "Punjab" in a story about Pakistan
is Pakistan's.

A word counts as common when it is on a short built-in list or written in lower case
elsewhere in the same text. (English frequency lists such as wordfreq's fold case, so they
rate "london" as common as "police" and do not tell the two apart.)
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from coopmap.gazetteer import Gazetteer, Place, default_gazetteer
from coopmap.taxonomy import Precision

__all__ = ["Toponym", "find_toponyms", "places_of", "resolve_spans"]


def _words(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list."""
    return frozenset(text.split())


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


# -- word lists -----------------------------------------------------------------------------

#: Last words that make a capitalised run an organisation, a publication or a facility.
ORG_WORDS = _words(
    """
    group company co corp corporation inc ltd llc plc holdings fund bank organization
    organisation ministry department university college institute academy school council
    committee commission agency authority association federation union party league club
    foundation society press post times news daily journal herald tribune gazette
    telegraph guardian review radio tv television network airlines airline airways
    railway railways motors energy petroleum oil gas power industries industrial
    enterprises partners capital securities exchange court assembly parliament congress
    senate office bureau service services police army navy force forces guard team
    hospital hall stadium center centre museum library church cathedral temple mosque
    palace tower airport station port harbour harbor bridge square street avenue road
    highway building plaza mall hotel theater theatre park zoo prison jail base
    """
)

#: First words that make a run an organisation ("Bank of China", "University of Texas").
ORG_HEADS = _words(
    """
    bank university ministry department office bureau embassy council government
    """
)

#: Words before a person's name.
TITLES = _words(
    """
    mr mrs ms miss dr prof sir lord lady president premier minister chancellor king
    queen prince princess emperor gov governor sen senator rep representative mayor
    judge justice gen general col colonel capt captain lt sgt sheriff chairman
    chairwoman secretary ambassador envoy pope bishop rev father sister brother saint
    coach chief director spokesman spokeswoman officer deputy vice leader
    """
)

#: Place-type words that extend a name ("Henan Province", "Laurel County").
PLACE_TYPES = {
    "city": Precision.CITY,
    "town": Precision.CITY,
    "village": Precision.CITY,
    "county": Precision.CITY,
    "parish": Precision.CITY,
    "township": Precision.CITY,
    "district": Precision.CITY,
    "province": Precision.ADMIN1,
    "state": Precision.ADMIN1,
    "region": Precision.ADMIN1,
    "oblast": Precision.ADMIN1,
    "prefecture": Precision.ADMIN1,
    "governorate": Precision.ADMIN1,
}

#: Lower-case words allowed inside a multi-word name ("Rio de Janeiro", "Isle of Man").
CONNECTORS = _words(
    """
    of de del da do dos das la le les los las upon on am an the and y
    """
)

#: Words that introduce a place ("in X", "near X").
CUES = _words(
    """
    in at near from to outside across around via into throughout
    """
)

#: Capitalised words that are never places in running text, whatever a gazetteer says.
#: Checked before the gazetteer; a word written in lower case elsewhere in a text also counts.
STOPWORDS = _words(
    """
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday today yesterday
    tomorrow centre center commerce free white black el nino la nina igbo president
    premier minister the a an and or but if he she it we they i you his her its this
    that these those there here what when where who why how mr mrs ms dr internet web
    online north south east west central eastern western northern southern new old great
    upper lower city state county province region district island islands republic
    kingdom union federation government people party army police court bank god
    christmas easter ramadan islam muslim christian jewish catholic said says will would
    could should can may might must also only just
    """
)

#: Names the gazetteer lacks or ranks badly in news text, as (country code or continent).
COUNTRY_NAMES = {
    "us": "US",
    "usa": "US",
    "u s": "US",
    "u s a": "US",
    "america": "US",
    "uk": "GB",
    "u k": "GB",
    "britain": "GB",
    "great britain": "GB",
    "uae": "AE",
    "drc": "CD",
    "prc": "CN",
    "dprk": "KP",
    "roc": "TW",
}

#: Abbreviations and short forms, as the name the gazetteer knows.
ALIASES = {
    "bc": "British Columbia",
    "d c": "Washington, D.C.",
    "washington d c": "Washington, D.C.",
    "t&t": "Trinidad and Tobago",
    "t t": "Trinidad and Tobago",
    "nyc": "New York City",
    "korean": "South Korea",
    "kurdish": "Kurdistan",
    "philippine": "Philippines",
}

#: Continents and wide regions (name key -> display name, lat, lon, GeoNames id).
WIDE_REGIONS = {
    "europe": ("Europe", 48.69, 9.14, 6255148),
    "european": ("Europe", 48.69, 9.14, 6255148),
    "africa": ("Africa", 7.19, 21.09, 6255146),
    "african": ("Africa", 7.19, 21.09, 6255146),
    "asia": ("Asia", 29.84, 89.30, 6255147),
    "asian": ("Asia", 29.84, 89.30, 6255147),
    "north america": ("North America", 46.07, -100.55, 6255149),
    "south america": ("South America", -14.60, -57.66, 6255150),
    "latin america": ("Latin America", -14.60, -57.66, 6255150),
    "oceania": ("Oceania", -18.31, 138.52, 6255151),
    "antarctica": ("Antarctica", -78.16, 16.41, 6255152),
    "middle east": ("Middle East", 29.0, 41.0, None),
    "central asia": ("Central Asia", 45.0, 68.0, None),
    "southeast asia": ("Southeast Asia", 10.0, 106.0, None),
    "east asia": ("East Asia", 35.0, 115.0, None),
    "south asia": ("South Asia", 22.0, 79.0, None),
    "west africa": ("West Africa", 12.0, -3.0, None),
    "east africa": ("East Africa", 1.0, 37.0, None),
    "north africa": ("North Africa", 27.0, 14.0, None),
    "balkans": ("Balkans", 43.0, 21.0, None),
    "caribbean": ("Caribbean", 17.0, -72.0, None),
    "scandinavia": ("Scandinavia", 62.0, 14.0, None),
    "siberia": ("Siberia", 60.0, 105.0, None),
    "gaza strip": ("Gaza Strip", 31.42, 34.36, 7303868),
    "west bank": ("West Bank", 32.0, 35.25, 6254925),
    "darfur": ("Darfur", 13.5, 23.5, 408660),
    "eu": ("Europe", 48.69, 9.14, 6255148),
    "european union": ("Europe", 48.69, 9.14, 6255148),
    "atlantic": ("Atlantic Ocean", 10.0, -25.0, 3411923),
    "atlantic ocean": ("Atlantic Ocean", 10.0, -25.0, 3411923),
    "pacific": ("Pacific Ocean", 0.0, -160.0, 2363254),
    "pacific ocean": ("Pacific Ocean", 0.0, -160.0, 2363254),
    "indian ocean": ("Indian Ocean", -10.0, 70.0, 1545739),
    "arctic": ("Arctic", 78.0, 0.0, None),
    "mediterranean": ("Mediterranean Sea", 35.0, 20.0, 363196),
    "mediterranean sea": ("Mediterranean Sea", 35.0, 20.0, 363196),
    "black sea": ("Black Sea", 43.0, 35.0, 630673),
    "caspian sea": ("Caspian Sea", 42.0, 50.5, 630674),
    "south china sea": ("South China Sea", 12.0, 113.0, 1821073),
    "persian gulf": ("Persian Gulf", 27.0, 51.0, 292032),
    "red sea": ("Red Sea", 20.0, 38.5, 350155),
    "korean peninsula": ("Korean Peninsula", 38.0, 127.5, None),
    "soviet union": ("Soviet Union", 60.0, 100.0, 8354411),
    "palestinian": ("Palestine", 31.92, 35.20, 6254930),
    "palestine": ("Palestine", 31.92, 35.20, 6254930),
}

#: AP-style US state abbreviations ("Springfield, Ill.").
US_STATES = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California",
    "colo": "Colorado", "conn": "Connecticut", "del": "Delaware", "fla": "Florida",
    "ga": "Georgia", "ill": "Illinois", "ind": "Indiana", "kan": "Kansas", "ky": "Kentucky",
    "la": "Louisiana", "md": "Maryland", "mass": "Massachusetts", "mich": "Michigan",
    "minn": "Minnesota", "miss": "Mississippi", "mo": "Missouri", "mont": "Montana",
    "neb": "Nebraska", "nev": "Nevada", "okla": "Oklahoma", "ore": "Oregon",
    "pa": "Pennsylvania", "tenn": "Tennessee", "tex": "Texas", "vt": "Vermont",
    "va": "Virginia", "wash": "Washington", "wis": "Wisconsin", "wyo": "Wyoming",
    "n y": "New York", "n j": "New Jersey", "n c": "North Carolina", "s c": "South Carolina",
    "n m": "New Mexico", "n h": "New Hampshire", "n d": "North Dakota",
    "s d": "South Dakota", "w va": "West Virginia", "r i": "Rhode Island",
}  # fmt: skip

# -- tokens ---------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.K.
    r"|(?:St|Ste|Ft|Mt|Pt)\.(?=\s+[A-Z])"  # St. Louis
    r"|[^\W\d_]+(?:['\u2019][^\W\d_]+)*"  # words, Xi'an, O'Hare
    r"|\d+(?:[.,]\d+)*"
    r"|\S"
)
_PLACE_TYPE_SUFFIX = re.compile(r"\s+(?:" + "|".join(PLACE_TYPES) + r")$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s$")
_SENTENCE_END = frozenset('.!?"\u201d:;')
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z\u00c0-\u017f .'-]{1,40}?)"
    r"(?:,\s*(?P<state>[A-Z][A-Za-z. ]{1,30}?))?\s*(?:,|\(|\u2014|\u2013|--| - )"
)


@dataclass(slots=True)
class _Token:
    text: str
    start: int
    end: int
    cap: bool
    acronym: bool
    sentence_start: bool
    key: str = field(default="")


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    previous = "."
    for match in _TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        possessive = _POSSESSIVE.search(word) if len(word) > 3 else None
        if possessive:
            word, end = word[: possessive.start()], start + possessive.start()
        first = word[0]
        letters = word.replace(".", "")
        cap = first.isupper()
        acronym = cap and len(letters) <= 5 and letters.isupper() and letters.isalpha()
        out.append(_Token(word, start, end, cap, acronym, previous in _SENTENCE_END, word.lower()))
        if possessive:
            out.append(_Token("'s", end, match.end(), False, False, False, "'s"))
        previous = word
    return out


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


_MAX_WORDS = 6


def _lookup(gazetteer: Gazetteer, text: str) -> list[Place]:
    key = _key(text)
    if text.endswith(".") and key in US_STATES:
        state = _us_state(gazetteer, US_STATES[key])
        return [] if state is None else [state]
    special = _special(gazetteer, key)
    if special is not None:
        return [special]
    if key in STOPWORDS:
        return []
    return gazetteer.lookup(text, limit=25)


def _us_state(gazetteer: Gazetteer, name: str) -> Place | None:
    for place in gazetteer.lookup(name, country="US", limit=5):
        if place.country == "US" and place.precision is Precision.ADMIN1:
            return place
    return None


def _key(text: str) -> str:
    from coopmap.gazetteer import normalise

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
        name, lat, lon, geonameid = wide
        demonym = key.endswith("an") and key != name.lower()
        return Place(
            name, lat, lon, None, Precision.UNKNOWN, geonameid, "coopmap", None, 0,
            "demonym" if demonym else "alias",
        )  # fmt: skip
    return None


def _organisation_spans(tokens: list[_Token]) -> list[tuple[int, int]]:
    """Token ranges of capitalised runs that read as organisations or facilities."""
    spans = []
    i, n = 0, len(tokens)
    while i < n:
        if not tokens[i].cap:
            i += 1
            continue
        j = i
        while j + 1 < n and (
            tokens[j + 1].cap
            or (
                tokens[j + 1].key in CONNECTORS | {"&", "-"}
                and j + 2 < n
                and tokens[j + 2].cap
                and tokens[j + 1].start - tokens[j].end <= 1
            )
        ):
            j += 1 if tokens[j + 1].cap else 2
        if j > i:
            last = tokens[j].key.rstrip(".")
            head = tokens[i].key
            if last in ORG_WORDS or (head in ORG_HEADS and tokens[i + 1].key in CONNECTORS):
                spans.append((i, j))
        i = j + 1
    return spans


def _recognise(text: str, tokens: list[_Token], gazetteer: Gazetteer) -> list[_Mention]:
    blocked = [False] * len(tokens)
    for i, j in _organisation_spans(tokens):
        for k in range(i, j + 1):
            blocked[k] = True
    lower_words = {t.key for t in tokens if not t.cap and t.text.isalpha()}
    people = _people(tokens, gazetteer)
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


_SAYS = _words(
    """
    said says told added according
    """
)


def _people(tokens: list[_Token], gazetteer: Gazetteer) -> set[str]:
    """Surnames: last words of two- or three-word capitalised runs that are not places
    ("Laura Ingraham" makes a later "Ingraham" a person), and words beside "said"."""
    people: set[str] = set()
    n = len(tokens)
    i = 0
    while i < n:
        if not tokens[i].cap or tokens[i].acronym:
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
    return top.match != "alternate" and (
        top.precision is not Precision.CITY or top.population >= 100_000
    )


def _accept(m: _Mention, tokens: list[_Token], lower_words: set[str], people: set[str]) -> bool:
    top = m.candidates[0]
    first = tokens[m.first]
    single = m.first == m.last
    strong = top.precision in (Precision.COUNTRY, Precision.ADMIN1, Precision.UNKNOWN) and (
        top.match != "alternate"
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
        # acronyms are places only through a curated name ("UK")
        return top.match == "alias" and strong
    if m.demonym:
        return single
    if not single:
        return top.match != "alternate" or top.population >= 100_000
    word = first.key
    common = _common(word, lower_words)
    if common:
        if strong and top.population >= 1_000_000:
            return True
        if top.population >= 1_000_000 and top.match != "alternate":
            return True
        return m.cue and top.population >= 50_000 and top.match != "alternate"
    followed = m.last + 1 < len(tokens) and tokens[m.last + 1].cap
    if followed and not strong and top.population < 100_000:
        return False  # part of a name ("Laura Ingraham")
    if first.sentence_start and top.population < 10_000 and not m.cue:
        return False
    if top.match == "alternate" and top.population < 10_000:
        return m.cue
    if top.precision is Precision.CITY and top.population < 5_000:
        return m.cue or m.hint_admin1 is not None  # a village named bare is rarely meant
    return True


# -- resolution -----------------------------------------------------------------------------


def _context(mentions: list[_Mention], dateline: Place | None) -> tuple[Counter[str], set[str]]:
    countries: Counter[str] = Counter()
    regions: set[str] = set()
    for m in mentions:
        top = m.candidates[0]
        if m.hint_admin1:
            regions.add(m.hint_admin1)
        if top.country is None:
            continue
        if top.precision is Precision.COUNTRY and top.match != "alternate":
            countries[top.country] += 2
        elif top.precision is Precision.ADMIN1 and top.match != "alternate":
            countries[top.country] += 1
            regions.add(top.name)
        elif len(m.candidates) == 1 or top.population > 20 * (m.candidates[1].population + 1):
            countries[top.country] += 1
    if dateline is not None and dateline.country:
        countries[dateline.country] += 3
        if dateline.admin1:
            regions.add(dateline.admin1)
    return countries, regions


def _score(
    place: Place, rank: int, m: _Mention, countries: Counter[str], total: int, regions: set[str]
) -> float:
    population = place.population
    if place.precision is Precision.ADMIN1:
        population //= 20
    score = math.log10(population + 10) - 0.05 * rank
    if place.match == "alternate":
        score -= 2.5
    if place.precision is Precision.COUNTRY:
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
    countries, regions = _context(mentions, dateline)
    total = sum(countries.values())
    for m in mentions:
        m.resolved = _best(m, countries, total, regions, ())
    # second pass: places near the others the text names ("Paris" in a story about
    # towns in Texas is Paris, Texas)
    anchors = [
        (m.key, m.resolved)
        for m in mentions
        if m.resolved is not None
        and m.resolved.precision in (Precision.CITY, Precision.ADMIN1)
        and m.resolved.source != "coopmap"
    ]
    if len(anchors) < 2:
        return
    for m in mentions:
        if len(m.candidates) > 1:
            near = tuple(place for key, place in anchors if key != m.key)
            m.resolved = _best(m, countries, total, regions, near)


def _best(
    m: _Mention,
    countries: Counter[str],
    total: int,
    regions: set[str],
    anchors: tuple[Place, ...],
) -> Place:
    if len(m.candidates) == 1:
        return m.candidates[0]
    scored = []
    for rank, p in enumerate(m.candidates):
        score = _score(p, rank, m, countries, total, regions)
        if anchors and p.precision is not Precision.COUNTRY:
            distance = min(_km(p, a) for a in anchors)
            score += NEAR_BONUS if distance < 150 else NEAR_BONUS / 2 if distance < 400 else 0
        scored.append((score, -rank, p))
    return max(scored, key=lambda s: (s[0], s[1]))[2]


#: Score added to a candidate within 150 km of another place the text names (half within
#: 400 km).
NEAR_BONUS = 3.0


def _km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dl = math.radians(b.lon - a.lon)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


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
        Where names are looked up (default: :func:`~coopmap.gazetteer.default_gazetteer`).
    report_date
        Accepted for symmetry with the other finders; places do not depend on it yet.
    """
    del report_date
    gazetteer = gazetteer or default_gazetteer()
    tokens = _tokens(text)
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

    The document context is built as :func:`find_toponyms` builds it, from these names.
    """
    gazetteer = gazetteer or default_gazetteer()
    tokens = _tokens(text)
    mentions: list[_Mention | None] = []
    for start, end in spans:
        name = text[start:end]
        candidates = _lookup(gazetteer, name)
        if not candidates:
            stripped = _PLACE_TYPE_SUFFIX.sub("", name)
            candidates = _lookup(gazetteer, stripped) if stripped != name else []
        if not candidates:
            mentions.append(None)
            continue
        m = _Mention(start, end, 0, 0, _key(name), candidates)
        m.demonym = candidates[0].match == "demonym"
        after = [t for t in tokens if t.start >= end][:2]
        if len(after) == 2 and after[0].text == "," and after[1].cap:
            m.hint_admin1 = US_STATES.get(after[1].key.rstrip("."), after[1].text)
        mentions.append(m)
    found = [m for m in mentions if m is not None]
    _resolve(found, _dateline(text, gazetteer))
    return [None if m is None else m.resolved for m in mentions]


def places_of(toponyms: Iterable[Toponym]) -> list[Place]:
    """The distinct places that ``toponyms`` resolved to, in order of first mention."""
    seen: dict[tuple[str, float, float], Place] = {}
    for t in toponyms:
        if t.place is not None:
            seen.setdefault((t.place.name, t.place.lat, t.place.lon), t.place)
    return list(seen.values())
