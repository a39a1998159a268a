"""The ``coopmap`` command line: one thin command per tool in :mod:`coopmap.services`.

The CLI owns all user-facing output; the library only logs. ``-v``/``-q`` set the log level.
This module holds the group ``main`` with its shared options; each command lives in the module
of its kind (setup, places, files, records, reports, users) and is registered here.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import Any

import click

from coopmap import __version__
from coopmap.cli.context import Context
from coopmap.cli.files import export, import_
from coopmap.cli.places import geocode
from coopmap.cli.records import delete, deleted, history, list_, restore, show, totals
from coopmap.cli.reports import extract_, ingest
from coopmap.cli.setup import app, init
from coopmap.cli.users import users
from coopmap.errors import CoopmapError
from coopmap.paths import default_store
from coopmap.store.base import redact_message


class _Commands(click.Group):
    """The command group; a coopmap error in any command is its message and exit code 1,
    without the store's password should the message quote it."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoopmapError as err:
            message = str(err)
            if isinstance(ctx.obj, Context):
                message = redact_message(message, ctx.obj.store_url)
            raise click.ClickException(message) from err


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopmap")
@click.option(
    "--store",
    metavar="PATH_OR_URL",
    envvar="COOPMAP_STORE",
    show_envvar=True,
    help="The atlas store: a GeoPackage path, or a postgresql:// URL (pip install "
    "'coopmap[postgis]'). Default: atlas.gpkg in the user data folder.",
)
@click.option(
    "--user",
    metavar="NAME",
    envvar="COOPMAP_USER",
    show_envvar=True,
    help="Who the changes are recorded under in the store's history. Default: your login name.",
)
@click.option("-v", "--verbose", count=True, help="Say more (repeat for debug output).")
@click.option("-q", "--quiet", count=True, help="Say less: only errors.")
@click.pass_context
def main(ctx: click.Context, store: str | None, user: str | None, verbose: int, quiet: int) -> None:
    """Map cooperation projects and the events around them, offline first."""
    _ignore_file_size_signal()
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(
        level=max(logging.DEBUG, min(level, logging.CRITICAL)),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    ctx.obj = Context(store or default_store(), user)


def _ignore_file_size_signal() -> None:
    """Let a write past ``ulimit -f`` fail as an error (EFBIG) that the command reports,
    instead of SIGXFSZ killing the process with the file half-written. CPython ignores the
    signal at startup already; this makes sure of it under a host that restored the default."""
    if hasattr(signal, "SIGXFSZ") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


COMMANDS = (
    init,
    app,
    geocode,
    import_,
    export,
    list_,
    totals,
    show,
    history,
    delete,
    deleted,
    restore,
    extract_,
    ingest,
    users,
)
"""Every command of ``coopmap``, module by module (--help lists them by name)."""

for command in COMMANDS:
    main.add_command(command)
