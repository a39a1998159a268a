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


LOOPBACK = "127.0.0.1"
"""Where ``coopmap app`` listens when nothing says otherwise: this machine only."""


def _unless_configured(key: str, flag: str | None, *, default: str) -> list[str]:
    """The ``streamlit run`` arguments that set option ``key``: the flag's value when given,
    none when Streamlit's own settings set it (its environment variable, a config.toml) to a
    value, else ``default``. An empty setting counts as none: Streamlit would then listen on
    every interface, which nobody should get without asking."""
    if flag is not None:
        return [f"--{key}", flag]
    from streamlit import config

    options = config.get_config_options(force_reparse=True)
    if os.environ.get(options[key].env_var):  # read by ``streamlit run`` itself
        return []
    if config.is_manually_set(key) and config.get_option(key) not in (None, ""):
        return []
    return [f"--{key}", default]


def _address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise click.BadParameter("give an address, such as 127.0.0.1 or 0.0.0.0")
    return value


@click.command()
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    help="The port to serve on. Default: Streamlit's own setting (STREAMLIT_SERVER_PORT, "
    ".streamlit/config.toml), else 8501.",
)
@click.option(
    "--address",
    metavar="ADDR",
    callback=_address,
    help="The address to listen on: 0.0.0.0 opens the app to every machine that can reach "
    "this one. Default: Streamlit's own setting (STREAMLIT_SERVER_ADDRESS, "
    ".streamlit/config.toml), else 127.0.0.1 (this machine only).",
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
@click.option(
    "--read-only",
    is_flag=True,
    help="Serve everyone as a viewer (a public atlas): no sign-in, no changes.",
)
@pass_context
def app(
    obj: Context,
    port: int | None,
    address: str | None,
    headless: bool,
    do_init: bool,
    read_only: bool,
) -> None:
    """Start the Streamlit app on the store.

    Who may change what: with users in the users file (`coopmap users`) visitors sign in and
    get their role; with none, the app serves this machine's user as admin; --read-only serves
    everyone as a viewer.

    It listens on this machine only (127.0.0.1) unless --address or Streamlit's own settings
    say otherwise. Visitors never see a traceback (Streamlit's client.showErrorDetails is
    "none"); the server's log has it.

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
        *_unless_configured("server.address", address, default=LOOPBACK),
        # Visitors see a generic message for an unexpected error, never its traceback (the
        # server logs it), whatever a user-wide ~/.streamlit/config.toml says.
        "--client.showErrorDetails",
        "none",
        "--server.headless",
        str(headless).lower(),
        "--browser.gatherUsageStats",
        "false",
        # no "Deploy" button or developer menu for the people who use the atlas
        "--client.toolbarMode",
        "minimal",
    ]
    click.echo(f"Starting the app with store {redact(obj.store_url)}")
    env = {**os.environ, "COOPMAP_STORE": obj.store_url}
    if obj.user:
        env["COOPMAP_USER"] = obj.user
    if read_only:
        env["COOPMAP_READ_ONLY"] = "1"
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, env)
