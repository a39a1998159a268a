"""Map page: the layered atlas of the records the sidebar filters keep."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

import filters
import state
from coopmap.maps import build_map

all_records = state.records()
shown = filters.current().apply(all_records)
st.caption(f"{len(shown)} of {len(all_records)} records")
st_folium(
    build_map(shown),
    key="atlas",
    height=620,
    use_container_width=True,
    returned_objects=["last_object_clicked"],
)
