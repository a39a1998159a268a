"""Bar charts of record counts and of amounts, shared by the Summary page and the Map page's side
panel. A click on a bar of a sector, country, status or year sets the sidebar's filter to it
(:func:`filters.pick`), so the map and every chart show that group."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import filters
from coopmap.display.markdown import md
from coopmap.money import Totals, money_text, notes, table_rows

LABEL_LIMIT = 120
"""The widest a group's label gets (px), cut beyond: at 800 px the bars keep some room."""

# Projects in a blue that is no sector's; events in a grey like the map's event colour, light
# enough to show on the dark theme's background too.
PROJECT_COLOUR = "#4c78a8"
EVENT_BAR_COLOUR = "#8a8a8a"
KIND_COLOURS = alt.Scale(domain=["project", "event"], range=[PROJECT_COLOUR, EVENT_BAR_COLOUR])


def bar_chart(
    rows: list[dict[str, Any]],
    *,
    key: str,
    title: str,
    horizontal: bool = True,
    table: bool = True,
    height: int = 260,
    label_limit: int = LABEL_LIMIT,
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
            # the legend below the bars, which keep the width on a narrow page; one kind a
            # line, as it starts where the bars do (side by side they run past a narrow chart)
            alt.Color(
                "kind:N",
                scale=KIND_COLOURS,
                title=None,
                legend=alt.Legend(orient="bottom", direction="vertical", offset=6),
            ),
            tooltip=[alt.Tooltip(f"{label}:N", title=key), "kind:N", "records:Q"],
            # the group's own value in the bars' data, for a click to pick it
            detail=f"{key}:N",
        )
    )
    _show(chart, key=key, title=title)
    if table:
        with st.expander("Table"):
            st.dataframe(frame, hide_index=True, width="stretch")


def _show(chart: alt.Chart, *, key: str, title: str) -> None:
    """Draw ``chart``; when its groups are ones the filter can take, a click on a bar picks
    that group (the field ``key`` of the bar's rows)."""
    if key not in filters.PICKABLE:
        st.altair_chart(chart, width="stretch")
        return
    widget = f"chart_{title}"
    chart = chart.add_params(alt.selection_point(name="pick", fields=[key]))
    st.altair_chart(
        chart,
        width="stretch",
        key=widget,
        on_select=lambda: filters.pick(key, picked(st.session_state[widget], key)),
        selection_mode="pick",
    )


def picked(event: Any, key: str) -> Any:
    """The group a chart's selection event names, ``None`` when none (a second click on a
    bar clears its selection)."""
    points = (event or {}).get("selection", {}).get("pick") or []
    if isinstance(points, dict):  # the values by field, rather than one dict a point
        values = points.get(key) or [None]
        return values[0]
    return points[0].get(key)


def amount_chart(found: Totals, /, *, title: str, horizontal: bool = True) -> None:
    """Bars of each group's amount in US dollars, the amounts in their own currencies in the
    tooltip; below, the table and what the dollars rest on (rates and their source, the
    amounts without one)."""
    rows = [
        {
            found.by: g.key,
            "label": g.label,
            "usd": g.usd or 0.0,
            "amounts": ", ".join(money_text(v, c) for c, v in g.amounts.items()),
            "projects": g.projects,
        }
        for g in found.groups
        if g.projects
    ]
    if not rows:
        st.caption(f"{title}: no amounts.")
        return
    frame = pd.DataFrame(rows)
    frame["label"] = frame["label"].astype(str)
    group = alt.Y if horizontal else alt.X
    value = alt.X if horizontal else alt.Y
    axis = alt.Axis(labelLimit=LABEL_LIMIT) if horizontal else alt.Axis(labelAngle=0)
    chart = (
        alt.Chart(frame, title=title, height=alt.Step(24) if horizontal else 220)
        .mark_bar(color=PROJECT_COLOUR)
        .encode(
            group("label:N", sort=list(frame["label"]), title=None, axis=axis),
            value("usd:Q", title="US dollars", axis=alt.Axis(format="~s")),
            tooltip=[
                alt.Tooltip("label:N", title=found.by),
                alt.Tooltip("usd:Q", title="US dollars", format=",.0f"),
                alt.Tooltip("amounts:N", title="amounts"),
                alt.Tooltip("projects:Q", title="projects"),
            ],
        )
    )
    _show(chart, key=found.by, title=title)
    with st.expander("Table and rates"):
        st.dataframe(pd.DataFrame(table_rows(found)), hide_index=True, width="stretch")
        for line in notes(found):
            st.caption(md(line))
