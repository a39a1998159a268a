"""The house rules that keep the code easy to read (docs/ARCHITECTURE.md), checked on the source.

- Every import runs downward: interfaces (the CLI, the app) -> services -> formats, store,
  maps, extract, places and the other domain modules -> query -> model -> errors, dates,
  taxonomy, paths.
- Only the services write to a store: the CLI and the app call them.
- No name with a leading underscore is imported from another module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
APP = ROOT / "app"

LAYERS: dict[str, int] = {
    "coopmap.errors": 0,
    "coopmap.paths": 0,
    "coopmap.taxonomy": 0,
    "coopmap.dates": 0,
    "coopmap.model": 1,
    "coopmap.query": 2,
    # the domain: each reads or makes records, none combines the others' steps
    "coopmap.places": 3,
    "coopmap.store": 3,
    "coopmap.formats": 3,
    "coopmap.maps": 3,
    "coopmap.reports": 3,
    "coopmap.editing": 3,
    "coopmap.seed": 3,
    "coopmap.links": 3,
    "coopmap.display": 3,
    "coopmap.money": 3,
    "coopmap.services": 4,
    "coopmap.cli": 5,
}
"""Each top-level module or package of coopmap and its layer; a module may import only from
its own layer or lower ones."""

INTERFACE = 5
STORE_WRITES = {"add", "update", "delete", "restore", "cache_put"}


def _modules(folder: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(folder).with_suffix("").parts
        name = ".".join((prefix, *parts)).removesuffix(".__init__")
        yield name, path


def _imports(path: Path) -> Iterator[tuple[str, list[str], int]]:
    """``(module, names, line)`` for each ``coopmap`` import in a file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno


def _layer(module: str) -> int | None:
    """The layer of a coopmap module (by its top-level module), None for others."""
    if module == "coopmap" or not module.startswith("coopmap."):
        return None
    top = ".".join(module.split(".")[:2])
    assert top in LAYERS, f"{top} has no layer: add it to LAYERS and docs/ARCHITECTURE.md"
    return LAYERS[top]


def test_every_package_module_has_a_layer():
    tops = {
        ".".join(name.split(".")[:2])
        for name, _ in _modules(SRC / "coopmap", "coopmap")
        if name != "coopmap"
    }
    assert tops == set(LAYERS)


@pytest.mark.parametrize(
    ("name", "path"), list(_modules(SRC / "coopmap", "coopmap")), ids=lambda v: str(v)
)
def test_imports_run_downward(name, path):
    own = _layer(name)
    if own is None:
        return  # the package's front door (coopmap/__init__.py) loads its API lazily
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {module} (layer {_layer(module)} > {own})"
        for module, _, line in _imports(path)
        if _layer(module) is not None and _layer(module) > own
    ]
    assert not upward, "\n".join(upward)


def test_the_app_sits_on_top_and_does_not_import_the_cli():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for _, path in _modules(APP, "app")
        for module, _, line in _imports(path)
        if module.startswith("coopmap.cli")
    ]
    assert not found


def test_only_services_write_to_a_store():
    """The CLI and the app never call a store's writing methods themselves."""
    interfaces = [*_modules(APP, "app"), *_modules(SRC / "coopmap" / "cli", "coopmap.cli")]
    writes = []
    for _, path in interfaces:
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in STORE_WRITES
                and "store" in (ast.get_source_segment(source, node.func.value) or "")
            ):
                writes.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not writes, "store writes outside coopmap.services: " + ", ".join(writes)


def test_no_private_name_is_imported_across_modules():
    found = []
    for _, path in [*_modules(SRC / "coopmap", "coopmap"), *_modules(APP, "app")]:
        for module, names, line in _imports(path):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if module.startswith("coopmap") and private:
                found.append(f"{path.relative_to(ROOT)}:{line} {module}: {', '.join(private)}")
    assert not found, "\n".join(found)


def test_test_files_share_helpers_through_helper_modules_only():
    """Builders and helpers live in modules such as tests/builders.py, never in a test file."""
    found = [
        f"{path.name}:{line} imports {module}"
        for path in sorted((ROOT / "tests").glob("*.py"))
        for module, _, line in _imports(path)
        if module.split(".")[0].startswith("test_")
    ]
    assert not found, "\n".join(found)
