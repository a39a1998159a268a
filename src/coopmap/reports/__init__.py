"""Extraction of places, dates, organisations, quantities, sectors and candidate records
from report text.

``coopmap.reports.extract(text, date=...)`` reads a whole report into an
:class:`~coopmap.reports.extraction.Extraction`; the finders live in their own modules
(:mod:`~coopmap.reports.toponyms`, :mod:`~coopmap.reports.dates`, ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coopmap.reports.extraction import Extraction, extract

__all__ = ["Extraction", "extract"]


def __getattr__(name: str) -> Any:
    # Importing one finder (say, dates) should not load the others' word lists.
    if name in __all__:
        from coopmap.reports import extraction

        return getattr(extraction, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
