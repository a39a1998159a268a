"""Place names in a Russian text, found in their inflected forms and resolved in context.

A run of capitalised words (with the lower-case type words of a region inside it:
"Синьцзян-Уйгурского автономного района") is read in its nominative forms
(:func:`~coopmap.reports.russian.morphology.nominative_forms`) and the longest stretch the
gazetteer knows is taken. A capitalised common word ("Мир", "Союз") is a place only where the
dictionary knows it as one or the place is a country, a region or a city; a sentence's first
word, capitalised anyway, needs the dictionary or a country or region.
"""

from __future__ import annotations

import re

from coopmap.places import Gazetteer, Place, default_gazetteer
from coopmap.reports.russian.morphology import nominative_forms, word_parses
from coopmap.reports.russian.palladius import pinyin
from coopmap.reports.toponyms import Toponym
from coopmap.reports.toponyms.lookup import Mention, lookup, name_key
from coopmap.reports.toponyms.resolution import resolve
from coopmap.taxonomy import Precision

__all__ = ["find_toponyms"]

_WORD = re.compile(r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+(?:-[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+)*")

#: Lower-case words that belong inside a place name (by their dictionary form).
_INSIDE = frozenset(
    {
        "область",
        "край",
        "район",
        "округ",
        "республика",
        "провинция",
        "уезд",
        "штат",
        "графство",
        "автономный",
        "специальный",
        "административный",
        "городской",
        "город",
    }
)

#: Words before a name that say a place follows ("в Астане", "из Китая").
_CUES = frozenset({"в", "во", "из", "на", "под", "до", "у", "близ", "около", "через", "город"})

#: Currencies named before the country they are of ("долларов США", "юаней КНР").
_CURRENCIES = frozenset({"доллар", "юань", "евро", "рубль", "тенге", "фунт", "иена", "вона"})

#: The longest run of words looked up as one name.
_MAX_WORDS = 4

#: A town with at least this many people is a place even when its name is a common word.
_BIG_TOWN = 100_000


def find_toponyms(text: str, /, *, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    """Return the place names in a Russian ``text``, in order, each resolved to a place."""
    gazetteer = gazetteer or default_gazetteer()
    words = list(_WORD.finditer(text))
    mentions: list[Mention] = []
    doubtful: list[Mention] = []  # a word no dictionary knows that a small town is named
    i = 0
    while i < len(words):
        found = None
        if words[i][0][:1].isupper():
            found = _mention_at(text, words, i, gazetteer, doubtful)
        if found is None:
            i += 1
            continue
        mentions.append(found)
        i = found.last + 1
    # "соединит Балыкчы на берегу Иссык-Куля": a small town of a country the text names
    # elsewhere is that town
    countries = {m.candidates[0].country for m in mentions if m.candidates}
    for mention in doubtful:
        own = [c for c in mention.candidates if c.country in countries]
        if own and not any(m.start < mention.end and mention.start < m.end for m in mentions):
            mention.candidates = own
            mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    resolve(mentions, None)
    return [
        Toponym(text[m.start : m.end], m.start, m.end, m.resolved, candidates=len(m.candidates))
        for m in mentions
        if m.resolved is not None
    ]


def _run(text: str, words: list[re.Match[str]], first: int) -> int:
    """The index after the last word of the run of name words starting at ``first``."""
    last = first + 1
    while last < len(words) and last - first < _MAX_WORDS:
        gap = text[words[last - 1].end() : words[last].start()]
        word = words[last][0]
        if gap != " " or not (word[:1].isupper() or _inside(word)):
            break
        last += 1
    return last


def _inside(word: str) -> bool:
    return any(p.normal_form in _INSIDE for p in word_parses(word.lower())[:2])


def _mention_at(
    text: str,
    words: list[re.Match[str]],
    first: int,
    gazetteer: Gazetteer,
    doubtful: list[Mention],
) -> Mention | None:
    end = _run(text, words, first)
    initial = _sentence_start(text, words[first].start())
    previous = words[first - 1][0].lower() if first else ""
    cue = previous in _CUES and words[first - 1].end() == words[first].start() - 1
    if any(p.normal_form in _CURRENCIES for p in word_parses(previous)[:1]):
        return None  # "долларов США" is a currency
    shared = _shared_type_word(text, words, first)
    for last in range(end, first, -1):
        span = [w[0] for w in words[first:last]]
        if last - first > 1 and _inside(span[-1]) is False and not span[-1][:1].isupper():
            continue
        if last - first > 1:
            span[-1] = _singular(span[-1])  # "Южно-Казахстанской областях"
        elif shared is not None:
            span = [span[0], shared]  # "Павлодарской" of "Павлодарской и ... областях"
        for form in nominative_forms(span):
            candidates = lookup(gazetteer, form) or (
                _chinese(gazetteer, form) if len(span) == 1 else []
            )
            if not candidates:
                continue
            mention = Mention(
                start=words[first].start(),
                end=words[last - 1].end(),
                first=first,
                last=last - 1,
                key=name_key(form),
                candidates=candidates,
                cue=cue,
            )
            if _credible(candidates[0], span, initial, cue):
                return mention
            if len(span) == 1 and not initial and _unknown(span[0]) and form == span[0]:
                doubtful.append(mention)
    return None


def _chinese(gazetteer: Gazetteer, form: str) -> list[Place]:
    """The places of China a Palladius spelling stands for ("Тунцзян" is Tongjiang)."""
    for latin in pinyin(form):
        found = [p for p in lookup(gazetteer, latin) if p.country in _CHINESE]
        if found:
            return found
    return []


_CHINESE = frozenset({"CN", "TW", "HK", "MO"})


def _unknown(word: str) -> bool:
    """Whether the dictionary knows ``word`` as no word of the language (only a guess)."""
    return not any(p.is_known for p in word_parses(word)[:1])


def _singular(word: str) -> str:
    """A plural type word in the singular nominative ("областях" is "область"), else
    ``word``."""
    for parse in word_parses(word.lower())[:2]:
        if parse.normal_form in _INSIDE and parse.tag.number == "plur":
            return parse.normal_form
    return word


def _shared_type_word(text: str, words: list[re.Match[str]], first: int) -> str | None:
    """The type word an adjective shares with the next one ("в Павлодарской и
    Южно-Казахстанской областях"), in the singular, if the run goes on so."""
    if first + 3 >= len(words) or words[first + 1][0] not in ("и", "или"):
        return None
    if not words[first + 2][0][:1].isupper():
        return None
    last = words[first + 3][0]
    singular = _singular(last)
    return singular if singular != last else None


#: Parts of the world, which towns are named after too ("Asia" in the Philippines).
_CONTINENTS = frozenset(
    {"азия", "европа", "африка", "америка", "австралия", "антарктида", "евразия", "океания",
     "кавказ", "закавказье", "сибирь", "арктика"}
)  # fmt: skip


def _credible(top: Place, span: list[str], initial: bool, cue: bool) -> bool:
    """Whether the best reading of a run is a place the text means, not a word."""
    if len(span) > 1:
        return True
    word = span[0]
    if len(word) <= 2 and not word.isupper():
        return False  # "Во" (Vaud) is a preposition at the start of a sentence
    if any(p.normal_form in _CONTINENTS for p in word_parses(word)[:2]):
        return False  # "в Центральной Азии": a part of the world, not the town Asia
    geographic = any("Geox" in p.tag for p in word_parses(word)[:3])
    known_word = any(
        p.tag.POS is not None and "Geox" not in p.tag and "UNKN" not in p.tag
        and not {"Name", "Surn", "Patr", "Abbr"} & set(p.tag.grammemes)
        and p.is_known
        for p in word_parses(word)[:1]
    )  # fmt: skip
    if top.precision in (Precision.COUNTRY, Precision.ADMIN1):
        # a common noun ("Центр", "Азия" of a town) names a region only through its own name
        return geographic or not known_word or (cue and top.match not in ("alternate", "short"))
    if initial:
        return geographic or top.precision is Precision.ADMIN2
    if geographic:
        return True
    if known_word:
        return top.population >= _BIG_TOWN and cue
    return cue or top.population >= _BIG_TOWN or top.precision is Precision.ADMIN2


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\u00ab\"'(\u201e\u201c")
    return not before or before[-1] in ".!?\n:\u2014-"
