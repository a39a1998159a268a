"""The ``coopmap`` command line: one thin command per tool in :mod:`coopmap.services`.

The CLI owns all user-facing output; the library only logs. ``-v``/``-q`` set the log level.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from coopmap import __version__
from coopmap.cli.context import Context, pass_context
from coopmap.cli.output import plural
from coopmap.errors import MAX_LISTED, CoopmapError, RecordImportError
from coopmap.paths import app_dir, default_store
from coopmap.store.base import redact

log = logging.getLogger(__name__)


class _Commands(click.Group):
    """The command group; a coopmap error in any command is its message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoopmapError as err:
            raise click.ClickException(str(err)) from err


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
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(
        level=max(logging.DEBUG, min(level, logging.CRITICAL)),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    ctx.obj = Context(store or default_store(), user)


@main.command()
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


@main.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the valid rows and skip the invalid ones (listed, and written to --report) "
    "instead of importing nothing.",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="FILE",
    help="Write every problem and warning (file, row, record, field, level, reason) to this "
    ".csv or .json file.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (a location outside its record's country) as problems.",
)
@pass_context
def import_(
    obj: Context, files: tuple[Path, ...], skip_invalid: bool, report: Path | None, strict: bool
) -> None:
    """Add records from CSV, GeoJSON, GeoPackage or KML files: all of them, or none if any row
    is invalid (unless --skip-invalid).

    Records whose id is already in the store are updated, never duplicated. Every invalid row
    is named with its field and reason; a location outside the country its record names is a
    warning, shown but imported (--strict refuses it).
    """
    from coopmap.formats.report import file_problems
    from coopmap.services import import_records, read_files

    try:
        reading = read_files(list(files), strict=strict)
    except RecordImportError as err:
        if report is not None:
            _report(file_problems(err), report)
        raise
    if report is not None:
        _report([*reading.problems, *reading.warnings], report)
    for warning in reading.warnings[:MAX_LISTED]:
        click.echo(f"warning: {warning}", err=True)
    if len(reading.warnings) > MAX_LISTED:
        click.echo(f"warning: ... and {len(reading.warnings) - MAX_LISTED} more", err=True)
    if reading.problems and not skip_invalid:
        raise click.ClickException(
            f"{reading.error()}\nNothing was imported: fix these rows, or pass --skip-invalid "
            "to import the valid ones."
        )
    with obj.open(create=True) as store:
        result = import_records(store, reading, skip_invalid=True)
    click.echo(
        f"Imported {plural(len(reading.records), 'record')} into {redact(obj.store_url)}: "
        f"{result.added} new, {result.updated} updated, {result.unchanged} unchanged."
    )
    if reading.problems:
        click.echo(
            f"Skipped {plural(reading.rejected, 'invalid row')} "
            f"({plural(len(reading.problems), 'problem')}):"
        )
        for problem in reading.problems[:MAX_LISTED]:
            click.echo(f"  {problem}")
        if len(reading.problems) > MAX_LISTED:
            click.echo(f"  ... and {len(reading.problems) - MAX_LISTED} more")
    if reading.warnings:
        click.echo(f"{plural(len(reading.warnings), 'warning')} (shown above).")


def _report(problems: list[Any], path: Path) -> None:
    from coopmap.formats.report import write_report

    try:
        count = write_report(problems, path)
    except OSError as err:
        raise click.ClickException(f"cannot write the report {path}: {err.strerror}") from err
    click.echo(f"Wrote {plural(count, 'line')} to the report {path}.", err=True)


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
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The atlas as it stood on this day (YYYY-MM-DD): records begun by then, each "
    "project with the status it had.",
)
@click.option(
    "--tiles",
    type=click.Choice(["osm", "none"]),
    default="osm",
    show_default=True,
    help="HTML maps: online basemap tiles, or the offline country outlines alone.",
)
@pass_context
def export(
    obj: Context,
    out: Path,
    sectors: tuple[str, ...],
    kinds: tuple[str, ...],
    countries: tuple[str, ...],
    as_of: dt.datetime | None,
    tiles: str,
) -> None:
    """Write the (filtered) records as an HTML map, GeoJSON, CSV, GeoPackage or KML, chosen by
    OUT's extension (.html, .geojson, .csv, .gpkg, .kml).

    The HTML map is self-contained: it opens with no network.
    """
    from coopmap.query import Filter
    from coopmap.services import export_records, select

    try:
        flt = Filter.make(
            sectors=sectors,
            kinds=kinds,
            countries=countries,
            as_of=as_of.date() if as_of else None,
        )
    except ValueError as err:
        raise click.ClickException(str(err)) from err
    with obj.open() as store:
        records = select(store, flt)
    options = (
        {"tiles": None if tiles == "none" else tiles}
        if out.suffix.lower() in (".html", ".htm")
        else {}
    )
    count = export_records(records, out, **options)
    click.echo(f"Wrote {count} records to {out}.")


@main.command()
@click.argument("record_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of the changes.")
@pass_context
def history(obj: Context, record_id: str, as_json: bool) -> None:
    """Show every change to a record: when, who, which fields, old and new values.

    Deleted records keep their history. Exits 1 when the store never held the id.
    """
    from coopmap.changelog import change_lines
    from coopmap.services import record_history

    with obj.open() as store:
        changes = record_history(store, record_id)
    if changes is None:
        raise click.ClickException(
            f"there is no record {record_id} in {redact(obj.store_url)}, nor was there ever"
        )
    if as_json:
        click.echo(json.dumps([change.to_dict() for change in changes], ensure_ascii=False))
        return
    if not changes:
        click.echo(
            f"No changes of {record_id} are recorded: it was stored before coopmap kept any."
        )
    for change in changes:
        click.echo("\n".join(change_lines(change)))


@main.command()
@click.argument("record_id", metavar="ID")
@pass_context
def delete(obj: Context, record_id: str) -> None:
    """Delete a record. The store keeps it: `coopmap restore ID` brings it back."""
    from coopmap.services import delete_record

    with obj.open() as store:
        record = delete_record(store, record_id)
    click.echo(
        f"Deleted {record_id} ({record.title}); `coopmap restore {record_id}` brings it back."
    )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_context
def deleted(obj: Context, as_json: bool) -> None:
    """List the deleted records that `coopmap restore` can bring back, newest first."""
    from coopmap.services import deleted_records

    with obj.open() as store:
        found = deleted_records(store)
    rows = [
        {
            "id": item.record.id,
            "kind": item.record.kind,
            "title": item.record.title,
            "deleted_at": item.deleted_at.isoformat().replace("+00:00", "Z"),
            "deleted_by": item.deleted_by,
        }
        for item in found
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo("No deleted records.")
    for item in found:
        when = item.deleted_at.strftime("%Y-%m-%d %H:%M:%S UTC")
        record = item.record
        click.echo(
            f"{record.id}  {record.kind}  {record.title}  (deleted {when} by {item.deleted_by})"
        )


@main.command()
@click.argument("record_id", metavar="ID")
@pass_context
def restore(obj: Context, record_id: str) -> None:
    """Bring back a deleted record (`coopmap deleted` lists them)."""
    from coopmap.services import restore_record

    with obj.open() as store:
        record, version = restore_record(store, record_id)
    click.echo(f"Restored {record_id} ({record.title}) as version {version}.")


class _ReportDate(click.ParamType):
    """A report's date: YYYY-MM-DD (YYYY-MM and YYYY also do)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        from coopmap.dates import PartialDate
        from coopmap.errors import DateError

        try:
            return PartialDate.parse(value)
        except DateError as err:
            self.fail(err.reason, param, ctx)


_report_date = click.option(
    "--date",
    "report_date",
    type=_ReportDate(),
    help="The day the report was written: 'Monday', 'last year' and 'Dec. 16-18' are read "
    "against it. Default: a full date in the report's dateline, else none (they stay undated).",
)


def _read_report(source: str | Path) -> str:
    """A report's text from a file, or from standard input for '-'."""
    try:
        if str(source) == "-":
            return sys.stdin.read()
        return Path(source).read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise click.ClickException(f"{source} is not UTF-8 text: {err.reason}") from err
    except OSError as err:
        raise click.ClickException(f"cannot read {source}: {err.strerror}") from err


@main.command("extract")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@_report_date
@click.option("--json", "as_json", is_flag=True, help='Print {"places": [...], "records": [...]}.')
def extract_(file: Path, report_date: Any, as_json: bool) -> None:
    """Read a news report (FILE, or - for standard input) and show the places it names and
    the events and projects it suggests, each with the sentences it comes from.

    Nothing is stored: `coopmap ingest` adds the proposals as drafts.
    """
    from coopmap.extract import extract

    extraction = extract(_read_report(file), date=report_date)
    if as_json:
        click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{plural(len(extraction.places), 'place')}:")
    for toponym in extraction.places:
        place = toponym.place
        where = f"{place.name}, {place.country or '-'} ({place.precision.value})" if place else "?"
        click.echo(f"  {toponym.name:<24} {where}")
    click.echo(f"{plural(len(extraction.records), 'proposed record')}:")
    for candidate in extraction.records:
        click.echo(_summary(candidate))


def _summary(candidate: Any) -> str:
    """A candidate in a few lines: kind, date and title; what it is; the first evidence."""
    kind = candidate.event_type or candidate.status or "project"
    facts = [str(kind.value if hasattr(kind, "value") else kind)]
    if candidate.sectors:
        facts.append("sectors " + ", ".join(s.value for s in candidate.sectors))
    facts += [f"at {t.place.name} ({t.place.country or '-'})" for t in candidate.places]
    facts += [f"{spec.key} {spec}" for spec in candidate.specs]
    facts += [f"{o.name} ({o.role.value})" for o in candidate.organisations]
    if candidate.participants:
        facts.append("with " + ", ".join(p.name for p in candidate.participants))
    if candidate.amount:
        facts.append(str(candidate.amount))
    when = str(candidate.start or "") + (f"/{candidate.end}" if candidate.end else "")
    named = [e for e in candidate.evidence if e.field in ("title", "event_type")]
    sentence = (named or list(candidate.evidence) or [None])[0]
    sentence = sentence.sentence if sentence else ""
    if len(sentence) > 100:
        sentence = sentence[:99] + "\u2026"
    return (
        f"  {candidate.kind.value:<8}{when:<22}{candidate.title}\n"
        f"  {'':<30}{'; '.join(facts)}\n"
        f"  {'':<30}\u201c{sentence}\u201d"
    )


@main.command()
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
)
@_report_date
@pass_context
def ingest(obj: Context, files: tuple[Path, ...], report_date: Any) -> None:
    """Add the events and projects that news reports suggest to the store, as drafts to
    review (FILE may be - for standard input).

    Ids come from the report and the proposal, so ingesting a report again adds nothing: a
    draft is updated if the proposal changed, and left alone once accepted or deleted.
    """
    from contextlib import nullcontext

    from coopmap.services import ingest_records, propose_records

    records = []
    bar = (
        click.progressbar(files, label="Reading reports", file=sys.stderr)
        if len(files) > 1
        else nullcontext(files)
    )
    with bar as reports:
        for path in reports:
            try:
                records.extend(propose_records(_read_report(path), date=report_date))
            except CoopmapError as err:
                raise click.ClickException(f"{path}: {err}") from err
    with obj.open(create=True) as store:
        result = ingest_records(store, records)
    titles = {record.id: record.title for record in records}
    for label, ids in (
        ("added", result.added),
        ("updated", result.updated),
        ("unchanged", result.unchanged),
        ("accepted already, left as it is", result.reviewed),
        ("deleted before, not added again", result.rejected),
    ):
        for record_id in ids:
            click.echo(f"{label}: {record_id}  {titles[record_id]}")
    click.echo(
        f"Ingested {plural(len(files), 'report')} into {redact(obj.store_url)}: "
        f"{len(result.added)} added, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged (drafts to review)."
    )


@main.command()
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
