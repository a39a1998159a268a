"""UI pieces the Records, Data and Summary pages share: inert text, the records table, the
record form with its place search and drawing map.

The logic lives in :mod:`coopmap.editing`; this module only draws widgets and moves values
between them and those functions. Text from records or files only reaches the page as widget
values, table cells or escaped markdown (:func:`plain`), never as markup.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pycountry
import streamlit as st
from streamlit_folium import st_folium

import deletion
import state
from coopmap.dates import DatePrecision
from coopmap.editing import (
    LINK_COLUMNS,
    STATUS_COLUMNS,
    DateParts,
    FormValues,
    build_record,
    drawn_location,
    editor_rows,
    link_type_label,
    place_location,
    project_labels,
)
from coopmap.errors import (
    ConflictError,
    DuplicateRecordError,
    RecordNotFoundError,
    StoreError,
    ValidationError,
)
from coopmap.labels import place_label
from coopmap.markdown import md
from coopmap.model import Project, Record, record_from_dict
from coopmap.places import country_label
from coopmap.places.choices import choices
from coopmap.services import save_record
from coopmap.taxonomy import SECTORS, EventType, LinkType, Precision, Role, Sector, Status
from editors import rows_from_editor

# --- the records table --------------------------------------------------------------------------


# --- the gazetteer ------------------------------------------------------------------------------


@st.cache_resource(show_spinner="Opening the offline gazetteer…")
def gazetteer() -> Any:
    from coopmap.places import default_gazetteer

    return default_gazetteer()


@st.cache_data(show_spinner=False, max_entries=512)
def candidates(query: str) -> list[Any]:
    """Places the offline gazetteer knows by this name worth choosing between, best first
    (empty for none)."""
    return choices(gazetteer().lookup(query, limit=10))


# --- the record form ----------------------------------------------------------------------------
#
# Widget keys carry a generation number (rf3_title): opening another record or starting afresh
# bumps it, so every widget, data editor and the drawing map start from the new values instead
# of keeping the old ones. Session state besides the widgets:
#   rf_gen       the generation
#   rf_base      the record being edited as a dict (None for a new one), as read when opened
#   rf_version   its stored version then: the update is refused if the store moved on
#   rf_rows      the data editors' starting rows
#   rf_linked    ids the record's links point to when opened (kept as choices even if not stored)
#   rf_locations the locations the record has (a new place or drawing is added on save)
#   rf_drawing   a drawn GeoJSON geometry waiting to be saved; rf_drawing_seen the last one read
#   rf_errors    problems by field after a failed save; rf_notice the last save's outcome

_DATE_PRECISIONS: list[str] = ["", *[p.value for p in reversed(DatePrecision)]]
_DATE_LABELS = {"": "No date", "year": "Year", "month": "Month", "day": "Day"}
_MONTHS = list(range(1, 13))
_MONTH_NAMES = list(calendar.month_abbr)[1:]
_KINDS = ["project", "event"]


def _k(name: str) -> str:
    return f"rf{st.session_state.get('rf_gen', 0)}_{name}"


def _countries() -> list[str]:
    return sorted((c.alpha_2 for c in pycountry.countries), key=country_label)


def open_record(record: Record | None, /, *, kind: str = "project") -> None:
    """Fill the form with ``record`` (``None``: an empty form for a new ``kind``)."""
    ss = st.session_state
    ss.rf_gen = ss.get("rf_gen", 0) + 1
    values = FormValues.of(record) if record is not None else FormValues(kind=kind)
    ss.rf_base = record.to_dict() if record is not None else None
    ss.rf_version = state.store().version(record.id) if record is not None else None
    ss.rf_rows = {
        **editor_rows(record),
        "links": list(values.links or ()),
        "status_history": list(values.status_history or ()),
    }
    ss.rf_linked = [row["project"] for row in ss.rf_rows["links"]]
    ss.rf_locations = list(values.locations)
    ss.rf_drawing = None
    ss.rf_drawing_seen = None
    ss.rf_errors = {}
    ss[_k("kind")] = values.kind
    ss[_k("title")] = values.title
    ss[_k("sectors")] = list(values.sectors)
    ss[_k("countries")] = list(values.countries)
    ss[_k("notes")] = values.notes
    ss[_k("draft")] = values.draft
    ss[_k("status")] = values.status
    ss[_k("event_type")] = values.event_type
    ss[_k("amount_value")], ss[_k("amount_currency")] = values.amount or ("", "")
    ss[_k("outcomes")] = values.outcomes or ""
    for name in ("start", "end", "status_date"):
        parts: DateParts = getattr(values, name)
        ss[_k(f"{name}_precision")] = parts.precision.value if parts.precision else ""
        ss[_k(f"{name}_year")] = parts.year
        ss[_k(f"{name}_month")] = parts.month
        ss[_k(f"{name}_day")] = parts.day


def _ensure_form() -> None:
    if "rf_gen" not in st.session_state:
        open_record(None)


def _base() -> Record | None:
    data = st.session_state.get("rf_base")
    return record_from_dict(data) if data else None


def _date(name: str) -> DateParts:
    ss = st.session_state
    precision = ss.get(_k(f"{name}_precision")) or None
    return DateParts(
        DatePrecision(precision) if precision else None,
        ss.get(_k(f"{name}_year")),
        ss.get(_k(f"{name}_month")),
        ss.get(_k(f"{name}_day")),
    )


def _rows(name: str) -> list[dict[str, Any]]:
    return rows_from_editor(st.session_state.rf_rows[name], st.session_state.get(_k(name)))


def _place_key(query: str) -> str:
    digest = hashlib.sha1(query.casefold().encode()).hexdigest()[:10]
    return _k(f"place_{digest}")


def _chosen_place() -> tuple[str, Any, str | None]:
    """The place text, the chosen gazetteer candidate (or None), and a problem (or None)."""
    query = " ".join(str(st.session_state.get(_k("place")) or "").split())
    if not query:
        return "", None, None
    found = candidates(query)
    if not found:
        return query, None, f"the offline gazetteer knows no place called {query!r}"
    index = st.session_state.get(_place_key(query)) or 0
    return query, found[min(int(index), len(found) - 1)], None


def _new_location(title: str) -> tuple[dict[str, Any] | None, str | None]:
    """The location the place field or the drawing adds on save, or a problem."""
    query, place, problem = _chosen_place()
    drawing = st.session_state.get("rf_drawing")
    if drawing is not None:
        try:
            precision = st.session_state.get(_k("draw_precision")) or Precision.NEAR
            name = query or " ".join(title.split()) or "drawn location"
            return drawn_location(drawing, name=name, place=place, precision=precision), None
        except ValidationError as err:
            return None, err.reason
    if problem is not None:
        return None, f"{problem}; check the spelling, or draw the location on the map"
    if place is None:
        return None, None
    return place_location(place, name=query, gazetteer=gazetteer()), None


def _values() -> tuple[FormValues, dict[str, str]]:
    """What the form holds, and problems found before validation (the new location's)."""
    ss = st.session_state
    title = str(ss.get(_k("title")) or "")
    removed = set(ss.get(_k("remove_locations")) or [])
    locations = [loc for i, loc in enumerate(ss.get("rf_locations") or []) if i not in removed]
    new, problem = _new_location(title)
    if new is not None:
        locations.append(new)
    values = FormValues(
        kind=ss.get(_k("kind")) or "project",
        title=title,
        sectors=list(ss.get(_k("sectors")) or []),
        countries=list(ss.get(_k("countries")) or []),
        start=_date("start"),
        end=_date("end"),
        notes=str(ss.get(_k("notes")) or ""),
        draft=bool(ss.get(_k("draft"))),
        sources=_rows("sources"),
        locations=locations,
        status=ss.get(_k("status")) or "unknown",
        status_date=_date("status_date"),
        organisations=_rows("organisations"),
        specs=_rows("specs"),
        amount=(str(ss.get(_k("amount_value")) or ""), str(ss.get(_k("amount_currency")) or "")),
        status_history=_rows("status_history"),
        event_type=ss.get(_k("event_type")),
        participants=_rows("participants"),
        outcomes=str(ss.get(_k("outcomes")) or ""),
        links=_rows("links"),
    )
    return values, ({"location": problem} if problem else {})


def _link_choices(records: Iterable[Record]) -> dict[str, str]:
    """The projects a link may point to, id to label: the stored ones, and those the record
    linked to when opened."""
    return project_labels(records, also=st.session_state.get("rf_linked") or ())


def save_form() -> None:
    """Validate the form and write the record; on any problem, write nothing and say why."""
    ss = st.session_state
    base = _base()
    values, problems = _values()
    projects = _link_choices(state.records()) if values.kind == "event" else None
    result = build_record(values, base=base, projects=projects)
    errors = {**result.errors, **problems}
    record = result.record
    if errors or record is None:
        ss.rf_errors = errors or {"record": "the record is not valid"}
        ss.rf_notice = None
        return
    store = state.store()
    try:
        version = save_record(
            store, record, expected_version=None if base is None else ss.rf_version
        )
    except ConflictError:
        ss.rf_errors = {"record": _conflict_message(record, store.version(record.id))}
        return
    except RecordNotFoundError:
        ss.rf_errors = {
            "record": f"'{record.title}' was deleted by someone else while you edited it; "
            "nothing was saved. Start a new record to add it again."
        }
        return
    except DuplicateRecordError:
        ss.rf_errors = {
            "title": f"a {record.kind} with this title is already stored (id {record.id}); "
            "open that one to edit it, or give this one another title"
        }
        return
    except StoreError as err:
        ss.rf_errors = {"record": f"the store refused the record: {err}"}
        return
    ss.rf_notice = ("success", f"Saved '{record.title}' ({record.id}, version {version}).")
    if base is None:
        ss.rf_pick = ""
        open_record(None, kind=record.kind)
    else:
        open_record(store.get(record.id))


def _conflict_message(record: Record, stored_version: int | None) -> str:
    opened = st.session_state.rf_version
    return (
        f"Not saved: '{record.title}' was changed by someone else after you opened it "
        f"(you opened version {opened}, the store now has version {stored_version}). "
        "Saving would overwrite their edit. Copy what you need, then reload the record to see "
        "their version and apply your changes to it."
    )


def reload_form() -> None:
    """Open the stored version of the record being edited (dropping unsaved changes)."""
    base = _base()
    record = state.store().get(base.id) if base is not None else None
    st.session_state.rf_notice = None
    open_record(record, kind=st.session_state.get(_k("kind")) or "project")


def pick_record() -> None:
    """Open the record chosen in the picker (or an empty form)."""
    picked = st.session_state.get("rf_pick") or ""
    st.session_state.rf_notice = None
    deletion.cancel()
    open_record(state.store().get(picked) if picked else None)


def _error(name: str) -> None:
    message = st.session_state.get("rf_errors", {}).get(name)
    if message:
        st.error(md(message), icon=":material/error:")


def _date_input(name: str, label: str) -> None:
    columns = st.columns([3, 2, 3, 2])
    precision = columns[0].selectbox(
        label,
        _DATE_PRECISIONS,
        key=_k(f"{name}_precision"),
        format_func=_DATE_LABELS.__getitem__,
        help="Known to the year, the month or the day: give only what the source says.",
    )
    if precision:
        columns[1].number_input(
            "Year", min_value=1, max_value=9999, step=1, key=_k(f"{name}_year"), value=None
        )
    if precision in ("month", "day"):
        columns[2].selectbox(
            "Month",
            _MONTHS,
            index=None,
            placeholder="Choose",
            key=_k(f"{name}_month"),
            format_func=lambda m: _MONTH_NAMES[m - 1],
        )
    if precision == "day":
        columns[3].number_input(
            "Day", min_value=1, max_value=31, step=1, value=None, key=_k(f"{name}_day")
        )
    _error(name)


def _editor(
    name: str,
    label: str,
    column_config: dict[str, Any],
    columns: list[str],
    *,
    help: str | None = None,
) -> None:
    import pandas as pd

    st.markdown(f"**{label}**", help=help)
    frame = pd.DataFrame(st.session_state.rf_rows[name], columns=columns, dtype="object")
    st.data_editor(
        frame,
        key=_k(name),
        num_rows="dynamic",
        hide_index=True,
        column_config=column_config,
        width="stretch",
    )
    _error(name)


def _text_column(label: str, **options: Any) -> Any:
    return st.column_config.TextColumn(label, **options)


def _choice_column(label: str, values: Iterable[str], shown: Any, **options: Any) -> Any:
    """A required column of ``values``, each shown as ``shown(value)``."""
    return st.column_config.SelectboxColumn(
        label, options=[str(value) for value in values], format_func=shown, required=True, **options
    )


def record_form(records: list[Record], /) -> None:
    """The form to add a project or event, or to edit a stored one."""
    _ensure_form()
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
    base = _base()
    notice = ss.get("rf_notice")
    if notice:
        st.success(md(notice[1]), icon=":material/check_circle:")
    deletion.notice()
    if ss.get("rf_errors", {}).get("record"):
        _error("record")
        if base is not None:
            st.button("Reload the stored record", on_click=reload_form, key=_k("reload"))
    elif ss.get("rf_errors"):
        st.error("Nothing was saved: correct the fields marked below.", icon=":material/error:")

    left, right = st.columns(2, gap="large")
    with left:
        kind = _main_fields(base)
    with right:
        _table_fields(kind, records)
    _location_section()
    buttons = st.columns([1, 1, 1, 3])
    buttons[0].button("Save", type="primary", on_click=save_form, key=_k("save"))
    buttons[1].button(
        "Discard changes" if base is not None else "Clear the form",
        on_click=reload_form,
        key=_k("discard"),
    )
    if base is not None:
        buttons[2].button(
            "Delete…",
            on_click=deletion.request,
            args=(base, ss.rf_version, "records"),
            key=_k("delete"),
            icon=":material/delete:",
        )
        deletion.confirmation("records", base.id, after=_forget_record)


def _forget_record() -> None:
    """Empty the form once the record it held is deleted."""
    st.session_state.rf_pick = ""
    st.session_state.rf_notice = None
    open_record(None)


def _main_fields(base: Record | None) -> str:
    """Kind, title, sectors, status or event type, dates, countries, notes; returns the kind."""
    top = st.columns([2, 1])
    kind = top[0].radio(
        "Kind",
        _KINDS,
        key=_k("kind"),
        horizontal=True,
        format_func=str.capitalize,
        disabled=base is not None,
        help="A stored record keeps its kind." if base is not None else None,
    )
    top[1].checkbox("Draft", key=_k("draft"), help="Not yet checked against a source.")
    _error("kind")
    st.text_input("Title", key=_k("title"), max_chars=300)
    _error("title")
    st.multiselect(
        "Sectors",
        [s.value for s in Sector],
        key=_k("sectors"),
        format_func=lambda s: SECTORS[Sector(s)].label,
        help="A project needs at least one; use Other if none fits.",
    )
    _error("sectors")
    if kind == "project":
        st.selectbox(
            "Status",
            [s.value for s in Status],
            key=_k("status"),
            format_func=lambda s: Status(s).label,
        )
        _error("status")
        _date_input("status_date", "Status as of")
        _history_editor()
    else:
        st.selectbox(
            "Event type",
            [t.value for t in EventType],
            key=_k("event_type"),
            index=None,
            placeholder="Choose the kind of event",
            format_func=lambda t: EventType(t).label,
        )
        _error("event_type")
    _date_input("start", "Start")
    _date_input("end", "End")
    st.multiselect("Countries", _countries(), key=_k("countries"), format_func=country_label)
    _error("countries")
    st.text_area("Notes", key=_k("notes"), height=120)
    _error("notes")
    return str(kind)


_HISTORY_HELP = (
    "Oldest first: each status with the date it began (YYYY, YYYY-MM or YYYY-MM-DD) and the "
    "source that says so. The last row is the current status, so adding a row is how to record "
    "a change with its date and source. Choosing another Status above also adds a row, from "
    "'Status as of', when you save; if the last row already has that status, it is not added "
    "twice. A record without a history keeps its status as the last entry when it differs "
    "from the rows you add."
)


def _history_editor() -> None:
    _editor(
        "status_history",
        "Status history",
        {
            "status": _choice_column("Status", Status, lambda s: Status(s).label),
            "since": _text_column("Since", help="YYYY, YYYY-MM or YYYY-MM-DD", max_chars=10),
            "source_title": _text_column("Source title"),
            "source_link": _text_column("Source link", help="http(s)://…, doi:… or urn:…"),
        },
        list(STATUS_COLUMNS),
        help=_HISTORY_HELP,
    )


def _table_fields(kind: str, records: list[Record]) -> None:
    """Organisations, specs and the amount, or participants, outcomes and linked projects;
    sources."""
    if kind == "project":
        _editor(
            "organisations",
            "Organisations",
            {
                "name": _text_column("Name", required=True),
                "role": st.column_config.SelectboxColumn(
                    "Role", options=[r.value for r in Role], default=Role.PARTNER.value
                ),
            },
            ["name", "role"],
        )
        _editor(
            "specs",
            "Specifications",
            {
                "key": _text_column("What", help="length, stations, capacity…", required=True),
                "value": _text_column("Value", help="a number, or text", required=True),
                "unit": _text_column("Unit", help="km, MW, t/year…"),
            },
            ["key", "value", "unit"],
        )
        _amount_fields()
    else:
        _editor(
            "participants",
            "Participants",
            {
                "name": _text_column("Name", required=True),
                "kind": st.column_config.SelectboxColumn(
                    "Person or organisation",
                    options=["organisation", "person"],
                    default="organisation",
                ),
                "role": _text_column("Role"),
                "country": _text_column("Country", help="ISO code: KZ, CN…", max_chars=2),
            },
            ["name", "kind", "role", "country"],
        )
        st.text_area(
            "Outcomes",
            key=_k("outcomes"),
            height=100,
            help="One per line: what was agreed, signed or announced.",
        )
        _error("outcomes")
        _links_editor(records)
    _editor(
        "sources",
        "Sources",
        {
            "title": _text_column("Title", required=True),
            "url": _text_column("Link", help="http(s)://…, doi:… or urn:…"),
            "publisher": _text_column("Publisher"),
            "date": _text_column("Date", help="YYYY, YYYY-MM or YYYY-MM-DD"),
        },
        ["title", "url", "publisher", "date"],
    )


def _amount_fields() -> None:
    st.markdown("**Amount**")
    value, currency = st.columns([3, 1])
    value.text_input(
        "Value",
        key=_k("amount_value"),
        placeholder="1,900,000,000",
        help="The sum invested, lent or agreed, as the source gives it; leave empty if none.",
    )
    currency.text_input(
        "Currency",
        key=_k("amount_currency"),
        max_chars=3,
        placeholder="USD",
        help="ISO 4217 code: USD, CNY, KZT, EUR…",
    )
    _error("amount")
    _error("currency")


def _links_editor(records: list[Record]) -> None:
    choices = _link_choices(records)
    _editor(
        "links",
        "Linked projects",
        {
            "type": _choice_column(
                "Link", LinkType, link_type_label, help="How the event relates to the project."
            ),
            "project": st.column_config.SelectboxColumn(
                "Project",
                options=list(choices),
                format_func=lambda id: choices.get(id, id),
                required=True,
                width="large",
            ),
        },
        list(LINK_COLUMNS),
    )


def _location_section() -> None:
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
            key=_k("remove_locations"),
            format_func=lambda i: f"{i + 1}. {existing[i].get('name')}",
        )
    st.text_input(
        "Add a place",
        key=_k("place"),
        placeholder="a town, region or country: Astana, Hyderabad, Kazakhstan",
        help="Looked up in the offline gazetteer; the place is added to the record when you save.",
    )
    query, place, problem = _chosen_place()
    if problem:
        st.warning(md(problem + "; check the spelling, or draw the location on the map."))
    found = candidates(query) if query else []
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
    _error("location")
    _error("locations")


def _draft_record(new_location: dict[str, Any] | None) -> Record | None:
    ss = st.session_state
    removed = set(ss.get(_k("remove_locations")) or [])
    locations = [loc for i, loc in enumerate(ss.get("rf_locations") or []) if i not in removed]
    if new_location is not None:
        locations.append(new_location)
    sectors = list(ss.get(_k("sectors")) or []) or ["other"]
    try:
        return Project(
            id="draft",
            title=ss.get(_k("title")) or "New record",
            sectors=sectors,
            locations=locations,
        )
    except ValueError:
        return None


def _drawing_map(place: Any) -> None:
    """The preview map with the drawing control; a finished drawing is kept for saving."""
    from coopmap.maps import build_map
    from coopmap.maps.draw import DrawControl

    ss = st.session_state
    new_location, _ = _new_location(str(ss.get(_k("title")) or ""))
    draft = _draft_record(new_location)
    m = build_map([draft] if draft is not None else [], tiles="osm")
    DrawControl().add_to(m)
    st.caption(
        "Draw a line (a railway, a pipeline) or an area with the toolbar on the map: click to "
        "add points, click the last one or Finish to end; the toolbar below it moves points and "
        "deletes the shape. The drawing becomes the location's shape."
    )
    result = st_folium(
        m,
        key=_k("map"),
        height=380,
        use_container_width=True,
        returned_objects=["last_active_drawing", "all_drawings"],
    )
    _take_drawing(result)
    drawing = ss.get("rf_drawing")
    if drawing is not None:
        points = _vertex_count(drawing)
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
            key=_k("draw_precision"),
            format_func=lambda p: Precision(p).label,
        )
        columns[2].button("Discard the drawing", on_click=_discard_drawing, key=_k("discard_draw"))


def _take_drawing(result: Mapping[str, Any] | None) -> None:
    from coopmap.maps.draw import drawing_of

    geometry = drawing_of(result)
    if geometry is None:
        return
    seen = json.dumps(geometry, sort_keys=True)
    if seen == st.session_state.get("rf_drawing_seen"):
        return
    st.session_state.rf_drawing_seen = seen
    st.session_state.rf_drawing = geometry


def _discard_drawing() -> None:
    st.session_state.rf_drawing = None


def _vertex_count(geometry: Mapping[str, Any]) -> int:
    coordinates = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        return max(len(coordinates[0]) - 1, 0) if coordinates else 0
    return len(coordinates)
