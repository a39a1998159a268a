"""What a visitor sees when the app cannot use its store: a plain message, in a real browser,
never a traceback, a server path or a password."""

from __future__ import annotations

import os

import pytest

import browser
from app_process import free_port, fresh_env, healthy, start_app, stop

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser.available(), reason="Debian's chromium is not installed"),
]


def test_an_unreachable_database_is_a_message_not_a_traceback(tmp_path):
    port, closed = free_port(), free_port()  # nothing listens on the second port
    env = fresh_env(
        tmp_path,
        COOPMAP_CACHE_DIR=os.environ["COOPMAP_CACHE_DIR"],
        COOPMAP_STORE=f"postgresql://coopmap:s3cret@127.0.0.1:{closed}/atlas",
    )
    process = start_app(["--no-init", "--port", str(port)], env, tmp_path)
    try:
        assert healthy(port, process), process.stdout and process.stdout.read()
        with (
            browser.launch() as chromium,
            browser.open_page(chromium, f"http://127.0.0.1:{port}/", width=1400, height=900) as (
                page,
                _log,
            ),
        ):
            alert = page.get_by_text("The store cannot be used", exact=False)
            alert.wait_for(timeout=60_000)
            text = page.inner_text("body")
            browser.screenshot(page, "app_store_error")
        assert "cannot connect to postgresql" in text
        assert "Connection refused" in text
        for leak in ("Traceback", "s3cret", 'File "', "psycopg", str(tmp_path)):
            assert leak not in text, leak
    finally:
        output = stop(process, port) if process.poll() is None else ""
    assert "s3cret" not in output
