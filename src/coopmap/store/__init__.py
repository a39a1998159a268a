"""Where records live.

:func:`open_store` picks a backend from the URL scheme or the file extension and returns a
:class:`Store`. Backends are imported only when used, so the app and the CLI never load a
database driver they do not need::

    with open_store("data/atlas.gpkg", create=True) as store:
        store.add(records)

A new backend is a module with an opener function and one entry in :data:`BACKENDS`.
"""

from __future__ import annotations

import difflib
import importlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from coopmap.errors import DuplicateRecordError, StoreError, UnknownStoreError
from coopmap.store.base import AddResult, Change, DeletedRecord, FieldChange, Store, redact

__all__ = [
    "BACKENDS",
    "EXTENSIONS",
    "AddResult",
    "Change",
    "DeletedRecord",
    "DuplicateRecordError",
    "FieldChange",
    "Store",
    "open_store",
]


@dataclass(frozen=True)
class Backend:
    """A store backend: the opener to import and what it is called with.

    ``target`` is ``"module:function"``; the function takes the location positionally and
    ``create`` plus backend options as keywords. ``path`` says whether the location is a file
    path (``gpkg:`` URLs are reduced to one) or the whole URL. ``extra`` names the optional
    dependencies to install when importing the backend fails on a missing package.
    """

    target: str
    description: str
    path: bool = False
    extra: str | None = None


BACKENDS: dict[str, Backend] = {
    "gpkg": Backend("coopmap.store.gpkg:open_gpkg", "GeoPackage file", path=True),
    "postgresql": Backend(
        "coopmap.store.postgis:open_postgis", "PostGIS database", extra="postgis"
    ),
    "postgres": Backend("coopmap.store.postgis:open_postgis", "PostGIS database", extra="postgis"),
}
"""Backends by URL scheme."""

EXTENSIONS: dict[str, str] = {".gpkg": "gpkg"}
"""Backends (keys of :data:`BACKENDS`) by file extension, for plain paths and ``file:`` URLs."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")  # two letters at least: C:\ is a path
_KEYWORDS = re.compile(r"^\s*(host|hostaddr|port|dbname|user|password|service)\s*=")
"""How a libpq keyword string (``host=db dbname=atlas``) begins."""


def open_store(
    url_or_path: str | os.PathLike[str], /, *, create: bool = False, **options: Any
) -> Store:
    """Open the store at a path or URL.

    Parameters
    ----------
    url_or_path
        A ``.gpkg`` path, a ``gpkg:`` or ``file:`` URL, or a ``postgresql://`` URL.
    create
        Make an empty store when there is none yet.
    **options
        Backend options: ``user``, the name changes are recorded under (default: the
        ``COOPMAP_USER`` environment variable, else the login name); ``timeout``, the seconds
        to wait for another program holding the store (a GeoPackage's lock, a database
        row's) before a :class:`~coopmap.errors.StoreBusyError` (default: the
        ``COOPMAP_STORE_TIMEOUT`` environment variable, else 10); and the backend's own, such
        as ``journal_mode="wal"`` for a GeoPackage.

    Raises
    ------
    UnknownStoreError
        No backend handles the URL or extension, or the backend is not available.
    StoreBusyError
        Another program held the store for longer than ``timeout``.
    StoreError
        The store exists but cannot be opened (or does not exist and ``create`` is false).

    Examples
    --------
    >>> import tempfile
    >>> from coopmap import Project, open_store
    >>> path = tempfile.mkdtemp() + "/atlas.gpkg"
    >>> with open_store(path, create=True) as store:
    ...     store.add([Project(id="pj-lrt", title="Astana light railway", sectors=["transport"])])
    ...     store.get("pj-lrt").title
    AddResult(added=('pj-lrt',), updated=(), unchanged=())
    'Astana light railway'
    """
    name, location = _resolve(url_or_path)
    if "timeout" not in options and os.environ.get(TIMEOUT_VARIABLE, "").strip():
        options["timeout"] = _timeout(os.environ[TIMEOUT_VARIABLE])
    return _opener(name)(location, create=create, **options)


TIMEOUT_VARIABLE = "COOPMAP_STORE_TIMEOUT"
"""The environment variable with the seconds a store waits for another program holding it."""


def _timeout(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise StoreError(f"{TIMEOUT_VARIABLE} must be a number of seconds, got {text!r}")
    return seconds


def _resolve(url_or_path: str | os.PathLike[str]) -> tuple[str, str]:
    """The backend name and the location to hand its opener."""
    text = os.fspath(url_or_path)
    match = None if isinstance(url_or_path, os.PathLike) else _SCHEME.match(text)
    if match is None:
        return _by_extension(text), text
    scheme = match[1].lower()
    if scheme == "file":
        path = url2pathname(urlparse(text).path)
        return _by_extension(path), path
    if scheme not in BACKENDS:
        close = difflib.get_close_matches(scheme, [*BACKENDS, "file"], n=1)
        hint = f" (did you mean {close[0]}:?)" if close else ""
        raise UnknownStoreError(
            f"unknown store scheme {scheme!r}{hint} in {redact(text)!r}; {_valid()}"
        )
    if BACKENDS[scheme].path:
        rest = text[match.end() :]
        return scheme, rest[2:] if rest.startswith("//") else rest
    return scheme, text


def _by_extension(path: str) -> str:
    if _KEYWORDS.match(path):
        raise UnknownStoreError(
            f"{redact(path)!r} is a libpq keyword string; coopmap takes a database as a URL: "
            "postgresql://USER:PASSWORD@HOST:PORT/DBNAME (or leave the password out and put "
            "it in PGPASSWORD or ~/.pgpass)"
        )
    extension = Path(path).suffix.lower()
    if extension not in EXTENSIONS:
        raise UnknownStoreError(f"cannot tell which store {redact(path)!r} is; {_valid()}")
    return EXTENSIONS[extension]


def _valid() -> str:
    schemes = ", ".join(
        f"{scheme}: ({backend.description})" for scheme, backend in BACKENDS.items()
    )
    return f"use a path ending in {', '.join(EXTENSIONS)} or a URL with one of {schemes}, file:"


def _opener(name: str) -> Any:
    backend = BACKENDS[name]
    module_name, _, function = backend.target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name is not None and module_name.startswith(err.name):
            raise UnknownStoreError(
                f"{backend.description} support is not installed/implemented yet "
                f"({module_name} is missing); use a .gpkg file for now"
            ) from err
        hint = f": pip install 'coopmap[{backend.extra}]'" if backend.extra else ""
        raise UnknownStoreError(
            f"the {backend.description} store needs the {err.name} package{hint}"
        ) from err
    return getattr(module, function)
