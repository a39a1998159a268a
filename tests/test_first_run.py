"""The first run on a new machine, as a new user has it: no data folder, no cache, no config.

`coopmap init` and `coopmap app` run as subprocesses with HOME set to a new empty folder; the
app must come up healthy, and SIGTERM (how systemd, docker and test harnesses stop a service)
must stop it and free its port.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

COOPMAP = [sys.executable, "-m", "coopmap.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_is_free(port: int) -> bool:
    """Whether a new server could listen on ``port``: nothing listens there (connections
    closing in TIME_WAIT do not count, as a server's SO_REUSEADDR ignores them)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _fresh_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user who never ran coopmap: HOME empty, no coopmap or XDG folders."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COOPMAP_", "XDG_", "STREAMLIT_"))
    }
    return {**env, "HOME": str(home), **extra}


def _healthy(port: int, process: subprocess.Popen, timeout: float = 90.0) -> bool:
    """Wait until the app on ``port`` answers its health check (False if it died first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def _start_app(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*COOPMAP, "app", "--headless", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(process: subprocess.Popen, port: int) -> str:
    """SIGTERM the app; it must exit and leave its port free. Returns what it printed."""
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        pytest.fail(f"coopmap app did not exit on SIGTERM:\n{output}")
    deadline = time.monotonic() + 10
    while not _port_is_free(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _port_is_free(port), f"port {port} is still held after coopmap app exited"
    return output


@pytest.mark.slow
def test_first_run_in_an_empty_home_inits_starts_and_stops_on_sigterm(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    port = _free_port()
    env = _fresh_env(home, STREAMLIT_SERVER_PORT=str(port))

    init = subprocess.run(
        [*COOPMAP, "init"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert init.returncode == 0, init.stderr
    store = home / ".local" / "share" / "coopmap" / "atlas.gpkg"
    assert store.is_file()
    assert "seed records" in init.stdout
    assert str(store) in init.stdout
    assert any((home / ".cache" / "coopmap").glob("gazetteer-*.sqlite"))

    process = _start_app([], env, tmp_path)  # no --port: Streamlit's own setting is used
    try:
        assert _healthy(port, process), process.stdout and process.stdout.read()
    finally:
        if process.poll() is None:
            _stop(process, port)
    assert process.returncode is not None


@pytest.mark.slow
def test_port_comes_from_streamlit_config_and_the_flag_wins(tmp_path):
    config_port, flag_port = _free_port(), _free_port()
    home = tmp_path / "home"
    home.mkdir()
    project = tmp_path / "project"
    (project / ".streamlit").mkdir(parents=True)
    (project / ".streamlit" / "config.toml").write_text(
        f"[server]\nport = {config_port}\n", encoding="utf-8"
    )
    # The session's gazetteer cache: the first-run test above builds one from nothing.
    env = _fresh_env(
        home,
        COOPMAP_CACHE_DIR=os.environ["COOPMAP_CACHE_DIR"],
        COOPMAP_STORE=str(tmp_path / "atlas.gpkg"),
    )

    process = _start_app([], env, project)
    try:
        assert _healthy(config_port, process)
    finally:
        _stop(process, config_port)

    process = _start_app(["--port", str(flag_port)], env, project)
    try:
        assert _healthy(flag_port, process)
        assert _port_is_free(config_port)
    finally:
        _stop(process, flag_port)


def test_app_on_a_store_in_a_missing_folder_is_a_clear_error(tmp_path):
    env = _fresh_env(tmp_path, COOPMAP_CACHE_DIR=os.environ["COOPMAP_CACHE_DIR"])
    result = subprocess.run(
        [*COOPMAP, "--store", str(tmp_path / "missing" / "x.gpkg"), "app"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "the folder does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing").exists()
