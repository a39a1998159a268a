"""Read records from files: :func:`read_records` picks the reader from the extension.

Readers validate everything and write nothing: the caller decides what to do with the records
(the CLI hands them to :meth:`coopmap.store.Store.add`, which takes all or none). A file with
problems raises one :class:`RecordImportError` that lists every bad row or feature, so the user
fixes them all in one go.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from coopmap.errors import RecordImportError, ValidationError
from coopmap.exporters import format_for
from coopmap.model import Record

__all__ = ["EXTENSIONS", "FORMATS", "RecordImportError", "read_records"]

FORMATS: dict[str, str] = {
    "geojson": "coopmap.importers.geojson",
    "csv": "coopmap.importers.csv",
}
"""Reader modules by format name; each has ``read(path, /) -> list[Record]``."""

EXTENSIONS: dict[str, str] = {".geojson": "geojson", ".json": "geojson", ".csv": "csv"}
"""Format names by file extension."""


def read_records(path: str | os.PathLike[str], /, *, format: str | None = None) -> list[Record]:
    """Read and validate the records in a GeoJSON or CSV file.

    Raises
    ------
    RecordImportError
        Some rows or features are invalid; the error lists each with its number, field and reason.
    UnknownFormatError
        Neither ``format`` nor the extension names a format that can be read.
    OSError
        The file cannot be read.
    """
    path = Path(path)
    name = format_for(path, format=format, formats=FORMATS, extensions=EXTENSIONS, what="import")
    module = importlib.import_module(FORMATS[name])
    records: list[Record] = module.read(path)
    return records


def label(where: str, data: dict[str, Any] | None = None) -> str:
    """How errors name a row or feature: ``row 3 (astana-lrt)``, as record_from_dict does."""
    name = (data or {}).get("id") or (data or {}).get("title")
    return f"{where} ({name})" if name and str(name) != where else where


def duplicate(record: Record, where: str, first: dict[str, str], /) -> ValidationError | None:
    """An error when an earlier row or feature had the record's id; else note where it is."""
    if record.id in first:
        return ValidationError(
            f"id {record.id!r} is already used by {first[record.id]}",
            record=f"{where} ({record.id})",
            field="id",
        )
    first[record.id] = where
    return None
