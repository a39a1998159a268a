"""Exchange codes: the codes other datasets use for what coopmap names with its own slugs.

Exports carry them beside coopmap's own values, and imports accept them instead of (or as well
as) those values, so that a sheet keyed by codes comes in without a lookup table:

- location precision as the IATI GeographicalPrecision code (:attr:`Precision.iati_code`);
- sectors as OECD DAC CRS codes: the three-digit sector code (210 transport and storage); a
  five-digit CRS purpose code (21020 road transport) is read as its sector. Every CRS sector
  is read (:data:`CRS_SECTORS`): those coopmap has no sector for (education, health, water...)
  as ``other``, the finer energy and governance codes as ``energy`` and ``governance``;
- countries as ISO 3166-1 alpha-2 codes, and alpha-3 codes through pycountry.

Each reader raises :class:`~coopmap.errors.ValidationError` (or the taxonomy's subclass) naming
the field and listing what is valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pycountry

from coopmap.errors import UnknownSectorError, ValidationError
from coopmap.taxonomy import IATI_PRECISION, SECTORS, Precision, Sector, parse_sector

__all__ = [
    "CRS_SECTORS",
    "alpha2",
    "alpha3",
    "countries_from",
    "crs_codes",
    "iati_precision",
    "precision_for_iati",
    "precisions_from",
    "sector_for_crs",
    "sectors_from",
]

_SECTOR_BY_CRS = {info.crs_code: sector for sector, info in SECTORS.items() if info.crs_code}

_T, _E, _G, _A, _I, _O = (
    Sector.TRANSPORT, Sector.ENERGY, Sector.GOVERNANCE, Sector.AGRICULTURE, Sector.INDUSTRY,
    Sector.OTHER,
)  # fmt: skip
CRS_SECTORS: dict[int, tuple[str, Sector]] = {
    100: ("Social infrastructure and services", _O),
    110: ("Education", _O),
    111: ("Education, level unspecified", _O),
    112: ("Basic education", _O),
    113: ("Secondary education", _O),
    114: ("Post-secondary education", _O),
    120: ("Health", _O),
    121: ("Health, general", _O),
    122: ("Basic health", _O),
    123: ("Non-communicable diseases", _O),
    130: ("Population policies/programmes and reproductive health", _O),
    140: ("Water supply and sanitation", _O),
    150: ("Government and civil society", _G),
    151: ("Government and civil society, general", _G),
    152: ("Conflict, peace and security", _G),
    160: ("Other social infrastructure and services", _O),
    200: ("Economic infrastructure and services", _O),
    210: ("Transport and storage", _T),
    220: ("Communications", Sector.ICT),
    230: ("Energy", _E),
    231: ("Energy policy", _E),
    232: ("Energy generation, renewable sources", _E),
    233: ("Energy generation, non-renewable sources", _E),
    234: ("Hybrid energy plants", _E),
    235: ("Nuclear energy plants", _E),
    236: ("Energy distribution", _E),
    240: ("Banking and financial services", Sector.FINANCE),
    250: ("Business and other services", _O),
    300: ("Production sectors", _O),
    310: ("Agriculture, forestry, fishing", _A),
    311: ("Agriculture", _A),
    312: ("Forestry", _A),
    313: ("Fishing", _A),
    320: ("Industry, mining, construction", _I),
    321: ("Industry", _I),
    322: ("Mineral resources and mining", Sector.MINING),
    323: ("Construction", Sector.CONSTRUCTION),
    330: ("Trade policies and regulations", Sector.TRADE),
    331: ("Trade policies and regulations", Sector.TRADE),
    332: ("Tourism", Sector.TOURISM),
    400: ("Multisector/cross-cutting", _O),
    410: ("General environment protection", Sector.ENVIRONMENT),
    430: ("Other multisector", _O),
    500: ("Commodity aid/general programme assistance", _O),
    510: ("General budget support", _O),
    520: ("Developmental food aid/food security assistance", _O),
    530: ("Other commodity assistance", _O),
    600: ("Action relating to debt", _O),
    700: ("Humanitarian aid", _O),
    720: ("Emergency response", _O),
    730: ("Reconstruction relief and rehabilitation", _O),
    740: ("Disaster prevention and preparedness", _O),
    910: ("Administrative costs of donors", _O),
    930: ("Refugees in donor countries", _O),
    998: ("Unallocated/unspecified", _O),
}
"""The OECD DAC CRS sector codes (three digits) with their names and the coopmap sector each is
read as; a sector's own code (:attr:`~coopmap.taxonomy.SectorInfo.crs_code`) is the one written."""
_PRECISION_BY_IATI: dict[int, Precision] = {}
for _precision, _code in IATI_PRECISION.items():  # a code read alone: the first precision of it
    _PRECISION_BY_IATI.setdefault(_code, _precision)


def crs_codes(sectors: list[Sector], /) -> list[int]:
    """The CRS sector codes of ``sectors``, in order (``other`` has none)."""
    return [code for sector in sectors if (code := SECTORS[sector].crs_code) is not None]


def sector_for_crs(code: object, /) -> Sector:
    """The sector of a CRS sector code (``210``) or purpose code (``21020``)."""
    text = str(code).strip()
    if text.endswith(".0"):  # a number a spreadsheet or GIS stored as a float
        text = text[:-2]
    if text.isdigit() and len(text) in (3, 5) and int(text[:3]) in CRS_SECTORS:
        return CRS_SECTORS[int(text[:3])][1]
    valid = ", ".join(f"{crs} ({sector.value})" for crs, sector in _SECTOR_BY_CRS.items())
    raise UnknownSectorError(
        f"{text!r} is not a CRS sector code coopmap knows; valid: {valid}, the other CRS "
        "sectors (read as other), or a five-digit purpose code starting with one of them",
        field="crs_codes",
    )


def iati_precision(precision: Precision, /) -> int:
    """The IATI GeographicalPrecision code of a location precision."""
    return Precision(precision).iati_code


def precision_for_iati(code: object, /) -> Precision:
    """The location precision of an IATI GeographicalPrecision code (1 to 6)."""
    text = str(code).strip().removesuffix(".0")
    if text.isdigit() and int(text) in _PRECISION_BY_IATI:
        return _PRECISION_BY_IATI[int(text)]
    valid = ", ".join(f"{c} ({p.value})" for c, p in sorted(_PRECISION_BY_IATI.items()))
    raise ValidationError(
        f"{text!r} is not an IATI GeographicalPrecision code; valid: {valid}",
        field="iati_precision",
    )


def alpha3(code: str, /) -> str:
    """The ISO 3166-1 alpha-3 code of an alpha-2 code (``KZ`` -> ``KAZ``)."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise ValidationError(f"{code!r} is not an ISO 3166-1 alpha-2 code", field="countries")
    return str(country.alpha_3)


def alpha2(code: str, /, *, field: str = "countries") -> str:
    """The alpha-2 code of an ISO 3166-1 alpha-2 or alpha-3 code (``KAZ`` -> ``KZ``)."""
    text = code.strip().upper()
    country = None
    if len(text) == 2:
        country = pycountry.countries.get(alpha_2=text)
    elif len(text) == 3:
        country = pycountry.countries.get(alpha_3=text)
    if country is None:
        raise ValidationError(
            f"{code!r} is not an ISO 3166-1 alpha-2 or alpha-3 country code", field=field
        )
    return str(country.alpha_2)


# --- on import: codes standing in for coopmap's values, or checked against them ----------------


def sectors_from(sectors: list[str], codes: list[object], /) -> list[str]:
    """Sector slugs from slugs, CRS codes, or both (which must name the same sectors).

    Slugs that are not sectors are passed on for the model to report.
    """
    from_codes = list(dict.fromkeys(sector_for_crs(code) for code in codes))
    if not sectors:
        return [sector.value for sector in from_codes]
    if not codes:
        return sectors
    try:
        named = [parse_sector(slug) for slug in sectors]
    except ValidationError:
        return sectors
    coded = {sector for sector in named if SECTORS[sector].crs_code is not None}
    if coded != set(from_codes) - {Sector.OTHER} or not set(from_codes) <= set(named):
        raise _disagreement("crs_codes", codes, [s.value for s in from_codes], "sectors", sectors)
    return sectors


def countries_from(countries: list[str], alpha3_codes: list[str], /) -> list[str]:
    """Alpha-2 country codes from alpha-2 or alpha-3 codes in ``countries``, from alpha-3 codes,
    or from both (which must name the same countries).

    Values that are no country code are passed on for the model to report.
    """
    from_alpha3 = [alpha2(code, field="countries_alpha3") for code in alpha3_codes]
    named = [alpha2(code) if len(code.strip()) == 3 else code.strip().upper() for code in countries]
    if not named:
        return from_alpha3
    if from_alpha3 and set(named) != set(from_alpha3):
        raise _disagreement("countries_alpha3", alpha3_codes, from_alpha3, "countries", named)
    return named


def precisions_from(precisions: list[str], codes: list[object], /) -> list[str]:
    """Location precisions from precision names, IATI codes, or both (which must agree)."""
    from_codes = [precision_for_iati(code) for code in codes]
    if not precisions:
        return [precision.value for precision in from_codes]
    named = [p.strip().lower() for p in precisions]
    if from_codes and not _same_codes(named, from_codes):
        meaning = [precision.value for precision in from_codes]
        raise _disagreement("iati_precision", codes, meaning, "precision", precisions)
    return precisions


_PRECISIONS = {precision.value: precision for precision in Precision}


def _same_codes(named: list[str], from_codes: list[Precision]) -> bool:
    """Whether precision names have the IATI codes given (code 3 is a town or a district)."""
    if len(named) != len(from_codes):
        return False
    known = _PRECISIONS
    return all(
        name in known and known[name].iati_code == code.iati_code
        for name, code in zip(named, from_codes, strict=True)
    )


def _disagreement(
    field: str, codes: list[Any], meaning: list[str], column: str, values: list[str]
) -> ValidationError:
    what = {"crs_codes": "CRS codes", "countries_alpha3": "alpha-3 codes"}.get(field, "IATI codes")
    return ValidationError(
        f"{what} {_listed(codes)} mean {_listed(meaning)}, not {_listed(values)} as {column} "
        "says; correct or clear one of them",
        field=field,
    )


def _listed(values: Iterable[object]) -> str:
    return ", ".join(str(value) for value in values)
