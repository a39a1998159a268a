"""The Ingest page's pieces: a report read into proposals, its text with what was found
marked, and the actions that store, edit or reject a proposal.

The reading is :func:`coopmap.extract.extract`; storing follows ``coopmap ingest``
(:func:`coopmap.tools.ingest_records`): a proposal's id comes from the report and the
proposal, so a proposal already stored is recognised and never stored twice.

A report is untrusted text. The marked text is HTML built here from pieces that are all
escaped (:func:`marked_html`); everything else reaches the page as escaped Markdown
(:func:`detail.md`), table cells or widget values.

Session state: :data:`REJECTED` the ids of the proposals rejected, :data:`NOTICE` the last
action's outcome, :data:`ERRORS` problems by proposal id and field, :data:`EDIT` set when a
proposal is to be opened in the Records page's form.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pydantic
import streamlit as st
from streamlit_folium import st_folium

import detail
import state
import widgets
from coopmap.errors import ConflictError, DuplicateRecordError, StoreError, ValidationError
from coopmap.extract import Extraction, extract
from coopmap.extract.candidates import Candidate, Evidence
from coopmap.model import Event, Project, Record, Source, validate_update
from coopmap.places import country_label
from coopmap.taxonomy import SECTORS, EventType, RecordKind
from coopmap.tools import ingest_records

REJECTED = "ingest_rejected"
NOTICE = "ingest_notice"
ERRORS = "ingest_errors"
EDIT = "ingest_edit"
MAP = "ingest_map_built"
MAX_CHARS = 200_000

#: What the marked text shows, with its colour: the kinds of :meth:`Extraction.highlights`
#: (sectors, read from common words, would mark half the text).
KINDS = {
    "place": ("Place", "places", "#bcd9ff"),
    "date": ("Date", "dates", "#ffd9a0"),
    "organisation": ("Organisation", "organisations", "#c4ecb4"),
    "person": ("Person", "people", "#f4c6ec"),
    "quantity": ("Quantity", "quantities", "#ddd2ff"),
}
EVIDENCE_COLOUR = "#fff1a8"
_MARK = "background:{colour};color:#1a1a1a;border-radius:3px;padding:0 2px"


# --- reading ------------------------------------------------------------------------------------


@st.cache_resource(max_entries=8, show_spinner="Reading the report…")
def read(text: str, report_date: str | None) -> Extraction:
    """The report read (shared between sessions: an :class:`Extraction` is immutable)."""
    return extract(text, date=report_date)


def report_source(
    extraction: Extraction, /, *, title: str, url: str
) -> tuple[Source | None, dict[str, str]]:
    """The report as its records' source, or the problems with the title and link given."""
    try:
        return extraction.source(title=title.strip() or None, url=url.strip() or None), {}
    except pydantic.ValidationError as err:
        problems = {}
        for error in err.errors():
            field = str(error["loc"][0]) if error["loc"] else "source"
            problems.setdefault(field, str(error["msg"]).removeprefix("Value error, "))
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


# --- the marked text ----------------------------------------------------------------------------


def _mark(text: str, colour: str, title: str, kind: str) -> str:
    style = _MARK.format(colour=colour)
    return (
        f'<mark data-kind="{html.escape(kind)}" title="{html.escape(title)}" '
        f'style="{style}">{html.escape(text)}</mark>'
    )


def marked_html(text: str, spans: Iterable[tuple[int, int, str, str]], /) -> str:
    """``text`` as HTML with ``(start, end, kind, title)`` spans marked in their kind's
    colour, every piece of text escaped. Spans are taken in order of start, the longest
    first; one that overlaps a span already marked is left out (a date inside a name)."""
    parts, at = [], 0
    for start, end, kind, title in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < at or end <= start or end > len(text):
            continue
        colour = KINDS[kind][2] if kind in KINDS else EVIDENCE_COLOUR
        parts += [html.escape(text[at:start]), _mark(text[start:end], colour, title, kind)]
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts)


def report_html(extraction: Extraction, /) -> str:
    """The report with its places, dates, organisations, people and quantities marked."""
    spans = [
        (h.start, h.end, h.kind, f"{KINDS[h.kind][0]}: {h.label}")
        for h in extraction.highlights()
        if h.kind in KINDS
    ]
    body = marked_html(extraction.text, spans)
    return (
        '<div class="coopmap-report" style="white-space:pre-wrap;line-height:1.7;'
        "max-height:32rem;overflow-y:auto;padding:0.75rem 1rem;border:1px solid "
        f'rgba(128,128,128,0.35);border-radius:0.5rem">{body}</div>'
    )


def legend_html() -> str:
    items = " ".join(
        _mark(label, colour, label, kind) for kind, (label, _, colour) in KINDS.items()
    )
    return f'<div class="coopmap-legend" style="margin-bottom:0.25rem">{items}</div>'


def found_text(extraction: Extraction, /) -> str:
    """How many spans of each marked kind the report has: "9 places, 6 dates, ..."."""
    counts = dict.fromkeys(KINDS, 0)
    for highlight in extraction.highlights():
        if highlight.kind in counts:
            counts[highlight.kind] += 1
    return ", ".join(f"{n} {KINDS[kind][1] if n != 1 else kind}" for kind, n in counts.items())


def evidence_html(evidence: Sequence[Evidence], /) -> str:
    """Each sentence a proposal comes from, once, with the fields it gave and their words
    marked."""
    by_sentence: dict[tuple[int, str], list[Evidence]] = {}
    for item in evidence:
        by_sentence.setdefault((item.sentence_start, item.sentence), []).append(item)
    rows = []
    for (offset, sentence), items in sorted(by_sentence.items()):
        fields = ", ".join(dict.fromkeys(i.field.replace("_", " ") for i in items))
        spans = [(i.start - offset, i.end - offset, "evidence", i.field) for i in items]
        rows.append(
            f"<li><b>{html.escape(fields)}</b>: \u201c{marked_html(sentence, spans)}\u201d</li>"
        )
    return f'<ul class="coopmap-evidence" style="margin:0">{"".join(rows)}</ul>'


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
    store = state.store()
    try:
        stored = store.get(record.id)
        if stored is not None and not stored.draft:
            _notice("info", f"'{record.title}' is stored already; nothing changed.")
            return
        if stored is None:
            store.add(validate_update(record, draft=False))
        else:
            version = store.version(record.id)
            store.update(validate_update(stored, draft=False), expected_version=version or 0)
    except ValidationError as err:
        _problem(record.id, err.field, err.reason)
    except DuplicateRecordError:
        _problem(record.id, None, "someone stored it meanwhile; it is shown as stored now")
    except ConflictError:
        _problem(record.id, None, "someone changed the stored draft meanwhile; try again")
    except StoreError as err:
        _problem(record.id, None, f"the store refused it: {err}")
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
    store = state.store()
    deleted = {item.record.id for item in store.deleted()}
    writes, kept, skipped = [], 0, 0
    try:
        for record in records:
            stored = store.get(record.id)
            if stored is None and record.id in deleted:
                skipped += 1
            elif stored is None or stored.draft:
                writes.append(validate_update(stored or record, draft=False))
            else:
                kept += 1
        if writes:
            store.add(writes, replace=True)
    except ValidationError as err:
        _problem(err.record or "", err.field, err.reason)
        _notice("error", "Nothing was saved: a proposal is not a valid record.")
        return
    except StoreError as err:
        _notice("error", f"Nothing was saved: the store refused the records: {err}")
        return
    _notice("success", _summary(f"Accepted {len(writes)}", kept, skipped))


def save_drafts(found: Sequence[Proposal], /) -> None:
    """Store every proposal shown as a draft, as ``coopmap ingest`` does."""
    _clear()
    records = _bulk_ready(found)
    if records is None:
        return
    try:
        result = ingest_records(state.store(), records)
    except StoreError as err:
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
    store = state.store()
    try:
        stored = store.get(record.id)
        if stored is None:
            store.add(record)
    except (StoreError, ValidationError) as err:
        _problem(record.id, getattr(err, "field", None), f"it cannot be opened: {err}")
        return
    st.session_state.rf_pick = record.id
    widgets.pick_record()
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
    show(widgets.plain(text))


def proposals_map(records: Sequence[Record], /) -> None:
    """The proposals that have a place, on a small map (built again only when they change,
    so the map stays mounted across reruns)."""
    from coopmap.maps import build_map

    located = [r for r in records if r.locations]
    if not located:
        st.caption("No proposal has a place the gazetteer knows: there is nothing to map.")
        return
    digest = hashlib.sha1(
        json.dumps([r.to_dict() for r in located], sort_keys=True, default=str).encode()
    ).hexdigest()
    built = st.session_state.get(MAP)
    if built is None or built[0] != digest:
        built = (digest, state.finish_map(build_map(located, timeline=False)))
        st.session_state[MAP] = built
    st.caption(f"{len(located)} of {len(records)} proposals have a place on the map.")
    st_folium(
        built[1],
        key="ingest_map",
        height=380,
        use_container_width=True,
        returned_objects=[],
        render=False,  # rendered when built
    )


def _kind_text(record: Record) -> str:
    if isinstance(record, Event):
        return f"Event \u00b7 {EventType(record.event_type).label}"
    assert isinstance(record, Project)
    return f"Project \u00b7 {record.status.label}"


def _facts(record: Record, titles: dict[str, str]) -> list[str]:
    """Markdown lines of the record's fields, every value escaped."""
    md = detail.md
    rows: list[tuple[str, list[str]]] = [
        ("Sectors", [SECTORS[s].label for s in record.sectors]),
        ("Date", [detail.dates_text(record) or ""]),
        ("Places", [detail.location_text(loc) for loc in record.locations]),
        ("Countries", [country_label(c) for c in record.countries]),
    ]
    if isinstance(record, Project):
        rows += [
            ("Organisations", [f"{o.name} ({o.role.value})" for o in record.organisations]),
            ("Specifications", [f"{s.key}: {s}" for s in record.specs]),
            ("Amount", [str(record.amount) if record.amount else ""]),
        ]
    else:
        assert isinstance(record, Event)
        rows += [
            (
                "Participants",
                [f"{p.name} ({p.role})" if p.role else p.name for p in record.participants],
            ),
            (
                "Linked projects",
                [
                    f"{link.type.value.replace('_', ' ')}: {titles.get(link.project, link.project)}"
                    for link in record.links
                ],
            ),
        ]
    lines = []
    for name, values in rows:
        values = [value for value in values if value]
        if values:
            lines.append(f"**{name}:** " + "; ".join(md(v) for v in values))
    return lines


def proposal_card(proposal: Proposal, titles: dict[str, str], /) -> None:
    """One proposal: what it says, where each field comes from, and its actions."""
    record, candidate = proposal.record, proposal.candidate
    where = stored_state(proposal.id)
    with st.container(border=True, key=f"ingest_card_{proposal.id}"):
        st.markdown(f"**{detail.md(record.title if record else candidate.title)}**")
        kind = (
            _kind_text(record)
            if record
            else ("Event" if candidate.kind is RecordKind.EVENT else "Project")
        )
        st.caption(detail.md(f"{kind} \u00b7 {STATE_LABELS[where]} \u00b7 {proposal.id}"))
        if record is not None:
            st.markdown("  \n".join(_facts(record, titles)))
        if candidate.evidence:
            with st.expander(f"Evidence ({len(candidate.evidence)})"):
                st.html(evidence_html(candidate.evidence))
        problems = dict(st.session_state.get(ERRORS, {}).get(proposal.id, {}))
        if proposal.problem is not None:
            problems.setdefault(proposal.problem.field or "record", proposal.problem.reason)
        for field, reason in problems.items():
            st.error(widgets.plain(f"{field}: {reason}"), icon=":material/error:")
        if where == "draft":
            st.caption(
                "Accepting keeps the stored draft as it is (perhaps edited); Edit to see it."
            )
        buttons = st.columns(3)
        if record is not None:
            buttons[0].button(
                "Accept",
                key=f"ingest_accept_{proposal.id}",
                on_click=accept,
                args=(record,),
                type="primary",
                disabled=where == "stored",
                icon=":material/check:",
            )
            buttons[1].button(
                "Edit",
                key=f"ingest_edit_{proposal.id}",
                on_click=edit,
                args=(record,),
                icon=":material/edit:",
            )
        buttons[2].button(
            "Reject",
            key=f"ingest_reject_{proposal.id}",
            on_click=reject,
            args=(proposal.id, record.title if record else candidate.title),
            icon=":material/close:",
        )


def record_titles(found: Iterable[Proposal], /) -> dict[str, str]:
    """Proposal and stored record titles by id, for events' links."""
    titles = {id: r.title for id, r in state.index().by_id.items()}
    titles.update({p.id: p.record.title for p in found if p.record is not None})
    return titles


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
        st.error(widgets.plain(f"{field}: {problems[field]}"), icon=":material/error:")
