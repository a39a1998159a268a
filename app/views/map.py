"""Map page: the layered atlas of the records the sidebar filters keep, and the detail of the
clicked record beside it.

The map is built once per store revision (:func:`state.atlas`); a filter change sends only
which records to show, applied to the map already in the page (:func:`state.view`), unless the
store is too big for one map. The map returns only the clicked feature
(``last_active_drawing``, whose properties carry the record's id), so panning, zooming and
the time slider never rerun the page; a click on another feature and a filter change do.
(Asking for ``last_object_clicked_count`` too would rerun on every click, but also once more
each time the map is mounted: it starts at 0, not at its default None.)
The detail panel also deletes the record shown, after a confirmation (:mod:`deletion`).
A click on a place of several records lists them in the map's popup; picking one is a click
on its feature. A radio chooses whether points that share a spot spread out or cluster
(:mod:`coopmap.maps.points`, sent with the view).
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit_folium import st_folium

import access
import charts
import deletion
import detail
import filters
import state
from coopmap.maps.cells import size_text
from coopmap.maps.points import LABELS, POINTS
from coopmap.services.access import Action

# The last click acted on, (map key, feature), so that a rerun never replays it. (No bare
# string literals in a page: Streamlit's magic would write them on the page.)
CLICK_SEEN = "map_click_seen"

RETURNED = ["last_active_drawing"]
POINTS_KEY = "map_points"


def take_click(result: dict[str, Any] | None, map_key: str) -> None:
    """Select the record (or cell) of a new click on the map."""
    if not result:
        return
    drawing = result.get("last_active_drawing")
    if not isinstance(drawing, dict):
        return
    properties = drawing.get("properties") or {}
    token = (
        map_key,
        str(properties.get("cell") or properties.get("id")),
        str(drawing.get("geometry")),
    )
    if st.session_state.get(CLICK_SEEN) == token:
        return
    st.session_state[CLICK_SEEN] = token
    if properties.get("cell"):
        detail.select_cell(str(properties["cell"]))
    elif properties.get("id"):
        detail.select(str(properties["id"]))


flt = filters.current()
total = len(state.records())
shown = state.shown(flt)
atlas = state.atlas(flt)
# The radio under the map says what shared points do; its value of the last run is needed
# above it, for the view sent with the map.
points = st.session_state.get(POINTS_KEY, POINTS[0])
view = state.view(atlas, flt, points=points)

st.caption(f"{len(shown):,} of {total:,} records")
if atlas.grouped:
    st.caption(
        f"More than {state.max_features():,} locations: each dot is an area of "
        f"{size_text(atlas.grid.size)} with its number of records. Narrow the filters to see "
        "every record; click a dot to list its records."
    )

map_column, detail_column = st.columns([2, 1], gap="medium")
with map_column, atlas.lock:
    try:
        result = st_folium(
            atlas.map,
            key="atlas",
            height=state.MAP_HEIGHT,
            use_container_width=True,
            returned_objects=RETURNED,
            feature_group_to_add=view,
            render=False,  # rendered once when built (state.atlas)
        )
    finally:
        state.detach(atlas, view)
    if not atlas.grouped:
        st.radio(
            "Points that share a spot",
            POINTS,
            format_func=LABELS.__getitem__,
            horizontal=True,
            key=POINTS_KEY,
        )
take_click(result, atlas.key)

with detail_column:
    deletion.notice()
    record_id, cell = detail.selected(), detail.selected_cell()
    record = state.index().by_id.get(record_id) if record_id else None
    if record is not None:
        detail.show(record)
    elif cell and atlas.grouped:
        detail.show_cell(state.records_in_cell(flt, cell), cell)
    elif record_id:
        st.info("The selected record is no longer in the store.")
    else:
        hint = "Click a feature on the map to see its record here."
        if atlas.timeline:
            hint += " The slider at the bottom left of the map plays the records through time."
        st.info(hint)
        # Until a record is picked: what the map shows, counted (more on the Summary page).
        rows = state.counts(flt)
        charts.bar_chart(rows["sector"], key="sector", title="By sector", table=False)
        charts.bar_chart(rows["status"], key="status", title="Projects by status", table=False)
        charts.bar_chart(
            rows["year"],
            key="year",
            title="By start year",
            horizontal=False,
            table=False,
            height=140,
        )
    if record is not None or (cell and atlas.grouped):
        clear, delete = st.columns(2)
        clear.button(
            "Clear selection",
            key="detail_clear",
            on_click=detail.select,
            args=(None,),
            icon=":material/close:",
        )
        if record is not None:
            delete.button(
                "Delete…",
                key="detail_delete",
                on_click=deletion.request,
                args=(*(state.store().get_versioned(record.id) or (record, None)), "map"),
                icon=":material/delete:",
                disabled=not access.can(Action.DELETE),
            )
    if record is not None:
        deletion.confirmation("map", record.id)
