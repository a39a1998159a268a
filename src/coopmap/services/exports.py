"""The records to show or export, and writing them to a file."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coopmap.model import Record
from coopmap.query import Filter
from coopmap.store import Store


def select(store: Store, /, filter: Filter | None = None) -> list[Record]:
    """The store's records that pass ``filter``, in a stable order; with ``filter.as_of``, as
    they stood that day (:func:`coopmap.query.as_of`)."""
    from coopmap.query import as_of

    found = sorted(store.records(filter), key=lambda r: (r.kind, r.id))
    return as_of(found, filter.as_of) if filter is not None and filter.as_of else found


def export_records(records: Iterable[Record], out: Path, /, **options: Any) -> int:
    """Write records to ``out`` in the format its extension names; return how many it took.

    A format that holds only some kinds of record (IATI: projects) is given those.
    """
    from coopmap.formats import export, format_for

    kinds = format_for(out, action="write").kinds
    kept = [record for record in records if record.kind in kinds]
    export(kept, out, **options)
    return len(kept)


def export_bytes(
    store: Store, /, filter: Filter | None = None, *, suffix: str = ".html", **options: Any
) -> bytes:
    """The file ``coopmap export`` writes for ``filter`` (in the format ``suffix`` names), as
    bytes: the app's "download this view"."""
    with tempfile.TemporaryDirectory(prefix="coopmap-export-") as folder:
        out = Path(folder) / f"view{suffix}"
        export_records(select(store, filter), out, **options)
        return out.read_bytes()
