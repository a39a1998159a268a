"""The Ingest page's proposals as people review them: on a small map, and one card each with
what it says, the sentences each field comes from, and its actions (in :mod:`ingest_parts`).

Every value from the report reaches the page as escaped Markdown or escaped HTML."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

import streamlit as st
from streamlit_folium import st_folium

import access
import state
from coopmap.display.labels import dates_text, location_text
from coopmap.display.markdown import md
from coopmap.display.marked import evidence_html
from coopmap.model import Event, Project, Record
from coopmap.places import country_label
from coopmap.services.access import Action
from coopmap.taxonomy import SECTORS, EventType, RecordKind
from ingest_parts import ERRORS, STATE_LABELS, Proposal, accept, edit, reject, stored_state

MAP = "ingest_map_built"
"""Session state key of the proposals' map, kept with a digest of what it shows."""


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
    rows: list[tuple[str, list[str]]] = [
        ("Sectors", [SECTORS[s].label for s in record.sectors]),
        ("Date", [dates_text(record) or ""]),
        ("Places", [location_text(loc) for loc in record.locations]),
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
        st.markdown(f"**{md(record.title if record else candidate.title)}**")
        kind = (
            _kind_text(record)
            if record
            else ("Event" if candidate.kind is RecordKind.EVENT else "Project")
        )
        st.caption(md(f"{kind} \u00b7 {STATE_LABELS[where]} \u00b7 {proposal.id}"))
        if record is not None:
            st.markdown("  \n".join(_facts(record, titles)))
        if candidate.evidence:
            with st.expander(f"Evidence ({len(candidate.evidence)})"):
                st.html(evidence_html(candidate.evidence))
        problems = dict(st.session_state.get(ERRORS, {}).get(proposal.id, {}))
        if proposal.problem is not None:
            problems.setdefault(proposal.problem.field or "record", proposal.problem.reason)
        for field, reason in problems.items():
            st.error(md(f"{field}: {reason}"), icon=":material/error:")
        if where == "draft":
            st.caption(
                "Accepting keeps the stored draft as it is (perhaps edited); Edit to see it."
            )
        buttons = st.columns(3)
        editor = access.can(Action.INGEST)  # a viewer reads the proposals, changes nothing
        if record is not None:
            buttons[0].button(
                "Accept",
                key=f"ingest_accept_{proposal.id}",
                on_click=accept,
                args=(record,),
                type="primary",
                disabled=where == "stored" or not editor,
                icon=":material/check:",
            )
            buttons[1].button(
                "Edit",
                key=f"ingest_edit_{proposal.id}",
                on_click=edit,
                args=(record,),
                disabled=not editor,
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
