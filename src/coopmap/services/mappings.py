"""Column mappings kept for re-use: TOML files in the user's data folder, by name.

The app's upload offers the mappings saved here and saves the one a user made
(:func:`save_mapping`); each is a file that ``coopmap import --mapping FILE`` reads too
(:func:`coopmap.formats.mapping.read_mapping`), in :func:`coopmap.paths.mappings_dir`. A
mapping's name is its file's name without ``.toml``: letters, digits, spaces, ``-``, ``_`` and
``.``, so that a name can never reach another folder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from coopmap.errors import ValidationError
from coopmap.paths import mappings_dir

if TYPE_CHECKING:
    from coopmap.formats.mapping import SavedMapping

__all__ = ["load_mapping", "mapping_path", "save_mapping", "saved_mappings"]

SUFFIX = ".toml"
MAX_NAME = 80
_NAME = re.compile(r"[\w][\w .-]*")


def mapping_path(name: str, /) -> Path:
    """The file a mapping called ``name`` is kept in; ValidationError for a name that is not
    one (empty, too long, or with characters other than letters, digits, spaces, ``-``, ``_``
    and ``.``)."""
    name = name.strip()
    if not name:
        raise ValidationError("give the mapping a name", field="mapping name")
    if len(name) > MAX_NAME or not _NAME.fullmatch(name) or name.endswith("."):
        raise ValidationError(
            f"{name[:MAX_NAME]!r} cannot name a mapping: use at most {MAX_NAME} letters, "
            "digits, spaces, '-', '_' and '.'",
            field="mapping name",
        )
    return mappings_dir() / f"{name}{SUFFIX}"


def saved_mappings() -> list[str]:
    """The names of the saved mappings, sorted ignoring case (none when the folder is not
    there yet)."""
    folder = mappings_dir()
    if not folder.is_dir():
        return []
    names = [path.stem for path in folder.glob(f"*{SUFFIX}") if path.is_file()]
    return sorted((name for name in names if _NAME.fullmatch(name)), key=str.casefold)


def load_mapping(name: str, /) -> SavedMapping:
    """The mapping saved as ``name``; ValidationError naming the file when it cannot be read
    as one."""
    from coopmap.formats.mapping import read_mapping

    path = mapping_path(name)
    if not path.is_file():
        raise ValidationError(f"no mapping called {name!r} is saved", field="mapping")
    return read_mapping(path)


def save_mapping(name: str, columns: Mapping[str, str], /, *, keep_unmapped: bool = False) -> Path:
    """Keep ``columns`` (the file's column to coopmap's, ``""`` to ignore it) as the mapping
    ``name``, replacing one of that name; returns its file."""
    from coopmap.formats.mapping import write_mapping

    path = mapping_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_mapping(path, columns, keep_unmapped=keep_unmapped)
