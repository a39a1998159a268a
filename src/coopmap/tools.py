"""The guts of each command, as plain functions shared by the CLI and the app."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coopmap.errors import StoreError
from coopmap.model import Record
from coopmap.query import Filter
from coopmap.store import Store, open_store
from coopmap.store.base import redact

if TYPE_CHECKING:
    from geopy.geocoders.base import Geocoder

    from coopmap.gazetteer import Place

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InitResult:
    url: str
    created: bool
    added: int
    total: int


def init_store(url: str, /, *, seed: bool = True, reset: bool = False) -> InitResult:
    """Create the store at ``url`` and load the seed atlas into it.

    A store that already holds records is left alone unless ``reset`` is set (store files
    only), so running ``init`` twice never duplicates or loses anything.
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
    with open_store(url, create=True) as store:
        empty = store.count() == 0
        added = 0
        if seed and empty:
            from coopmap.seed import load_seed

            added = store.add(load_seed(), replace=True)
        return InitResult(url=redact(store.url), created=empty, added=added, total=store.count())


def import_files(store: Store, paths: Sequence[Path], /) -> int:
    """Read every file, then add all their records in one transaction (all or nothing).

    Records whose id is already stored are updated, so importing a file again never duplicates.
    """
    from coopmap.importers import read_records

    records: list[Record] = []
    for path in paths:
        records.extend(read_records(path))
    return store.add(records, replace=True)


def export_records(records: Iterable[Record], out: Path, /, **options: Any) -> int:
    """Write records to ``out`` in the format its extension names; return how many."""
    from coopmap.exporters import export

    records = list(records)
    export(records, out, **options)
    return len(records)


def geocode_place(
    query: str,
    /,
    *,
    country: str | None = None,
    provider: str | Geocoder | None = None,
    store: Store | None = None,
    **provider_options: Any,
) -> Place | None:
    """The best place for a name: the offline gazetteer, then an online provider if one is given.

    Online answers are cached in ``store`` (when given), so each name is asked about once.
    ``None`` means no source knows the place; provider errors propagate.
    """
    from coopmap.geocoding import geocode, make_geocoder

    offline = geocode(query, country=country)
    if offline is not None or provider is None:
        return offline
    from coopmap.geocoding.offline import location_to_place

    cache = StoreGeocodeCache(store) if store is not None else None
    chain = make_geocoder(provider, cache=cache, **provider_options)
    found = chain.geocode(query, country_codes=country)
    return location_to_place(found) if found is not None else None


class StoreGeocodeCache:
    """The geocoder cache protocol (``get``/``put``) over a store's geocode cache table."""

    def __init__(self, store: Store, /):
        self.store = store

    def get(self, key: str, /) -> dict[str, Any] | None:
        return self.store.cache_get(key)

    def put(self, key: str, value: dict[str, Any], /) -> None:
        self.store.cache_put(key, value)


def select(store: Store, /, filter: Filter | None = None) -> list[Record]:
    """The store's records that pass ``filter``, in a stable order."""
    return sorted(store.records(filter), key=lambda r: (r.kind, r.id))


def _local_path(url: str) -> Path | None:
    if "://" in url and not url.startswith(("file://", "gpkg://")):
        return None
    return Path(url.split("://", 1)[-1])
