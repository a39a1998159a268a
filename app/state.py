"""Cached access to the store for the app's pages: a thin layer over coopmap's functions."""

from __future__ import annotations

import streamlit as st

from coopmap.model import Record
from coopmap.paths import default_store
from coopmap.store import Store, open_store


@st.cache_resource
def store(url: str | None = None) -> Store:
    """One open store per URL for the whole server (``COOPMAP_STORE`` or the default path)."""
    return open_store(url or default_store(), create=True)


@st.cache_data(show_spinner=False)
def _records(url: str, revision: int) -> list[Record]:
    return sorted(store(url).records(), key=lambda r: (r.kind, r.id))


def records() -> list[Record]:
    """All records, re-read whenever the store's revision changes."""
    current = store()
    return _records(current.url, current.revision())
