"""This process's gazetteer: opened (and if need be built) on first use, shared by all callers.

:func:`default_gazetteer` is what every lookup without a gazetteer of its own asks;
:func:`set_default_gazetteer` puts another one in its place (a test's, a benchmark's) or, with
``None``, makes the next call open the index again.
"""

from __future__ import annotations

import threading

from coopmap.places.gazetteer.lookup import Gazetteer

__all__ = ["default_gazetteer", "set_default_gazetteer"]

_lock = threading.Lock()
_default: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """Return this process's gazetteer, opening (and if need be building) it on first use."""
    global _default
    with _lock:
        if _default is None:
            _default = Gazetteer.open()
        return _default


def set_default_gazetteer(gazetteer: Gazetteer | None, /) -> Gazetteer | None:
    """Make ``gazetteer`` this process's gazetteer and return the one it replaces.

    With ``None`` the next :func:`default_gazetteer` opens the index at
    :func:`~coopmap.places.gazetteer.index_path` afresh (after, say, ``COOPMAP_CACHE_DIR``
    changed). The replaced gazetteer is not closed: whoever opened it may still use it.
    """
    global _default
    with _lock:
        previous, _default = _default, gazetteer
    return previous
