"""The first run on a new machine, as a new user has it: no data folder, no cache, no config.

`coopmap init` and `coopmap app` run as subprocesses with HOME set to a new empty folder; the
app must come up healthy, and SIGTERM (how systemd, docker and test harnesses stop a service)
must stop it and free its port.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from app_process import COOPMAP, free_port, fresh_env, healthy, port_is_free, start_app, stop


@pytest.mark.slow
def test_first_run_in_an_empty_home_inits_starts_and_stops_on_sigterm(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    env = fresh_env(home, STREAMLIT_SERVER_PORT=str(port))

    init = subprocess.run(
        [*COOPMAP, "init"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert init.returncode == 0, init.stderr
    store = home / ".local" / "share" / "coopmap" / "atlas.gpkg"
    assert store.is_file()
    assert "seed records" in init.stdout
    assert str(store) in init.stdout
    assert any((home / ".cache" / "coopmap").glob("gazetteer-*.sqlite"))

    process = start_app([], env, tmp_path)  # no --port: Streamlit's own setting is used
    try:
        assert healthy(port, process), process.stdout and process.stdout.read()
    finally:
        if process.poll() is None:
            stop(process, port)
    assert process.returncode is not None


@pytest.mark.slow
def test_port_comes_from_streamlit_config_and_the_flag_wins(tmp_path):
    config_port, flag_port = free_port(), free_port()
    home = tmp_path / "home"
    home.mkdir()
    project = tmp_path / "project"
    (project / ".streamlit").mkdir(parents=True)
    (project / ".streamlit" / "config.toml").write_text(
        f"[server]\nport = {config_port}\n", encoding="utf-8"
    )
    # The session's gazetteer cache: the first-run test above builds one from nothing.
    env = fresh_env(
        home,
        COOPMAP_CACHE_DIR=os.environ["COOPMAP_CACHE_DIR"],
        COOPMAP_STORE=str(tmp_path / "atlas.gpkg"),
    )

    process = start_app([], env, project)
    try:
        assert healthy(config_port, process)
    finally:
        stop(process, config_port)

    process = start_app(["--port", str(flag_port)], env, project)
    try:
        assert healthy(flag_port, process)
        assert port_is_free(config_port)
    finally:
        stop(process, flag_port)


def test_app_on_a_store_in_a_missing_folder_is_a_clear_error(tmp_path):
    env = fresh_env(tmp_path, COOPMAP_CACHE_DIR=os.environ["COOPMAP_CACHE_DIR"])
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
