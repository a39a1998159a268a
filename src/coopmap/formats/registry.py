"""The formats coopmap reads and writes: which extensions name each, and what it can do.

Every format is one module, ``coopmap.formats.<name>``, and one line in :data:`FORMATS` giving
its name, its file extensions, whether coopmap reads it, writes it or both, the kinds of
record it holds, and whether it writes records as they come (``streams``). A module that reads
has ``rows(path, /, options)``, yielding one :class:`~coopmap.formats.reading.Row` per row or
feature (and raising :class:`~coopmap.errors.RecordImportError` for a file that cannot be read
at all; a format of columns returns a :class:`~coopmap.formats.mapping.MappedRows`, which also
says how the columns were mapped); a module that writes has ``write(records, path, /,
**options)``, and one that writes from a store's rows too (``from_store``) has
``write_stored(batches, path, /, **options)``.

A format that files of another format's extension hold (AidData's GCDF is a workbook, a CSV
file or GeoJSON with its own columns) is ``sniffs=True``: its module has ``recognise(path, /,
options)``, which reads as little of the file as it must to tell, and files it recognises are
read by it rather than by the format of their extension. Its module may also have ``group(paths,
/, options)``, giving the files to read each with the files that complete it (a GCDF file and
its location files), which :func:`coopmap.formats.plan` applies.

**Adding a format is one new module plus one line here**: :func:`coopmap.formats.read_file`,
:func:`coopmap.formats.export`, ``coopmap import``, ``coopmap export`` and the app's upload then
take it. Modules are imported when first used, so exporting CSV never loads the map code.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Literal

from coopmap.errors import UnknownFormatError
from coopmap.formats.options import DEFAULT, ReadOptions

Action = Literal["read", "write"]

VERBS: dict[Action, str] = {"read": "import", "write": "export"}
"""How messages name each action, as the commands do."""


@dataclass(frozen=True)
class Format:
    """A file format: its module's name, the extensions that name it, what coopmap does with it."""

    name: str
    extensions: tuple[str, ...]
    reads: bool = False
    writes: bool = False
    kinds: tuple[str, ...] = ("project", "event")
    """The kinds of record the format holds (IATI activities are projects only)."""
    sniffs: bool = False
    """Recognised by content among files of its extensions, before the extension's format."""
    streams: bool = False
    """Written as the records come, without holding them all (an export of any length reads
    them from the store in batches); the other formats' files need every record at once (a
    map's payload and title, a workbook, a KML or IATI document built whole)."""
    from_store: bool = False
    """Written also from records as a store holds them, without rebuilding them: its module
    has ``write_stored(batches, path, /, **options)`` taking
    :meth:`~coopmap.store.sqlstore.SQLStore.stored_batches` (the same file as
    ``write``)."""

    @property
    def module(self) -> ModuleType:
        """The format's module, imported on first use."""
        return importlib.import_module(f"coopmap.formats.{self.name}")

    def can(self, action: Action, /) -> bool:
        """Whether coopmap can ``read`` or ``write`` files of this format."""
        return self.reads if action == "read" else self.writes


FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format("geojson", (".geojson", ".json"), reads=True, writes=True, streams=True),
        Format("csv", (".csv",), reads=True, writes=True, streams=True, from_store=True),
        Format("xlsx", (".xlsx", ".xlsm"), reads=True, writes=True),
        Format("html", (".html", ".htm"), writes=True),
        Format("gpkg", (".gpkg",), reads=True, writes=True, streams=True, from_store=True),
        Format("kml", (".kml",), reads=True, writes=True),
        Format("iati", (".xml",), reads=True, writes=True, kinds=("project",)),
        Format(
            "gcdf",
            (".xlsx", ".xlsm", ".csv", ".geojson", ".json"),
            reads=True,
            kinds=("project",),
            sniffs=True,
        ),
    )
}
"""Every format by name, in the order messages list them."""


def formats(action: Action, /) -> list[Format]:
    """The formats coopmap can ``read`` (import) or ``write`` (export), in :data:`FORMATS` order."""
    return [entry for entry in FORMATS.values() if entry.can(action)]


def format_for(
    path: str | os.PathLike[str],
    /,
    *,
    action: Action,
    format: str | None = None,
    options: ReadOptions = DEFAULT,
) -> Format:
    """The format to ``read`` or ``write`` ``path`` in: ``format`` if given, else (reading) a
    format that recognises the file's content, else the one its extension names. ``options``
    tell recognising which sheet of a workbook to look at.

    Raises :class:`UnknownFormatError` listing the formats (or extensions) that can do
    ``action`` when none fits.
    """
    path = Path(path)
    able = {entry.name: entry for entry in formats(action)}
    verb = VERBS[action]
    if format is not None:
        name = format.lower().lstrip(".")
        if name not in able:
            raise UnknownFormatError(f"cannot {verb} {format!r}; formats: {', '.join(able)}")
        return able[name]
    extension = path.suffix.lower()
    for entry in able.values():
        if entry.sniffs and extension in entry.extensions and entry.module.recognise(path, options):
            return entry
    by_extension = {
        extension: entry
        for entry in able.values()
        if not entry.sniffs
        for extension in entry.extensions
    }
    if extension not in by_extension:
        listed = ", ".join(f"{ext} ({entry.name})" for ext, entry in by_extension.items())
        raise UnknownFormatError(
            f"cannot {verb} {path.name!r}: unknown extension {extension or '(none)'!r}; "
            f"use one of {listed} or name the format"
        )
    return by_extension[extension]
