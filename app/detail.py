"""The detail panel of one record: every attribute, its sources, the records linked to it.

Any page can show it: :func:`select` a record id (or set ``st.session_state[SELECTED]``) and
call :func:`show`. Text from records is untrusted and reaches the page only as Markdown in
which every punctuation character is escaped (:func:`md`), so it shows literally: no
formatting, Markdown link, math, emoji or colour code, HTML or template of it is ever
interpreted. Sources link only to ``http`` and ``https`` addresses. (Streamlit's Markdown
still turns a bare ``https://...`` address inside a text into a link to it, as GitHub does.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import streamlit as st

import state
from coopmap.display.changelog import change_lines
from coopmap.display.facts import NAMED_FIELDS
from coopmap.display.labels import dates_text, kind_text, location_text, record_label
from coopmap.display.markdown import md, source_line, status_line
from coopmap.errors import StoreError
from coopmap.model import Event, Project, Record
from coopmap.places import country_label
from coopmap.store import Change
from coopmap.taxonomy import SECTORS

SELECTED = "coopmap_selected"
"""Session state key of the selected record id (None for no selection)."""

SELECTED_CELL = "coopmap_selected_cell"
"""Session state key of the selected cell of a grouped map (None for none)."""

CELL_LIST_LIMIT = 50


# --- selection ------------------------------------------------------------------------------


def select(record_id: str | None, /) -> None:
    """Make ``record_id`` the selected record (None: no selection)."""
    st.session_state[SELECTED] = record_id
    st.session_state[SELECTED_CELL] = None


def select_cell(key: str | None, /) -> None:
    st.session_state[SELECTED_CELL] = key
    st.session_state[SELECTED] = None


def selected() -> str | None:
    return st.session_state.get(SELECTED)


def selected_cell() -> str | None:
    return st.session_state.get(SELECTED_CELL)


# --- formatting -----------------------------------------------------------------------------


@st.cache_data(max_entries=256, show_spinner=False)
def _history(url: str, revision: int, record_id: str) -> list[Change] | None:
    return state.store(url).history(record_id)


def show_history(record_id: str, /, *, key: str = "detail") -> None:
    """The record's stored history in a collapsed expander, newest change first: when, who,
    what, and each field's old and new value (shortened). Nothing for an unsaved record."""
    try:
        changes = _history(*state.revision(), record_id)
    except StoreError as err:
        st.caption(md(f"The history cannot be read: {err}"))
        return
    if changes is None:
        return
    noun = "change" if len(changes) == 1 else "changes"
    with st.expander(f"History ({len(changes)} {noun})", expanded=False, key=f"{key}_history"):
        if not changes:
            st.caption("No changes recorded: the record was stored before coopmap kept any.")
        for change in reversed(changes):
            lines = change_lines(change, width=60, sep=" \u00b7 ")
            items = "".join(f"\n- {md(line.strip())}" for line in lines[1:])
            st.markdown(f"**{md(lines[0])}**{items}")


# --- panels ---------------------------------------------------------------------------------


def _facts(rows: Iterable[tuple[str, Sequence[str]]]) -> None:
    """Label/value rows as one Markdown block; values are already Markdown."""
    lines = []
    for name, values in rows:
        values = [value for value in values if value]
        if not values:
            continue
        if len(values) == 1:
            lines.append(f"**{name}:** {values[0]}")
        else:
            lines.append(f"**{name}:**\n" + "\n".join(f"- {value}" for value in values))
    if lines:
        st.markdown("\n\n".join(lines))


def _linked_buttons(
    heading: str, items: Sequence[tuple[str | None, str]], key: str, on_pick: Callable[..., Any]
) -> None:
    if not items:
        return
    st.markdown(f"**{heading}**")
    for number, (record_id, label) in enumerate(items):
        if record_id is None:
            st.markdown(f"- {md(label)}")
            continue
        st.button(
            md(label),
            key=f"{key}_{number}_{record_id}",
            on_click=on_pick,
            args=(record_id,),
            type="tertiary",
            icon=":material/arrow_forward:",
        )


def show(record: Record, /, *, key: str = "detail", on_pick: Callable[..., Any] = select) -> None:
    """Draw every attribute of ``record``; clicking a linked record calls ``on_pick(id)``."""
    with st.container(border=True, key=f"{key}_panel"):
        st.subheader(md(record.title), anchor=False)
        chips = [kind_text(record), *(SECTORS[s].label for s in record.sectors)]
        if record.draft:
            chips.append("draft")
        st.caption(md(" \u00b7 ".join(chips)))
        rows: list[tuple[str, list[str]]] = []
        if isinstance(record, Project):
            status = record.status.label
            if record.status_date:
                status += f" (as of {record.status_date})"
            rows.append(("Status", [md(status)]))
            if len(record.status_history) > 1 or any(c.source for c in record.status_history):
                rows.append(("Status history", [status_line(c) for c in record.status_history]))
        rows.append(("Dates", [md(dates_text(record) or "")]))
        rows.append(("Locations", [md(location_text(loc)) for loc in record.locations]))
        rows.append(("Countries", [md(country_label(c)) for c in record.countries]))
        if isinstance(record, Project):
            rows.append(
                (
                    "Organisations",
                    [md(f"{o.name} ({o.role.value.capitalize()})") for o in record.organisations],
                )
            )
            rows.append(("Amount", [md(str(record.amount)) if record.amount else ""]))
            rows.append(("Specifications", [md(f"{s.key}: {s}") for s in record.specs]))
        if isinstance(record, Event):
            rows.append(
                (
                    "Participants",
                    [
                        md(
                            p.name
                            + (
                                f" ({', '.join(x for x in (p.kind, p.role, p.country) if x)})"
                                if p.kind or p.role or p.country
                                else ""
                            )
                        )
                        for p in record.participants
                    ],
                )
            )
            rows.append(("Outcomes", [md(outcome) for outcome in record.outcomes]))
        for name in type(record).model_fields:
            if name not in NAMED_FIELDS:
                value = getattr(record, name)
                if value not in (None, [], ""):
                    rows.append((name.replace("_", " ").capitalize(), [md(value)]))
        _facts(rows)
        if record.notes:
            st.markdown(f"**Notes**  \n{md(record.notes)}")
        if record.sources:
            st.markdown("**Sources**\n" + "\n".join(f"- {source_line(s)}" for s in record.sources))
        projects, events = state.linked_records(record)
        if isinstance(record, Event):
            types = {}
            for item in record.links:
                types.setdefault(item.project, []).append(item.type.value.replace("_", " "))
            _linked_buttons(
                "Linked projects",
                [
                    (
                        p.id if not isinstance(p, str) else None,
                        f"{', '.join(types.get(p if isinstance(p, str) else p.id, []))}: "
                        + (f"{p} (not in the store)" if isinstance(p, str) else p.title),
                    )
                    for p in projects
                ],
                f"{key}_projects",
                on_pick,
            )
        _linked_buttons(
            "Linked events",
            [
                (
                    event.id,
                    ", ".join(
                        link.type.value.replace("_", " ")
                        for link in event.links
                        if link.project == record.id
                    )
                    + f": {record_label(event)}",
                )
                for event in events
            ],
            f"{key}_events",
            on_pick,
        )
        show_history(record.id, key=key)
        st.caption(f"id: {md(record.id)}")


def show_cell(
    records: Sequence[Record], key: str, /, *, on_pick: Callable[..., Any] = select
) -> None:
    """List the records a cell of a grouped map stands for, each selectable."""
    with st.container(border=True, key="cell_panel"):
        noun = "record" if len(records) == 1 else "records"
        st.subheader(f"{len(records):,} {noun} in this area", anchor=False)
        st.caption("Narrow the filters to see each record on the map; pick one to see it here.")
        _linked_buttons(
            "Records",
            [(record.id, record_label(record)) for record in records[:CELL_LIST_LIMIT]],
            "cell",
            on_pick,
        )
        if len(records) > CELL_LIST_LIMIT:
            st.caption(f"and {len(records) - CELL_LIST_LIMIT:,} more")
