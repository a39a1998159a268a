"""Records in the store: listing them, their amounts added up, one whole, and one record's
life: its history, deleting it, the deleted ones, restoring one."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING

import click

from coopmap.cli.context import Context, pass_context
from coopmap.cli.filters import filter_options
from coopmap.cli.output import one_line, plural, table_lines
from coopmap.store.base import redact

if TYPE_CHECKING:
    from coopmap.query import Filter

LIST_COLUMNS = ("id", "kind", "title", "sectors", "status", "dates", "place")
_SHRINK = (("title", 40), ("sectors", 12), ("place", 14), ("title", 20), ("status", 10))
"""Which columns give way, in this order and down to this width, on a narrow terminal: long
titles first, then the others, titles again, statuses last. Ids never do: they are what
`coopmap show` is given."""


@click.command("list")
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of the records.")
@pass_context
def list_(obj: Context, as_json: bool, flt: Filter) -> None:
    """List the (filtered) records: id, kind, title, sectors, status, dates and place.

    The table fits the terminal, cutting long titles; --json gives every value whole.
    """
    from coopmap.display.table import listing_data, listing_rows
    from coopmap.query import Filter
    from coopmap.services import select

    with obj.open() as store:
        records = select(store, flt)
    if as_json:
        click.echo(json.dumps([listing_data(r) for r in records], ensure_ascii=False))
        return
    if not records:
        if flt == Filter():
            click.echo(
                f"{redact(obj.store_url)} holds no records: `coopmap init` adds the seed atlas, "
                "`coopmap import FILE` your own."
            )
        else:
            click.echo("No records match these filters.")
        return
    width = shutil.get_terminal_size().columns
    lines = table_lines(listing_rows(records), LIST_COLUMNS, width=width, shrink=_SHRINK)
    click.echo("\n".join(lines))
    click.echo(f"{plural(len(records), 'record')}.")


@click.command()
@click.option(
    "--by",
    type=click.Choice(["sector", "country", "year"]),
    default="sector",
    show_default=True,
    help="Add the amounts up by sector, country or (start) year.",
)
@click.option(
    "--usd", is_flag=True, help="Also in US dollars, at the ECB's yearly average rates (offline)."
)
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print the totals as a JSON object.")
@pass_context
def totals(obj: Context, by: str, usd: bool, as_json: bool, flt: Filter) -> None:
    """Add up the (filtered) projects' amounts by sector, country or year, in each currency.

    A project counts in each of its groups. With --usd, amounts are converted at the ECB
    reference rate's average over the record's year; a currency or year without one is listed
    as "no rate", never guessed.
    """
    from coopmap.money import notes, table_rows
    from coopmap.services import amount_totals

    with obj.open() as store:
        found = amount_totals(store, flt, by=by, usd=usd)  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False))
        return
    if not found.records:
        click.echo("No records match these filters.")
        return
    columns = [by, "projects", "amounts", *(["USD"] if usd else [])]
    width = shutil.get_terminal_size().columns
    lines = table_lines(table_rows(found), columns, width=width, shrink=(("amounts", 20),))
    click.echo("\n".join([*lines, *notes(found)]))


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the record as a JSON object.")
@pass_context
def show(obj: Context, record_id: str, as_json: bool) -> None:
    """Show one record whole: every field it sets. Exits 1 when there is no such record."""
    from coopmap.display.facts import record_facts
    from coopmap.services import get_record

    with obj.open() as store:
        record = get_record(store, record_id)
    if record is None:
        raise click.ClickException(
            f"there is no record {record_id} in {redact(obj.store_url)} "
            "(`coopmap list` shows the ids; `coopmap deleted` the deleted records)"
        )
    if as_json:
        click.echo(json.dumps(record.to_dict(), ensure_ascii=False))
        return
    for label, values in record_facts(record):
        if len(values) == 1:
            click.echo(f"{label}: {one_line(values[0])}")
        else:
            click.echo(f"{label}:")
            click.echo("\n".join(f"  - {one_line(value)}" for value in values))


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of the changes.")
@pass_context
def history(obj: Context, record_id: str, as_json: bool) -> None:
    """Show every change to a record: when, who, which fields, old and new values.

    Deleted records keep their history. Exits 1 when the store never held the id.
    """
    from coopmap.display.changelog import change_lines
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


@click.command()
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


@click.command()
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


@click.command()
@click.argument("record_id", metavar="ID")
@pass_context
def restore(obj: Context, record_id: str) -> None:
    """Bring back a deleted record (`coopmap deleted` lists them)."""
    from coopmap.services import restore_record

    with obj.open() as store:
        record, version = restore_record(store, record_id)
    click.echo(f"Restored {record_id} ({record.title}) as version {version}.")
