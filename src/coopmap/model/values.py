"""The checks of values in records, and the annotated types that apply them.

- :data:`CountryCode`: an ISO 3166-1 alpha-2 country code, upper-cased;
- :data:`CurrencyCode`: an ISO 4217 currency code, upper-cased;
- :data:`Text`: text that is not blank, its runs of whitespace made one space;
- :data:`Tag`: a label to filter records by: lower-case letters, digits, ``-``, ``_``, ``.``
  and ``:``;
- :data:`Plain`: text without a NUL character, checked by pydantic's core;
- :func:`refuse_nul`: no text holds a NUL character (:func:`has_nul` asks).

No text of a record holds a NUL character. The types above that run a check of their own in
Python refuse it there; every other field has it refused by pydantic's core (a pattern, an
enum's or a literal's members), and :mod:`coopmap.model.validation` names any failure whose
input holds one as this check's own (:data:`NUL_REASON`), as it was when each field had a
Python validator for it.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any

import pycountry
import pydantic

__all__ = [
    "NUL_REASON",
    "CountryCode",
    "CurrencyCode",
    "Plain",
    "Tag",
    "Text",
    "has_nul",
    "refuse_nul",
]


def _country_code(value: Any) -> str:
    return _alpha_2(str(refuse_nul(value)).strip())


@functools.lru_cache(maxsize=4096)
def _alpha_2(text: str) -> str:
    country = pycountry.countries.get(alpha_2=text.upper()) if len(text) == 2 else None
    if country is None:
        raise ValueError(f"{text!r} is not an ISO 3166-1 alpha-2 country code")
    return country.alpha_2


CountryCode = Annotated[str, pydantic.BeforeValidator(_country_code)]


def _currency_code(value: Any) -> str:
    text = str(refuse_nul(value)).strip().upper()
    if not _is_currency(text):
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return text


@functools.lru_cache(maxsize=4096)
def _is_currency(text: str) -> bool:
    return pycountry.currencies.get(alpha_3=text) is not None


CurrencyCode = Annotated[str, pydantic.BeforeValidator(_currency_code)]


NUL_REASON = "contains a NUL character (\\x00); remove it"
"""Why text with a NUL character is refused."""


def has_nul(value: Any, /) -> bool:
    """Whether ``value`` is text (or a list of texts) with a NUL character in it."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    return False


def refuse_nul(value: Any) -> Any:
    """``value`` unless it is text (or a list of texts) with a NUL character in it.

    No store keeps NUL (PostgreSQL refuses it in text, and it ends strings in C programs that
    read a GeoPackage), so a record never holds one.
    """
    if has_nul(value):
        raise ValueError(NUL_REASON)
    return value


Plain = Annotated[str, pydantic.StringConstraints(pattern=r"^[^\x00]*$")]
"""Text as it is given (stripped, in the models), but never with a NUL character: refused by
pydantic's core, without a Python call."""


def _nonblank(value: Any) -> Any:
    refuse_nul(value)
    if isinstance(value, str):
        value = " ".join(value.split())
        if not value:
            raise ValueError("must not be empty")
    return value


Text = Annotated[str, pydantic.BeforeValidator(_nonblank)]


_TAG = re.compile(r"^[a-z0-9][a-z0-9._:-]{0,63}$")


def _tag(value: Any) -> str:
    text = str(refuse_nul(value)).strip().lower()
    if not _TAG.match(text):
        raise ValueError(
            f"{value!r} is not a tag: up to 64 letters, digits, '-', '_', '.' or ':', "
            "starting with a letter or digit"
        )
    return text


Tag = Annotated[str, pydantic.BeforeValidator(_tag)]
