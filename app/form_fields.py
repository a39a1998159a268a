"""The record form's fields: kind, title, sectors, status or event type, dates, countries and
notes on one side; the tables (organisations, specs, participants, links, sources, the status
history), the amount and the outcomes on the other.

Each widget's value lives in the session under the form's generation-keyed name
(:class:`coopmap.editing.FormSession`); each field shows its problem from the last save below
it.
Text from records only reaches the page as widget values, table cells or escaped Markdown.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from typing import Any

import pycountry
import streamlit as st

from coopmap.dates import DatePrecision
from coopmap.display.markdown import md
from coopmap.editing import LINK_COLUMNS, STATUS_COLUMNS, FormSession, link_type_label
from coopmap.model import Record
from coopmap.places import country_label
from coopmap.taxonomy import SECTORS, EventType, LinkType, Role, Sector, Status

_DATE_PRECISIONS: list[str] = ["", *[p.value for p in reversed(DatePrecision)]]
_DATE_LABELS = {"": "No date", "year": "Year", "month": "Month", "day": "Day"}
_MONTHS = list(range(1, 13))
_MONTH_NAMES = list(calendar.month_abbr)[1:]
_KINDS = ["project", "event"]


def form() -> FormSession:
    """The record form's state in this session."""
    return FormSession(st.session_state)


def key(name: str, /) -> str:
    """The session key of the form's widget ``name``."""
    return form().key(name)


def error(name: str, /) -> None:
    """The problem with field ``name`` from the last save, if any."""
    message = form().errors.get(name)
    if message:
        st.error(md(message), icon=":material/error:")


def _countries() -> list[str]:
    return sorted((c.alpha_2 for c in pycountry.countries), key=country_label)


def date_input(name: str, label: str) -> None:
    columns = st.columns([3, 2, 3, 2])
    precision = columns[0].selectbox(
        label,
        _DATE_PRECISIONS,
        key=key(f"{name}_precision"),
        format_func=_DATE_LABELS.__getitem__,
        help="Known to the year, the month or the day: give only what the source says.",
    )
    if precision:
        columns[1].number_input(
            "Year", min_value=1, max_value=9999, step=1, key=key(f"{name}_year"), value=None
        )
    if precision in ("month", "day"):
        columns[2].selectbox(
            "Month",
            _MONTHS,
            index=None,
            placeholder="Choose",
            key=key(f"{name}_month"),
            format_func=lambda m: _MONTH_NAMES[m - 1],
        )
    if precision == "day":
        columns[3].number_input(
            "Day", min_value=1, max_value=31, step=1, value=None, key=key(f"{name}_day")
        )
    error(name)


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
    frame = pd.DataFrame(form().starting_rows(name), columns=columns, dtype="object")
    st.data_editor(
        frame,
        key=key(name),
        num_rows="dynamic",
        hide_index=True,
        column_config=column_config,
        width="stretch",
    )
    error(name)


def _text_column(label: str, **options: Any) -> Any:
    return st.column_config.TextColumn(label, **options)


def _choice_column(label: str, values: Iterable[str], shown: Any, **options: Any) -> Any:
    """A required column of ``values``, each shown as ``shown(value)``."""
    return st.column_config.SelectboxColumn(
        label, options=[str(value) for value in values], format_func=shown, required=True, **options
    )


def main_fields(base: Record | None) -> str:
    """Kind, title, sectors, status or event type, dates, countries, notes; returns the kind."""
    top = st.columns([2, 1])
    kind = top[0].radio(
        "Kind",
        _KINDS,
        key=key("kind"),
        horizontal=True,
        format_func=str.capitalize,
        disabled=base is not None,
        help="A stored record keeps its kind." if base is not None else None,
    )
    top[1].checkbox("Draft", key=key("draft"), help="Not yet checked against a source.")
    error("kind")
    st.text_input("Title", key=key("title"), max_chars=300)
    error("title")
    st.multiselect(
        "Sectors",
        [s.value for s in Sector],
        key=key("sectors"),
        format_func=lambda s: SECTORS[Sector(s)].label,
        help="A project needs at least one; use Other if none fits.",
    )
    error("sectors")
    if kind == "project":
        st.selectbox(
            "Status",
            [s.value for s in Status],
            key=key("status"),
            format_func=lambda s: Status(s).label,
        )
        error("status")
        date_input("status_date", "Status as of")
        _history_editor()
    else:
        st.selectbox(
            "Event type",
            [t.value for t in EventType],
            key=key("event_type"),
            index=None,
            placeholder="Choose the kind of event",
            format_func=lambda t: EventType(t).label,
        )
        error("event_type")
    date_input("start", "Start")
    date_input("end", "End")
    st.multiselect("Countries", _countries(), key=key("countries"), format_func=country_label)
    error("countries")
    st.text_area("Notes", key=key("notes"), height=120)
    error("notes")
    return str(kind)


_HISTORY_HELP = (
    "Oldest first: each status with the date it began (YYYY, YYYY-MM or YYYY-MM-DD) and the "
    "source that says so. The last row is the current status, so adding a row is how to record "
    "a change with its date and source. Choosing another Status above also adds a row, from "
    "'Status as of', when you save; if the last row already has that status, it is not added "
    "twice. A record without a history keeps its status as the last entry when it differs "
    "from the rows you add; changing its Status with a 'Status as of' date starts its history "
    "with the status it had."
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


def table_fields(kind: str, records: list[Record]) -> None:
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
            key=key("outcomes"),
            height=100,
            help="One per line: what was agreed, signed or announced.",
        )
        error("outcomes")
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
        key=key("amount_value"),
        placeholder="1,900,000,000",
        help="The sum invested, lent or agreed, as the source gives it; leave empty if none.",
    )
    currency.text_input(
        "Currency",
        key=key("amount_currency"),
        max_chars=3,
        placeholder="USD",
        help="ISO 4217 code: USD, CNY, KZT, EUR…",
    )
    error("amount")
    error("currency")


def _links_editor(records: list[Record]) -> None:
    choices = form().link_choices(records)
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
