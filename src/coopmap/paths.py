"""Where coopmap keeps things: shipped data, the default store, saved column mappings, the
gazetteer cache."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import platformdirs


def _shipped(package: str) -> Path:
    """The folder of a package shipped with coopmap (``data/`` and ``app/`` in the source
    tree are installed as the packages ``coopmap.data`` and ``coopmap.app``)."""
    folder = files(package)
    if not isinstance(folder, Path) or not folder.is_dir():
        raise FileNotFoundError(
            f"{package} is not a folder on disk ({folder}); install coopmap from a wheel or a "
            "source tree, not a zip file"
        )
    return folder


def data_dir() -> Path:
    """The project's ``data/`` folder (seed data, curated aliases, Chinese names and demonyms)."""
    return _shipped("coopmap.data")


def app_dir() -> Path:
    """The Streamlit app's folder (``app/``)."""
    return _shipped("coopmap.app")


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


def mappings_dir() -> Path:
    """``$COOPMAP_MAPPINGS_DIR``, else ``mappings`` in the user's data folder: the column
    mappings the app saves, TOML files as ``coopmap import --mapping FILE`` reads them.

    Whatever writes there creates the folder first.
    """
    named = os.environ.get("COOPMAP_MAPPINGS_DIR")
    return Path(named) if named else Path(platformdirs.user_data_dir("coopmap")) / "mappings"


def users_file() -> Path:
    """``$COOPMAP_USERS``, else ``users.toml`` in the user's data folder: who may sign in to
    the app and with which role (:mod:`coopmap.services.users`). No file, no users: the app
    serves the one local user, as admin, without a sign-in."""
    named = os.environ.get("COOPMAP_USERS")
    return Path(named) if named else Path(platformdirs.user_data_dir("coopmap")) / "users.toml"


def cache_dir() -> Path:
    """``$COOPMAP_CACHE_DIR``, else the user's cache folder: where the gazetteer index lives.

    Whatever writes there creates the folder first (it may not exist on a new machine).
    """
    return Path(os.environ.get("COOPMAP_CACHE_DIR") or platformdirs.user_cache_dir("coopmap"))
