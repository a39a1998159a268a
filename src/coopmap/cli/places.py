"""Places: ``coopmap geocode`` finds one, or a stream of them read from standard input."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from coopmap import __version__
from coopmap.cli.context import Context, pass_context
from coopmap.errors import CoopmapError


@click.command()
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
    obj: Context,
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

    from coopmap.services import geocode_place

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
