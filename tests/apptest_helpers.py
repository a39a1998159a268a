"""Driving the Streamlit app with Streamlit's AppTest (no browser), for the tests of its pages.

The fixtures that give a test a seeded store and the app on it (``store_path``, ``app``), and
the app served over a store for the browser (``served_app``), are in tests/conftest.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from coopmap.store import open_store

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app" / "streamlit_app.py"
SEED_COUNT = 19
"""Records in the seed, which every new store starts with."""

PAYLOADS = [
    "{{ 7*7 }}",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "${alert(1)}",
]
"""Text that the app's pages must show as text."""
PAYLOAD = " ".join(PAYLOADS)
# How Markdown shows them as text: every mark escaped (coopmap.markdown.md).
ESCAPED = [
    "\\{\\{ 7\\*7 \\}\\}",
    "\\<img src\\=x onerror\\=alert\\(1\\)\\>",
    "\\<\\/script\\>\\<script\\>",
    "\\$\\{alert\\(1\\)\\}",
]


PASSWORD = "a long enough secret"
"""The password of the local accounts tests add."""


def signed_in(name: str, password: str = PASSWORD) -> AppTest:
    """The app after the local account ``name`` signed in."""
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert not app.dataframe  # nothing of the atlas before the sign-in
    app.text_input(key="access_name").input(name)
    app.text_input(key="access_password").input(password)
    app.button[0].click().run()  # the form's submit button
    assert not app.exception, app.exception
    return app


def open_page(app: AppTest, name: str) -> AppTest:
    app.switch_page(f"views/{name}.py").run()
    assert not app.exception, app.exception
    return app


def key(app: AppTest, name: str) -> str:
    """The key of a record form widget in the form's current generation."""
    return f"rf{app.session_state['rf_gen']}_{name}"


def literal(markdown: str) -> str:
    """What escaped Markdown shows: the text without its escapes and invisible joiners."""
    return markdown.replace("\u2060", "").replace("\\", "")


def table_with(app: AppTest, column: str) -> Any:
    """The first table (as a pandas DataFrame) with ``column``."""
    return next(t.value for t in app.dataframe if column in t.value.columns)


def stored(store_path: Path) -> dict[str, Any]:
    with open_store(store_path) as store:
        return {record.id: record for record in store.records()}
