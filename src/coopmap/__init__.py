"""coopmap: put cooperation projects and the events around them on an interactive map.

The main API, as the package's own names (each loaded when first used, so ``import coopmap``
stays light)::

    import coopmap

    with coopmap.open_store("atlas.gpkg", create=True) as store:   # or a postgresql:// URL
        store.add(coopmap.read_records("projects.csv"))
        shown = store.records(coopmap.Filter.make(sectors=["transport"], countries=["KZ"]))
    coopmap.export(shown, "transport.html")                         # or .geojson, .csv, .gpkg, .kml
    coopmap.geocode("Nur-Sultan")                                   # offline: Astana, KZ
    coopmap.extract(report_text, date="2015-12-15").to_records()   # drafts to review

- records: :class:`Project`, :class:`Event`, :class:`Location`, :data:`Record`,
  :func:`record_from_dict`, :class:`PartialDate`;
- the store: :func:`open_store`, :class:`Store`, :class:`Filter`;
- files: :func:`read_file`, :func:`read_records`, :func:`export`;
- maps: :func:`build_map`; reports: :func:`extract`; places: :func:`geocode`;
- errors: :class:`CoopmapError` and its subclasses (each also the nearest builtin).

The steps that combine these (import a file all or nothing, ingest a report without
duplicates, delete with the version seen) are in :mod:`coopmap.services`, which the CLI and
the app call.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("coopmap")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

_API: dict[str, str] = {
    "Project": "coopmap.model",
    "Event": "coopmap.model",
    "Location": "coopmap.model",
    "Record": "coopmap.model",
    "record_from_dict": "coopmap.model",
    "PartialDate": "coopmap.dates",
    "open_store": "coopmap.store",
    "Store": "coopmap.store",
    "Filter": "coopmap.query",
    "read_file": "coopmap.formats",
    "read_records": "coopmap.formats",
    "export": "coopmap.formats",
    "build_map": "coopmap.maps",
    "extract": "coopmap.reports",
    "geocode": "coopmap.places",
    "CoopmapError": "coopmap.errors",
    "ValidationError": "coopmap.errors",
    "UnknownSectorError": "coopmap.errors",
    "UnknownStatusError": "coopmap.errors",
    "DateError": "coopmap.errors",
    "GazetteerError": "coopmap.errors",
    "StoreError": "coopmap.errors",
    "StoreBusyError": "coopmap.errors",
    "UnknownStoreError": "coopmap.errors",
    "ConflictError": "coopmap.errors",
    "RecordNotFoundError": "coopmap.errors",
    "DuplicateRecordError": "coopmap.errors",
    "RecordImportError": "coopmap.errors",
    "UnknownFormatError": "coopmap.errors",
    "ExportError": "coopmap.errors",
}
"""Each public name and the module it comes from."""

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'coopmap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
