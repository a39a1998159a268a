"""Deleting a record from the app: a request, a confirmation naming the record, and an undo.

The Records page (for the record open in the form) and the map's detail panel both offer it.
A request keeps which record and which stored version the user saw; the deletion happens only
when the user confirms, and only if the store still holds that version, checked by the store in
the deleting transaction (:func:`coopmap.services.delete_record`): a record someone else changed
or deleted meanwhile is left alone with a message saying so. The store keeps what it
deletes, so the notice after a deletion offers to restore the record.

Session state: :data:`PENDING` holds the request awaiting confirmation, :data:`NOTICE` the
outcome of the last deletion or restore.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

import access
import detail
import state
from coopmap.display.markdown import md
from coopmap.errors import ConflictError, PermissionDeniedError, RecordNotFoundError, StoreError
from coopmap.model import Record
from coopmap.services import delete_record, restore_record

PENDING = "delete_pending"
NOTICE = "delete_notice"


def request(record: Record, version: int | None, where: str, /) -> None:
    """Ask for confirmation to delete ``record`` as it was at ``version``, on page ``where``."""
    st.session_state[PENDING] = {
        "id": record.id,
        "title": record.title,
        "kind": record.kind,
        "version": version,
        "where": where,
    }
    st.session_state[NOTICE] = None


def cancel() -> None:
    st.session_state[PENDING] = None


def _notice(level: str, text: str, *, undo: dict[str, str] | None = None) -> None:
    st.session_state[NOTICE] = {"level": level, "text": text, "undo": undo}


def confirm(after: Callable[[], Any] | None = None) -> None:
    """Delete the requested record if the store still holds the version the user saw.

    ``after`` runs once the record is gone (deleted now or by someone else before), so the
    page can let go of it (the Records page empties its form).
    """
    pending = st.session_state.get(PENDING)
    st.session_state[PENDING] = None
    if not pending:
        return
    id, title, kind = pending["id"], pending["title"], pending["kind"]
    store = state.store()
    gone = f"'{title}' ({id}) was already deleted by someone else; there was nothing to delete."
    try:
        delete_record(store, id, expected_version=pending["version"], by=access.actor())
    except RecordNotFoundError:
        _notice("error", gone)
    except ConflictError:
        _notice(
            "error",
            f"Not deleted: '{title}' was changed by someone else after you opened it (you saw "
            f"version {pending['version']}, the store now has version {store.version(id)}). "
            "Open it again to see their version, then delete it if you still mean to.",
        )
        return
    except (PermissionDeniedError, StoreError) as err:
        _notice("error", f"Not deleted: the store refused to delete '{title}': {err}")
        return
    else:
        _notice("success", f"Deleted the {kind} '{title}' ({id}).", undo={"id": id, "title": title})
    if detail.selected() == id:
        detail.select(None)
    if after is not None:
        after()


def undo(id: str, title: str, /) -> None:
    """Bring back the record just deleted."""
    try:
        record, _ = restore_record(state.store(), id, by=access.actor())
    except RecordNotFoundError:
        _notice("error", f"'{title}' ({id}) cannot be restored: the store no longer keeps it.")
    except ConflictError:
        _notice(
            "error",
            f"'{title}' cannot be restored: a new record with the id {id} was added meanwhile.",
        )
    except (PermissionDeniedError, StoreError) as err:
        _notice("error", f"'{title}' could not be restored: {err}")
    else:
        _notice("success", f"Restored the {record.kind} '{record.title}' ({record.id}).")


def dismiss() -> None:
    st.session_state[NOTICE] = None


def confirmation(where: str, id: str, /, *, after: Callable[[], Any] | None = None) -> None:
    """The confirmation step of the deletion of record ``id`` requested on page ``where``, if
    one is pending (a request for a record no longer shown is not)."""
    pending = st.session_state.get(PENDING)
    if not pending or (pending["where"], pending["id"]) != (where, id):
        return
    with st.container(border=True, key=f"{where}_delete_confirmation"):
        st.warning(
            md(
                f"Delete the {pending['kind']} '{pending['title']}' ({pending['id']})? It "
                "leaves the map, the table and the downloads; you can restore it right after."
            ),
            icon=":material/delete:",
        )
        yes, no, _ = st.columns([1, 1, 3])
        yes.button(
            "Yes, delete it",
            key=f"{where}_delete_yes",
            type="primary",
            on_click=confirm,
            args=(after,),
        )
        no.button("Cancel", key=f"{where}_delete_no", on_click=cancel)


def notice() -> None:
    """The outcome of the last deletion or restore, with an undo after a deletion."""
    shown = st.session_state.get(NOTICE)
    if not shown:
        return
    if shown["level"] == "success":
        st.success(md(shown["text"]), icon=":material/check_circle:")
    else:
        st.error(md(shown["text"]), icon=":material/error:")
    columns = st.columns([1, 1, 3])
    undone = shown.get("undo")
    if undone:
        columns[0].button(
            "Undo",
            key="delete_undo",
            on_click=undo,
            args=(undone["id"], undone["title"]),
            icon=":material/undo:",
        )
    columns[1 if undone else 0].button(
        "Dismiss", key="delete_dismiss", on_click=dismiss, type="tertiary"
    )
