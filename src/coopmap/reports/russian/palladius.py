"""Chinese names written in Cyrillic by the Palladius system, back in pinyin.

Russian texts write Chinese places syllable by syllable ("Хэйлунцзян" is Heilongjiang,
"Ляньюньган" Lianyungang, "Чжэнчжоу" Zhengzhou), and the gazetteer knows few of them in
Cyrillic. :func:`pinyin` reads a word as a run of Palladius syllables and answers the pinyin
spellings it may stand for, so the gazetteer can be asked for those. The syllables are built
from the system's initials and finals; a word that is no run of syllables has no reading.
"""

from __future__ import annotations

import functools

__all__ = ["pinyin"]

# pinyin initial: its Palladius spelling. j, q and x are spelt as z, c and s are; which one
# a syllable has depends on its final (an i or ü final takes j, q, x).
_INITIALS = {
    "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л",
    "g": "г", "k": "к", "h": "х", "zh": "чж", "ch": "ч", "sh": "ш", "r": "ж",
    "z": "цз", "c": "ц", "s": "с",
}  # fmt: skip
_PALATAL = {"z": "j", "c": "q", "s": "x"}

# pinyin final: its Palladius spelling after an initial, and whether it is an i or ü final
_FINALS = (
    ("a", "а", False), ("o", "о", False), ("e", "э", False), ("ai", "ай", False),
    ("ei", "эй", False), ("ao", "ао", False), ("ou", "оу", False), ("an", "ань", False),
    ("en", "энь", False), ("ang", "ан", False), ("eng", "эн", False), ("ong", "ун", False),
    ("i", "и", True), ("ia", "я", True), ("ie", "е", True), ("iao", "яо", True),
    ("iu", "ю", True), ("ian", "янь", True), ("in", "инь", True), ("iang", "ян", True),
    ("ing", "ин", True), ("iong", "юн", True), ("u", "у", False), ("ua", "уа", False),
    ("uo", "о", False), ("uai", "уай", False), ("ui", "уй", False), ("uan", "уань", False),
    ("un", "унь", False), ("uang", "уан", False), ("u", "юй", True), ("ue", "юэ", True),
    ("uan", "юань", True), ("un", "юнь", True),
)  # fmt: skip

# syllables with no initial
_BARE = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу",
    "an": "ань", "en": "энь", "ang": "ан", "eng": "эн", "er": "эр", "yi": "и", "ya": "я",
    "ye": "е", "yao": "яо", "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян",
    "ying": "ин", "yong": "юн", "wu": "у", "wa": "ва", "wo": "во", "wai": "вай",
    "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван", "weng": "вэн", "yu": "юй",
    "yue": "юэ", "yuan": "юань", "yun": "юнь",
}  # fmt: skip

#: The longest a word may be to be read (longer ones are not one place's name).
_MAX_LETTERS = 24


@functools.cache
def _syllables() -> dict[str, tuple[str, ...]]:
    """Palladius syllable -> the pinyin syllables it may stand for."""
    table: dict[str, set[str]] = {}

    def add(cyrillic: str, latin: str) -> None:
        table.setdefault(cyrillic, set()).add(latin)

    for latin, cyrillic in _BARE.items():
        add(cyrillic, latin)
    for initial, spelt in _INITIALS.items():
        for final, written, palatal in _FINALS:
            if initial in _PALATAL and palatal:
                add(spelt + written, _PALATAL[initial] + final)
            elif initial in ("z", "c", "s") and final == "i":
                continue  # zi, ci, si are цзы, цы, сы
            else:
                add(spelt + written, initial + final)
    for initial in ("z", "c", "s"):
        add(_INITIALS[initial] + "ы", initial + "i")
    for initial in ("zh", "ch", "sh", "r"):
        add(_INITIALS[initial] + "и", initial + "i")
    return {k: tuple(sorted(v)) for k, v in table.items()}


def pinyin(word: str, /, *, limit: int = 8) -> list[str]:
    """The pinyin spellings (capitalised, syllables joined) that the Cyrillic ``word`` may
    stand for, at most ``limit`` of them; none if it is no run of Palladius syllables."""
    text = word.lower().replace("ё", "е")
    if not text or len(text) > _MAX_LETTERS or not all("а" <= ch <= "я" for ch in text):
        return []
    table = _syllables()
    longest = max(map(len, table))

    @functools.cache
    def readings(at: int) -> tuple[str, ...]:
        if at == len(text):
            return ("",)
        found: list[str] = []
        for size in range(min(longest, len(text) - at), 0, -1):
            for latin in table.get(text[at : at + size], ()):
                found += [latin + rest for rest in readings(at + size)][:limit]
        return tuple(found[:limit])

    return [reading.capitalize() for reading in dict.fromkeys(readings(0))][:limit]
