"""People named in a text: capitalised names after a title ("Premier Li Keqiang", "Kazakh
Prime Minister Karim Massimov") or after "counterpart", and later mentions of them by the
full name or one of its words ("Li", "Massimov")."""

from __future__ import annotations

from coopmap.reports import lexicon
from coopmap.reports.organisations.names import Name, is_title
from coopmap.reports.tokens import Token, words

__all__ = ["people_again", "titled_people"]

_NOT_NAMES = lexicon.not_places()

#: Title words written in lower case that introduce a name without being a title.
_INTRODUCERS = words("counterpart")

#: Words before a lower-case title that belong to it ("prime minister", "vice premier").
_TITLE_MODIFIERS = words("prime foreign vice deputy first acting trade finance economy")

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


def titled_people(tokens: list[Token], taken: list[bool]) -> list[Name]:
    """People after a title: "Premier Li Keqiang", "his Kazakh counterpart Karim Massimov"."""
    found = []
    demonyms = lexicon.demonyms()
    for i, j in _plain_runs(tokens, taken):
        titles = [k for k in range(i, j) if is_title(tokens[k]) and not is_title(tokens[k + 1])]
        if titles:
            k = titles[-1]
            first = k
            while first > i and tokens[first - 1].key not in demonyms:
                first -= 1
            country = demonyms.get(tokens[first - 1].key) if first > i else None
            title: str | None = " ".join(t.text for t in tokens[first : k + 1])
            begin, last = k + 1, min(j, k + _MAX_NAME_WORDS)
        elif i > 0 and not tokens[i - 1].cap and is_title(tokens[i - 1]):
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
        found.append(Name(first, last, " ".join(t.text for t in name), "person", title, country))
    return found


def _words_of(tokens: list[Token], first: int, last: int) -> str:
    return " ".join(t.text for t in tokens[first : last + 1])


def people_again(tokens: list[Token], taken: list[bool], people: list[Name]) -> list[Name]:
    """Later mentions of a person by the full name or one of its words ("Li", "Massimov")."""
    full = {tuple(p.name.split()): p for p in people}
    parts: dict[str, Name | None] = {}
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
            found.append(Name(i, j, person.name, "person", person.title, person.country))
    return found
