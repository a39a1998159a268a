"""coopmap's Streamlit app: ``coopmap app`` or ``streamlit run app/streamlit_app.py``.

The store comes from ``COOPMAP_STORE`` (set by ``coopmap app --store``) or the default path.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="coopmap", page_icon=":world_map:", layout="wide")

pages = [st.Page("pages/map.py", title="Map", icon=":material/map:", default=True)]
st.navigation(pages).run()
