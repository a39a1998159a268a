"""The records to show or export, their amounts added up, and writing them to a file.

An export from a store (:func:`export_store`) reads the records in batches into a format that
writes them as they come, so that its memory does not grow with the number of records; into
CSV or a GeoPackage, for a filter the store's SQL decides alone, as the store holds them (each
record's JSON and geometry), without rebuilding the records.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coopmap.model import Record
from coopmap.query import Filter
from coopmap.store import Store
from coopmap.store.base import StoredBatch
from coopmap.store.sqlstore import SQLStore

if TYPE_CHECKING:
    from coopmap.money import By, Totals


def select(store: Store, /, filter: Filter | None = None) -> list[Record]:
    """The store's records that pass ``filter``, in a stable order; with ``filter.as_of``, as
    they stood that day (:func:`coopmap.query.as_of`)."""
    from coopmap.query import as_of

    found = sorted(store.records(filter), key=lambda r: (r.kind, r.id))
    return as_of(found, filter.as_of) if filter is not None and filter.as_of else found


def amount_totals(
    store: Store, /, filter: Filter | None = None, *, by: By, usd: bool = False
) -> Totals:
    """The amounts of the records that pass ``filter``, added up by sector, country or year;
    with ``usd``, in US dollars too, at offline ECB rates (:func:`coopmap.money.totals`)."""
    from coopmap.money import totals

    return totals(select(store, filter), by=by, usd=usd)


@dataclass(frozen=True)
class Exported:
    """What an export wrote: how many records, and how many it left out because the format
    holds only other kinds (IATI activities are projects)."""

    written: int
    left_out: int = 0


def export_records(
    records: Iterable[Record], out: Path, /, *, filter: Filter | None = None, **options: Any
) -> int:
    """Write records to ``out`` in the format its extension names; return how many it took.

    A format that holds only some kinds of record (IATI: projects) is given those. A map
    page is titled from the ``filter`` that chose the records, unless ``options`` give a
    ``title`` (:func:`coopmap.display.titles.map_title`).
    """
    return _export(records, out, filter=filter, **options).written


def export_store(
    store: Store, out: Path, /, filter: Filter | None = None, **options: Any
) -> Exported:
    """Write the store's records that pass ``filter`` to ``out``, in the format its extension
    names and the order of :func:`select` (``coopmap export``).

    A format that writes records as they come (CSV, GeoJSON, GeoPackage: ``streams`` in
    :mod:`coopmap.formats.registry`) is given them as the store reads them, in batches
    (:meth:`Store.batches <coopmap.store.Store.batches>`), so that an export of a million
    records never holds them all; the other formats need them all at once and get
    :func:`select`'s list. A format that writes them also as the store holds them
    (``from_store``: CSV, GeoPackage) is given a SQL store's own rows
    (:meth:`~coopmap.store.sqlstore.SQLStore.stored_batches`) when its SQL alone decides
    ``filter``: the same file, without rebuilding the records.
    ``options`` are :func:`export_records`'.
    """
    from coopmap.formats import export_stored, format_for

    found = format_for(out, action="write")
    stored = None
    if found.from_store and isinstance(store, SQLStore):
        stored = store.stored_batches(filter)
    if stored is not None:
        count = 0

        def counted() -> Iterator[StoredBatch]:
            nonlocal count
            for batch in stored:
                count += len(batch.data)
                yield batch

        export_stored(counted(), out, **options)
        return Exported(count)
    if found.streams:
        records: Iterable[Record] = (r for batch in _batches(store, filter) for r in batch)
    else:
        records = select(store, filter)
    return _export(records, out, filter=filter, **options)


def _batches(store: Store, filter: Filter | None) -> Iterator[list[Record]]:
    """:func:`select`'s records, a batch at a time."""
    from coopmap.query import as_of

    for batch in store.batches(filter):
        yield as_of(batch, filter.as_of) if filter is not None and filter.as_of else batch


def _export(
    records: Iterable[Record], out: Path, /, *, filter: Filter | None, **options: Any
) -> Exported:
    from coopmap.formats import export, format_for

    found = format_for(out, action="write")
    counts = {True: 0, False: 0}

    def kept() -> Iterator[Record]:
        for record in records:
            held = record.kind in found.kinds
            counts[held] += 1
            if held:
                yield record

    given: Iterable[Record] = kept() if found.streams else list(kept())
    if found.name == "html" and "title" not in options:
        from coopmap.display.titles import map_title

        options["title"] = map_title(filter or Filter(), list(given))
    export(given, out, **options)
    return Exported(counts[True], counts[False])


def export_bytes(
    store: Store, /, filter: Filter | None = None, *, suffix: str = ".html", **options: Any
) -> bytes:
    """The file ``coopmap export`` writes for ``filter`` (in the format ``suffix`` names), as
    bytes: the app's "download this view"."""
    with tempfile.TemporaryDirectory(prefix="coopmap-export-") as folder:
        out = Path(folder) / f"view{suffix}"
        export_store(store, out, filter, **options)
        return out.read_bytes()
