"""Place names in a Chinese text: the longest names the gazetteer knows, in context.

Every stretch of Han characters is matched against the gazetteer's Chinese names, longest
first. A short name of a small place is mostly a word ("七星", "一心"), so a match must be a
country or region, a town with a type character ("乌镇", "郑州市"), or a town big enough for its
size; and a place that begins an organisation's name ("中国铁路工程集团") is not where
anything is.
"""

from __future__ import annotations

import functools
import re

from coopmap.places import Gazetteer, Place, default_gazetteer
from coopmap.places.gazetteer.names import simplified
from coopmap.reports.toponyms import Toponym
from coopmap.reports.toponyms.lookup import Mention, lookup, name_key
from coopmap.reports.toponyms.resolution import resolve
from coopmap.taxonomy import Precision

__all__ = ["find_toponyms"]

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

#: The longest name looked for, in characters.
_MAX_CHARS = 12

#: Characters that end a place name as its type: a town, city, county, district, province.
_TYPE_ENDINGS = frozenset("镇市县区省州乡村旗盟港")

#: How many people a town whose name has this many characters needs to be taken as a place.
_TOWN_SIZE = {2: 100_000, 3: 5_000}

# An organisation's name that follows a place without a break ("中国铁路工程集团"): the
# characters up to its kind, none of them a particle or a conjunction.
_ORGANISATION = re.compile(
    "[^\\s\u3000-\u303f\uff00-\uffef和与的及同在对向从为于将已]{0,8}?"
    # (not "企业": "温州企业", "中国企业" are firms of a place, and name it)
    "(集团|公司|银行|基金|大学|学院|研究院|委员会|协会|组织|股份|有限)"
)


def find_toponyms(text: str, /, *, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    """Return the place names in a Chinese ``text``, in order, each resolved to a place."""
    gazetteer = gazetteer or default_gazetteer()
    names = _names(gazetteer)
    mentions: list[Mention] = []
    # names are keyed in simplified characters; a text in traditional ones is matched in its
    # simplified form where that keeps every character in place
    converted = simplified(text)
    original, text = text, converted if len(converted) == len(text) else text
    for run in _HAN.finditer(text):
        i, end = run.start(), run.end()
        while i < end:
            found = _match_at(text, i, end, names, gazetteer)
            if found is None:
                i += 1
                continue
            found.first = found.last = len(mentions)
            mentions.append(found)
            i = found.end
    resolve(mentions, None)
    return [
        Toponym(original[m.start : m.end], m.start, m.end, m.resolved, candidates=len(m.candidates))
        for m in mentions
        if m.resolved is not None
    ]


@functools.lru_cache(maxsize=4)
def _names(gazetteer: Gazetteer) -> frozenset[str]:
    return frozenset(gazetteer.keys_between("\u3400", "\ufb00"))


def _match_at(
    text: str, start: int, end: int, names: frozenset[str], gazetteer: Gazetteer
) -> Mention | None:
    for length in range(min(_MAX_CHARS, end - start), 1, -1):
        name = text[start : start + length]
        key = name if name in names else _with_type(name, names)
        if key is None:
            continue
        candidates = lookup(gazetteer, key)
        if not candidates or not _credible(candidates[0], name, typed=key != name):
            continue
        if _ORGANISATION.match(text, start + length) and candidates[0].precision in (
            Precision.COUNTRY,
            Precision.ADMIN1,
            Precision.CITY,
        ):
            return None  # the place is the start of an organisation's name
        return Mention(start, start + length, 0, 0, name_key(name), candidates)
    return None


def _with_type(name: str, names: frozenset[str]) -> str | None:
    """The gazetteer's name of a city written without its type character ("暹粒" for
    "暹粒市", "西哈努克" in "西哈努克港"), if it has one
    (a two-character one must still be a town big enough, see :func:`_credible`)."""
    if name[-1] in _TYPE_ENDINGS:
        return None
    typed = name + "市"
    return typed if typed in names else None


def _credible(top: Place, name: str, *, typed: bool = False) -> bool:
    if top.precision in (Precision.COUNTRY, Precision.ADMIN1, Precision.ADMIN2):
        return not typed
    if name.endswith("港") and not top.population:
        return False  # "深水港" is a deep-water port, "金港" an expressway's short name
    if not typed and (
        top.match in ("primary", "alias") or (len(name) >= 2 and name[-1] in _TYPE_ENDINGS)
    ):
        return True
    return top.population >= _TOWN_SIZE.get(len(name), 0)
