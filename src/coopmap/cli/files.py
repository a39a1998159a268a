"""Records in files: ``coopmap import`` reads them, ``coopmap export`` writes them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coopmap.cli.context import Context, pass_context
from coopmap.cli.filters import filter_options
from coopmap.cli.output import plural
from coopmap.errors import MAX_LISTED, RecordImportError
from coopmap.store.base import redact

if TYPE_CHECKING:
    from coopmap.query import Filter


@click.command("import")
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
    """Add records from CSV, GeoJSON, GeoPackage, KML or IATI 2.03 XML files: all of them, or
    none if any row is invalid (unless --skip-invalid).

    Records whose id is already in the store are updated, never duplicated. Every invalid row
    is named with its field and reason; a location outside the country its record names is a
    warning, shown but imported (--strict refuses it), and so is an IATI activity that breaks
    the IATI schema.
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

    count = write_report(problems, path)
    click.echo(f"Wrote {plural(count, 'line')} to the report {path}.", err=True)


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@filter_options
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
    tiles: str,
    flt: Filter,
) -> None:
    """Write the (filtered) records as an HTML map, GeoJSON, CSV, GeoPackage, KML or IATI 2.03
    XML, chosen by OUT's extension (.html, .geojson, .csv, .gpkg, .kml, .xml).

    The HTML map is self-contained: it opens with no network. IATI XML holds the projects
    only (each an iati-activity); events are left out.
    """
    from coopmap.services import export_records, select

    with obj.open() as store:
        records = select(store, flt)
    options = (
        {"tiles": None if tiles == "none" else tiles}
        if out.suffix.lower() in (".html", ".htm")
        else {}
    )
    count = export_records(records, out, **options)
    click.echo(f"Wrote {count} records to {out}.")
    if left := len(records) - count:
        click.echo(
            f"Left out {plural(left, 'event')}: IATI activity files hold projects only.", err=True
        )
