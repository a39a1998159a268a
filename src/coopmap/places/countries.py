"""Countries' names for people, and people's names for countries: ``KZ`` is ``Kazakhstan``,
and ``Kazakhstan``, ``KAZ`` and ``kz`` are ``KZ``.

Wherever coopmap shows a country to a person (the summary's rows, the app's filters, pickers and
record panels) the name comes from :func:`country_name`: pycountry's common name where ISO 3166's
is a formal one ("Taiwan" for "Taiwan, Province of China", "Bolivia"), else the ISO name.
:func:`country_label` adds the code, for lists a person picks from or reads codes beside.
:func:`country_code` reads what a spreadsheet's country column holds.
"""

from __future__ import annotations

import pycountry

__all__ = ["country_code", "country_label", "country_name"]


def country_name(code: str, /) -> str:
    """A country's name (``KZ`` -> ``Kazakhstan``), or ``code`` itself if it names no country."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def country_label(code: str, /) -> str:
    """A country's name and code (``KZ`` -> ``Kazakhstan (KZ)``), or ``code`` if it names none."""
    name = country_name(code)
    return code if name == code else f"{name} ({code})"


def country_code(text: str, /) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country given by its alpha-2 or alpha-3 code or its
    name, in any case (``kaz``, ``Kazakhstan``; ``Russia`` and other common names through the
    gazetteer's country names); ``None`` when ``text`` names no country."""
    text = " ".join(text.split())
    if not text:
        return None
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        pass
    from coopmap.places.gazetteer import default_gazetteer
    from coopmap.taxonomy import Precision

    for place in default_gazetteer().lookup(text):
        if place.precision is Precision.COUNTRY and place.match != "alternate":
            return place.country
    return None
