"""How to read a file: the choices a user makes beyond the file itself.

:class:`ReadOptions` travels from ``coopmap import`` (and the app's upload) through
:func:`coopmap.formats.read_file` to the format module's ``rows(path, /, options)``. Each format
takes what applies to it: a workbook its sheet, a table its column mapping, every format the
choice to geocode place names that come without coordinates. ``companions`` are set by
:func:`coopmap.formats.plan`, not by users: the files read with this one that complete it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopmap.places import Place

Progress = Callable[[int, int | None], None]
"""Called as rows are read: ``(rows done, rows in all or None when not known)``."""


@dataclass(frozen=True)
class ReadOptions:
    """What to do with a file beyond its format.

    ``columns`` maps a column of the file, as its header spells it, to a coopmap column (``--map``
    and ``--mapping``; ``""`` ignores the column); the others match by name or synonym
    (:mod:`coopmap.formats.mapping`), and those that match nothing are ignored, or with
    ``keep_unmapped`` go into the record's notes as ``column: value``. ``sheet`` names the sheet
    of a workbook (the first by default). ``geocode`` looks up, in the offline gazetteer, the
    place names of rows that have no coordinates; without it such rows are refused.
    ``places`` are the user's answers for place names (the app's review of an upload): a name
    as the file writes it, to the place it means (one of its candidates, or any gazetteer place)
    or to another name to look up instead; each answer applies to every row naming the place.
    ``progress`` is told how far reading has got. ``companions`` are other files that complete
    this one (the location files of a GCDF file), as :func:`coopmap.formats.plan` groups them.
    """

    columns: Mapping[str, str] = field(default_factory=dict)
    keep_unmapped: bool = False
    sheet: str | None = None
    geocode: bool = True
    places: Mapping[str, Place | str] = field(default_factory=dict)
    progress: Progress | None = None
    companions: tuple[str | os.PathLike[str], ...] = ()


DEFAULT = ReadOptions()
