"""Drive Debian's headless Chromium through Playwright, with the outside world cut off.

Every request that is not a ``file://``, ``data:`` or local (127.0.0.1 / localhost) address is
aborted and recorded. A :class:`PageLog` collects console errors, uncaught page errors and
dialogs (which are dismissed), so a test can assert that nothing ran that should not have.
Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def available() -> bool:
    """Whether Chromium and Playwright are there to run browser tests.

    Under CI (``CI`` set) a missing browser is an error, not a reason to skip: the test
    command installs it, so its absence means the set-up is broken.
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        found = False
    else:
        found = CHROMIUM.exists()
    if not found and os.environ.get("CI"):
        raise RuntimeError("CI needs Playwright and /usr/bin/chromium for the browser tests")
    return found


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"file", "data", "blob", "about"} or (
        parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS
    )


@dataclass
class PageLog:
    """What a page did that a test may want to rule out."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def unexpected_errors(self) -> list[str]:
        """Console and page errors, apart from failed loads of requests we blocked."""
        return [
            e for e in self.console_errors if not _is_blocked_load(e, self.blocked)
        ] + self.page_errors


def _is_blocked_load(message: str, blocked: list[str]) -> bool:
    return bool(re.match(r"Failed to load resource", message)) and any(
        url in message for url in blocked
    )


@contextmanager
def launch() -> Iterator[Browser]:
    """A headless Chromium browser (Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(
    browser: Browser, url: str, /, *, width: int = 1280, height: int = 800, wait_until: str = "load"
) -> Iterator[tuple[Page, PageLog]]:
    """Open ``url`` in a fresh context with outside requests blocked; yields (page, log)."""
    log = PageLog()
    context = browser.new_context(viewport={"width": width, "height": height})

    def route(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            log.blocked.append(route.request.url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = (message.location or {}).get("url", "")
            log.console_errors.append(f"{message.text} @ {where}")

    def on_dialog(dialog: Dialog) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    try:
        page.goto(url, wait_until=wait_until)  # type: ignore[arg-type]
        yield page, log
    finally:
        context.close()


def screenshot(page: Page, name: str, /) -> Path:
    """Save a PNG of the page as ``tests/artifacts/<name>.png``; returns its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
