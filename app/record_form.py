"""The record form: open a stored record or a new one, edit it, save it through the services.

The form's state is a :class:`coopmap.editing.FormSession` over the session state; its fields
are drawn by :mod:`form_fields` and :mod:`form_place`. A save validates everything first
(:func:`coopmap.editing.build_record`) and writes nothing on any problem; the store refuses, in
the same transaction, an edit of a record someone else changed since it was opened.
"""

from __future__ import annotations

import streamlit as st

import access
import deletion
import state
from coopmap.display.markdown import md
from coopmap.editing import build_record
from coopmap.editing.locations import place_warnings
from coopmap.errors import (
    ConflictError,
    DuplicateRecordError,
    PermissionDeniedError,
    RecordNotFoundError,
    StoreError,
)
from coopmap.model import Record
from coopmap.services import save_record
from coopmap.services.access import Action
from editors import rows_from_editor
from form_fields import error, form, key, main_fields, table_fields
from form_place import location_section, new_location


def open_record(record: Record | None, /, *, kind: str = "project") -> None:
    """Fill the form with ``record`` (``None``: an empty form for a new ``kind``).

    The form opens the record as stored now, with its version read in the same query, so a
    save can never overwrite unseen an edit made after ``record`` was read.
    """
    found = state.store().get_versioned(record.id) if record is not None else None
    version = None
    if found is not None:
        record, version = found
    form().open(record, version=version, kind=kind)


def _rows(name: str) -> list[dict]:
    return rows_from_editor(form().starting_rows(name), st.session_state.get(key(name)))


def save_form() -> None:
    """Validate the form and write the record; on any problem, write nothing and say why."""
    session = form()
    base = session.base()
    new, problem = new_location(str(session.get("title", "")))
    values = session.values(_rows, new_location=new)
    projects = session.link_choices(state.records()) if values.kind == "event" else None
    result = build_record(values, base=base, projects=projects)
    errors = {**result.errors, **({"location": problem} if problem else {})}
    record = result.record
    if errors or record is None:
        session.fail(errors)
        return
    store = state.store()
    try:
        version = save_record(
            store,
            record,
            expected_version=None if base is None else session.version,
            by=access.actor(),
        )
    except ConflictError:
        session.fail({"record": session.conflict_message(record, store.version(record.id))})
        return
    except RecordNotFoundError:
        session.fail(
            {
                "record": f"'{record.title}' was deleted by someone else while you edited it; "
                "nothing was saved. Start a new record to add it again."
            }
        )
        return
    except DuplicateRecordError:
        session.fail(
            {
                "title": f"a {record.kind} with this title is already stored (id {record.id}); "
                "open that one to edit it, or give this one another title"
            }
        )
        return
    except (PermissionDeniedError, StoreError) as err:
        session.fail({"record": f"the store refused the record: {err}"})
        return
    saved = f"Saved '{record.title}' ({record.id}, version {version})."
    warnings = place_warnings(record)
    if warnings:
        session.tell(f"{saved} Check it: {'; '.join(warnings)}.", level="warning")
    else:
        session.tell(saved)
    if base is None:
        st.session_state.rf_pick = ""
        open_record(None, kind=record.kind)
    else:
        open_record(store.get(record.id))


def reload_form() -> None:
    """Open the stored version of the record being edited (dropping unsaved changes)."""
    base = form().base()
    record = state.store().get(base.id) if base is not None else None
    form().tell(None)
    open_record(record, kind=form().get("kind", "project"))


def pick_record() -> None:
    """Open the record chosen in the picker (or an empty form)."""
    picked = st.session_state.get("rf_pick") or ""
    form().tell(None)
    deletion.cancel()
    open_record(state.store().get(picked) if picked else None)


def record_form(records: list[Record], /) -> None:
    """The form to add a project or event, or to edit a stored one."""
    if not form().is_open:
        open_record(None)
    ss = st.session_state
    by_id = {r.id: r for r in records}
    options = ["", *sorted(by_id, key=lambda i: (by_id[i].title.casefold(), i))]
    if ss.get("rf_pick") not in options:
        ss.rf_pick = ""
    st.selectbox(
        "Record",
        options,
        key="rf_pick",
        on_change=pick_record,
        format_func=lambda i: "New record" if not i else f"{by_id[i].title} · {by_id[i].kind}",
        help="Choose a stored record to edit it, or New record to add one.",
    )
    base = form().base()
    notice = form().notice
    if notice and notice[0] == "warning":
        st.warning(md(notice[1]), icon=":material/warning:")
    elif notice:
        st.success(md(notice[1]), icon=":material/check_circle:")
    deletion.notice()
    if form().errors.get("record"):
        error("record")
        if base is not None:
            st.button("Reload the stored record", on_click=reload_form, key=key("reload"))
    elif form().errors:
        st.error("Nothing was saved: correct the fields marked below.", icon=":material/error:")

    left, right = st.columns(2, gap="large")
    with left:
        kind = main_fields(base)
    with right:
        table_fields(kind, records)
    location_section()
    buttons = st.columns([1, 1, 1, 3])
    editor = access.can(Action.EDIT)
    buttons[0].button(
        "Save", type="primary", on_click=save_form, key=key("save"), disabled=not editor
    )
    buttons[1].button(
        "Discard changes" if base is not None else "Clear the form",
        on_click=reload_form,
        key=key("discard"),
    )
    if base is not None:
        buttons[2].button(
            "Delete…",
            on_click=deletion.request,
            args=(base, form().version, "records"),
            key=key("delete"),
            icon=":material/delete:",
            disabled=not editor,
        )
        deletion.confirmation("records", base.id, after=_forget_record)
    if not editor:
        st.caption(access.READ_ONLY_NOTE)


def _forget_record() -> None:
    """Empty the form once the record it held is deleted."""
    st.session_state.rf_pick = ""
    form().tell(None)
    open_record(None)
