"""The sidebar filters shared by every page; they build one :class:`coopmap.query.Filter`.

They are drawn by the entry script before the page runs, so their values survive page changes.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coopmap.model import Event, Project, Record
from coopmap.query import Filter
from coopmap.taxonomy import SECTORS, Precision, Status

KEY = "coopmap_filter"


def render(records: list[Record]) -> Filter:
    """Draw the filter widgets in the sidebar and return the filter they describe."""
    sectors = sorted({s for r in records for s in r.sectors}, key=list(SECTORS).index)
    countries = sorted({c for r in records for c in r.countries})
    organisations = sorted(
        {o.name for r in records if isinstance(r, Project) for o in r.organisations}
        | {p.name for r in records if isinstance(r, Event) for p in r.participants}
    )
    first, last = _date_bounds(records)
    with st.sidebar:
        st.header("Filters")
        chosen_sectors = st.multiselect(
            "Sectors",
            sectors,
            default=sectors,
            key="f_sectors",
            format_func=lambda s: SECTORS[s].label,
        )
        kinds = st.multiselect(
            "Kinds",
            ["project", "event"],
            default=["project", "event"],
            key="f_kinds",
            format_func=lambda k: f"{k.capitalize()}s",
        )
        chosen_countries = st.multiselect("Countries", countries, key="f_countries")
        statuses = st.multiselect(
            "Project status", list(Status), key="f_statuses", format_func=lambda s: s.label
        )
        precisions = st.multiselect(
            "Location precision",
            list(Precision),
            key="f_precisions",
            format_func=lambda p: p.label,
        )
        dates = st.date_input(
            "Active between",
            value=(first, last),
            min_value=dt.date(1900, 1, 1),
            max_value=dt.date(2100, 12, 31),
            key="f_dates",
        )
        organisation = st.selectbox(
            "Organisation or participant",
            organisations,
            index=None,
            placeholder="Any",
            key="f_organisation",
        )
        text = st.text_input("Search titles, notes, organisations", key="f_text")
    start, end = (*dates, None, None)[:2] if dates else (None, None)
    full_range = (start, end) == (first, last)
    flt = Filter.make(
        sectors=chosen_sectors if len(chosen_sectors) < len(sectors) else (),
        kinds=kinds if kinds else ["project", "event"],
        countries=chosen_countries,
        statuses=statuses,
        precisions=precisions,
        organisation=organisation or None,
        text=text.strip() or None,
        start=None if full_range else start,
        end=None if full_range else end,
        no_sectors=bool(sectors) and not chosen_sectors,
    )
    st.session_state[KEY] = flt
    return flt


def _date_bounds(records: list[Record]) -> tuple[dt.date, dt.date]:
    days = [d.first_day for r in records for d in (r.start, r.end) if d]
    days += [d.last_day for r in records for d in (r.start, r.end) if d]
    if not days:
        today = dt.date.today()
        return today.replace(month=1, day=1), today
    return min(days), max(days)


def current() -> Filter:
    """The filter the sidebar describes (everything, before the sidebar has run)."""
    return st.session_state.get(KEY, Filter())
