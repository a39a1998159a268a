"""Bar charts of record counts, shared by the Summary page and the Map page's side panel."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from coopmap.maps.styles import EVENT_COLOUR

# Events in the map's event colour; projects in a blue that is no sector's.
KIND_COLOURS = alt.Scale(domain=["project", "event"], range=["#4c78a8", EVENT_COLOUR])


def bar_chart(
    rows: list[dict[str, Any]],
    *,
    key: str,
    title: str,
    horizontal: bool = True,
    table: bool = True,
    height: int = 260,
    label_limit: int = 220,
) -> None:
    """Bars per group, split by kind, in the table's order; ``table`` adds the numbers in an
    expander below; group labels longer than ``label_limit`` pixels are cut short."""
    if not rows:
        st.caption(f"{title}: no records.")
        return
    frame = pd.DataFrame(rows)
    label = "label" if "label" in frame else key
    frame[label] = frame[label].astype(str)
    order = list(dict.fromkeys(frame[label]))
    group = alt.X if not horizontal else alt.Y
    value = alt.X if horizontal else alt.Y
    axis = alt.Axis(labelLimit=label_limit) if horizontal else alt.Axis(labelAngle=0)
    # A bar per group: the plot grows with the groups (a fixed height would squeeze it).
    size = alt.Step(24) if horizontal else height
    chart = (
        alt.Chart(frame, title=title, height=size)
        .mark_bar()
        .encode(
            group(f"{label}:N", sort=order, title=None, axis=axis),
            value("sum(records):Q", title="records"),
            alt.Color("kind:N", scale=KIND_COLOURS, title=None),
            tooltip=[alt.Tooltip(f"{label}:N", title=key), "kind:N", "records:Q"],
        )
    )
    st.altair_chart(chart, width="stretch")
    if table:
        with st.expander("Table"):
            st.dataframe(frame, hide_index=True, width="stretch")
