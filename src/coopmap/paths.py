"""Where coopmap keeps things: shipped data, the default store, the gazetteer cache."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

_HERE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """A top-level folder of the project: from the source tree, or where pip installed it."""
    for candidate in (_HERE.parents[1] / name, Path(sys.prefix) / "share" / "coopmap" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"coopmap's {name}/ folder is missing; reinstall coopmap")


def data_dir() -> Path:
    """The project's ``data/`` folder (seed data, curated aliases and demonyms)."""
    return _shipped("data")


def app_dir() -> Path:
    """The Streamlit app's folder (``app/``)."""
    return _shipped("app")


def default_store() -> str:
    """``$COOPMAP_STORE``, else ``atlas.gpkg`` in the user's data folder.

    The user's data folder is created when it is missing, so a first run on a new machine
    works; a store the user names (``$COOPMAP_STORE``, ``--store``) is taken as it is, and a
    missing folder there stays an error of the store's.
    """
    named = os.environ.get("COOPMAP_STORE")
    if named:
        return named
    folder = Path(platformdirs.user_data_dir("coopmap"))
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / "atlas.gpkg")


def cache_dir() -> Path:
    """``$COOPMAP_CACHE_DIR``, else the user's cache folder: where the gazetteer index lives.

    Whatever writes there creates the folder first (it may not exist on a new machine).
    """
    return Path(os.environ.get("COOPMAP_CACHE_DIR") or platformdirs.user_cache_dir("coopmap"))
