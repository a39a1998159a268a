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

    from coopmap.importers import Reading
    from coopmap.places import Place

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

            added = store.add(load_seed(), replace=True)
        return InitResult(url=redact(store.url), created=empty, added=added, total=store.count())


def read_files(paths: Sequence[Path], /, *, strict: bool = False) -> Reading:
    """Read and check every file, as one :class:`~coopmap.importers.Reading`.

    An id that an earlier file already gave is a problem of the later row. ``strict`` makes
    warnings (a location outside its record's country) problems too. A file that cannot be
    read at all raises :class:`~coopmap.errors.RecordImportError`.
    """
    from coopmap.importers import Problem, Reading, read_file

    merged = Reading(", ".join(str(path) for path in paths))
    seen: dict[str, str] = {}
    for path in paths:
        reading = read_file(path, strict=strict)
        merged.problems += reading.problems
        merged.warnings += reading.warnings
        for record in reading.records:
            where = reading.where[record.id]
            if record.id in seen:
                merged.problems.append(
                    Problem(
                        f"id {record.id!r} is already used by {seen[record.id]}",
                        where=where,
                        record=record.id,
                        field="id",
                        source=str(path),
                    )
                )
                continue
            seen[record.id] = f"{path} {where}"
            merged.records.append(record)
            merged.where[record.id] = where
    return merged


@dataclass(frozen=True)
class ImportResult:
    """What an import did: records added, updated and left unchanged, and rows skipped."""

    added: int
    updated: int
    unchanged: int
    reading: Reading

    @property
    def written(self) -> int:
        return self.added + self.updated


def import_records(
    store: Store, reading: Reading, /, *, skip_invalid: bool = False
) -> ImportResult:
    """Add what :func:`read_files` read to the store in one transaction.

    With problems in the reading nothing is written and the problems are raised as one
    :class:`~coopmap.errors.RecordImportError`, unless ``skip_invalid``, which writes the valid
    records. Records whose id is already stored are updated, so importing a file again never
    duplicates; a record equal to the stored one is left as it is.
    """
    if reading.problems and not skip_invalid:
        raise reading.error()
    before = store.count()
    written = store.add(reading.records, replace=True)
    added = store.count() - before
    return ImportResult(
        added=added,
        updated=written - added,
        unchanged=len(reading.records) - written,
        reading=reading,
    )


def import_files(
    store: Store, paths: Sequence[Path], /, *, skip_invalid: bool = False, strict: bool = False
) -> ImportResult:
    """Read every file, then add their records in one transaction (all or nothing, unless
    ``skip_invalid``): :func:`read_files` then :func:`import_records`."""
    return import_records(store, read_files(paths, strict=strict), skip_invalid=skip_invalid)


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
    from coopmap.places import geocode, make_geocoder

    offline = geocode(query, country=country)
    if offline is not None or provider is None:
        return offline
    from coopmap.places.geocoders.offline import location_to_place

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
    """The store's records that pass ``filter``, in a stable order; with ``filter.as_of``, as
    they stood that day (:func:`coopmap.query.as_of`)."""
    from coopmap.query import as_of

    found = sorted(store.records(filter), key=lambda r: (r.kind, r.id))
    return as_of(found, filter.as_of) if filter is not None and filter.as_of else found


def propose_records(
    text: str, /, *, date: object | None = None, title: str | None = None
) -> list[Record]:
    """The draft records a report suggests (:func:`coopmap.extract.extract`), citing it as
    their source (``title``, or the report's headline), with ids derived from the report."""
    from coopmap.extract import extract

    extraction = extract(text, date=date)
    return extraction.to_records(source=extraction.source(title=title))


@dataclass(frozen=True)
class IngestResult:
    """What :func:`ingest_records` did, by record id.

    ``reviewed`` were left alone because someone accepted them since (they are no longer
    drafts); ``rejected`` because someone deleted them.
    """

    added: list[str]
    updated: list[str]
    unchanged: list[str]
    reviewed: list[str]
    rejected: list[str]


def ingest_records(store: Store, records: Sequence[Record], /) -> IngestResult:
    """Add proposed draft records in one transaction without duplicating any.

    A record whose id is stored is updated while it is still a draft, and left as it is once
    accepted; a deleted one is not proposed again. So ingesting a report twice adds nothing.
    """
    deleted = {item.record.id for item in store.deleted()}
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    reviewed: list[str] = []
    rejected: list[str] = []
    writes = []
    for record in records:
        stored = store.get(record.id)
        if stored is None and record.id in deleted:
            rejected.append(record.id)
        elif stored is None:
            added.append(record.id)
            writes.append(record)
        elif not stored.draft:
            reviewed.append(record.id)
        elif stored.to_dict() == record.to_dict():
            unchanged.append(record.id)
        else:
            updated.append(record.id)
            writes.append(record)
    if writes:
        store.add(writes, replace=True)
    return IngestResult(added, updated, unchanged, reviewed, rejected)


def _local_path(url: str) -> Path | None:
    if "://" in url and not url.startswith(("file://", "gpkg://")):
        return None
    return Path(url.split("://", 1)[-1])
