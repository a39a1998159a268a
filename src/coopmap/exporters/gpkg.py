"""GeoPackage export: a new coopmap store file holding the records.

The file is what :mod:`coopmap.store.gpkg` keeps (a ``records`` layer with one feature per
record and its full JSON, a ``locations`` layer with one feature per location), so it opens in
QGIS or any GDAL tool and :func:`coopmap.store.open_store` opens it as a store. It is written
next to ``path`` under a temporary name and moved into place when complete, replacing any file
there: an export never merges into an existing GeoPackage.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from coopmap.model import Record
from coopmap.store import open_store

log = logging.getLogger(__name__)


def write(records: Iterable[Record], path: str | os.PathLike[str], /) -> None:
    """Write records to ``path`` as a new GeoPackage."""
    path = Path(path)
    records = list(records)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".gpkg")
    os.close(handle)
    temporary = Path(name)
    try:
        with open_store(temporary, create=True) as store:
            store.add(records)
        os.chmod(temporary, 0o644)  # temporary files are private; exports are not
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    log.info("wrote %d records to %s", len(records), path)
