"""Change one record: save it, delete it, restore it; and read it and what the store kept of it.

Every write of a single record goes through here, from the CLI and the app alike. A write that
raced another one is refused by the store in the same transaction (optimistic versions), never
checked first and written after.
"""

from __future__ import annotations

from coopmap.errors import RecordNotFoundError
from coopmap.model import Record
from coopmap.services.access import Action, Actor, acting
from coopmap.store import Change, DeletedRecord, Store


def save_record(
    store: Store,
    record: Record,
    /,
    *,
    expected_version: int | None = None,
    by: Actor | None = None,
) -> int:
    """Write ``record``: add it when ``expected_version`` is None, else update the stored one,
    which must still be at that version. Returns the record's version after the write.

    ``by`` is who saves it (:mod:`coopmap.services.access`): an editor or an admin. Raises
    :class:`~coopmap.errors.PermissionDeniedError` (a viewer),
    :class:`~coopmap.errors.DuplicateRecordError` (adding an id that is stored),
    :class:`~coopmap.errors.ConflictError` (someone changed it since that version) or
    :class:`~coopmap.errors.RecordNotFoundError` (someone deleted it meanwhile).
    """
    if expected_version is None:
        with acting(store, by, Action.ADD):
            store.add(record)
        return 1  # a new record (add refuses an id that is stored)
    with acting(store, by, Action.EDIT):
        return store.update(record, expected_version=expected_version)


def delete_record(
    store: Store,
    record_id: str,
    /,
    *,
    expected_version: int | None = None,
    by: Actor | None = None,
) -> Record:
    """Delete a record (the store keeps it for :func:`restore_record`) and return it.

    With ``expected_version`` (the version the user saw), the store refuses, in the same
    transaction, to delete a record someone changed since: :class:`~coopmap.errors.ConflictError`.
    :class:`~coopmap.errors.RecordNotFoundError` when no such record is stored;
    :class:`~coopmap.errors.PermissionDeniedError` when ``by`` is a viewer.
    """
    with acting(store, by, Action.DELETE):
        record = store.get(record_id)
        store.delete(record_id, expected_version=expected_version)  # the store says what's wrong
    if record is None:  # deleted and stored again between the two calls
        raise RecordNotFoundError(f"record {record_id} changed while it was deleted")
    return record


def restore_record(
    store: Store, record_id: str, /, *, by: Actor | None = None
) -> tuple[Record, int]:
    """Bring back a deleted record; returns it with its new version.

    An admin may restore any record, an editor one they deleted themselves (an undo).
    Raises :class:`~coopmap.errors.PermissionDeniedError` for anyone else,
    :class:`~coopmap.errors.RecordNotFoundError` when the store keeps no deleted record
    of that id, :class:`~coopmap.errors.ConflictError` when the id is taken again.
    """
    action = Action.RESTORE
    if by is not None and not by.can(action):
        latest = next((item for item in store.deleted() if item.record.id == record_id), None)
        if latest is not None and latest.deleted_by == by.name:
            action = Action.RESTORE_OWN
    with acting(store, by, action):
        record = store.restore(record_id)
    return record, store.version(record_id) or 1


def get_record(store: Store, record_id: str, /) -> Record | None:
    """The stored record of that id; ``None`` when there is none (a deleted one is not)."""
    return store.get(record_id)


def record_history(store: Store, record_id: str, /) -> list[Change] | None:
    """Every change to a record, oldest first; ``None`` when the store never held the id."""
    return store.history(record_id)


def deleted_records(store: Store, /) -> list[DeletedRecord]:
    """The deleted records that :func:`restore_record` can bring back, newest first."""
    return list(store.deleted())
