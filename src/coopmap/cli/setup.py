"""Getting started: ``coopmap init`` makes the store, ``coopmap app`` serves it in Streamlit."""

from __future__ import annotations

import os
import sys

import click

from coopmap.cli.context import Context, pass_context
from coopmap.paths import app_dir
from coopmap.store.base import redact


@click.command()
@click.option("--reset", is_flag=True, help="Delete the store first and start again from the seed.")
@click.option("--no-seed", is_flag=True, help="Create an empty store.")
@pass_context
def init(obj: Context, reset: bool, no_seed: bool) -> None:
    """Create the store and load the seed atlas (geocoded offline).

    An existing store is kept as it is unless --reset is given.
    """
    from coopmap.services import init_store

    result = init_store(obj.store_url, seed=not no_seed, reset=reset, user=obj.user)
    if result.created or result.added:
        click.echo(f"Created {result.url} with {result.added} seed records.")
    else:
        click.echo(
            f"{result.url} already holds {result.total} records; left as it is "
            "(use --reset to start again)."
        )


@click.command()
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    help="The port to serve on. Default: Streamlit's own setting (STREAMLIT_SERVER_PORT, "
    ".streamlit/config.toml), else 8501.",
)
@click.option(
    "--headless/--browser", default=True, show_default=True, help="Do not open a web browser."
)
@click.option(
    "--init/--no-init",
    "do_init",
    default=True,
    show_default=True,
    help="Create the store with the seed first if it does not exist.",
)
@pass_context
def app(obj: Context, port: int | None, headless: bool, do_init: bool) -> None:
    """Start the Streamlit app on the store.

    The command becomes the Streamlit server (it is replaced, not wrapped), so a signal that
    stops it, such as SIGTERM from systemd or a test harness, stops the app and frees its port.
    """
    if do_init:
        from coopmap.services import init_store

        result = init_store(obj.store_url, user=obj.user)
        if result.added:
            click.echo(f"Created {result.url} with {result.added} seed records.")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_dir() / "streamlit_app.py"),
        *(["--server.port", str(port)] if port is not None else []),
        "--server.headless",
        str(headless).lower(),
        "--browser.gatherUsageStats",
        "false",
    ]
    click.echo(f"Starting the app with store {redact(obj.store_url)}")
    env = {**os.environ, "COOPMAP_STORE": obj.store_url}
    if obj.user:
        env["COOPMAP_USER"] = obj.user
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, env)
