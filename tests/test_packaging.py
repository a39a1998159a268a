"""What an installed coopmap carries: every package, the app, the data and the static files."""

from __future__ import annotations

import fnmatch
import tomllib
from importlib.resources import files
from pathlib import Path

from coopmap.paths import app_dir, data_dir
from coopmap.places.gazetteer.index import curated_files

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


DATA_ONLY = ("coopmap.maps.static", "coopmap.maps.static.vendor")
"""Folders of static files that install as namespace packages (no ``__init__.py``)."""


def _package_folder(package: str) -> Path:
    """The source folder setuptools installs ``package`` from (its ``package-dir``)."""
    mapping = CONFIG["package-dir"]
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        if ".".join(parts[:cut]) in mapping:
            return ROOT / mapping[".".join(parts[:cut])] / Path(*parts[cut:])
    return ROOT / mapping[""] / Path(*parts)


def test_every_package_in_the_tree_is_installed():
    found = {
        ".".join(init.parent.relative_to(ROOT / "src").parts)
        for init in (ROOT / "src" / "coopmap").rglob("__init__.py")
    }
    found |= {"coopmap.data", "coopmap.app", "coopmap.app.views"}
    found |= set(DATA_ONLY)
    assert set(CONFIG["packages"]) == found
    for package in CONFIG["packages"]:
        folder = _package_folder(package)
        assert (folder / "__init__.py").is_file() or package in DATA_ONLY, package
        assert folder.is_dir(), package


def _files(folder: Path):
    """The files under ``folder`` that are not Python modules, leaving out subpackages."""
    for path in folder.iterdir():
        if path.is_dir():
            package = (path / "__init__.py").is_file() or path.name in ("static", "vendor")
            if path.name != "__pycache__" and not package:
                yield from _files(path)
        elif path.suffix not in (".py", ".pyc"):
            yield path


def test_every_shipped_file_is_package_data():
    """Each data file and static asset is matched by a package-data pattern of its package or
    one above it (modules, the app's pages among them, install as modules of their packages)."""
    folders = {package: _package_folder(package) for package in CONFIG["packages"]}
    missed = []
    for package, folder in folders.items():
        for path in _files(folder):
            owners = [(p, f) for p, f in folders.items() if path.is_relative_to(f)]
            if not any(
                fnmatch.fnmatch(path.relative_to(f).as_posix(), pattern)
                for p, f in owners
                for pattern in CONFIG["package-data"].get(p, [])
            ):
                missed.append(f"{package}: {path.relative_to(folder).as_posix()}")
    assert not missed, "\n".join(missed)


def test_data_and_app_are_found_as_package_resources():
    assert data_dir() == Path(str(files("coopmap.data")))
    assert (data_dir() / "seed.json").is_file()
    assert app_dir() == Path(str(files("coopmap.app")))
    assert (app_dir() / "streamlit_app.py").is_file()
    assert (app_dir() / "views" / "map.py").is_file()


def test_the_gazetteer_curated_name_lists_are_shipped():
    """The index is built from them; a missing one only warns, so it is checked here."""
    for path in curated_files():
        assert path.is_file(), path
    assert {p.name for p in curated_files()} >= {"aliases.csv", "names_zh.csv", "demonyms.csv"}
