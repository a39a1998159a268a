"""Russian words in their dictionary forms, by pymorphy3 (its dictionary ships in the
``pymorphy3-dicts-ru`` wheel)."""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["nominative_forms", "word_parses"]


@functools.cache
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=65536)
def word_parses(word: str) -> tuple[Any, ...]:
    """pymorphy3's readings of ``word``, likeliest first."""
    return tuple(_analyzer().parse(word))


def _geographic(parse: Any) -> bool:
    return "Geox" in parse.tag


# Endings a foreign place name takes in the oblique cases ("Хоргоса", "Сиане", "Урумчи"),
# with what the nominative may end in instead: tried when the dictionary does not know the
# word as a place.
_ENDINGS = re.compile(r"(ом|ем|ой|ей|ою|ею|а|я|у|ю|е|и|ы)$")
_NOMINATIVE_ENDINGS = ("", "ь", "а", "я", "й")


def nominative_forms(words: list[str]) -> list[str]:
    """Ways the run of ``words`` reads in the nominative, likeliest first: each word's
    nominative, adjectives agreeing with the last noun ("Северо-Казахстанской области" is
    "Северо-Казахстанская область"), then the words stripped of a case ending ("Хоргоса" is
    "Хоргос"); the words as written come last."""
    parses = [word_parses(word) for word in words]
    head = next((p[0] for p in reversed(parses) if p and {"NOUN"} & {p[0].tag.POS}), None)
    forms: list[list[str]] = []
    for position, (word, readings) in enumerate(zip(words, parses, strict=True)):
        options: list[str] = []
        # a word before the head noun agrees with it: an adjective ("Атырауской области")
        modifier = position < len(words) - 1 and head is not None
        ranked = sorted(
            readings,
            key=lambda p: (not (modifier and p.tag.POS in ("ADJF", "PRTF")), not _geographic(p)),
        )
        for parse in ranked[:3]:
            wanted = {"nomn"}
            if parse.tag.POS in ("ADJF", "PRTF") and head is not None:
                wanted |= {head.tag.gender or "masc", head.tag.number or "sing"}
            elif parse.tag.number == "sing" or "Sgtm" in parse.tag:
                wanted.add("sing")
            inflected = parse.inflect(wanted)
            if inflected is not None:
                options.append(_cased(inflected.word, word))
        stripped = _ENDINGS.sub("", word)
        if stripped != word and len(stripped) >= 3:
            options += [stripped + ending for ending in _NOMINATIVE_ENDINGS]
        options.append(word)
        forms.append(list(dict.fromkeys(options)))
    readings = [" ".join(option[0] for option in forms)]
    if len(words) == 1:
        readings += forms[0][1:]
    else:
        readings.append(" ".join(words))
    return list(dict.fromkeys(readings))


def _cased(form: str, like: str) -> str:
    """``form`` (pymorphy3 answers in lower case) with the capitals of ``like``:
    "северо-казахстанская" as "Северо-Казахстанская"."""
    parts, models = form.split("-"), like.split("-")
    if len(parts) != len(models):
        return form.capitalize() if like[:1].isupper() else form
    return "-".join(
        p.capitalize() if m[:1].isupper() else p for p, m in zip(parts, models, strict=True)
    )
