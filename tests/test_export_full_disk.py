"""An export onto a disk that is really full: a small tmpfs, filled but for a few kilobytes.

Exit 1 with the system's reason, no traceback, and the disk left as it was (no partial file, no
temporary file, an older export of the same name untouched). Needs root to mount the tmpfs; the
test is skipped where mounting is refused.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from coopmap.seed import load_seed
from coopmap.store import open_store

EXTENSIONS = [".csv", ".geojson", ".gpkg", ".kml", ".html"]
FREE = 4096
"""Bytes left free on the disk: less than any export of the seed atlas needs."""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "atlas.gpkg"
    with open_store(str(path), create=True) as store:
        store.add(load_seed())
    return path


@pytest.fixture
def full_disk(tmp_path):
    """A mounted 256 KiB tmpfs with ``FREE`` bytes left and an older export on it."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        stats = os.statvfs(disk)
        with open(disk / "filler", "wb") as filler:
            filler.write(b"\0" * (stats.f_bavail * stats.f_frsize - FREE))
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_an_export_onto_a_full_disk_fails_and_leaves_the_disk_as_it_was(
    store_path, full_disk, extension
):
    older = full_disk / f"old{extension}"
    older.write_bytes(b"yesterday")
    before = sorted(os.listdir(full_disk))
    out = full_disk / f"old{extension}"
    result = subprocess.run(
        [sys.executable, "-m", "coopmap.cli", "--store", str(store_path), "export", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"cannot write {out}: No space left on device" in result.stderr
    assert "Wrote" not in result.stdout
    assert sorted(os.listdir(full_disk)) == before
    assert older.read_bytes() == b"yesterday"
