"""Places: ``coopmap geocode`` finds one, a stream of them read from standard input, or those
a column of a spreadsheet names (``--in``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from coopmap import __version__
from coopmap.cli.context import Context, pass_context
from coopmap.cli.output import plural, progress_bar
from coopmap.errors import CoopmapError


@click.command()
@click.argument("query", required=False)
@click.option(
    "--country",
    metavar="CC",
    help="ISO 3166-1 alpha-2 code of the country the place is in: nothing outside it is "
    "answered (with --in: for rows that name none).",
)
@click.option(
    "--prefer-country",
    metavar="CC",
    help="ISO 3166-1 alpha-2 code of a country whose places come first, others still answered.",
)
@click.option(
    "--level",
    type=click.Choice(["admin1", "admin2", "city", "country"]),
    help="Answer only this kind of place (a first- or second-level region, a town, a country).",
)
@click.option(
    "--candidates",
    type=click.IntRange(min=1),
    metavar="N",
    help="List up to N candidates, best first, with their ranks and how each matched.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@click.option(
    "--in",
    "in_path",
    type=click.Path(path_type=Path),  # a missing or unreadable file is the service's error
    metavar="FILE",
    help="Geocode the place names of a column of this .csv or .xlsx file instead of QUERY.",
)
@click.option("--column", metavar="NAME", help="With --in: the column of place names.")
@click.option(
    "--country-column",
    metavar="NAME",
    help="With --in: a column of each row's country (ISO-2, ISO-3 code or name), which the "
    "place must be in.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="FILE",
    help="With --in: the .csv or .xlsx file to write, the input's rows and columns followed by "
    "lat, lon, precision, geonameid, resolved_name, match and candidates.",
)
@click.option("--sheet", metavar="NAME", help="With --in: the workbook's sheet (default: first).")
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
    query: str | None,
    country: str | None,
    prefer_country: str | None,
    level: str | None,
    candidates: int | None,
    as_json: bool,
    in_path: Path | None,
    column: str | None,
    country_column: str | None,
    out: Path | None,
    sheet: str | None,
    provider: str | None,
    user_agent: str,
) -> None:
    """Find a place in the offline gazetteer (and optionally an online service).

    With - as QUERY, read one query per line from standard input (optionally QUERY<TAB>CC)
    and write one JSON object per line. Exits 1 when a query matches nothing. --country,
    --prefer-country and --level apply to every line (a line's CC replaces --country).

    With --in FILE --column NAME --out FILE, geocode every row's place name offline into a copy
    of the file, and say how many were geocoded, ambiguous (the best place taken; the others
    in the candidates column) and not found.
    """
    from contextlib import nullcontext

    if in_path is not None:
        for option, value in (
            ("--prefer-country", prefer_country),
            ("--level", level),
            ("--candidates", candidates),
        ):
            if value is not None:
                raise click.ClickException(f"{option} is for QUERY, not --in")
        column, out = _check_batch(query, column, out, as_json, provider)
        _geocode_file(in_path, out, column, country_column, country, sheet)
        return
    batch = {"--column": column, "--country-column": country_column, "--out": out, "--sheet": sheet}
    given = [option for option, value in batch.items() if value is not None]
    if given:
        verb = "needs" if len(given) == 1 else "need"
        raise click.ClickException(f"{', '.join(given)} {verb} --in FILE, the file to geocode")
    if query is None:
        raise click.ClickException(
            "give a place name to find (QUERY, or - for standard input), or --in FILE "
            "--column NAME --out FILE to geocode a file's column"
        )

    from coopmap.services import geocode_candidates

    with obj.open(create=True) if provider else nullcontext() as store:

        def find(text: str, country: str | None) -> list[Any]:
            options = {"provider": provider, "store": store, "user_agent": user_agent}
            try:
                return geocode_candidates(
                    text,
                    country=country,
                    prefer_country=prefer_country,
                    level=level,
                    limit=candidates or 1,
                    **(options if provider else {}),
                )
            except Exception as err:  # geopy's errors: the service, not us, failed
                if not provider or isinstance(err, CoopmapError):
                    raise
                raise click.ClickException(f"{provider} failed for {text!r}: {err}") from err

        _geocode(find, query, country, as_json, listed=candidates is not None, level=level)


def _check_batch(
    query: str | None, column: str | None, out: Path | None, as_json: bool, provider: str | None
) -> tuple[str, Path]:
    """The column and the output file that --in needs, or the error that says what is wrong."""
    if query is not None:
        raise click.ClickException(f"give either QUERY ({query!r}) or --in FILE, not both")
    if column is None:
        raise click.ClickException("--in needs --column NAME, the column of place names")
    if out is None:
        raise click.ClickException("--in needs --out FILE, the .csv or .xlsx file to write")
    for option, value in (("--json", as_json), ("--provider", provider)):
        if value:
            raise click.ClickException(f"{option} is for one QUERY; --in geocodes offline")
    return column, out


def _geocode_file(
    in_path: Path,
    out: Path,
    column: str,
    country_column: str | None,
    country: str | None,
    sheet: str | None,
) -> None:
    from coopmap.services import geocode_table

    with progress_bar("Geocoding") as progress:
        result = geocode_table(
            in_path,
            out,
            column=column,
            country_column=country_column,
            country=country,
            sheet=sheet,
            progress=progress,
        )
    counts = result.matches
    parts = [
        f"{result.geocoded} geocoded ({counts.get('ambiguous', 0)} ambiguous)",
        f"{counts.get('not found', 0)} not found",
    ]
    parts += [f"{counts[m]} {m}" for m in ("unknown country", "no name") if counts.get(m)]
    click.echo(f"Wrote {plural(result.rows, 'row')} to {out}: {', '.join(parts)}.")


def _geocode(
    find: Any, query: str, country: str | None, as_json: bool, *, listed: bool, level: str | None
) -> None:
    """Print the best place for ``query`` (or, ``listed``, its candidates), or each line's."""
    if query != "-":
        places = find(query, country)
        if not places:
            raise click.ClickException(_no_match(query, country, level)) from None
        if not listed:
            data = places[0].to_dict()
            click.echo(json.dumps(data, ensure_ascii=False) if as_json else _describe(data))
        elif as_json:
            click.echo(json.dumps(_listing(query, places), ensure_ascii=False))
        else:
            for rank, place in enumerate(places, 1):
                click.echo(f"{rank}. {_describe(place.to_dict())}  match: {place.match}")
        return
    missed = 0
    for query_line, hint in _queries(sys.stdin, country):
        places = find(query_line, hint)
        if not places:
            missed += 1
            click.echo(_no_match(query_line, hint, level), err=True)
        if listed:
            data = _listing(query_line, places)
        elif places:
            data = {"query": query_line, "found": True, **places[0].to_dict()}
        else:
            data = {"query": query_line, "found": False}
        click.echo(json.dumps(data, ensure_ascii=False))
    if missed:
        sys.exit(1)


def _listing(query: str, places: list[Any]) -> dict[str, Any]:
    """A query's candidates as one JSON object: each place with its rank (1 is the best)."""
    listed = [{"rank": rank, **place.to_dict()} for rank, place in enumerate(places, 1)]
    return {"query": query, "found": bool(places), "candidates": listed}


def _queries(lines: Any, default_country: str | None) -> Iterator[tuple[str, str | None]]:
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        query, _, hint = line.partition("\t")
        yield query.strip(), (hint.strip() or default_country)


def _no_match(query: str, country: str | None, level: str | None) -> str:
    where = f" in country {country}" if country else ""
    kind = f" at level {level}" if level else ""
    return f"no place matches {query!r}{kind}{where}"


def _describe(data: dict[str, Any]) -> str:
    gid = f" geonames:{data['geonameid']}" if data.get("geonameid") else ""
    return (
        f"{data['name']}, {data['country']}  {data['lat']:.5f}, {data['lon']:.5f}  "
        f"({data['precision']}{gid}, {data['source']})"
    )
