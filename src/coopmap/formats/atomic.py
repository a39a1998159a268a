"""Files written whole: a failed write leaves the previous file (or none), never half a file.

Every format writes through these: text formats through :func:`atomic_writer`, formats whose
library opens the file itself (GDAL) through :func:`atomic_path`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


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
