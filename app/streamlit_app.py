"""coopmap's Streamlit app: ``coopmap app`` or ``streamlit run app/streamlit_app.py``.

The store comes from ``COOPMAP_STORE`` (set by ``coopmap app --store``) or the default path.
Who is acting, and the sign-in when the app has users, is :mod:`access`'s.
Each page is a thin layer over coopmap's functions. A store that cannot be read (another
program writing to it, a database out of reach) is a message on the page, not a traceback.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import access
import filters
import state
from coopmap.display.markdown import md
from coopmap.errors import StoreError

st.set_page_config(page_title="coopmap", page_icon=":world_map:", layout="wide")

HERE = Path(__file__).parent
PAGES = [
    ("map.py", "Map", ":material/map:"),
    ("records.py", "Records", ":material/table_rows:"),
    ("data.py", "Data", ":material/swap_vert:"),
    ("summary.py", "Summary", ":material/bar_chart:"),
    ("ingest.py", "Ingest", ":material/article:"),
]
pages = [
    st.Page(f"views/{file}", title=title, icon=icon, default=index == 0)
    for index, (file, title, icon) in enumerate(PAGES)
    if (HERE / "views" / file).exists()
]
access.gate()  # the sign-in, when the app has users: nothing of the atlas before it
page = st.navigation(pages)
try:
    filters.render(state.records())
    page.run()
except StoreError as err:  # busy, unreachable, not a store: say so, and try again next run
    st.error(md(f"The store cannot be used: {err}"), icon=":material/error:")
