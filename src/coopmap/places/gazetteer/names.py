"""Place-name keys: how two spellings of a name are judged the same, and how a name matched.

Names are compared by :func:`normalise`: Unicode NFKC, case-folded, accents stripped, hyphens
and punctuation as spaces, apostrophes dropped, a leading "the " dropped, Chinese characters
in their simplified forms. Alternate names that
look like airport or other codes (two or three capital letters, e.g. ``CGO``) are not indexed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

__all__ = ["MATCH_KINDS", "WEAK", "normalise", "simplified"]

#: How a name matched, by the number stored in the index; the order is the preference when
#: one place has a name twice. ``short`` is a region's name without its suffix ("Laurel"
#: for Laurel County), which texts use but which names a town more often; ``code`` an ISO
#: 3166-2 code, current or former (``KZ-15``, ``KZ-AKT``). A lookup reports a primary name
#: matched only through case, accents or punctuation as ``normalised`` (see lookup.py).
MATCH_KINDS = ("primary", "alias", "demonym", "alternate", "short", "code")
PRIMARY, ALIAS, DEMONYM, ALTERNATE, SHORT, CODE = range(len(MATCH_KINDS))

#: Match kinds that rank after every primary name, alias and demonym of a key.
WEAK = frozenset({ALTERNATE, SHORT})

#: Names that look like codes rather than places (``CGO``, ``NQZ``).
CODE_LIKE = re.compile(r"[A-Z]{2,3}")

_FOLD = str.maketrans(
    {
        **dict.fromkeys(
            '-\u2010\u2011\u2012\u2013\u2014\u2015_/.,;:()[]{}"\u201c\u201d\u201e\u00ab\u00bb', " "
        ),
        **dict.fromkeys("'\u2019\u2018\u02bc\u02bb`\u00b4\u02b9", None),
        "\u0142": "l",
        "\u00f8": "o",
        "\u0111": "d",
        "\u0127": "h",
        "\u0131": "i",
        "\u00e6": "ae",
        "\u0153": "oe",
        "\u00fe": "th",
        "\u00f0": "d",
    }
)

# Combining diacritics of Latin, Greek and Cyrillic letters, and Arabic's optional vowel
# marks (harakat, shadda: texts mostly leave them out); other scripts' combining signs
# (Indic vowel signs, for instance) are letters in their own right and stay.
_DIACRITICS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u065f\u0670]"
)


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@functools.cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str, /) -> str:
    """Chinese text in simplified characters (OpenCC's traditional-to-simplified table):
    GeoNames writes many names only in traditional ones (阿拉木圖 for 阿拉木图)."""
    return _converter().convert(text)


def normalise(text: str, /) -> str:
    """Return the comparison key of a place name.

    ``'Nur-Sultan'`` and ``'nur sultan'`` share a key, as do ``'Ürümqi'`` and ``'Urumqi'``,
    ``"Xi'an"`` and ``'Xian'``.
    """
    if text.isascii():
        key = text.lower()
    else:
        key = unicodedata.normalize("NFKC", text).casefold()
        key = unicodedata.normalize("NFC", _DIACRITICS.sub("", unicodedata.normalize("NFD", key)))
        if _HAN.search(key):
            key = simplified(key)
    key = " ".join(key.translate(_FOLD).split())
    if key.startswith("the "):
        key = key[4:]
    return key
