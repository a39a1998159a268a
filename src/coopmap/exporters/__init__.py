"""Write records to files: :func:`export` picks the format from the extension.

Each format is a module with ``write(records, path, /, **options)``; modules are imported when
first used, so exporting CSV never loads the map code.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from coopmap.errors import UnknownFormatError
from coopmap.model import Record

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "UnknownFormatError",
    "atomic_path",
    "atomic_writer",
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


@contextmanager
def atomic_writer(
    path: str | os.PathLike[str], /, *, newline: str | None = None, encoding: str = "utf-8"
) -> Iterator[IO[str]]:
    """A text file that replaces ``path`` only once it is completely written.

    A failed export leaves the previous file (or none) instead of half a file.
    """
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
        "w",
        dir=path.parent,
        prefix=f".{path.name}.",
        suffix=".tmp",
        delete=False,
        newline=newline,
        encoding=encoding,
    )
    try:
        with handle:
            yield handle
        os.chmod(handle.name, mode)  # temporary files are private; exports are not
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_path(path: str | os.PathLike[str], /) -> Iterator[Path]:
    """A new path beside ``path`` for a library to create a file at; moved onto ``path`` once
    the block completes, removed if it fails (for writers that open files themselves, as GDAL
    does)."""
    path = Path(path)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(handle)
    temporary = Path(name)
    try:
        temporary.unlink()
        yield temporary
        os.chmod(temporary, 0o644)  # temporary files are private; exports are not
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
