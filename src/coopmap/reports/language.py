"""Which language a report is written in: English, Russian or Chinese.

The three differ by script, so the share of letters in each script decides: a text mostly in
Han characters is Chinese, one with more Cyrillic than Latin letters Russian, anything else
English (the reader's default). Kazakh and other Cyrillic languages read as Russian, the
closest the reader has.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "detect", "language"]

#: The languages the report reader reads, by ISO 639-1 code, with their names.
LANGUAGES = {"en": "English", "ru": "Russian", "zh": "Chinese"}

#: A text whose letters are at least this share Han characters is Chinese (a Chinese report
#: quotes Latin names and figures; each Han character is a syllable, so few are needed).
_HAN_SHARE = 0.3


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


def detect(text: str, /) -> str:
    """The code of the language ``text`` is written in: ``'en'``, ``'ru'`` or ``'zh'``.

    >>> detect("Строительство завода в Астане")
    'ru'
    >>> detect("2015年12月14日，中哈两国在北京举行会谈。")
    'zh'
    """
    han = cyrillic = latin = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if _is_han(ch):
            han += 1
        elif _is_cyrillic(ch):
            cyrillic += 1
        else:
            latin += 1
    letters = han + cyrillic + latin
    if letters and han / letters >= _HAN_SHARE:
        return "zh"
    if cyrillic > latin:
        return "ru"
    return "en"


def language(text: str, /, lang: str | None = None) -> str:
    """``lang`` checked, or the language :func:`detect` finds when it is ``None``.

    Raises
    ------
    ValueError
        If ``lang`` is not one of :data:`LANGUAGES`.
    """
    if lang is None:
        return detect(text)
    code = str(lang).strip().lower()
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    return code
