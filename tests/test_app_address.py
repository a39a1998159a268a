"""Where ``coopmap app`` listens: this machine only, unless someone asks for more.

The servers run as subprocesses (as in tests/test_first_run.py); which address a port listens
on is read from the kernel's socket tables, ``/proc/net/tcp`` and ``/proc/net/tcp6``.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from app_process import free_port, fresh_env, healthy, start_app, stop
from coopmap.cli import main

LISTEN = "0A"  # the state column of a listening socket


def _address(hex_address: str) -> str:
    """An address as ``/proc/net/tcp*`` writes it (32-bit words in host order) as text."""
    raw = bytes.fromhex(hex_address)
    if sys.byteorder == "little":
        raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return str(ipaddress.ip_address(raw))


def listening(port: int) -> set[str]:
    """The local addresses sockets listen on at ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, _, hex_port = local.partition(":")
            if state == LISTEN and int(hex_port, 16) == port:
                found.add(_address(address))
    return found


def _serve(tmp_path: Path, args: list[str], **env: str) -> tuple[set[str], str]:
    """Start the app, return where it listens and what it printed, stop it."""
    port = free_port()
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    environment = fresh_env(
        home,
        COOPMAP_CACHE_DIR=os.environ["COOPMAP_CACHE_DIR"],
        COOPMAP_STORE=str(tmp_path / "atlas.gpkg"),
        **env,
    )
    process = start_app(["--port", str(port), *args], environment, tmp_path)
    try:
        assert healthy(port, process), process.stdout and process.stdout.read()
        addresses = listening(port)
    finally:
        output = stop(process, port) if process.poll() is None else ""
    return addresses, output


@pytest.mark.slow
def test_the_app_listens_on_this_machine_only_by_default(tmp_path):
    addresses, output = _serve(tmp_path, [])
    assert addresses == {"127.0.0.1"}
    assert "Network URL" not in output


@pytest.mark.slow
def test_address_opens_the_app_to_the_network(tmp_path):
    addresses, _ = _serve(tmp_path, ["--address", "0.0.0.0"])
    assert addresses == {"0.0.0.0"}


@pytest.mark.slow
def test_streamlit_s_own_address_setting_wins_over_the_default(tmp_path):
    addresses, _ = _serve(tmp_path, [], STREAMLIT_SERVER_ADDRESS="0.0.0.0")
    assert addresses == {"0.0.0.0"}


# --- the command line coopmap app hands to Streamlit, without starting it -----------------------


class _Exec(Exception):
    """Raised instead of replacing the process; holds the command."""


@pytest.fixture
def streamlit_command(monkeypatch, tmp_path):
    """Run ``coopmap app`` in ``tmp_path`` (a project folder) and return the command it would
    become: Streamlit's arguments as a dict of option to value."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in [name for name in os.environ if name.startswith("STREAMLIT_")]:
        monkeypatch.delenv(name)

    def execve(path, command, env):
        raise _Exec(command)

    def run(*args: str, config: str | None = None) -> dict[str, str]:
        project = tmp_path / "project"
        (project / ".streamlit").mkdir(parents=True, exist_ok=True)
        if config is not None:
            (project / ".streamlit" / "config.toml").write_text(config, encoding="utf-8")
        with monkeypatch.context() as patch:
            patch.chdir(project)
            patch.setattr(os, "execve", execve)
            result = CliRunner().invoke(
                main, ["--store", str(tmp_path / "atlas.gpkg"), "app", "--no-init", *args]
            )
        from streamlit import config as streamlit_config

        streamlit_config.get_config_options(force_reparse=True)  # forget the project's config
        assert isinstance(result.exception, _Exec), result.output
        command = result.exception.args[0]
        options = command[command.index("run") + 2 :]
        return dict(zip(options[::2], options[1::2], strict=True))

    return run


def test_the_default_address_is_loopback_and_error_details_are_hidden(streamlit_command):
    options = streamlit_command()
    assert options["--server.address"] == "127.0.0.1"
    assert options["--client.showErrorDetails"] == "none"
    # no "Deploy" button or developer menu
    assert options["--client.toolbarMode"] == "minimal"


def test_a_config_toml_address_is_left_to_streamlit_and_the_flag_wins(streamlit_command):
    config = '[server]\naddress = "0.0.0.0"\n[client]\nshowErrorDetails = "full"\n'
    options = streamlit_command(config=config)
    assert "--server.address" not in options  # Streamlit reads its config.toml itself
    assert options["--client.showErrorDetails"] == "none"  # visitors never see tracebacks
    assert streamlit_command("--address", "127.0.0.1", config=config)["--server.address"] == (
        "127.0.0.1"
    )


def test_an_empty_address_setting_is_no_setting(streamlit_command, monkeypatch):
    assert streamlit_command(config='[server]\naddress = ""\n')["--server.address"] == "127.0.0.1"
    monkeypatch.setenv("STREAMLIT_SERVER_ADDRESS", "")
    assert streamlit_command()["--server.address"] == "127.0.0.1"


def test_an_empty_address_flag_is_refused():
    result = CliRunner().invoke(main, ["app", "--no-init", "--address", " "])
    assert result.exit_code == 2
    assert "give an address" in result.output


def test_with_the_value_passed_visitors_get_no_traceback(streamlit_command):
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    value = streamlit_command()["--client.showErrorDetails"]
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", value)
    try:
        app = AppTest.from_string("raise ValueError('the s3cret inside')").run()
    finally:
        config.set_option("client.showErrorDetails", before)
    [shown] = app.exception
    assert "s3cret" not in shown.message
    assert not shown.stack_trace
