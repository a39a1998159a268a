"""Exports that fail say so: a full disk, ``ulimit -f`` or a bad folder is an error, exit 1,
and leaves no file, no temporary file, and any file that was there as it was."""

import errno
import os
import resource
import signal
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from coopmap import CoopmapError, ExportError, Project, export
from coopmap.cli import main
from coopmap.seed import load_seed
from coopmap.store import open_store

EXTENSIONS = [".csv", ".xlsx", ".geojson", ".gpkg", ".kml", ".html", ".xml"]
LIMIT = 4096
"""A file size limit (bytes) below every export of the seed atlas, above the store's writes."""
PREVIOUS = b"the export of yesterday\n"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "atlas.gpkg"
    with open_store(str(path), create=True) as store:
        store.add(load_seed())
    return path


def limited(limit: int = LIMIT):
    """What the child runs before coopmap: files may grow to ``limit`` bytes, no further."""

    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return set_limit


def run_export(store_path, out, *, code=None, limit=LIMIT):
    """``coopmap export OUT`` in a child process whose files cannot exceed ``limit`` bytes."""
    program = code or "from coopmap.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", program, "--store", str(store_path), "export", str(out)],
        preexec_fn=limited(limit),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_an_export_past_the_file_size_limit_fails_and_leaves_nothing(
    store_path, tmp_path, extension, existing
):
    out = tmp_path / f"atlas{extension}"
    if existing:
        out.write_bytes(PREVIOUS)
        os.chmod(out, 0o640)
    done = run_export(store_path, out)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stderr == f"Error: cannot write {out}: File too large\n"
    assert "Wrote" not in done.stdout
    assert "Traceback" not in done.stderr
    if existing:
        assert os.listdir(tmp_path) == [out.name]  # no temporary file beside it
        assert out.read_bytes() == PREVIOUS
        assert out.stat().st_mode & 0o777 == 0o640
    else:
        assert os.listdir(tmp_path) == []


def test_the_same_export_without_the_limit_writes_the_file(store_path, tmp_path):
    """The control: the limit is what stops the exports above."""
    out = tmp_path / "atlas.kml"
    done = run_export(store_path, out, limit=resource.RLIM_INFINITY)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Wrote 19 records to {out}.\n"
    assert out.stat().st_size > LIMIT
    assert os.listdir(tmp_path) == [out.name]


def test_the_cli_ignores_sigxfsz_itself(store_path, tmp_path):
    """With SIGXFSZ at its default (which kills), the command still fails cleanly: it ignores
    the signal, so the write fails with EFBIG and is reported."""
    code = textwrap.dedent(
        """
        import signal
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        from coopmap.cli import main
        main()
        """
    )
    out = tmp_path / "atlas.kml"
    done = run_export(store_path, out, code=code)
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert done.returncode != -signal.SIGXFSZ
    assert done.stderr == f"Error: cannot write {out}: File too large\n"
    assert os.listdir(tmp_path) == []


# --- folders that cannot take the file -------------------------------------------------------


def export_with_cli(store_path, out):
    return CliRunner().invoke(main, ["--store", str(store_path), "export", str(out)])


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_an_export_into_a_missing_folder_is_a_clear_error(store_path, tmp_path, extension):
    out = tmp_path / "missing" / f"atlas{extension}"
    result = export_with_cli(store_path, out)
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {out}: No such file or directory\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_an_export_under_a_regular_file_is_a_clear_error(store_path, tmp_path, extension):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    out = tmp_path / "notes.txt" / f"atlas{extension}"
    result = export_with_cli(store_path, out)
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {out}: Not a directory\n"
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_an_export_into_a_read_only_folder_is_a_clear_error(store_path, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user (root) may write into a read-only folder")
        out = folder / "atlas.csv"
        result = export_with_cli(store_path, out)
        assert result.exit_code == 1
        assert result.output == f"Error: cannot write {out}: Permission denied\n"
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_a_folder_that_refuses_new_files_is_a_clear_error(
    store_path, tmp_path, monkeypatch, extension
):
    """What a read-only folder does for a user who is not root, whoever runs the tests."""
    import coopmap.formats.atomic

    def refuse(**options):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(coopmap.formats.atomic.tempfile, "mkstemp", refuse)
    out = tmp_path / f"atlas{extension}"
    result = export_with_cli(store_path, out)
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {out}: Permission denied\n"
    assert os.listdir(tmp_path) == []


def test_a_report_that_cannot_be_written_is_a_clear_error(store_path, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("id,title,sectors\npj-x,X,energy\n", encoding="utf-8")
    report = tmp_path / "missing" / "report.csv"
    result = CliRunner().invoke(
        main, ["--store", str(tmp_path / "new.gpkg"), "import", "--report", str(report), str(sheet)]
    )
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {report}: No such file or directory\n"


# --- the library: every format writes, flushes and syncs a temporary file, then renames --------


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_a_failed_sync_leaves_the_previous_file(tmp_path, monkeypatch, extension):
    """The file is synced to disk before it replaces the target: when that fails, the target
    is untouched (so the rename had not happened) and nothing else is left."""
    import coopmap.formats.atomic

    def fail(descriptor):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    out = tmp_path / f"atlas{extension}"
    out.write_bytes(PREVIOUS)
    monkeypatch.setattr(coopmap.formats.atomic.os, "fsync", fail)
    with pytest.raises(ExportError) as caught:
        export([Project(id="pj-x", title="X", sectors=["energy"])], out)
    assert isinstance(caught.value, OSError)
    assert isinstance(caught.value, CoopmapError)
    assert (caught.value.errno, caught.value.filename) == (errno.EIO, str(out))
    assert str(caught.value) == f"cannot write {out}: Input/output error"
    assert out.read_bytes() == PREVIOUS
    assert os.listdir(tmp_path) == [out.name]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names open files through /proc")
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_every_format_writes_through_a_synced_temporary_file(tmp_path, monkeypatch, extension):
    import coopmap.formats.atomic

    synced, renamed = [], []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor):
        synced.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        real_fsync(descriptor)

    def replace(source, target):
        renamed.append((os.fspath(source), os.fspath(target)))
        real_replace(source, target)

    monkeypatch.setattr(coopmap.formats.atomic.os, "fsync", fsync)
    monkeypatch.setattr(coopmap.formats.atomic.os, "replace", replace)
    out = tmp_path / f"atlas{extension}"
    export([Project(id="pj-x", title="X", sectors=["energy"])], out)
    [(temporary, target)] = renamed
    assert target == str(out)
    assert os.path.dirname(temporary) == str(tmp_path)
    assert synced[0] == temporary  # the file itself, before the rename; then its folder
    assert os.listdir(tmp_path) == [out.name]
    assert out.stat().st_mode & 0o777 == 0o644


# --- a disk that is really full: a small tmpfs, filled but for a few kilobytes (needs root to
# mount it; skipped where mounting is refused)

FREE = 4096
"""Bytes left free on the disk: less than any export of the seed atlas needs."""


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
