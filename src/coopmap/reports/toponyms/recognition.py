"""Toponym recognition: which runs of capitalised words in a text are place names.

Within a run the longest stretch the gazetteer knows is taken first. No place is taken inside
the name of an organisation or a facility, and a word after a title is a person. A word
that is also a common English word is a place only with a strong signal. A word counts as
common when it is on the list ``data/not_places.csv`` or written in lower case elsewhere in
the same text.
"""

from __future__ import annotations

import functools

from coopmap.places import Gazetteer
from coopmap.reports import lexicon
from coopmap.reports.organisations import name_spans
from coopmap.reports.quantities import CURRENCY_WORDS
from coopmap.reports.tokens import CONNECTORS, Token, words
from coopmap.reports.toponyms.lookup import (
    STOPWORDS,
    US_STATES,
    WEAK,
    Mention,
    lookup,
    name_key,
    us_state,
)
from coopmap.taxonomy import LOCAL_PRECISIONS, Precision

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
    in at near from to outside across around via into throughout between
    """
)


def _common(word: str, lower_words: set[str]) -> bool:
    """Whether a capitalised word is a common word here: a stopword, or written in lower
    case elsewhere in the same text ("police", "reading")."""
    return word in STOPWORDS or word in lower_words


_MAX_WORDS = 6

#: Keys of era abbreviations, which after a number are no place ("500 B.C.").
_ERAS = frozenset({"b c", "bc", "a d", "ad", "b c e", "bce", "c e", "ce"})


def recognise(text: str, tokens: list[Token], gazetteer: Gazetteer) -> list[Mention]:
    """The place names in ``text`` (tokenised as ``tokens``), in order, with their candidates."""
    # no place inside the name of an organisation or a facility ("China Railway Group"); a
    # public body's name keeps its place ("Kentucky Department of Education")
    spans = name_spans(text, tokens=tokens)
    blocked = [any(s <= t.start and t.end <= e for s, e in spans) for t in tokens]
    lower_words = {t.key for t in tokens if not t.cap and t.text.isalpha()}
    people = _people(tokens, gazetteer, lower_words)
    mentions: list[Mention] = []
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
            candidates = lookup(gazetteer, surface)
            if candidates:
                found = (j, candidates)
                break
        if found is None:
            i += 1
            continue
        j, candidates = found
        key = name_key(text[token.start : tokens[j].end])
        mention = Mention(token.start, tokens[j].end, i, j, key, candidates)
        # "Henan Province", "Laurel County"
        if j + 1 < n and tokens[j + 1].key in PLACE_TYPES and tokens[j + 1].cap:
            mention.forced = PLACE_TYPES[tokens[j + 1].key]
            mention.end = tokens[j + 1].end
            j += 1
        mention.demonym = all(p.match == "demonym" for p in candidates[:1])
        mention.cue = i > 0 and tokens[i - 1].key in CUES
        if not mention.cue and i > 1 and tokens[i - 1].key in ("and", "to", "via"):
            # the second place of a line: "between Arkalyk and Shubarkol", "from A via B"
            ends = [m for m in mentions if m.last == i - 2]
            mention.cue = (
                bool(ends)
                and ends[0].first > 0
                and (tokens[ends[0].first - 1].key in ("between", "from", "via", "linking"))
            )
        # "Springfield, Ill." / "Springfield, Illinois"
        if j + 2 < n and tokens[j + 1].text == "," and tokens[j + 2].cap:
            state_token = tokens[j + 2]
            end = state_token.end
            if not state_token.text.endswith(".") and j + 3 < n and tokens[j + 3].text == ".":
                end = tokens[j + 3].end if tokens[j + 3].start == end else end
            abbreviation = text[state_token.start : end]
            state = US_STATES.get(name_key(abbreviation)) if abbreviation.endswith(".") else None
            mention.hint_admin1 = state or state_token.text
            if state is not None and _accept(mention, tokens, lower_words, people):
                mentions.append(mention)
                place = us_state(gazetteer, state)
                if place is not None:
                    mention = Mention(
                        state_token.start, end, j + 2, j + 2, name_key(state), [place]
                    )
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
                and not lookup(gazetteer, " ".join(t.text for t in tokens[i : j + 1]))
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
    found = lookup(gazetteer, name)
    if not found:
        return False
    top = found[0]
    return top.match not in WEAK and (
        top.precision not in LOCAL_PRECISIONS or top.population >= 100_000
    )


#: Words before a demonym that make it a language ("in Russian", "spoke Chinese").
_LANGUAGE_BEFORE = frozenset(
    {"in", "into", "from", "speak", "speaks", "spoke", "spoken", "speaking", "translated"}
)
#: Words after a demonym that make it a language ("Russian for friendship").
_LANGUAGE_AFTER = frozenset({"for", "and", "or", "as", "is", "means", "word", "words", "name"})


@functools.cache
def _languages() -> frozenset[str]:
    """The names of the major languages (those with a two-letter ISO 639 code), lower case:
    "English" is a language before it is England."""
    import pycountry

    return frozenset(
        lang.name.lower() for lang in pycountry.languages if getattr(lang, "alpha_2", None)
    )


def _word_in_another_use(m: Mention, tokens: list[Token]) -> bool:
    """Whether a name is a currency's ("U.S. dollars", "Kazakh tenge") or a demonym or a
    language's name used as the language ("in Russian", "in English", "Russian for
    friendship")."""
    after = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
    if after is not None and after.key in CURRENCY_WORDS:
        return True
    if not (m.demonym or (m.first == m.last and tokens[m.first].key in _languages())):
        return False
    before = tokens[m.first - 1].key if m.first > 0 else ""
    if after is not None and after.key == "for":
        return True
    # "in Russian." or "in Russian and", not "in Russian-American art"
    ends = (
        after is None
        or after.key in _LANGUAGE_AFTER
        or (not after.text[:1].isalpha() and after.text[:1] not in "-\u2010\u2013")
    )
    return before in _LANGUAGE_BEFORE and ends


def _accept(m: Mention, tokens: list[Token], lower_words: set[str], people: set[str]) -> bool:
    top = m.candidates[0]
    first = tokens[m.first]
    single = m.first == m.last
    if _word_in_another_use(m, tokens):
        return False
    strong = top.precision in (Precision.COUNTRY, Precision.ADMIN1, Precision.UNKNOWN) and (
        top.match not in WEAK
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
        return top.match not in WEAK or top.population >= 100_000
    word = first.key
    common = _common(word, lower_words)
    if common:
        if strong and top.population >= 1_000_000:
            return True
        if top.population >= 1_000_000 and top.match not in WEAK:
            return True
        return m.cue and top.population >= 50_000 and top.match not in WEAK
    followed = m.last + 1 < len(tokens) and tokens[m.last + 1].cap
    if followed and not strong and top.population < 100_000:
        return False  # part of a name ("Laura Ingraham")
    if first.sentence_start and top.population < 10_000 and not m.cue:
        return False
    if top.match == "short":
        return m.cue or m.hint_admin1 is not None
    if top.match in WEAK and top.population < 10_000:
        return m.cue
    if top.precision in LOCAL_PRECISIONS and top.population < 5_000:
        return m.cue or m.hint_admin1 is not None  # a village named bare is rarely meant
    return True
