"""The sidebar filters shared by every page; they build one :class:`coopmap.query.Filter`.

They are drawn by the entry script before the page runs, so their values survive page changes.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from coopmap.model import Event, Project, Record
from coopmap.places import country_label
from coopmap.query import Filter
from coopmap.taxonomy import SECTORS, Precision, Sector, Status

KEY = "coopmap_filter"

# The date widget's bounds: wide enough for any record, never narrower than the records.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


@dataclass(frozen=True)
class Options:
    """What the widgets offer, from the records."""

    sectors: list[Sector]
    countries: list[str]
    organisations: list[str]
    first: dt.date
    last: dt.date


def options_of(records: Sequence[Record], /) -> Options:
    """Sectors, countries (of records and of their locations), organisations and participants,
    and the first and last day any record covers."""
    sectors = sorted({s for r in records for s in r.sectors}, key=list(SECTORS).index)
    countries = sorted(
        {c for r in records for c in r.countries}
        | {loc.country for r in records for loc in r.locations if loc.country}
    )
    organisations = sorted(
        {o.name for r in records if isinstance(r, Project) for o in r.organisations}
        | {p.name for r in records if isinstance(r, Event) for p in r.participants},
        key=str.casefold,
    )
    first, last = _date_bounds(records)
    return Options(sectors, countries, organisations, first, last)


_memo: tuple[tuple[Record, ...], Options] | None = None
_memo_lock = threading.Lock()


def _options(records: Sequence[Record]) -> Options:
    """:func:`options_of`, worked out once for the same record objects (the app's records are
    shared and cached per store revision; the memo keeps them alive, so identity is exact)."""
    global _memo
    memo = _memo
    if (
        memo is not None
        and len(memo[0]) == len(records)
        and all(a is b for a, b in zip(memo[0], records, strict=True))
    ):
        return memo[1]
    found = options_of(records)
    with _memo_lock:
        _memo = (tuple(records), found)
    return found


def render(records: list[Record]) -> Filter:
    """Draw the filter widgets in the sidebar and return the filter they describe."""
    found = _options(records)
    sectors, first, last = found.sectors, found.first, found.last
    with st.sidebar:
        st.header("Filters")
        _select_new_options("f_sectors", sectors)
        chosen_sectors = st.multiselect(
            "Sectors",
            sectors,
            key="f_sectors",
            format_func=lambda s: SECTORS[s].label,
            help="Leave empty for all sectors.",
        )
        kinds = st.multiselect(
            "Kinds",
            ["project", "event"],
            default=["project", "event"],
            key="f_kinds",
            format_func=lambda k: f"{k.capitalize()}s",
            help="Leave empty for both.",
        )
        chosen_countries = st.multiselect(
            "Countries",
            found.countries,
            key="f_countries",
            format_func=country_label,
            help="A record is kept when it or one of its locations is in a chosen country.",
        )
        statuses = st.multiselect(
            "Project status", list(Status), key="f_statuses", format_func=lambda s: s.label
        )
        precisions = st.multiselect(
            "Location precision",
            list(Precision),
            key="f_precisions",
            format_func=lambda p: p.label,
            help="The best precision among a record's locations.",
        )
        _follow_bounds("f_dates", (first, last))
        dates = st.date_input(
            "Active between",
            value=(first, last),
            min_value=min(EARLIEST, first),
            max_value=max(LATEST, last),
            key="f_dates",
            help="Keeps records whose start-end interval overlaps the range; a date given as a "
            "month or a year covers all of it. The full range keeps undated records too.",
        )
        as_of = st.date_input(
            "As of",
            value=None,
            min_value=EARLIEST,
            max_value=LATEST,
            key="f_as_of",
            help="The atlas as it stood on this day: the records begun by then, each project "
            "with the status it had (from its status history). Empty for today.",
        )
        organisation = st.selectbox(
            "Organisation or participant",
            found.organisations,
            index=None,
            placeholder="Any",
            key="f_organisation",
        )
        text = st.text_input("Search titles, notes, organisations", key="f_text")
    start, end = _range(dates)
    full_range = (start, end) == (first, last) or (start, end) == (None, None)
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
        as_of=as_of if isinstance(as_of, dt.date) else None,
    )
    st.session_state[KEY] = flt
    return flt


def _select_new_options(key: str, options: Sequence[object]) -> None:
    """Select the options of the multiselect ``key`` that were not offered on its last run.

    The widget keeps its value while its options change, so a sector that first appears in
    the store after the sidebar was drawn (a record added by the form or another program)
    would be left out, and its records filtered away, though the user never deselected it.
    All options start selected; only what the user deselected stays deselected.
    """
    ss = st.session_state
    known = f"{key}_offered"
    if key not in ss:
        ss[key] = list(options)
    elif (new := [option for option in options if option not in ss.get(known, ())]) or any(
        value not in options for value in ss[key]
    ):
        chosen = {*ss[key], *new}
        ss[key] = [option for option in options if option in chosen]
    ss[known] = list(options)


def _follow_bounds(key: str, bounds: tuple[dt.date, dt.date]) -> None:
    """Start the date range ``key`` at the records' full span and keep it there as records
    change, unless the user narrowed it.

    A range left at the full span means "any date" (undated records too); without this, a
    record dated after the span seen when the sidebar was drawn would turn the stale full
    span into a narrowed range and drop that record and every undated one.
    """
    ss = st.session_state
    known = f"{key}_span"
    previous = ss.get(known)
    if key in ss and previous not in (None, bounds) and _range(ss[key]) == previous:
        ss[key] = bounds
    ss[known] = bounds


def _range(value: object) -> tuple[dt.date | None, dt.date | None]:
    """The (start, end) of the date widget's value: a pair, one date while a range is being
    picked, or nothing."""
    if isinstance(value, dt.date):
        return value, None
    picked = [day for day in value or () if isinstance(day, dt.date)]  # type: ignore[attr-defined]
    return (*picked, None, None)[:2]  # type: ignore[return-value]


def _date_bounds(records: Sequence[Record]) -> tuple[dt.date, dt.date]:
    dates = [d for r in records for d in (r.start, r.end) if d]
    if not dates:
        today = dt.date.today()
        return today.replace(month=1, day=1), today
    return min(d.first_day for d in dates), max(d.last_day for d in dates)


PICKABLE = ("sector", "country", "status", "year")
"""The groups a chart's bar can set the filter to (:func:`pick`)."""


def pick(field: str, value: object) -> None:
    """Set the filter to one group a chart's bar stands for: its sector, country, status or
    year (a year is its days in "Active between"). Called back before the sidebar is drawn,
    so the widgets show it; the other filters stay as they are."""
    ss = st.session_state
    if value is None or field not in PICKABLE:
        return
    if field == "sector":
        ss["f_sectors"] = [Sector(str(value))]
    elif field == "country":
        ss["f_countries"] = [str(value)]
    elif field == "status":
        ss["f_statuses"] = [Status(str(value))]
    else:
        year = int(value)  # type: ignore[call-overload]
        ss["f_dates"] = (dt.date(year, 1, 1), dt.date(year, 12, 31))


def current() -> Filter:
    """The filter the sidebar describes (everything, before the sidebar has run)."""
    return st.session_state.get(KEY, Filter())
