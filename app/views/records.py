"""Records page: the filtered records as a sortable table, and the form to add, edit or delete
one."""

from __future__ import annotations

import streamlit as st

import filters
import record_form
import state
from coopmap.display.table import record_rows

all_records = state.records()
shown = state.shown(filters.current())
ids = [record.id for record in shown]


def _open_selected() -> None:
    rows = st.session_state.records_table.selection.rows
    if rows:
        st.session_state.rf_pick = ids[rows[0]]
        record_form.pick_record()


st.caption(f"{len(shown)} of {len(all_records)} records")
st.dataframe(
    record_rows(shown),
    key="records_table",
    hide_index=True,
    width="stretch",
    height=min(38 + 35 * max(len(shown), 1), 460),
    on_select=_open_selected,
    selection_mode="single-row",
    column_config={"title": st.column_config.TextColumn("title", width="large")},
)
st.subheader("Add or edit a record")
st.caption("Select a row above, or choose a record here, to edit it.")
record_form.record_form(all_records)
