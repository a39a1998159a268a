"""Signing in to the app through a real OpenID Connect flow, in headless Chromium.

A local provider (oidc-provider-mock, on a loopback port in this process) stands in for
Keycloak or Authelia; the app is served with an ``[auth]`` section in its
``.streamlit/secrets.toml`` and a users file naming a viewer and an editor by e-mail. Each
signs in with ``st.login``: the app's button, the provider's form, the callback and the
cookie. The viewer's buttons to change records are dead and the services refuse the click
that still comes (a role taken away with the page open); the editor's save is stored under
their name.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import browser
from coopmap.services import init_store
from coopmap.services.users import add_user, set_role
from coopmap.store import open_store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium"),
]

WAIT_MS = 60_000
VIEWER = "vera@example.org"
EDITOR = "ed@example.org"
RECORD_TITLE = "Astana light railway"


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory, gazetteer) -> Iterator[tuple[str, Any]]:
    """The app behind a local OIDC provider: (the app's URL, the users file)."""
    from oidc_provider_mock import run_server_in_thread

    folder = tmp_path_factory.mktemp("signin")
    store = folder / "atlas.gpkg"
    init_store(str(store))
    users = folder / "users.toml"
    add_user("vera", role="viewer", email=VIEWER, path=users)
    add_user("ed", role="editor", email=EDITOR, path=users)
    port = browser.free_port()
    with run_server_in_thread() as provider:
        (folder / ".streamlit").mkdir()
        (folder / ".streamlit" / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(16)}"\n'
            'client_id = "coopmap"\n'
            'client_secret = "not-a-secret-in-a-test"\n'
            "server_metadata_url = "
            f'"http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        with browser.app_server(str(store), folder, port=port, cwd=folder):
            yield f"http://localhost:{port}", users, store


@contextmanager
def signed_in(
    chromium: Any, url: str, email: str, *, width: int = 1400, shot: str | None = None
) -> Iterator[Any]:
    """A new browser session signed in as ``email`` through the provider's form (``shot``:
    the name of a screenshot of the app's sign-in page)."""
    with browser.open_app(chromium, url, width=width, height=900) as (page, log):
        sign_in = page.get_by_role("button", name="Sign in")
        sign_in.wait_for(timeout=WAIT_MS)
        if shot:
            browser.wait_at_rest(page)
            browser.screenshot(page, shot)
        sign_in.click()
        page.locator("input[name=sub]").wait_for(timeout=WAIT_MS)  # the provider's page
        page.locator("input[name=sub]").fill(email)
        page.get_by_role("button", name="Authorize").click()
        page.get_by_text("Signed in as").wait_for(timeout=WAIT_MS)
        browser.app_idle(page)
        # The mock provider's own form links a stylesheet from a CDN; the app asks for nothing.
        assert [u for u in log.blocked if "/@picocss/" not in u] == []
        yield page


def shown(locator: Any) -> str:
    """The text as a reader sees it (without the invisible joiners of escaped Markdown)."""
    return locator.inner_text().replace("\u2060", "")


def open_record(page: Any, title: str) -> Any:
    main = browser.go_to_page(page, "Records")
    with browser.app_rerun(page):
        main.get_by_test_id("stSelectbox").filter(has_text="Record").first.click()
        page.get_by_role("option", name=title).first.click()
    return main


def test_a_viewer_signs_in_and_cannot_change_records(chromium, signin_app):
    url, _, store = signin_app
    for width in (1400, 800):
        with signed_in(chromium, url, VIEWER, width=width, shot=f"app_sign_in_{width}") as page:
            sidebar = page.get_by_test_id("stSidebar")
            if width == 1400:  # at 800 px the sidebar starts folded
                assert "Signed in as vera (viewer)" in shown(sidebar)
            main = open_record(page, RECORD_TITLE)
            assert main.get_by_role("button", name="Save").is_disabled()
            assert main.get_by_role("button", name="Delete…").is_disabled()
            assert "changes need the editor role" in shown(main)
            main.get_by_role("button", name="Save").scroll_into_view_if_needed()
            browser.wait_at_rest(page)
            browser.screenshot(page, f"app_signed_in_viewer_{width}")
    with open_store(store) as opened:
        assert all(
            change.user != "vera" for r in opened.records() for change in opened.history(r.id)
        )


def test_an_editor_signs_in_and_saves_under_their_name_until_made_a_viewer(chromium, signin_app):
    url, users, store = signin_app
    with signed_in(chromium, url, EDITOR) as page:
        assert "Signed in as ed (editor)" in shown(page.get_by_test_id("stSidebar"))
        main = open_record(page, RECORD_TITLE)
        notes = main.get_by_label("Notes")
        notes.fill("Signed-in edit.")
        with browser.app_rerun(page):
            notes.press("Control+Enter")
        with browser.app_rerun(page):
            main.get_by_role("button", name="Save").click()
        main.get_by_test_id("stAlertContentSuccess").wait_for(timeout=WAIT_MS)
        with open_store(store) as opened:
            [record] = [r for r in opened.records() if r.title == RECORD_TITLE]
            assert opened.get(record.id).notes == "Signed-in edit."
            assert opened.history(record.id)[-1].user == "ed"
        browser.screenshot(page, "app_signed_in_editor_1400")
        # An admin makes ed a viewer while the page is open, its Save button still live: the
        # click reaches the services, which refuse it.
        notes.fill("After the demotion.")
        with browser.app_rerun(page):
            notes.press("Control+Enter")
        set_role("ed", "viewer", path=users)
        with browser.app_rerun(page):
            main.get_by_role("button", name="Save").click()
        error = main.get_by_test_id("stAlertContentError").first
        error.wait_for(timeout=WAIT_MS)
        assert "ed is a viewer and may not edit records" in shown(error)
        with open_store(store) as opened:
            assert opened.get(record.id).notes == "Signed-in edit."
        assert main.get_by_role("button", name="Save").is_disabled()  # the page knows now
        error.scroll_into_view_if_needed()
        browser.wait_at_rest(page)
        browser.screenshot(page, "app_signed_in_refused_1400")
    set_role("ed", "editor", path=users)
