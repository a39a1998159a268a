"""Summary page: the filtered records counted by sector, country, status and year."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import filters
import state
from coopmap import summary
from coopmap.maps.styles import EVENT_COLOUR

COUNTRIES_SHOWN = 20
# Events in the map's event colour; projects in a blue that is no sector's.
KIND_COLOURS = alt.Scale(domain=["project", "event"], range=["#4c78a8", EVENT_COLOUR])


def bar_chart(rows: list[dict[str, Any]], *, key: str, title: str, horizontal: bool = True) -> None:
    """Bars per group, split by kind, in the table's order."""
    if not rows:
        st.caption(f"{title}: no records.")
        return
    frame = pd.DataFrame(rows)
    label = "label" if "label" in frame else key
    frame[label] = frame[label].astype(str)
    order = list(dict.fromkeys(frame[label]))
    group = alt.X if not horizontal else alt.Y
    value = alt.X if horizontal else alt.Y
    axis = alt.Axis(labelLimit=220) if horizontal else alt.Axis(labelAngle=0)
    # A bar per group: the plot grows with the groups (a fixed height would squeeze it).
    height = alt.Step(24) if horizontal else 260
    chart = (
        alt.Chart(frame, title=title, height=height)
        .mark_bar()
        .encode(
            group(f"{label}:N", sort=order, title=None, axis=axis),
            value("sum(records):Q", title="records"),
            alt.Color("kind:N", scale=KIND_COLOURS, title=None),
            tooltip=[alt.Tooltip(f"{label}:N", title=key), "kind:N", "records:Q"],
        )
    )
    st.altair_chart(chart, width="stretch")
    with st.expander("Table"):
        st.dataframe(frame, hide_index=True, width="stretch")


all_records = state.records()
shown = state.shown(filters.current())
st.caption(f"{len(shown)} of {len(all_records)} records")
numbers = summary.overview(shown)
years = (
    f"{numbers.first_year} to {numbers.last_year}"
    if numbers.first_year is not None and numbers.first_year != numbers.last_year
    else str(numbers.first_year or "—")
)
for column, (label, value) in zip(
    st.columns([1, 1, 1, 1, 1, 2]),
    [
        ("Records", numbers.records),
        ("Projects", numbers.projects),
        ("Events", numbers.events),
        ("Countries", numbers.countries),
        ("Sectors", numbers.sectors),
        ("Years", years),
    ],
    strict=True,
):
    column.metric(label, value)
notes = []
if numbers.records - numbers.located:
    notes.append(f"{numbers.records - numbers.located} without a location")
if numbers.undated:
    notes.append(f"{numbers.undated} without dates")
if notes:
    st.caption("Of these, " + " and ".join(notes) + ".")

left, right = st.columns(2)
with left:
    bar_chart(summary.by_sector(shown), key="sector", title="By sector")
    bar_chart(summary.by_status(shown), key="status", title="Projects by status")
with right:
    countries = summary.by_country(shown)
    top = list(summary.totals(countries, key="country"))[:COUNTRIES_SHOWN]
    bar_chart([r for r in countries if r["country"] in top], key="country", title="By country")
    if len(summary.totals(countries, key="country")) > COUNTRIES_SHOWN:
        st.caption(f"The {COUNTRIES_SHOWN} countries with most records.")
    bar_chart(summary.by_year(shown), key="year", title="By start year", horizontal=False)
