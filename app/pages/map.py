"""Map page: the layered atlas with sector and kind filters."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from coopmap.maps import build_map
from coopmap.query import Filter
from coopmap.taxonomy import SECTORS
from state import records

all_records = records()
present = sorted({s for r in all_records for s in r.sectors}, key=list(SECTORS).index)

with st.sidebar:
    st.header("Filters")
    sectors = st.multiselect(
        "Sectors", present, default=present, format_func=lambda s: SECTORS[s].label
    )
    kinds = st.multiselect("Kinds", ["project", "event"], default=["project", "event"])

flt = Filter.make(sectors=sectors, kinds=kinds)
shown = flt.apply(all_records) if sectors else [r for r in all_records if not r.sectors]
st.caption(f"{len(shown)} of {len(all_records)} records")
st_folium(
    build_map(shown),
    key="atlas",
    height=620,
    use_container_width=True,
    returned_objects=["last_object_clicked"],
)
