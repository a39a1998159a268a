"""The ``coopmap`` command line: one thin command per tool in :mod:`coopmap.tools`.

The CLI owns all user-facing output; the library only logs. ``-v``/``-q`` set the log level.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from coopmap import __version__
from coopmap.errors import CoopmapError
from coopmap.paths import app_dir, default_store
from coopmap.store.base import redact

log = logging.getLogger(__name__)


class _Context:
    def __init__(self, store: str):
        self.store_url = store

    def open(self, **options: Any) -> Any:
        from coopmap.store import open_store

        return open_store(self.store_url, **options)


pass_context = click.make_pass_decorator(_Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopmap")
@click.option(
    "--store",
    metavar="PATH_OR_URL",
    envvar="COOPMAP_STORE",
    show_envvar=True,
    help="The atlas store: a GeoPackage path, or a postgresql:// URL (pip install "
    "'coopmap[postgis]'). Default: atlas.gpkg in the user data folder.",
)
@click.option("-v", "--verbose", count=True, help="Say more (repeat for debug output).")
@click.option("-q", "--quiet", count=True, help="Say less: only errors.")
@click.pass_context
def main(ctx: click.Context, store: str | None, verbose: int, quiet: int) -> None:
    """Map cooperation projects and the events around them, offline first."""
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(
        level=max(logging.DEBUG, min(level, logging.CRITICAL)),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    ctx.obj = _Context(store or default_store())


def _fail(err: Exception) -> click.ClickException:
    return click.ClickException(str(err))


@main.command()
@click.option("--reset", is_flag=True, help="Delete the store first and start again from the seed.")
@click.option("--no-seed", is_flag=True, help="Create an empty store.")
@pass_context
def init(obj: _Context, reset: bool, no_seed: bool) -> None:
    """Create the store and load the seed atlas (geocoded offline).

    An existing store is kept as it is unless --reset is given.
    """
    from coopmap.tools import init_store

    try:
        result = init_store(obj.store_url, seed=not no_seed, reset=reset)
    except CoopmapError as err:
        raise _fail(err) from err
    if result.created or result.added:
        click.echo(f"Created {result.url} with {result.added} seed records.")
    else:
        click.echo(
            f"{result.url} already holds {result.total} records; left as it is "
            "(use --reset to start again)."
        )


@main.command()
@click.argument("query")
@click.option("--country", metavar="CC", help="ISO 3166-1 alpha-2 code of the likely country.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@click.option(
    "--provider",
    envvar="COOPMAP_GEOCODER",
    show_envvar=True,
    metavar="NAME",
    help="Ask this online geopy service (e.g. nominatim) for names the gazetteer lacks; "
    "answers are cached in the store. Off by default.",
)
@click.option(
    "--user-agent", default=f"coopmap/{__version__}", show_default=True, help="For --provider."
)
@pass_context
def geocode(
    obj: _Context,
    query: str,
    country: str | None,
    as_json: bool,
    provider: str | None,
    user_agent: str,
) -> None:
    """Find a place in the offline gazetteer (and optionally an online service).

    With - as QUERY, read one query per line from standard input (optionally QUERY<TAB>CC)
    and write one JSON object per line. Exits 1 when a query matches nothing.
    """
    from contextlib import nullcontext

    from coopmap.tools import geocode_place

    with obj.open(create=True) if provider else nullcontext() as store:

        def find(text: str, country: str | None) -> Any:
            options = {"provider": provider, "store": store, "user_agent": user_agent}
            try:
                return geocode_place(text, country=country, **(options if provider else {}))
            except Exception as err:  # geopy's errors: the service, not us, failed
                if not provider or isinstance(err, CoopmapError):
                    raise
                raise click.ClickException(f"{provider} failed for {text!r}: {err}") from err

        _geocode(find, query, country, as_json)


def _geocode(find: Any, query: str, country: str | None, as_json: bool) -> None:
    if query != "-":
        place = find(query, country)
        if place is None:
            raise click.ClickException(_no_match(query, country)) from None
        data = place.to_dict()
        click.echo(json.dumps(data, ensure_ascii=False) if as_json else _describe(data))
        return
    missed = 0
    for query_line, hint in _queries(sys.stdin, country):
        place = find(query_line, hint)
        if place is None:
            missed += 1
            click.echo(_no_match(query_line, hint), err=True)
            data = {"query": query_line, "found": False}
        else:
            data = {"query": query_line, "found": True, **place.to_dict()}
        click.echo(json.dumps(data, ensure_ascii=False))
    if missed:
        sys.exit(1)


def _queries(lines: Any, default_country: str | None) -> Iterator[tuple[str, str | None]]:
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        query, _, hint = line.partition("\t")
        yield query.strip(), (hint.strip() or default_country)


def _no_match(query: str, country: str | None) -> str:
    where = f" in country {country}" if country else ""
    return f"no place matches {query!r}{where}"


def _describe(data: dict[str, Any]) -> str:
    gid = f" geonames:{data['geonameid']}" if data.get("geonameid") else ""
    return (
        f"{data['name']}, {data['country']}  {data['lat']:.5f}, {data['lon']:.5f}  "
        f"({data['precision']}{gid}, {data['source']})"
    )


@main.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@pass_context
def import_(obj: _Context, files: tuple[Path, ...]) -> None:
    """Add records from GeoJSON or CSV files: all of them, or none if any is invalid.

    Records whose id is already in the store are updated, never duplicated.
    """
    from coopmap.tools import import_files

    try:
        with obj.open(create=True) as store:
            count = import_files(store, list(files))
    except CoopmapError as err:
        raise _fail(err) from err
    click.echo(f"Imported {count} records into {redact(obj.store_url)}.")


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--sector", "sectors", multiple=True, metavar="S", help="Keep this sector (repeat).")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["project", "event"]),
    help="Keep projects or events.",
)
@click.option("--country", "countries", multiple=True, metavar="CC", help="Keep this country.")
@click.option(
    "--tiles",
    type=click.Choice(["osm", "none"]),
    default="osm",
    show_default=True,
    help="HTML maps: online basemap tiles, or the offline country outlines alone.",
)
@pass_context
def export(
    obj: _Context,
    out: Path,
    sectors: tuple[str, ...],
    kinds: tuple[str, ...],
    countries: tuple[str, ...],
    tiles: str,
) -> None:
    """Write the (filtered) records as an HTML map, GeoJSON or CSV, chosen by OUT's extension.

    The HTML map is self-contained: it opens with no network.
    """
    from coopmap.query import Filter
    from coopmap.tools import export_records, select

    try:
        flt = Filter.make(sectors=sectors, kinds=kinds, countries=countries)
        with obj.open() as store:
            records = select(store, flt)
        options = (
            {"tiles": None if tiles == "none" else tiles}
            if out.suffix.lower() in (".html", ".htm")
            else {}
        )
        count = export_records(records, out, **options)
    except (CoopmapError, ValueError) as err:
        raise _fail(err) from err
    click.echo(f"Wrote {count} records to {out}.")


@main.command()
@click.option("--port", type=int, default=8501, show_default=True)
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
def app(obj: _Context, port: int, headless: bool, do_init: bool) -> None:
    """Start the Streamlit app on the store."""
    if do_init:
        from coopmap.tools import init_store

        result = init_store(obj.store_url)
        if result.added:
            click.echo(f"Created {result.url} with {result.added} seed records.")
    script = app_dir() / "streamlit_app.py"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.headless",
        str(headless).lower(),
        "--browser.gatherUsageStats",
        "false",
    ]
    click.echo(f"Starting the app on http://localhost:{port} with store {redact(obj.store_url)}")
    env = {**os.environ, "COOPMAP_STORE": obj.store_url}
    sys.exit(subprocess.call(command, env=env))


if __name__ == "__main__":  # pragma: no cover
    main()
