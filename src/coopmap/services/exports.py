"""The records to show or export, their amounts added up, and writing them to a file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coopmap.model import Record
from coopmap.query import Filter
from coopmap.store import Store

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


def export_records(
    records: Iterable[Record], out: Path, /, *, filter: Filter | None = None, **options: Any
) -> int:
    """Write records to ``out`` in the format its extension names; return how many it took.

    A format that holds only some kinds of record (IATI: projects) is given those. A map
    page is titled from the ``filter`` that chose the records, unless ``options`` give a
    ``title`` (:func:`coopmap.display.titles.map_title`).
    """
    from coopmap.formats import export, format_for

    found = format_for(out, action="write")
    kept = [record for record in records if record.kind in found.kinds]
    if found.name == "html" and "title" not in options:
        from coopmap.display.titles import map_title

        options["title"] = map_title(filter or Filter(), kept)
    export(kept, out, **options)
    return len(kept)
