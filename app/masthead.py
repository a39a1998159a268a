"""What every page says first: what the app is and which store is open; and the app menu's
About entry (Streamlit's own toolbar is minimal: ``coopmap app --client.toolbarMode minimal``)."""

from __future__ import annotations

import streamlit as st

import state
from coopmap.display.markdown import md
from coopmap.store.base import redact

ABOUT = """\
**coopmap** puts cooperation projects and the events around them on a map: what is built,
where, by whom and when, from files, news reports and hand-entered records.

- **Map**: click a feature for its record; the sidebar filters what is shown; *Find a place*
  flies the map there and *Fit to records* brings the records back into view.
- **Share**: the address says the filters, the day, the selected record and where the map
  looks; *Copy link* copies it, *Download this view* saves the map as one HTML file that opens
  without a network (as `coopmap export view.html` with the same filters).
- **Records**, **Data**, **Summary** and **Ingest**: edit records, import and export files,
  count them, read news reports into records.

Everything works offline: the places come from a gazetteer shipped with coopmap.
"""

MENU_ITEMS = {"Get help": None, "Report a bug": None, "About": ABOUT}
"""The app menu's entries: the About text (which also says how to use the app) and no links
to Streamlit's own help."""


# Every page's margins the same (Streamlit's leave 6 rem above the header and 5 rem beside).
# In a narrow window a row of columns wraps rather than squeezing each below a readable width,
# and the sidebar (300 px by default) leaves the page more room.
NARROW = """<style>
.stMainBlockContainer { padding: 3.5rem 2.5rem 2rem; }
@media (max-width: 1000px) {
  [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
  [data-testid="stColumn"] { min-width: min(9rem, 100%); }
  .stMainBlockContainer { padding-left: 1.5rem; padding-right: 1.5rem; }
  [data-testid="stSidebar"][data-collapsed="false"] {
    width: 14.5rem !important; min-width: 14.5rem !important;
  }
}
</style>"""


def show() -> None:
    """A one-line header: the app's name and what it shows, and the store it has open (and
    the pages' layout for narrow windows)."""
    st.html(NARROW)
    url = state.store().url
    where = url.removeprefix("gpkg://") if url.startswith("gpkg://") else redact(url)
    st.markdown(
        f"**coopmap** · cooperation projects and events on a map · :small[:gray[store {md(where)}]]"
    )
