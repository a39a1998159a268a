"""ISO 3166-2 subdivisions as the ``iso3166-2`` package ships them.

pycountry has each subdivision's code, name and parent; the ``iso3166-2`` package adds a
representative point, the names in other languages and scripts (``Ақтөбе облысы``,
``Актюбинская область``, ``浙江``, ``الشرقية``, ``North Kivu``) and the codes a subdivision
had before (``KZ-AKT`` before ``KZ-15``). Its data file is read directly: importing the
package is not needed.
"""

from __future__ import annotations

import functools
import gettext
import importlib.resources
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from coopmap.errors import GazetteerError

__all__ = ["Subdivision", "local_type_variants", "romanised", "subdivisions", "translations"]


@dataclass(frozen=True, slots=True)
class Subdivision:
    """One ISO 3166-2 subdivision.

    ``spellings`` are its other romanised ISO names (pycountry's, where that differs:
    ``Chüy`` for ``Chuyskaya oblast'``); ``local_names`` are (name, ISO 639-3 language)
    pairs; ``old_codes`` the codes it had before a change that ISO published.
    """

    code: str
    country: str
    name: str
    type: str
    parent: str | None
    lat: float
    lon: float
    spellings: tuple[str, ...] = ()
    local_names: tuple[tuple[str, str], ...] = ()
    old_codes: tuple[str, ...] = ()


_CODE = r"[A-Z]{2}-[A-Z0-9]{1,3}"
_RENAMED = re.compile(rf"\b({_CODE})\s*->\s*({_CODE})\b")
_LOCAL = re.compile(r"\s*(.+?)\s*\(([a-z]{3}(?:-[a-z]+)*)\)\s*(?:,|$)")


def _local_names(text: str | None) -> tuple[tuple[str, str], ...]:
    """``'Tuscany (eng), Toscana (ita-tus)'`` as ``(('Tuscany', 'eng'), ('Toscana', 'ita'))``."""
    found: dict[str, str] = {}
    for name, language in _LOCAL.findall(text or ""):
        found.setdefault(name.strip(), language.split("-")[0])
    return tuple(found.items())


def _renames(data: dict[str, dict[str, dict]]) -> dict[str, list[str]]:
    """Every current code's former codes, following chains of changes (A -> B -> C)."""
    current = {code for entries in data.values() for code in entries}
    newer: dict[str, str] = {}
    for entries in data.values():
        for entry in entries.values():
            for change in entry.get("history") or ():
                for old, new in _RENAMED.findall(change.get("Change") or ""):
                    if old != new and old not in current:
                        newer[old] = new
    former: dict[str, list[str]] = {}
    for old in sorted(newer):
        code, seen = newer[old], {old}
        while code in newer and code not in seen:
            seen.add(code)
            code = newer[code]
        if code in current:
            former.setdefault(code, []).append(old)
    return former


def subdivisions() -> Iterator[Subdivision]:
    """Every subdivision in code order.

    Raises
    ------
    GazetteerError
        If the ``iso3166-2`` package is not installed or its data file is unreadable.
    """
    try:
        source = importlib.resources.files("iso3166_2").joinpath("iso3166-2.json")
        data = json.loads(source.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, OSError, ValueError) as err:
        raise GazetteerError(
            f"the gazetteer needs ISO 3166-2 data from iso3166-2: pip install iso3166-2 ({err})"
        ) from err
    import pycountry

    former = _renames(data)
    pycountry_names = {s.code: s.name for s in pycountry.subdivisions}
    for country in sorted(data):
        for code in sorted(data[country]):
            entry = data[country][code]
            point = entry.get("latLng") or ()
            if len(point) != 2 or not entry.get("name"):
                continue
            yield Subdivision(
                code=code,
                country=country,
                name=entry["name"],
                type=entry.get("type") or "",
                parent=entry.get("parentCode") or None,
                spellings=tuple({pycountry_names.get(code, entry["name"])} - {entry["name"]}),
                lat=float(point[0]),
                lon=float(point[1]),
                local_names=_local_names(entry.get("localOtherName")),
                old_codes=tuple(former.get(code, ())),
            )


# Type words of the scripts whose names the data gives bare: a Chinese name ("浙江") is also
# written typed ("浙江省"), an Arabic governorate's with "muhafazat" before it.
_CHINESE_TYPES = {
    "province": ("省",),
    "municipality": ("市",),
    "autonomous region": ("自治区", "自治區"),
    "special administrative region": ("特别行政区", "特別行政區"),
}
_ARABIC_GOVERNORATE = "محافظة"


def local_type_variants(name: str, language: str, type_: str) -> list[str]:
    """Other forms of a local name, with or without its type word, by the usage of its
    script: ``浙江省`` for ``浙江`` (a province), ``محافظة الشرقية`` for ``الشرقية`` (a
    governorate), ``Республика Адыгея`` for ``Адыгея (Республика)``."""
    variants: list[str] = []
    kind = type_.strip().lower()
    if language == "zho":
        variants += [name + suffix for suffix in _CHINESE_TYPES.get(kind, ())]
    elif (
        language in ("ara", "arz", "ary", "apc")
        and kind == "governorate"
        and not name.startswith(_ARABIC_GOVERNORATE)
    ):
        variants.append(f"{_ARABIC_GOVERNORATE} {name}")
    bracketed = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if bracketed:
        variants += [bracketed[1], f"{bracketed[2]} {bracketed[1]}"]
    return variants


def romanised(name: str) -> str | None:
    """A Cyrillic or Greek name in Latin letters as English texts write it
    (``Aktyubinskaya oblast`` for ``Актюбинская область``, ``Aqtobe oblysy`` for
    ``Ақтөбе облысы``), else ``None``."""
    if not _CYRILLIC_OR_GREEK.search(name):
        return None
    from anyascii import anyascii

    return anyascii(name).replace("'", "")


_CYRILLIC_OR_GREEK = re.compile("[\u0370-\u03ff\u0400-\u052f]")


#: The languages of the scripts reports come in whose names pycountry's translations give
#: (Russian, Ukrainian, Belarusian, Kazakh, Kyrgyz, Chinese, Arabic).
TRANSLATED = ("ru", "uk", "be", "kk", "ky", "zh_CN", "zh_TW", "ar")


@functools.cache
def translations(domain: str) -> tuple[gettext.NullTranslations, ...]:
    """pycountry's translations of its ``domain`` (``iso3166-1`` for country names,
    ``iso3166-2`` for subdivision names) into each of :data:`TRANSLATED`, where it has one."""
    import pycountry

    found = []
    for language in TRANSLATED:
        try:
            found.append(gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language]))
        except OSError:
            continue
    return tuple(found)
