"""The Ingest page's pieces: a report read into proposals, its text with what was found
marked, and the actions that store, edit or reject a proposal.

The reading is :func:`coopmap.reports.extract`; storing follows ``coopmap ingest``
(:func:`coopmap.services.ingest_records`): a proposal's id comes from the report and the
proposal, so a proposal already stored is recognised and never stored twice.

A report is untrusted text. The marked text is HTML built from pieces that are all escaped
(:mod:`coopmap.display.marked`); everything else reaches the page as escaped Markdown
(:func:`coopmap.display.markdown.md`), table cells or widget values.

Session state: :data:`REJECTED` the ids of the proposals rejected, :data:`NOTICE` the last
action's outcome, :data:`ERRORS` problems by proposal id and field, :data:`EDIT` set when a
proposal is to be opened in the Records page's form.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pydantic
import streamlit as st

import access
import record_form
import state
from coopmap import model
from coopmap.display.markdown import md
from coopmap.errors import (
    ConflictError,
    DuplicateRecordError,
    PermissionDeniedError,
    StoreError,
    ValidationError,
)
from coopmap.model import Record, Source
from coopmap.reports import Extraction, extract
from coopmap.reports.candidates import Candidate
from coopmap.services import accept_proposal, accept_proposals, ingest_records, save_record

REJECTED = "ingest_rejected"
NOTICE = "ingest_notice"
ERRORS = "ingest_errors"
EDIT = "ingest_edit"
MAX_CHARS = 200_000


# --- reading ------------------------------------------------------------------------------------


@st.cache_resource(max_entries=8, show_spinner="Reading the report…")
def read(text: str, report_date: str | None, lang: str | None = None) -> Extraction:
    """The report read, in ``lang`` or the language it is found to be in (shared between
    sessions: an :class:`Extraction` is immutable)."""
    return extract(text, date=report_date, lang=lang)


def report_source(
    extraction: Extraction, /, *, title: str, url: str
) -> tuple[Source | None, dict[str, str]]:
    """The report as its records' source, or the problems with the title and link given."""
    try:
        return extraction.source(title=title.strip() or None, url=url.strip() or None), {}
    except pydantic.ValidationError as err:
        problems: dict[str, str] = {}
        for field, reason in model.field_errors(err):
            problems.setdefault(field.split(".")[0].replace("record", "source"), reason)
        return None, problems


@dataclass(frozen=True)
class Proposal:
    """A candidate of the report with the draft record it becomes (``None`` when it is not
    a valid record: then ``problem`` says which field and why)."""

    candidate: Candidate
    id: str
    record: Record | None
    problem: ValidationError | None = None


def proposals(
    extraction: Extraction, source: Source, /, *, rejected: Iterable[str] = ()
) -> list[Proposal]:
    """The report's candidates as draft records citing ``source``, with the ids
    ``coopmap ingest`` gives them; rejected ones are left out, and so are events' links to
    them. An invalid candidate is kept with its error, not stopping the others."""
    return [
        Proposal(candidate, id, None, found)
        if isinstance(found, ValidationError)
        else Proposal(candidate, id, found)
        for candidate, id, found in extraction.drafts(source=source, leave_out=rejected)
    ]


# --- the store ----------------------------------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner=False)
def _deleted_ids(url: str, revision: int) -> frozenset[str]:
    return frozenset(item.record.id for item in state.store(url).deleted())


def stored_state(record_id: str, /) -> str | None:
    """``"stored"``, ``"draft"`` (stored as a draft), ``"deleted"`` (deleted from the store
    since) or None (not stored)."""
    stored = state.index().by_id.get(record_id)
    if stored is not None:
        return "draft" if stored.draft else "stored"
    return "deleted" if record_id in _deleted_ids(*state.revision()) else None


STATE_LABELS = {
    None: "new",
    "stored": "stored",
    "draft": "stored as draft",
    "deleted": "deleted from the store",
}


def _notice(level: str, text: str) -> None:
    st.session_state[NOTICE] = (level, text)


def _problem(record_id: str, field: str | None, reason: str) -> None:
    st.session_state.setdefault(ERRORS, {})[record_id] = {field or "record": reason}


def _clear() -> None:
    st.session_state[NOTICE] = None
    st.session_state[ERRORS] = {}


def accept(record: Record, /) -> None:
    """Store the proposal as a reviewed record (not a draft). A stored draft is accepted as
    it is stored (it may have been edited); an accepted one is left alone."""
    _clear()
    try:
        done = accept_proposal(state.store(), record, by=access.actor())
    except ValidationError as err:
        _problem(record.id, err.field, err.reason)
    except DuplicateRecordError:
        _problem(record.id, None, "someone stored it meanwhile; it is shown as stored now")
    except ConflictError:
        _problem(record.id, None, "someone changed the stored draft meanwhile; try again")
    except (PermissionDeniedError, StoreError) as err:
        _problem(record.id, None, f"the store refused it: {err}")
    else:
        if done == "stored already":
            _notice("info", f"'{record.title}' is stored already; nothing changed.")
        else:
            _notice("success", f"Accepted '{record.title}' ({record.id}).")


def _bulk_ready(found: Sequence[Proposal]) -> list[Record] | None:
    """The records of ``found``, or None (with the problems noted) if any is invalid."""
    invalid = [p for p in found if p.record is None]
    for proposal in invalid:
        error = proposal.problem
        _problem(proposal.id, error.field if error else None, error.reason if error else "invalid")
    if invalid:
        _notice(
            "error",
            f"Nothing was saved: {len(invalid)} proposal(s) are not valid records; "
            "reject them, or accept the others one by one.",
        )
        return None
    return [p.record for p in found if p.record is not None]


def accept_all(found: Sequence[Proposal], /) -> None:
    """Accept every proposal shown, in one transaction; deleted ones are not stored again."""
    _clear()
    records = _bulk_ready(found)
    if records is None:
        return
    try:
        result = accept_proposals(state.store(), records, by=access.actor())
    except ValidationError as err:
        _problem(err.record or "", err.field, err.reason)
        _notice("error", "Nothing was saved: a proposal is not a valid record.")
        return
    except (PermissionDeniedError, StoreError) as err:
        _notice("error", f"Nothing was saved: the store refused the records: {err}")
        return
    _notice(
        "success",
        _summary(f"Accepted {len(result.accepted)}", len(result.kept), len(result.skipped)),
    )


def save_drafts(found: Sequence[Proposal], /) -> None:
    """Store every proposal shown as a draft, as ``coopmap ingest`` does."""
    _clear()
    records = _bulk_ready(found)
    if records is None:
        return
    try:
        result = ingest_records(state.store(), records, by=access.actor())
    except (PermissionDeniedError, StoreError) as err:
        _notice("error", f"Nothing was saved: the store refused the records: {err}")
        return
    stored = len(result.added) + len(result.updated)
    _notice(
        "success",
        _summary(
            f"Saved {stored} as drafts ({len(result.unchanged)} unchanged)",
            len(result.reviewed),
            len(result.rejected),
        ),
    )


def _summary(done: str, kept: int, skipped: int) -> str:
    text = done
    if kept:
        text += f"; {kept} accepted before, left as they are"
    if skipped:
        text += f"; {skipped} deleted from the store before, not stored again"
    return text + "."


def reject(record_id: str, title: str, /) -> None:
    """Drop a proposal from the list (nothing in the store changes)."""
    _clear()
    rejected = st.session_state.setdefault(REJECTED, [])
    if record_id not in rejected:
        rejected.append(record_id)
    _notice("info", f"Rejected '{title}': it is no longer proposed.")


def bring_back() -> None:
    """Propose the rejected proposals again."""
    _clear()
    st.session_state[REJECTED] = []


def edit(record: Record, /) -> None:
    """Open the proposal in the Records page's form: stored as a draft first if it is not
    stored (so it keeps its id), then opened like a record picked there."""
    _clear()
    try:
        stored = state.store().get(record.id)
        if stored is None:
            save_record(state.store(), record, by=access.actor())
    except (PermissionDeniedError, StoreError, ValidationError) as err:
        _problem(record.id, getattr(err, "field", None), f"it cannot be opened: {err}")
        return
    st.session_state.rf_pick = record.id
    record_form.pick_record()
    how = (
        "stored as a draft: edit it and save; untick Draft to accept it"
        if stored is None or stored.draft
        else "accepted before"
    )
    st.session_state.rf_notice = (
        "success",
        f"Opened '{record.title}' from the Ingest page ({how}).",
    )
    st.session_state[EDIT] = True


# --- drawing ------------------------------------------------------------------------------------


def show_notice() -> None:
    notice = st.session_state.get(NOTICE)
    if not notice:
        return
    level, text = notice
    show = {"success": st.success, "info": st.info, "error": st.error}[level]
    show(md(text))


def upload_text() -> None:
    """Put an uploaded report in the text box (it can be edited there)."""
    upload = st.session_state.get("ingest_upload")
    st.session_state["ingest_upload_error"] = None
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        st.session_state["ingest_upload_error"] = (
            f"{upload.name} is not UTF-8 text (byte {err.start} is not); "
            "save it as UTF-8 and upload it again."
        )
        return
    if len(text) > MAX_CHARS:
        st.session_state["ingest_upload_error"] = (
            f"{upload.name} has {len(text):,} characters; a report may have {MAX_CHARS:,}."
        )
        return
    st.session_state["ingest_text"] = text
    st.session_state[REJECTED] = []
    _clear()


def field_errors(problems: dict[str, Any], field: str, /) -> None:
    if problems.get(field):
        st.error(md(f"{field}: {problems[field]}"), icon=":material/error:")
