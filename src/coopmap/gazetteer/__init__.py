"""An offline gazetteer: place names to points, from GeoNames data shipped on PyPI.

GeoNames-derived data from PyPI packages is built once into a compact SQLite index
(:mod:`~coopmap.gazetteer.build`, laid out as :mod:`~coopmap.gazetteer.index` says) that
:class:`Gazetteer` reads (:mod:`~coopmap.gazetteer.lookup`). Names match by
:func:`normalise` (:mod:`~coopmap.gazetteer.names`); candidates are ordered as
:mod:`~coopmap.gazetteer.ranking` describes; regions are named and placed as
:mod:`~coopmap.gazetteer.regions` describes; countries without a drawn outline get one
approximated from their towns (:mod:`~coopmap.gazetteer.shapes`).

The gazetteer resolves any string that is a place name: capitalised common words that are
also towns (``Police`` is a town in Poland) resolve to those towns. Deciding whether a word
in a text is meant as a place is the caller's job. A query that matches nothing is retried
without a trailing " City".
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from coopmap.gazetteer.index import index_path
from coopmap.gazetteer.lookup import Gazetteer
from coopmap.gazetteer.names import normalise
from coopmap.gazetteer.place import Place
from coopmap.gazetteer.ranking import REGION_DAMPING

if TYPE_CHECKING:
    from coopmap.gazetteer.build import build_index

__all__ = [
    "REGION_DAMPING",
    "Gazetteer",
    "Place",
    "build_index",
    "default_gazetteer",
    "index_path",
    "normalise",
]

_default_lock = threading.Lock()
_default: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """Return this process's gazetteer, opening (and if need be building) it on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Gazetteer.open()
        return _default


def __getattr__(name: str) -> Any:
    # Building needs modules that only reading processes would otherwise pay to import.
    if name == "build_index":
        from coopmap.gazetteer.build import build_index

        return build_index
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
