"""The package's front door: ``import coopmap`` gives the main API, each entry point with a
numpy docstring whose example runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import coopmap

ENTRY_POINTS = [
    "open_store",
    "Filter",
    "Project",
    "Event",
    "Location",
    "record_from_dict",
    "PartialDate",
    "read_file",
    "read_records",
    "export",
    "build_map",
    "extract",
    "geocode",
]


def test_every_public_name_resolves():
    for name in coopmap.__all__:
        assert getattr(coopmap, name) is not None, name
    assert set(ENTRY_POINTS) <= set(coopmap.__all__)
    assert issubclass(coopmap.ConflictError, coopmap.StoreError)
    with pytest.raises(AttributeError, match="no attribute 'nowhere'"):
        _ = coopmap.nowhere


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_each_entry_point_has_an_example_that_runs(name):
    obj = getattr(coopmap, name)
    assert "Examples\n    --------" in (obj.__doc__ or ""), f"{name} has no Examples section"
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    (test,) = finder.find(obj, name, globs={})
    assert test.examples, name
    runner.run(test)
    assert runner.failures == 0, f"the example of {name} fails (see the output above)"


def test_no_public_name_is_also_a_submodule():
    """Importing a submodule binds its name on the package, which would hide an API name."""
    submodules = {info.name for info in pkgutil.iter_modules(coopmap.__path__)}
    assert not submodules & set(coopmap.__all__)
    importlib.import_module("coopmap.reports")  # the package that holds extract()
    assert coopmap.extract.__module__ == "coopmap.reports.extraction"


def test_importing_coopmap_loads_none_of_the_api():
    code = (
        "import sys, coopmap\n"
        "loaded = [m for m in ('coopmap.model', 'coopmap.store', 'folium', 'pydantic') "
        "if m in sys.modules]\n"
        "print(','.join(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
