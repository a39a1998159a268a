"""One record's life in the store: its history, deleting it, the deleted ones, restoring one."""

from __future__ import annotations

import json

import click

from coopmap.cli.context import Context, pass_context
from coopmap.store.base import redact


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
