"""Names of organisations and facilities in runs of capitalised words.

A name is on the curated list ``data/organisations.csv`` ("CITIC", "SCO"), or has an
organisation or facility word in it ("China Railway *Group*", "Great *Hall* of the People"),
or a head before "of" ("*Ministry* of Commerce"), with an "of ..." tail on the same line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from coopmap.places import normalise
from coopmap.reports import lexicon
from coopmap.reports.cues import PROJECT_HEADS
from coopmap.reports.tokens import Token, words

__all__ = ["Name", "bracketed_acronym", "country_names", "is_title", "organisations_in_run"]

_BODY_WORDS = lexicon.name_words("body") | lexicon.name_words("body_head")
_ORG_WORDS = lexicon.name_words("organisation") | lexicon.name_words("body")
_FACILITY_WORDS = lexicon.name_words("facility")
_ORG_HEADS = lexicon.name_words("organisation_head") | lexicon.name_words("body_head")
_TITLES = lexicon.name_words("title")

#: Connectors that continue a name after its organisation word ("Bank *of* China"); "the"
#: may follow them ("Hall of the People"), "and" join two names after them ("Bank of
#: Trinidad and Tobago").
_TAIL = words("of for de")

#: Capitalised function words that start a sentence rather than a name.
_LEADING = words(
    "the a an in at on of for from with by as after before during under to into "
    "monday tuesday wednesday thursday friday saturday sunday"  # "On Friday the Ministry"
)


@dataclass(slots=True)
class Name:
    """A name at tokens ``first`` to ``last``: an organisation, a public body, a facility or
    a person (:mod:`~coopmap.reports.organisations.people`)."""

    first: int  # token indices, inclusive
    last: int
    name: str
    kind: str  # organisation, body (a public body of a place), facility or person
    title: str | None = None
    country: str | None = None
    # whether the name holds no place: it is curated, an acronym, or ends with its
    # organisation word ("China Railway Group") or is "<Head> of ..." ("Bank of China")
    closed: bool = True
    mark: int | None = None  # the token of its organisation or facility word


def organisations_in_run(text: str, tokens: list[Token], i: int, j: int) -> list[Name]:
    """The organisations and facilities in the capitalised run ``tokens[i..j]``.

    The run is read in stretches between "and"s (not "&"s, which join one name), so
    "Chairman Tian and Bank of China" names one organisation; a stretch of up to four words
    with no name of its own joins the name that begins the next one ("Industrial and
    Commercial Bank of China", "China International Water and Electric Corporation").
    """
    found: list[Name] = []
    stretches, a = [], i
    for k in range(i, j + 1):
        # "&" joins the words of one name ("China International Water & Electric Corp.")
        if tokens[k].key == "and":
            stretches.append((a, k - 1))
            a = k + 1
    stretches.append((a, j))
    covered = i - 1
    loose: tuple[int, int] | None = None
    held: Name | None = None  # a short facility name that may begin the next name
    for a, b in stretches:
        names = _organisations_in_stretch(text, tokens, max(a, covered + 1), b)
        joins = names and loose is not None and names[0].first == a
        if joins and loose[1] - loose[0] > 1:
            # a longer opening only before a company's words of no name of their own ("...
            # Water and Electric Corporation"; not "... Area Arts and Recreation District")
            words = tokens[names[0].first : names[0].last]
            joins = (
                bool(words)
                and all(_ENGLISH_ENDING.search(t.key) for t in words)
                and tokens[names[0].last].key in _COMPANY
            )
        if joins and names[0].kind != "facility" and _whole(text, tokens, loose, names[0]):
            if (
                loose[1] > loose[0]
                and " ".join(t.key for t in tokens[loose[0] : loose[1] + 1]) not in country_names()
            ):
                # "Huayou Cobalt and Zhenshi Group": two companies
                name = text[tokens[loose[0]].start : tokens[loose[1]].end]
                found.append(Name(loose[0], loose[1], name, "organisation"))
            loose = None
        elif joins and names[0].kind != "facility":
            first = names[0]
            first.first = loose[0]
            first.name = " ".join(text[tokens[first.first].start : tokens[first.last].end].split())
            held = None
        if held is not None:
            found.append(held)  # "China Road" was a road after all
            held = None
        untitled = not any(is_title(t) for t in tokens[a : b + 1])
        short = b - a <= 1 and untitled
        # "China Road and Bridge Corporation": a facility word in the first stretch
        facility = len(names) == 1 and names[0].kind == "facility" and names[0].first == a and short
        if facility:
            held, names = names[0], []
        found.extend(names)
        if names:
            covered = max(covered, names[-1].last)
        # "Industrial and ...", "China International Water and Electric Corporation": words
        # of no name of their own that may open the name after "and"
        loose = (a, b) if not names and untitled and b - a < _OPENING and a > covered else None
    if held is not None:
        found.append(held)
    return found


#: How many words may open the name that goes on after "and".
_OPENING = 4
#: The words a company's name ends with.
_COMPANY = words("corporation corp company co group limited ltd inc holding holdings")


def _whole(text: str, tokens: list[Token], loose: tuple[int, int], name: Name) -> bool:
    """Whether the words ``loose`` before "and" and the ``name`` after it are two names, not
    one ("KazTransGas and CNPC", "Uzbekneftegaz and China National Petroleum Corporation";
    but "Industrial and Commercial Bank of China"): the words are a name of their own (an
    inner capital, an acronym), or the name after is on the curated list or opens with a
    country's name or its demonym."""
    words = tokens[loose[0] : loose[1] + 1]
    if any(t.acronym or any(ch.isupper() for ch in t.text[1:]) for t in words):
        return True
    if len(words) == 1 and not (words[0].key in _ORG_WORDS or _ENGLISH_ENDING.search(words[0].key)):
        return True  # "Uzbekhydroenergo and Sinohydro Corporation", not "Industrial and ..."
    if len(words) > 1 and not any(
        t.key in _common_words() or _ENGLISH_ENDING.search(t.key) for t in words
    ):
        return True  # "Huayou Cobalt and Zhenshi Group", not "Hunan Construction and ..."
    if normalise(name.name) in lexicon.organisations():
        return True
    opening = tokens[name.first].key
    return opening in country_names() or opening in lexicon.demonyms()


@functools.cache
def _common_words() -> frozenset[str]:
    """Words that are no company's own name: organisation and facility words, countries and
    demonyms."""
    return _ORG_WORDS | _FACILITY_WORDS | country_names() | frozenset(lexicon.demonyms())


# Endings of the English words that open a two-part name ("Industrial and Commercial Bank",
# "Construction and Investment Group", "Trade and Development Bank", "Survey and Design"):
# a word without one ("Uzbekhydroenergo") is a company's own name.
_ENGLISH_ENDING = re.compile(
    r"(?:al|ic|ics|tion|sion|ment|ing|ance|ence|ity|ive|ry|ty|ure|ade|gn|ey|ch|ce|ss|er|ism)$"
)


@functools.cache
def country_names() -> frozenset[str]:
    """Countries' names, common names and official names in lower case (pycountry)."""
    import pycountry

    return frozenset(
        name.lower()
        for c in pycountry.countries
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None))
        if name
    )


def _organisations_in_stretch(text: str, tokens: list[Token], p: int, j: int) -> list[Name]:
    found = []
    while p <= j:
        name = _curated(text, tokens, p, j) or _by_rule(text, tokens, p, j)
        if name is None:
            # a curated name later in the stretch ("Officials of the SCO")
            name = next(
                (c for q in range(p + 1, j + 1) if (c := _curated(text, tokens, q, j))), None
            )
            if name is None:
                break
        found.append(name)
        p = name.last + 1
    return found


_MAX_CURATED = 6


@functools.cache
def _curated_first_words() -> frozenset[str]:
    return frozenset(key.split()[0] for key in lexicon.organisations())


def _curated(text: str, tokens: list[Token], p: int, j: int) -> Name | None:
    known = lexicon.organisations()
    if tokens[p].key not in _curated_first_words():
        return None
    for last in range(min(j, p + _MAX_CURATED - 1), p - 1, -1):
        if not tokens[last].cap:
            continue
        written = text[tokens[p].start : tokens[last].end]
        hit = known.get(normalise(written))
        if hit is None:
            continue
        alias, name = hit
        if alias.isupper() and written != alias:
            continue  # an acronym must be written as one ("SCO", not "Sco")
        return Name(p, last, name, "organisation")
    return None


def _by_rule(text: str, tokens: list[Token], p: int, j: int) -> Name | None:
    """The first organisation or facility from ``tokens[p]`` on by its words, if any."""
    while p <= j and tokens[p].key in _LEADING:
        p += 1  # "In Port Said", "The Bank of China"
    if p > j:
        return None
    keys = [t.key.rstrip(".") for t in tokens[p : j + 1]]
    marks = [
        k
        for k, key in enumerate(keys)
        if tokens[p + k].cap and (key in _ORG_WORDS or key in _FACILITY_WORDS)
    ]
    head = keys[0] in _ORG_HEADS and len(keys) > 2 and keys[1] in ("of", "for")
    if not marks and not head:
        return None
    # "Staff of China Railway Group": the name starts after the "of"
    begin = 0
    first_mark = marks[0] if marks else 0
    for k in range(first_mark):
        if keys[k] == "of" and not any(keys[m] in _ORG_HEADS for m in range(k)):
            begin = k + 1
    if keys[begin] == "the":
        begin += 1
    if head:
        end = _tail(tokens, p, 0)
        mark = 0
    else:
        # the last organisation word of the first stretch of such words, then an "of" tail
        mark = marks[0]
        for k in marks[1:]:
            if all(tokens[p + m].cap for m in range(mark, k + 1)):
                mark = k
        end = _tail(tokens, p, mark)
        # a company named for what it runs ("Asian Gas Pipeline", "Kazakhstan Power Plant"),
        # and its last words ("China Railway International", "Alarko Holding")
        while (
            end == mark
            and p + end + 1 <= j
            and tokens[p + end + 1].cap
            and (keys[end + 1] in PROJECT_HEADS or keys[end + 1] in _COMPANY_ENDINGS)
        ):
            end += 1
            mark = end
    if end - begin < 1:
        return None  # one word alone ("Group", "Bank") is not a name
    first, last = p + begin, p + end
    kind = (
        "facility"
        if keys[mark] in _FACILITY_WORDS
        else "body"
        if keys[mark] in _BODY_WORDS
        else "organisation"
    )
    name = " ".join(text[tokens[first].start : tokens[last].end].split())
    return Name(first, last, name, kind, closed=head or end == mark, mark=p + mark)


#: Words that end a company's name after its organisation word.
_COMPANY_ENDINGS = words(
    "international overseas holding holdings limited ltd inc plc investment investments works"
)


def _tail(tokens: list[Token], p: int, mark: int) -> int:
    """Where (relative to ``p``) a name whose organisation word is at ``p + mark`` ends: after
    an "of ..." tail ("Bank of China", "Great Hall of the People") on the same line."""
    end = p + mark
    k = end + 1
    while k < len(tokens) and tokens[k].key in _TAIL and _adjacent(tokens, k):
        nxt = k + 1
        if nxt < len(tokens) and tokens[nxt].key == "the" and _adjacent(tokens, nxt):
            nxt += 1
        if not _name_word(tokens, nxt):
            break
        while _name_word(tokens, nxt + 1) or (
            nxt + 2 < len(tokens)
            and tokens[nxt + 1].key in ("and", "&")
            and _adjacent(tokens, nxt + 1)
            and _name_word(tokens, nxt + 2)
            # "Ministry of Energy and China Datang Corporation": a country opens a new name
            and tokens[nxt + 2].key not in country_names()
        ):
            nxt += 1 if _name_word(tokens, nxt + 1) else 2
        end = nxt
        k = nxt + 1
    return end - p


def _adjacent(tokens: list[Token], k: int) -> bool:
    return tokens[k].start - tokens[k - 1].end <= 1


def _name_word(tokens: list[Token], k: int) -> bool:
    return (
        k < len(tokens)
        and tokens[k].cap
        and _adjacent(tokens, k)
        and tokens[k].key.rstrip(".") not in _TITLES
    )


def bracketed_acronym(tokens: list[Token], last: int) -> str | None:
    """The acronym in brackets after a name that ends at ``tokens[last]`` ("(CRG)"), if any."""
    if last + 3 < len(tokens) and tokens[last + 1].text == "(" and tokens[last + 3].text == ")":
        inner = tokens[last + 2].text
        if 2 <= len(inner) <= 8 and inner.isalpha() and inner.isupper():
            return inner
    return None


def is_title(token: Token) -> bool:
    """Whether a token is a title word ("Premier", "minister")."""
    return token.key.rstrip(".") in _TITLES
