"""The one door: every write to a store, and every step that combines others, goes through here.

The CLI's commands and the app's pages parse what the user gave, call one function of this
package, and render its answer; they never write to a store themselves. Each module is one kind
of work:

- :mod:`~coopmap.services.setup`: create a store with the seed atlas (:func:`init_store`);
- :mod:`~coopmap.services.records`: save, delete (with the version the user saw) and restore
  one record; read it, its change log and the deleted records;
- :mod:`~coopmap.services.imports`: read and check files, then import them all or nothing;
- :mod:`~coopmap.services.preview`: what importing an upload would do, row by row; and
  :mod:`~coopmap.services.review`: its ambiguous and unfound place names, to be answered;
  :mod:`~coopmap.services.mappings`: column mappings saved by name for the next upload;
- :mod:`~coopmap.services.exports`: select the filtered records, add up their amounts, write
  them to a file (from a store, in batches: :func:`export_store`);
- :mod:`~coopmap.services.geocoding`: a place for a name, offline then optionally online; the
  place names of a spreadsheet's column, into a copy of it with their coordinates;
- :mod:`~coopmap.services.reports`: propose the records a report suggests, store them as
  drafts (:func:`ingest_records`), accept them.

Functions take the store as their first argument and raise :class:`~coopmap.errors.CoopmapError`
subclasses that name the record, field and reason; they log, never print.
"""

from __future__ import annotations

from coopmap.services.exports import (
    Exported,
    amount_totals,
    export_bytes,
    export_records,
    export_store,
    select,
)
from coopmap.services.geocoding import (
    StoreGeocodeCache,
    TableGeocoding,
    geocode_candidates,
    geocode_place,
    geocode_table,
)
from coopmap.services.imports import ImportResult, import_files, import_records, read_files
from coopmap.services.records import (
    delete_record,
    deleted_records,
    get_record,
    record_history,
    restore_record,
    save_record,
)
from coopmap.services.reports import (
    AcceptResult,
    IngestResult,
    accept_proposal,
    accept_proposals,
    ingest_records,
    propose_records,
)
from coopmap.services.setup import InitResult, init_store

__all__ = [
    "AcceptResult",
    "Exported",
    "ImportResult",
    "IngestResult",
    "InitResult",
    "StoreGeocodeCache",
    "TableGeocoding",
    "accept_proposal",
    "accept_proposals",
    "amount_totals",
    "delete_record",
    "deleted_records",
    "export_bytes",
    "export_records",
    "export_store",
    "geocode_candidates",
    "geocode_place",
    "geocode_table",
    "get_record",
    "import_files",
    "import_records",
    "ingest_records",
    "init_store",
    "propose_records",
    "read_files",
    "record_history",
    "restore_record",
    "save_record",
    "select",
]
