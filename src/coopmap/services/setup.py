"""Create a store and load the seed atlas into it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from coopmap.errors import StoreError
from coopmap.store import open_store
from coopmap.store.base import redact

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InitResult:
    url: str
    created: bool
    added: int
    total: int


def init_store(
    url: str, /, *, seed: bool = True, reset: bool = False, user: str | None = None
) -> InitResult:
    """Create the store at ``url`` and load the seed atlas into it.

    A store that already holds records is left alone unless ``reset`` is set (store files
    only), so running ``init`` twice never duplicates or loses anything. ``user`` is who the
    seed's additions are recorded under (see :func:`coopmap.store.open_store`).
    """
    path = _local_path(url)
    if reset and path is None:
        raise StoreError(
            "--reset deletes a store file; to start a database store again, use a new "
            "database or drop coopmap's tables"
        )
    if reset and path is not None and path.exists():
        log.info("removing %s", path)
        path.unlink()
    with open_store(url, create=True, user=user) as store:
        empty = store.count() == 0
        added = 0
        if seed and empty:
            from coopmap.seed import load_seed

            added = store.add(load_seed(), replace=True).written
        return InitResult(url=redact(store.url), created=empty, added=added, total=store.count())


def _local_path(url: str) -> Path | None:
    if "://" in url and not url.startswith(("file://", "gpkg://")):
        return None
    return Path(url.split("://", 1)[-1])
