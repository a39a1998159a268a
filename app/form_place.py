"""The record form's place: a name looked up in the offline gazetteer (with a choice between
namesakes), or a line or an area drawn on the form's map with Leaflet.draw."""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from coopmap.display.labels import place_label
from coopmap.display.markdown import md
from coopmap.editing import drawn_location, place_location, vertex_count
from coopmap.editing.locations import place_warnings
from coopmap.errors import ValidationError
from coopmap.places.choices import choices
from coopmap.taxonomy import Precision
from form_fields import error, form, key


@st.cache_resource(show_spinner="Opening the offline gazetteer…")
def gazetteer() -> Any:
    from coopmap.places import default_gazetteer

    return default_gazetteer()


@st.cache_data(show_spinner=False, max_entries=512)
def candidates(query: str, countries: tuple[str, ...] = ()) -> list[Any]:
    """Places the offline gazetteer knows by this name worth choosing between, best first
    (empty for none); those in ``countries`` (the record's) first, since a record's place may
    lie abroad (the form warns when it does)."""
    return choices(gazetteer().lookup(query, prefer_country=list(countries) or None, limit=10))


def _candidates(query: str) -> list[Any]:
    """The candidates for ``query``, the countries the form holds first."""
    return candidates(query, tuple(st.session_state.get(key("countries")) or ()))


def _place_key(query: str) -> str:
    digest = hashlib.sha1(query.casefold().encode()).hexdigest()[:10]
    return key(f"place_{digest}")


def chosen_place() -> tuple[str, Any, str | None]:
    """The place text, the chosen gazetteer candidate (or None), and a problem (or None)."""
    query = form().place_query()
    if not query:
        return "", None, None
    found = _candidates(query)
    if not found:
        return query, None, f"the offline gazetteer knows no place called {query!r}"
    index = st.session_state.get(_place_key(query)) or 0
    return query, found[min(int(index), len(found) - 1)], None


def new_location(title: str, /) -> tuple[dict[str, Any] | None, str | None]:
    """The location the place field or the drawing adds on save, or a problem."""
    query, place, problem = chosen_place()
    drawing = form().drawing
    if drawing is not None:
        try:
            precision = form().get("draw_precision") or Precision.NEAR
            name = query or " ".join(title.split()) or "drawn location"
            return drawn_location(drawing, name=name, place=place, precision=precision), None
        except ValidationError as err:
            return None, err.reason
    if problem is not None:
        return None, f"{problem}; check the spelling, or draw the location on the map"
    if place is None:
        return None, None
    return place_location(place, name=query, gazetteer=gazetteer()), None


def location_section() -> None:
    ss = st.session_state
    st.markdown("**Location**")
    existing = ss.get("rf_locations") or []
    if existing:
        st.dataframe(
            [
                {
                    "name": loc.get("name"),
                    "resolved as": loc.get("resolved_name") or "",
                    "country": loc.get("country") or "",
                    "precision": Precision(loc.get("precision", "unknown")).label,
                    "geometry": (loc.get("geometry") or {}).get("type", ""),
                    "from": loc.get("geometry_source", ""),
                }
                for loc in existing
            ],
            hide_index=True,
            width="stretch",
        )
        st.multiselect(
            "Remove locations",
            list(range(len(existing))),
            key=key("remove_locations"),
            format_func=lambda i: f"{i + 1}. {existing[i].get('name')}",
        )
    st.text_input(
        "Add a place",
        key=key("place"),
        placeholder="a town, region or country: Astana, Hyderabad, Kazakhstan",
        help="Looked up in the offline gazetteer; the place is added to the record when you save.",
    )
    query, place, problem = chosen_place()
    if problem:
        st.warning(md(problem + "; check the spelling, or draw the location on the map."))
    found = _candidates(query) if query else []
    if len(found) > 1:
        st.info(
            md(f"{len(found)} places are called {query!r}: pick the one you mean."),
            icon=":material/help:",
        )
        st.dataframe(
            [
                {
                    "#": i + 1,
                    "name": p.name,
                    "region": p.admin1 or "",
                    "country": p.country or "",
                    "population": p.population,
                    "precision": Precision(p.precision).label,
                }
                for i, p in enumerate(found)
            ],
            hide_index=True,
            width="stretch",
        )
        st.selectbox(
            "Which one",
            list(range(len(found))),
            key=_place_key(query),
            format_func=lambda i: f"{i + 1}. {place_label(found[i])}",
        )
    elif place is not None:
        st.caption(md(f"Found: {place_label(place)}"))
    _drawing_map(place)
    error("location")
    error("locations")


def _drawing_map(place: Any) -> None:
    """The preview map with the drawing control; a finished drawing is kept for saving."""
    from coopmap.maps import build_map
    from coopmap.maps.draw import DrawControl, drawing_of

    new, _ = new_location(str(form().get("title", "")))
    draft = form().preview(new)
    for warning in place_warnings(draft) if draft is not None else []:
        st.warning(md(f"{warning}. Saving keeps it as it is."), icon=":material/warning:")
    m = build_map([draft] if draft is not None else [], tiles="osm")
    DrawControl().add_to(m)
    st.caption(
        "Draw a line (a railway, a pipeline) or an area with the toolbar on the map: click to "
        "add points, click the last one or Finish to end; the toolbar below it moves points and "
        "deletes the shape. The drawing becomes the location's shape."
    )
    result = st_folium(
        m,
        key=key("map"),
        height=380,
        use_container_width=True,
        returned_objects=["last_active_drawing", "all_drawings"],
    )
    form().take_drawing(drawing_of(result))
    drawing = form().drawing
    if drawing is not None:
        points = vertex_count(drawing)
        noun = "line" if drawing.get("type") == "LineString" else "area"
        columns = st.columns([3, 2, 1])
        columns[0].caption(
            f"A drawn {noun} with {points} points will be saved as the location"
            + (" of the place above." if place is not None else ".")
        )
        columns[1].selectbox(
            "Its precision",
            [p.value for p in Precision if p is not Precision.UNKNOWN],
            index=1,
            key=key("draw_precision"),
            format_func=lambda p: Precision(p).label,
        )
        columns[2].button(
            "Discard the drawing", on_click=form().discard_drawing, key=key("discard_draw")
        )
