"""Records in files: ``coopmap import`` reads them, ``coopmap export`` writes them."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coopmap.cli.context import Context, pass_context
from coopmap.cli.filters import filter_options
from coopmap.cli.output import plural, progress_bar
from coopmap.errors import MAX_LISTED, RecordImportError
from coopmap.store.base import redact

if TYPE_CHECKING:
    from coopmap.formats import Reading, ReadOptions
    from coopmap.formats.placing import Geocoded
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
    help="Write every problem and warning (file, row, record, field, level, reason), and how "
    "each place name was geocoded, to this .csv or .json file.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (a location outside its record's country) as problems.",
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="SOURCE=FIELD",
    help="Read the file's column SOURCE as coopmap's column FIELD (--map \"Project name=title\"; "
    'repeat for each; "SOURCE=" ignores the column). Columns left unmapped are listed as ignored.',
)
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help='A TOML file of mappings ([columns] "Project name" = "title"), as --map gives them; '
    "--map overrides it.",
)
@click.option(
    "--keep-unmapped",
    is_flag=True,
    help="Keep the columns coopmap does not read in each record's notes, as 'column: value' "
    "lines, instead of ignoring them.",
)
@click.option(
    "--sheet", metavar="NAME", help="The sheet of an Excel workbook to read (by default the first)."
)
@click.option(
    "--no-geocode",
    is_flag=True,
    help="Refuse rows that name places without coordinates instead of geocoding the names.",
)
@pass_context
def import_(
    obj: Context,
    files: tuple[Path, ...],
    skip_invalid: bool,
    report: Path | None,
    strict: bool,
    maps: tuple[str, ...],
    mapping_file: Path | None,
    keep_unmapped: bool,
    sheet: str | None,
    no_geocode: bool,
) -> None:
    """Add records from CSV, Excel (.xlsx), GeoJSON, GeoPackage, KML or IATI 2.03 XML files: all
    of them, or none if any row is invalid (unless --skip-invalid).

    Records whose id is already in the store are updated, never duplicated. Columns are matched
    by name (any case, spaces or punctuation, and common synonyms such as "Project name" or
    "Latitude") unless --map or --mapping say otherwise. Place names without coordinates are
    geocoded offline, with the record's countries as the hint: a name that matches nothing is
    an error for its row, a name with several plausible places is imported with the best one
    and listed. Every invalid row is named with its field and reason; a location outside the
    country its record names is a warning, shown but imported (--strict refuses it), and so is
    an IATI activity that breaks the IATI schema.
    """
    from coopmap.formats.report import file_problems
    from coopmap.services import import_records, read_files

    options = _read_options(maps, mapping_file, keep_unmapped, sheet, geocode=not no_geocode)
    try:
        with _progress_bar(files) as progress:
            reading = read_files(list(files), strict=strict, options=replace(options, **progress))
    except RecordImportError as err:
        if report is not None:
            _report(file_problems(err), report)
        raise
    if report is not None:
        _report([*reading.problems, *reading.warnings], report, geocoded=reading.geocoded)
    for warning in reading.warnings[:MAX_LISTED]:
        click.echo(f"warning: {warning}", err=True)
    if len(reading.warnings) > MAX_LISTED:
        click.echo(f"warning: ... and {len(reading.warnings) - MAX_LISTED} more", err=True)
    if reading.problems and not skip_invalid:
        _read_summary(reading)
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
    _read_summary(reading)
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


def _read_options(
    maps: tuple[str, ...],
    mapping_file: Path | None,
    keep_unmapped: bool,
    sheet: str | None,
    *,
    geocode: bool,
) -> ReadOptions:
    from coopmap.formats import ReadOptions
    from coopmap.formats.mapping import mapping_from_pairs, read_mapping

    saved = read_mapping(mapping_file) if mapping_file is not None else None
    given = mapping_from_pairs(maps)
    claimed = set(given.values()) - {""}
    kept = {  # --map overrides the file: for the columns it names and the fields it fills
        source: field
        for source, field in (saved.columns if saved else {}).items()
        if field not in claimed
    }
    columns = {**kept, **given}
    return ReadOptions(
        columns=columns,
        keep_unmapped=keep_unmapped or bool(saved and saved.keep_unmapped),
        sheet=sheet,
        geocode=geocode,
    )


@contextlib.contextmanager
def _progress_bar(files: tuple[Path, ...]) -> Iterator[dict[str, Any]]:
    """``progress`` for :class:`ReadOptions`: a bar on a terminal counting the rows read, file
    after file (each file's count ends with its total)."""
    label = f"Reading {files[0].name}" if len(files) == 1 else f"Reading {len(files)} files"
    with progress_bar(label) as bar:
        if bar is None:
            yield {}
            return
        done_before = 0  # rows of the files already read

        def progress(done: int, total: int | None) -> None:
            nonlocal done_before
            bar(done_before + done, None)
            if total is not None:
                done_before += done

        yield {"progress": progress}


def _read_summary(reading: Reading) -> None:
    """How the place names were geocoded, and which columns were ignored."""
    from coopmap.formats import Problem

    geocoded = reading.geocoded
    if geocoded:
        placed = [g for g in geocoded if g.place is not None]
        precisions = Counter(str(g.precision) for g in placed)
        by = ", ".join(f"{count} {precision}" for precision, count in precisions.most_common())
        ambiguous = [g for g in geocoded if g.outcome == "ambiguous"]
        missing = len(geocoded) - len(placed)
        click.echo(
            f"Geocoded {plural(len(placed), 'place name')}{f' ({by})' if by else ''}; "
            f"{len(ambiguous)} ambiguous, {missing} not found."
        )
        if ambiguous:
            click.echo("Ambiguous names, imported as the first place listed:")
            groups: dict[tuple[str, tuple[str, ...]], list[Geocoded]] = {}
            for outcome in ambiguous:
                groups.setdefault((outcome.name, outcome.countries), []).append(outcome)
            for first, *others in list(groups.values())[:MAX_LISTED]:
                more = f" (and {plural(len(others), 'other row')})" if others else ""
                click.echo(f"  {Problem.of_geocoded(first)}{more}")
            if len(groups) > MAX_LISTED:
                click.echo(f"  ... and {len(groups) - MAX_LISTED} more")
    for mapping in reading.mappings:
        if mapping.ignored:
            what = (
                "kept in the notes"
                if mapping.keep_unmapped
                else 'ignored (map them with --map "COLUMN=FIELD", or keep them in the notes '
                "with --keep-unmapped)"
            )
            click.echo(
                f"Columns of {mapping.source} {what}: "
                + ", ".join(repr(name) for name in mapping.ignored)
            )


def _report(problems: list[Any], path: Path, *, geocoded: Iterable[Geocoded] = ()) -> None:
    from coopmap.formats.report import write_report

    count = write_report(problems, path, geocoded=geocoded)
    click.echo(f"Wrote {plural(count, 'line')} to the report {path}.", err=True)


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@filter_options
@click.option(
    "--tiles",
    type=click.Choice(["osm", "none"]),
    default="osm",
    show_default=True,
    help="HTML maps: OpenStreetMap tiles over the offline basemap, or the offline basemap alone.",
)
@click.option(
    "--points",
    type=click.Choice(["spread", "cluster", "cells"]),
    default="spread",
    show_default=True,
    help="HTML maps: every record, points that share a spot spreading out when clicked or "
    "clustering into a count at low zoom; or grid cells, each with its number of records.",
)
@click.option(
    "--sheet", metavar="NAME", help="Excel workbooks: the name of the sheet (default: records)."
)
@pass_context
def export(
    obj: Context,
    out: Path,
    tiles: str,
    points: str,
    sheet: str | None,
    flt: Filter,
) -> None:
    """Write the (filtered) records as an HTML map, GeoJSON, CSV, an Excel workbook, a
    GeoPackage, KML or IATI 2.03 XML, chosen by OUT's extension (.html, .geojson, .csv, .xlsx,
    .gpkg, .kml, .xml).

    The HTML map is self-contained: it opens with no network. IATI XML holds the projects
    only (each an iati-activity); events are left out.
    """
    from coopmap.services import export_store

    suffix = out.suffix.lower()
    if sheet is not None and suffix not in (".xlsx", ".xlsm"):
        raise click.BadParameter("only an Excel workbook (.xlsx) has sheets", param_hint="--sheet")
    options: dict[str, Any] = (
        {"tiles": None if tiles == "none" else tiles, "points": points}
        if suffix in (".html", ".htm")
        else {}
    )
    if sheet is not None:
        options["sheet"] = sheet
    with obj.open() as store:  # open throughout: CSV, GeoJSON and GeoPackage read it in batches
        done = export_store(store, out, flt, **options)
    click.echo(f"Wrote {done.written} records to {out}.")
    if done.left_out:
        click.echo(
            f"Left out {plural(done.left_out, 'event')}: IATI activity files hold projects only.",
            err=True,
        )
