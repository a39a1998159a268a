"""Making many records at once: Python's cyclic garbage collector paused meanwhile.

Building a hundred thousand records allocates millions of objects, and each few hundred
allocations start a collection that walks every object still alive: most of the time of a
large read or write went there. Records hold no reference cycles, so a batch is built with the
collector paused (:func:`paused_gc`) and it runs again afterwards. Records too many to hold at
once go through in lists of a few thousand (:func:`batched`).
"""

from __future__ import annotations

import gc
import itertools
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["batched", "paused_gc"]

T = TypeVar("T")

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """The garbage collector paused for the block (in any thread: it is the process's), and
    as it was when the last of the blocks running at once ends."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def batched(items: Iterable[T], size: int, /) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), taken as they come."""
    if size < 1:
        raise ValueError(f"a batch holds at least one item, not {size}")
    rest = iter(items)
    while batch := list(itertools.islice(rest, size)):
        yield batch
