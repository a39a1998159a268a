"""Write records to files: :func:`export` picks the format from the extension.

Each format is a module with ``write(records, path, /, **options)``; modules are imported when
first used, so exporting CSV never loads the map code.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coopmap.errors import UnknownFormatError
from coopmap.model import Record

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "UnknownFormatError",
    "export",
]


FORMATS: dict[str, str] = {
    "geojson": "coopmap.exporters.geojson",
    "csv": "coopmap.exporters.csv",
    "html": "coopmap.exporters.html",
    "gpkg": "coopmap.exporters.gpkg",
    "kml": "coopmap.exporters.kml",
}
"""Exporter modules by format name."""

EXTENSIONS: dict[str, str] = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".gpkg": "gpkg",
    ".kml": "kml",
}
"""Format names by file extension."""


def export(
    records: Iterable[Record],
    path: str | os.PathLike[str],
    /,
    *,
    format: str | None = None,
    **options: Any,
) -> Path:
    """Write records to ``path`` in ``format`` (by default the one its extension names).

    ``options`` go to the format's ``write``. Returns the path written. Raises
    :class:`UnknownFormatError` listing the formats when none fits.
    """
    path = Path(path)
    name = format_for(path, format=format, formats=FORMATS, extensions=EXTENSIONS, what="export")
    module = importlib.import_module(FORMATS[name])
    module.write(list(records), path, **options)
    return path


def format_for(
    path: Path,
    /,
    *,
    format: str | None,
    formats: dict[str, Any],
    extensions: dict[str, str],
    what: str,
) -> str:
    """The format name for ``path``: ``format`` if given, else the one its extension maps to."""
    if format is not None:
        name = format.lower().lstrip(".")
        if name not in formats:
            raise UnknownFormatError(f"cannot {what} {format!r}; formats: {', '.join(formats)}")
        return name
    extension = path.suffix.lower()
    if extension not in extensions:
        listed = ", ".join(f"{ext} ({name})" for ext, name in extensions.items())
        raise UnknownFormatError(
            f"cannot {what} {path.name!r}: unknown extension {extension or '(none)'!r}; "
            f"use one of {listed} or name the format"
        )
    return extensions[extension]
