"""Exchange codes: the codes other datasets use for what coopmap names with its own slugs.

Exports carry them beside coopmap's own values, and imports accept them instead of (or as well
as) those values, so that a sheet keyed by codes comes in without a lookup table:

- location precision as the IATI GeographicalPrecision code (:attr:`Precision.iati_code`);
- sectors as OECD DAC CRS codes: the three-digit sector code (210 transport and storage); a
  five-digit CRS purpose code (21020 road transport) is read as its sector;
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
_PRECISION_BY_IATI = {code: precision for precision, code in IATI_PRECISION.items()}


def crs_codes(sectors: list[Sector], /) -> list[int]:
    """The CRS sector codes of ``sectors``, in order (``other`` has none)."""
    return [code for sector in sectors if (code := SECTORS[sector].crs_code) is not None]


def sector_for_crs(code: object, /) -> Sector:
    """The sector of a CRS sector code (``210``) or purpose code (``21020``)."""
    text = str(code).strip()
    if text.endswith(".0"):  # a number a spreadsheet or GIS stored as a float
        text = text[:-2]
    if text.isdigit() and len(text) in (3, 5) and int(text[:3]) in _SECTOR_BY_CRS:
        return _SECTOR_BY_CRS[int(text[:3])]
    valid = ", ".join(f"{crs} ({sector.value})" for crs, sector in _SECTOR_BY_CRS.items())
    raise UnknownSectorError(
        f"{text!r} is not a CRS sector code coopmap knows; valid: {valid} (or a five-digit "
        "purpose code starting with one of them)",
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
    if set(crs_codes(named)) != {SECTORS[sector].crs_code for sector in from_codes}:
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
    from_codes = [precision_for_iati(code).value for code in codes]
    if not precisions:
        return from_codes
    if from_codes and [p.strip().lower() for p in precisions] != from_codes:
        raise _disagreement("iati_precision", codes, from_codes, "precision", precisions)
    return precisions


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
