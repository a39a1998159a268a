"""Running ``coopmap app`` as a user does: a subprocess on a free port, in a user's environment,
waited for on its health check and stopped with SIGTERM (as systemd, docker and test harnesses
stop a service)."""

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether a new server could listen on ``port``: nothing listens there (connections
    closing in TIME_WAIT do not count, as a server's SO_REUSEADDR ignores them)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def fresh_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user who never ran coopmap: HOME empty, no coopmap or XDG folders."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COOPMAP_", "XDG_", "STREAMLIT_"))
    }
    return {**env, "HOME": str(home), **extra}


def healthy(port: int, process: subprocess.Popen, timeout: float = 90.0) -> bool:
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


def start_app(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*COOPMAP, "app", "--headless", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen, port: int) -> str:
    """SIGTERM the app; it must exit and leave its port free. Returns what it printed."""
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        pytest.fail(f"coopmap app did not exit on SIGTERM:\n{output}")
    deadline = time.monotonic() + 10
    while not port_is_free(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert port_is_free(port), f"port {port} is still held after coopmap app exited"
    return output
