"""coopmap's Streamlit app: ``coopmap app`` or ``streamlit run app/streamlit_app.py``.

The store comes from ``COOPMAP_STORE`` (set by ``coopmap app --store``) or the default path.
Who is acting, and the sign-in when the app has users, is :mod:`access`'s.
Each page is a thin layer over coopmap's functions, under a header that says which store is
open (:mod:`masthead`); the view (filters, selection, where the map looks) is kept in the
page's address (:mod:`links`). A store that cannot be read (another
program writing to it, a database out of reach) is a message on the page, not a traceback.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import access
import filters
import links
import masthead
import state
from coopmap.display.markdown import md
from coopmap.errors import StoreError
from coopmap.services.access import Action

st.set_page_config(
    page_title="coopmap",
    page_icon=":world_map:",
    layout="wide",
    menu_items=masthead.MENU_ITEMS,
)

HERE = Path(__file__).parent
PAGES = [
    ("map.py", "Map", ":material/map:"),
    ("records.py", "Records", ":material/table_rows:"),
    ("data.py", "Data", ":material/swap_vert:"),
    ("summary.py", "Summary", ":material/bar_chart:"),
    ("ingest.py", "Ingest", ":material/article:"),
]
# Pages listed for an admin only (the page and the services check again).
ADMIN_PAGES = [("users.py", "Users", ":material/group:")]

access.gate()  # the sign-in, when the app has users: nothing of the atlas before it
try:
    admin = access.can(Action.USERS)
except StoreError:  # the single-user app's admin is the store's user: said below
    admin = False
pages = [
    st.Page(f"views/{file}", title=title, icon=icon, default=index == 0)
    for index, (file, title, icon) in enumerate(PAGES + (ADMIN_PAGES if admin else []))
    if (HERE / "views" / file).exists()
]
page = st.navigation(pages)
st.set_page_config(page_title=f"{page.title} · coopmap")  # the tab says the page and the app
try:
    masthead.show()
    links.show_problems(links.restore(state.records()))
    filters.render(state.records())
    page.run()
    links.publish()
except StoreError as err:  # busy, unreachable, not a store: say so, and try again next run
    st.error(md(f"The store cannot be used: {err}"), icon=":material/error:")
