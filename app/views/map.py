"""Map page: the layered atlas of the records the sidebar filters keep, and the detail of the
clicked record beside it.

The map is built once per store revision (:func:`state.atlas`); a filter change sends only
which records to show, applied to the map already in the page (:func:`state.view`), unless the
store is too big for one map. The map's records reach the page once, in a hidden element that
the map's frame reads (:func:`state.records_element`), and its script is worked out once
(:mod:`mapframe`), so a rerun sends and computes little more than the view.
The map returns the clicked feature (``last_active_drawing``, whose properties carry the
record's id) and where it looks (``center`` and ``zoom``, which
the address keeps): the time slider never reruns the page; a click on another feature, a
move of the map and a filter change do. (Asking for ``last_object_clicked_count`` too would
rerun on every click, but also once more each time the map is mounted: it starts at 0, not
at its default None.)
The detail panel also deletes the record shown, after a confirmation (:mod:`deletion`).

The map fills the window's height (CSS: st_folium's frame follows the window) and the detail
panel beside it folds away. Above it, a search box finds a place in the offline gazetteer and
flies the map there; "Fit to records" brings the records back into view (the map fits them
on each filter change until the user moves it); "Copy link" and "Download this view" share
the view (:mod:`links`; the download is ``coopmap export``'s HTML map with these filters).
The page's moves reach the map as a ``Go`` in the feature group (:func:`state.go`), carried
out once each; a map mounted again (back from another page) first looks where the last one
did.

A click on a place of several records lists them in the map's popup; picking one is a click
on its feature. A radio under the map chooses whether points that share a spot spread out or
cluster (:mod:`coopmap.maps.points`, sent with the view), or the map shows grid cells with
their numbers of records instead (a map of its own, :func:`state.atlas`). Every record is
drawn up to :data:`state.MAX_FEATURES` locations, with WebGL in maps of many.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import access
import charts
import deletion
import detail
import filters
import links
import mapframe
import state
from coopmap.display.markdown import md
from coopmap.maps.cells import size_text
from coopmap.maps.navigation import zoom_for
from coopmap.maps.points import LABELS, STYLES
from coopmap.maps.safe import js_string
from coopmap.services import export_bytes
from coopmap.services.access import Action
from coopmap.services.geocoding import geocode_place

# The last click acted on, (map key, feature), so that a rerun never replays it. (No bare
# string literals in a page: Streamlit's magic would write them on the page.)
CLICK_SEEN = "map_click_seen"

RETURNED = ["last_active_drawing", "center", "zoom"]
POINTS_KEY = "map_points"

MAP_KEY = "atlas"
GO = "map_go"  # the move sent with the map: a coopmap.maps.navigation.Go command
GO_COUNT = "map_go_count"
FOUND = "map_found"  # what the search box found: (kind of message, text)
PANEL = "map_panel"
COPY = "map_copy"

# The map's frame fills the window below the page's header and tools (at least 420 px); the
# map fills its frame (coopmap's maps are height 100% of it).
# Below 1100 px the panel goes under the map instead of beside it.
STYLE = """<style>
.st-key-map_records { display: none; }
.st-key-map_frame iframe { height: max(420px, calc(100vh - 12rem)) !important; }
.stMainBlockContainer { padding-bottom: 1rem; }
@media (max-width: 1100px) {
  .st-key-map_body [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
  .st-key-map_body [data-testid="stColumn"] { flex: 1 1 100% !important; width: 100% !important; }
  .st-key-map_frame iframe { height: max(420px, calc(100vh - 17.5rem)) !important; }
}
</style>"""


def command(**move: object) -> None:
    """Send the map a new move (:class:`coopmap.maps.navigation.Go`)."""
    ss = st.session_state
    ss[GO_COUNT] = ss.get(GO_COUNT, 0) + 1
    ss[GO] = {"id": ss[GO_COUNT], **move}


def find_place() -> None:
    """Fly to the place the search box names, from the offline gazetteer."""
    query = str(st.session_state.get("map_search") or "").strip()
    if not query:
        st.session_state[FOUND] = None
        return
    place = geocode_place(query)
    if place is None:
        st.session_state[FOUND] = ("warning", f"No place called {query!r} in the gazetteer.")
        return
    command(fly=[place.lat, place.lon, zoom_for(place.precision)])
    where = ", ".join(part for part in (place.name, place.country) if part)
    st.session_state[FOUND] = ("caption", f"{where} ({place.precision.value})")


def fit_records() -> None:
    command(fit=True)


def take_view(result: dict[str, Any] | None) -> None:
    """Keep where the map looks (for the address), from what the map returned."""
    center = (result or {}).get("center")
    zoom = (result or {}).get("zoom")
    if isinstance(center, dict) and isinstance(zoom, int | float):
        st.session_state[links.MAP_VIEW] = (
            round(float(center["lat"]), 4),
            round(float(center["lng"]), 4),
            int(zoom),
        )


def next_move(atlas: state.Atlas, group: Any) -> dict[str, Any] | None:
    """The move to send with the map: a map (re)mounted (nothing returned yet) first looks
    where the address or the last map looked; "fit" gets the bounds of the records shown."""
    ss = st.session_state
    mounted = isinstance(ss.get(MAP_KEY), dict) and ss[MAP_KEY].get("center") is not None
    if not mounted and links.MAP_VIEW in ss and not (ss.get(GO) or {}).get("fly"):
        command(view=list(ss[links.MAP_VIEW]))
    move = ss.get(GO)
    if move and move.get("fit") is True:
        move["fit"] = state.records_bounds(atlas, group)
        if move["fit"] is None:
            ss[GO] = move = None
    return move


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
# The radio under the map says what shared points do; its value of the last run is needed
# above it, for the view sent with the map.
points = st.session_state.get(POINTS_KEY, STYLES[0])
atlas = state.atlas(flt, points=points)
view = state.view(atlas, flt, points=points)
st.html(STYLE)
state.records_element(atlas)  # before the map, which reads its records from it

tools = st.container(horizontal=True, vertical_alignment="bottom", key="map_tools")
with tools:
    st.text_input(
        "Find a place",
        key="map_search",
        placeholder="Find a place: a city, a region, a country",
        label_visibility="collapsed",
        on_change=find_place,
        help="Places from coopmap's offline gazetteer; the map flies there.",
        width=320,
    )
    st.button("Fit to records", key="map_fit", on_click=fit_records, icon=":material/fit_screen:")
    if st.button("Copy link", key=COPY, icon=":material/link:"):
        # The page's own script, run once in the page: this view's address to the clipboard.
        st.html(
            f"<script>navigator.clipboard.writeText({js_string(links.link())})</script>",
            unsafe_allow_javascript=True,
        )
        st.toast("Link to this view copied.", icon=":material/link:")
    store = state.store()
    st.download_button(
        "Download this view",
        data=lambda: export_bytes(store, flt),
        file_name="coopmap-view.html",
        mime="text/html",
        key="map_download",
        on_click="ignore",
        icon=":material/download:",
        help="The map of the records the filters keep, as one HTML file that opens offline "
        "(what coopmap export view.html gives with these filters).",
    )
    st.toggle("Panel", value=True, key=PANEL, help="The record panel beside the map.")

notes = [f"{len(shown):,} of {total:,} records"]
if found := st.session_state.get(FOUND):
    notes.append(f"found: {found[1]}" if found[0] == "caption" else found[1])
st.caption(md(" · ".join(notes)))
if atlas.grouped and atlas.chosen:
    st.caption(
        f"Each dot is an area of {size_text(atlas.grid.size)} with its number of records; "
        "click a dot to list its records."
    )
elif atlas.grouped:
    st.caption(
        f"More than {state.max_features():,} locations: each dot is an area of "
        f"{size_text(atlas.grid.size)} with its number of records. Narrow the filters to see "
        "every record; click a dot to list its records."
    )

# One column without the panel: the map stays where it was in the page (not remounted).
body = st.container(key="map_body")
columns = body.columns([2, 1] if st.session_state[PANEL] else [1], gap="medium")
group = state.go(atlas, view, next_move(atlas, view))
with columns[0], st.container(key="map_frame"), atlas.lock:
    try:
        # st_folium, with the map's script worked out once (rendered when built: state.atlas)
        result = mapframe.show(
            atlas.map,
            key=MAP_KEY,
            height=state.MAP_HEIGHT,
            returned_objects=RETURNED,
            feature_group_to_add=group,
        )
    finally:
        state.detach(atlas, group)
    st.radio(
        "Points",
        STYLES,
        format_func=LABELS.__getitem__,
        horizontal=True,
        key=POINTS_KEY,
        help="Every record, points that share a spot spreading out when clicked or clustering "
        "into a count at low zoom; or grid cells, each with its number of records.",
    )
take_click(result, atlas.key)
take_view(result)

with columns[-1] if len(columns) > 1 else st.container():
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
        # (short labels: the panel is narrow)
        for name, title in [("sector", "By sector"), ("status", "Projects by status")]:
            charts.bar_chart(rows[name], key=name, title=title, table=False, label_limit=120)
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
