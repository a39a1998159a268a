"""An offline gazetteer: place names to points, from GeoNames data shipped on PyPI.

GeoNames-derived data from PyPI packages is built once into a compact SQLite index
(:mod:`~coopmap.places.gazetteer.build`, laid out as :mod:`~coopmap.places.gazetteer.index`
says) that :class:`Gazetteer` reads (:mod:`~coopmap.places.gazetteer.lookup`), answering with
:class:`Place` values (:mod:`~coopmap.places.gazetteer.place`). Names match by
:func:`normalise` (:mod:`~coopmap.places.gazetteer.names`); candidates are ordered as
:mod:`~coopmap.places.gazetteer.ranking` describes; regions are named and placed as
:mod:`~coopmap.places.gazetteer.regions` describes; countries without a drawn outline get one
approximated from their towns (:mod:`~coopmap.places.gazetteer.shapes`). The process shares one
gazetteer (:mod:`~coopmap.places.gazetteer.default`).

The gazetteer resolves any string that is a place name: capitalised common words that are
also towns (``Police`` is a town in Poland) resolve to those towns. Deciding whether a word
in a text is meant as a place is the caller's job. A query that matches nothing is retried
without a trailing " City".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coopmap.places.gazetteer.default import default_gazetteer, set_default_gazetteer
from coopmap.places.gazetteer.index import index_path
from coopmap.places.gazetteer.lookup import Gazetteer
from coopmap.places.gazetteer.names import normalise
from coopmap.places.gazetteer.place import Place
from coopmap.places.gazetteer.ranking import REGION_DAMPING

if TYPE_CHECKING:
    from coopmap.places.gazetteer.build import build_index

__all__ = [
    "REGION_DAMPING",
    "Gazetteer",
    "Place",
    "build_index",
    "default_gazetteer",
    "index_path",
    "normalise",
    "set_default_gazetteer",
]


def __getattr__(name: str) -> Any:
    # Building needs modules that only reading processes would otherwise pay to import.
    if name == "build_index":
        from coopmap.places.gazetteer.build import build_index

        return build_index
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
