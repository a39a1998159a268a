"""Countries' names for people: ``KZ`` is ``Kazakhstan``.

Wherever coopmap shows a country to a person (the summary's rows, the app's filters, pickers and
record panels) the name comes from :func:`country_name`: pycountry's common name where ISO 3166's
is a formal one ("Taiwan" for "Taiwan, Province of China", "Bolivia"), else the ISO name.
:func:`country_label` adds the code, for lists a person picks from or reads codes beside.
"""

from __future__ import annotations

import pycountry

__all__ = ["country_label", "country_name"]


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
