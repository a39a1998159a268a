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
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from coopmap.extract import lexicon
from coopmap.extract.tokens import Token, capitalised_runs, sentences, tokenize, words
from coopmap.places import normalise
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


_BODY_WORDS = lexicon.name_words("body") | lexicon.name_words("body_head")
_ORG_WORDS = lexicon.name_words("organisation") | lexicon.name_words("body")
_FACILITY_WORDS = lexicon.name_words("facility")
_ORG_HEADS = lexicon.name_words("organisation_head") | lexicon.name_words("body_head")
_TITLES = lexicon.name_words("title")
_NOT_NAMES = lexicon.not_places()

#: Title words written in lower case that introduce a name without being a title.
_INTRODUCERS = words("counterpart")

#: Words before a lower-case title that belong to it ("prime minister", "vice premier").
_TITLE_MODIFIERS = words("prime foreign vice deputy first acting trade finance economy")

#: Connectors that continue a name after its organisation word ("Bank *of* China"); "the"
#: may follow them ("Hall of the People"), "and" join two names after them ("Bank of
#: Trinidad and Tobago").
_TAIL = words("of for de")

#: Capitalised function words that start a sentence rather than a name.
_LEADING = words("the a an in at on of for from with by as after before during under to into")

#: Words that make a sentence about an event, so the people it names take part in it.
_EVENT_CUE = re.compile(
    r"\b(?:talks|met|meet|meets|meeting|summit|visit\w*|attend\w*|conference|forum|"
    r"sign\w*|witness\w*|shak\w+ hands|shook hands|hosted|received)\b",
    re.IGNORECASE,
)

_AUX = (
    r"(?:(?:will|would|shall|is|are|was|were|has|have|had|to|also|be|been|being|jointly|"
    r"help|helps|helped|helping|going|set|expected|plans?|planned|agreed|already|then|now|"
    r"recently|later|has\s+been)\s+)*"
)
# After the name: an acronym in brackets, an apposition between commas, "and <Name>".
_AFTER_NAME = (
    r"^(?:\s*\([^)]{1,20}\))?(?:\s*,[^,.;]{1,60},)?"
    r"(?:\s+and\s+(?:[A-Z][\w'\u2019-]*\s*){1,4})?\s*"
)

#: Roles from the words after a name (the name is the subject) ...
_ROLE_AFTER: tuple[tuple[Role, re.Pattern[str]], ...] = tuple(
    (role, re.compile(_AFTER_NAME + _AUX + f"(?P<cue>{verbs})" + r"\b"))
    for role, verbs in (
        (
            Role.CONTRACTOR,
            r"build|builds|built|building|construct\w*|lay|lays|laid|install\w*|"
            r"won\s+the\s+(?:contract|tender|bid)",
        ),
        (
            Role.FUNDER,
            r"financ\w+|fund|funds|funded|funding|lend|lends|lent|lending|invest\w*|"
            r"provide[sd]?\s+(?:a\s+|an\s+|the\s+)?(?:loans?|credit|financing|funding)",
        ),
        (Role.OPERATOR, r"operate[sd]?|operating|runs|manage[sd]?"),
        (
            Role.PARTICIPANT,
            r"hold|holds|held|meet|meets|met|attend\w*|visit\w*|sign|signs|signed|"
            r"witness\w*|join|joins|joined|t[ao]ok\s+part|takes\s+part|participat\w+|"
            r"shak\w+\s+hands|shook\s+hands|host|hosts|hosted|talk|talks|talked",
        ),
    )
)

#: ... and from the words before it (the name is the agent or the source).
_ROLE_BEFORE: tuple[tuple[Role, re.Pattern[str]], ...] = tuple(
    (role, re.compile(f"(?P<cue>{words_before})" + r"\s+(?:the\s+)?$", re.IGNORECASE))
    for role, words_before in (
        (
            Role.CONTRACTOR,
            r"\b(?:built|constructed|laid|installed|designed|developed|carried\s+out|"
            r"undertaken|implemented)\s+by|\b(?:contracted|awarded)\s+to|\bcontractors?",
        ),
        (
            Role.FUNDER,
            r"\b(?:financed|funded|backed|bankrolled|sponsored)\s+by|"
            r"\b(?:loans?|credits?|credit\s+lines?|financing|funding|funds|investment|grants?)"
            r"(?:\s+(?:of|worth)\s+[^,;]{1,30}?)?\s+from",
        ),
        (Role.OPERATOR, r"\b(?:operated|run|managed)\s+by|\boperators?"),
        (
            Role.PARTICIPANT,
            r"\b(?:attended|hosted|received|joined)\s+by|\b(?:talks|met|meeting)\s+with|"
            r"\bdelegations?\s+(?:of|from)",
        ),
    )
)


@dataclass(slots=True)
class _Name:
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
        role, cue = _role(text, start, end, sentence, found)
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


# -- names ----------------------------------------------------------------------------------


def _names(text: str, tokens: list[Token]) -> list[_Name]:
    taken = [False] * len(tokens)
    found: list[_Name] = []

    def add(name: _Name) -> None:
        found.append(name)
        for k in range(name.first, name.last + 1):
            taken[k] = True

    acronyms: dict[str, str] = {}
    for i, j in capitalised_runs(tokens):
        for name in _organisations_in_run(text, tokens, i, j):
            add(name)
            acronym = _bracketed_acronym(tokens, name.last)
            if acronym:
                acronyms[acronym] = name.name
                for k in range(name.last + 1, name.last + 4):
                    taken[k] = True
    for k, token in enumerate(tokens):
        if not taken[k] and token.text in acronyms:
            add(_Name(k, k, acronyms[token.text], "organisation"))
    for name in _people(tokens, taken):
        add(name)
    for name in _people_again(tokens, taken, [n for n in found if n.kind == "person"]):
        add(name)
    return sorted(found, key=lambda n: n.first)


def _organisations_in_run(text: str, tokens: list[Token], i: int, j: int) -> list[_Name]:
    """The organisations and facilities in the capitalised run ``tokens[i..j]``.

    The run is read in stretches between "and"s, so "Chairman Tian and Bank of China" names
    one organisation; a stretch of one or two words with no name of its own joins the name
    that begins the next one ("Industrial and Commercial Bank of China").
    """
    found: list[_Name] = []
    stretches, a = [], i
    for k in range(i, j + 1):
        if tokens[k].key in ("and", "&"):
            stretches.append((a, k - 1))
            a = k + 1
    stretches.append((a, j))
    covered = i - 1
    loose: tuple[int, int] | None = None
    for a, b in stretches:
        names = _organisations_in_stretch(text, tokens, max(a, covered + 1), b)
        if names and loose is not None and names[0].first == a:
            first = names[0]
            first.first = loose[0]
            first.name = " ".join(text[tokens[first.first].start : tokens[first.last].end].split())
        found.extend(names)
        if names:
            covered = max(covered, names[-1].last)
        short = b - a <= 1 and not any(_is_title(t) for t in tokens[a : b + 1])
        loose = (a, b) if not names and short and a > covered else None
    return found


def _organisations_in_stretch(text: str, tokens: list[Token], p: int, j: int) -> list[_Name]:
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


def _curated(text: str, tokens: list[Token], p: int, j: int) -> _Name | None:
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
        return _Name(p, last, name, "organisation")
    return None


def _by_rule(text: str, tokens: list[Token], p: int, j: int) -> _Name | None:
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
    return _Name(first, last, name, kind, closed=head or end == mark, mark=p + mark)


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


def _bracketed_acronym(tokens: list[Token], last: int) -> str | None:
    if last + 3 < len(tokens) and tokens[last + 1].text == "(" and tokens[last + 3].text == ")":
        inner = tokens[last + 2].text
        if 2 <= len(inner) <= 8 and inner.isalpha() and inner.isupper():
            return inner
    return None


# -- people ---------------------------------------------------------------------------------


_MAX_NAME_WORDS = 3


def _plain_runs(tokens: list[Token], taken: list[bool]) -> list[tuple[int, int]]:
    """Runs of capitalised, untaken words on one line, with nothing between them."""
    runs = []
    i, n = 0, len(tokens)
    while i < n:
        if not tokens[i].cap or taken[i]:
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and tokens[j + 1].cap
            and not taken[j + 1]
            and tokens[j + 1].start - tokens[j].end == 1
        ):
            j += 1
        runs.append((i, j))
        i = j + 1
    return runs


def _is_title(token: Token) -> bool:
    return token.key.rstrip(".") in _TITLES


def _people(tokens: list[Token], taken: list[bool]) -> list[_Name]:
    """People after a title: "Premier Li Keqiang", "his Kazakh counterpart Karim Massimov"."""
    found = []
    demonyms = lexicon.demonyms()
    for i, j in _plain_runs(tokens, taken):
        titles = [k for k in range(i, j) if _is_title(tokens[k]) and not _is_title(tokens[k + 1])]
        if titles:
            k = titles[-1]
            first = k
            while first > i and tokens[first - 1].key not in demonyms:
                first -= 1
            country = demonyms.get(tokens[first - 1].key) if first > i else None
            title: str | None = " ".join(t.text for t in tokens[first : k + 1])
            begin, last = k + 1, min(j, k + _MAX_NAME_WORDS)
        elif i > 0 and not tokens[i - 1].cap and _is_title(tokens[i - 1]):
            word = tokens[i - 1]
            # "prime minister Karim Massimov", "his Kazakh counterpart Karim Massimov"
            lead = i - 1
            while lead > 0 and tokens[lead - 1].key in _TITLE_MODIFIERS:
                lead -= 1
            country = demonyms.get(tokens[lead - 1].key) if lead > 0 else None
            title = None if word.key in _INTRODUCERS else _words_of(tokens, lead, i - 1)
            first = begin = i
            last = min(j, i + _MAX_NAME_WORDS - 1)
        else:
            continue
        name = tokens[begin : last + 1]
        if all(t.key in _NOT_NAMES for t in name) or any(t.acronym for t in name):
            continue
        found.append(_Name(first, last, " ".join(t.text for t in name), "person", title, country))
    return found


def _words_of(tokens: list[Token], first: int, last: int) -> str:
    return " ".join(t.text for t in tokens[first : last + 1])


def _people_again(tokens: list[Token], taken: list[bool], people: list[_Name]) -> list[_Name]:
    """Later mentions of a person by the full name or one of its words ("Li", "Massimov")."""
    full = {tuple(p.name.split()): p for p in people}
    parts: dict[str, _Name | None] = {}
    for person in people:
        for word in person.name.split():
            if len(word) > 1 and word.lower() not in _NOT_NAMES:
                known = parts.get(word, person)
                # a word two people share names neither
                parts[word] = person if known is not None and known.name == person.name else None
    found = []
    for i, j in _plain_runs(tokens, taken):
        written = tuple(t.text for t in tokens[i : j + 1])
        person = full.get(written) or (parts.get(written[0]) if i == j else None)
        if person is not None:
            found.append(_Name(i, j, person.name, "person", person.title, person.country))
    return found


# -- roles ----------------------------------------------------------------------------------


def _role(
    text: str, start: int, end: int, sentence: tuple[int, int], found: _Name
) -> tuple[Role | None, str | None]:
    after = text[end : sentence[1]]
    before = text[sentence[0] : start]
    for role, pattern in _ROLE_AFTER:
        match = pattern.match(after)
        if match:
            return role, match["cue"]
    for role, pattern in _ROLE_BEFORE:
        match = pattern.search(before)
        if match:
            return role, " ".join(match["cue"].split())
    if found.kind == "organisation" and found.name.lower().endswith(" fund"):
        return Role.FUNDER, "fund"
    if found.kind == "person":
        match = _EVENT_CUE.search(text, sentence[0], sentence[1])
        if match:
            return Role.PARTICIPANT, match.group()
    return None, None
