"""Files written whole: a failed write leaves the previous file (or none), never half a file.

Every format writes through these: text formats through :func:`atomic_writer`, bytes made in
memory through :func:`write_bytes`, formats whose library opens the file itself (GDAL) through
:func:`atomic_path`. Each writes a temporary file in the target's folder, flushes it and has
the system write it to disk (``fsync``), and only then renames it onto the target. When
anything fails (a full disk, a file past ``ulimit -f``, a folder that is missing or not
writable) the temporary file is removed, the target is left as it was, and the error is an
:class:`~coopmap.errors.ExportError` naming the target and the reason.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from coopmap.errors import ExportError

MODE = 0o644
"""The permissions of a new file (temporary files are private; exports are not)."""


@contextmanager
def atomic_writer(
    path: str | os.PathLike[str], /, *, newline: str | None = None, encoding: str = "utf-8"
) -> Iterator[IO[str]]:
    """A text file that replaces ``path`` only once it is completely written and on disk."""
    with (
        _replacing(path, suffix=".tmp") as temporary,
        open(temporary, "w", newline=newline, encoding=encoding) as handle,
    ):
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def write_bytes(path: str | os.PathLike[str], data: bytes, /) -> None:
    """Write ``data`` to ``path`` as :func:`atomic_writer` writes text."""
    with _replacing(path, suffix=".tmp") as temporary, open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@contextmanager
def atomic_path(path: str | os.PathLike[str], /) -> Iterator[Path]:
    """A new path beside ``path`` for a library to create a file at; moved onto ``path`` once
    the block completes (and the file is on disk), removed if it fails (for writers that open
    files themselves, as GDAL does).

    The block raises :class:`OSError` for a write that failed; any file the library left
    beside the temporary one (a SQLite journal) is removed with it.
    """
    with _replacing(path, suffix=Path(path).suffix) as temporary:
        temporary.unlink()
        yield temporary
        with open(temporary, "r+b") as handle:
            os.fsync(handle.fileno())


@contextmanager
def _replacing(path: str | os.PathLike[str], /, *, suffix: str) -> Iterator[Path]:
    """A new empty file beside ``path``, renamed onto it when the block completes; on any
    failure removed (with the files named after it), an :class:`OSError` becoming an
    :class:`ExportError` for ``path``."""
    target = Path(path)
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        mode = MODE
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=suffix)
    except OSError as err:
        raise _export_error(target, err) from err
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except ExportError:
        _remove(temporary)
        raise
    except OSError as err:
        _remove(temporary)
        raise _export_error(target, err) from err
    except BaseException:
        _remove(temporary)
        raise
    _sync_folder(target.parent)


def _export_error(path: Path, err: OSError) -> ExportError:
    return ExportError(path, err.strerror or str(err), err.errno)


def _remove(temporary: Path) -> None:
    """Remove a temporary file and any its writer left beside it (``-journal``, ``-wal``)."""
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)
        with os.scandir(temporary.parent) as entries:
            leftovers = [entry.path for entry in entries if entry.name.startswith(temporary.name)]
        for leftover in leftovers:
            os.unlink(leftover)


def _sync_folder(folder: Path) -> None:
    """Have the rename itself reach the disk; best effort (Windows cannot open a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
