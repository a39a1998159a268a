"""Drive Debian's headless Chromium through Playwright, with the outside world cut off.

Every request that is not a ``file://``, ``data:`` or local (127.0.0.1 / localhost) address is
aborted and recorded. A :class:`PageLog` collects console errors, uncaught page errors and
dialogs (which are dismissed), so a test can assert that nothing ran that should not have.
Screenshots go to ``tests/artifacts/``.

Tests wait for what they need, never for a fixed time: :func:`poll` checks a condition until a
deadline, :func:`wait_at_rest` waits until nothing moves (before a screenshot),
:func:`wait_painted` until the page has drawn what it was asked to, :func:`click_until` and
:func:`draw_vertices` click until the click has done its work. For the Streamlit app,
:func:`app_server` serves it, :func:`open_app` opens it, and :func:`app_rerun` waits for the
run that an action starts to finish.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Frame, Locator, Page, Route

T = TypeVar("T")

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
ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app" / "streamlit_app.py"
STARTUP_TIMEOUT = 60.0
"""Seconds the app may take to answer its health check."""


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
    browser: Browser,
    url: str,
    /,
    *,
    width: int = 1280,
    height: int = 800,
    wait_until: str = "load",
    before_load: Callable[[Page], object] | None = None,
) -> Iterator[tuple[Page, PageLog]]:
    """Open ``url`` in a fresh context with outside requests blocked; yields (page, log).

    ``before_load`` is called with the new page before it opens ``url``, to follow its events
    from the start.
    """
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
    if before_load is not None:
        before_load(page)
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


# --- waiting for a condition ------------------------------------------------------------------


def poll(
    condition: Callable[[], T], *, page: Page | None = None, timeout: float = 30.0
) -> T | None:
    """The first true value of ``condition()``, asked every 50 ms, or None after ``timeout``
    seconds. With ``page``, the pauses are the page's (``wait_for_timeout``): Playwright goes on
    handling its events meanwhile (routed requests, console messages), which ``time.sleep``
    would hold up."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        if page is None:
            time.sleep(0.05)
        else:
            page.wait_for_timeout(50)


AT_REST = """() => !document.getAnimations().some(a => a.playState === 'running'
    && a.effect && isFinite(a.effect.getComputedTiming().endTime))
  && !(window.coopmap && typeof coopmap.layers === 'function' && coopmap.layers().some(
    l => l._map && l._map._panAnim && l._map._panAnim._inProgress))"""
"""Whether nothing moves in a document: no animation or transition that ends is running (a
popup fading in, a panel opening; endless ones such as spinners do not count), and no map of
coopmap's is panning."""


def wait_at_rest(page: Page, /, *, timeout: float = 10.0) -> None:
    """Wait until nothing moves in the page and its frames (:data:`AT_REST`): for a screenshot
    that shows the page as it stays."""

    def at_rest() -> bool:
        for frame in page.frames:
            try:
                if not frame.evaluate(AT_REST):
                    return False
            except Exception:  # replaced while we asked: it shows nothing any more
                continue
        return True

    if not poll(at_rest, page=page, timeout=timeout):
        raise AssertionError(f"the page was still moving after {timeout:.0f} s")


def wait_painted(target: Page | Frame, /) -> None:
    """Wait for the next animation frame of a page or frame: by then, everything it asked to
    draw before (a Leaflet canvas redraw after a move, say) has been drawn."""
    target.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve(true)))")


def click_until(
    page: Page,
    x: float,
    y: float,
    done: str,
    /,
    *,
    frame: Frame | None = None,
    timeout: float = 10.0,
) -> None:
    """Click the page at (x, y) until the JavaScript predicate ``done`` holds (in ``frame``, if
    given): a click that the page was not ready for, and that did nothing, is made again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    target = frame or page
    deadline = time.monotonic() + timeout
    while True:
        page.mouse.click(x, y)
        try:
            target.wait_for_function(done, timeout=100)
            return
        except PlaywrightTimeoutError:
            if target.evaluate(done):  # done, only slow to say so: clicking again would undo it
                return
            if time.monotonic() >= deadline:
                raise


VERTICES = "document.querySelectorAll('.leaflet-marker-pane .leaflet-editing-icon').length"
"""The vertices of the shape being drawn with Leaflet.draw (one marker each), as JavaScript."""


def draw_vertices(
    page: Page, points: Sequence[tuple[float, float]], /, *, frame: Frame | None = None
) -> None:
    """Click the vertices of a shape being drawn with Leaflet.draw, each until it is added.

    Leaflet.draw ignores a click that comes within 50 ms of its last vertex: such a click adds
    nothing and is made again (:func:`click_until`).
    """
    for x, y in points:
        before = (frame or page).evaluate(f"() => {VERTICES}")
        click_until(page, x, y, f"() => {VERTICES} > {before}", frame=frame)


# --- the Streamlit app ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    def healthy() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                return answer.read().strip() == b"ok"
        except OSError:
            return False

    if not poll(healthy, timeout=STARTUP_TIMEOUT):
        raise RuntimeError(f"the app did not answer in {STARTUP_TIMEOUT:.0f} s:\n{log.read_text()}")


@contextmanager
def app_server(
    store_url: str,
    folder: Path,
    *,
    script: Path = APP,
    env: dict[str, str] | None = None,
    port: int | None = None,
    cwd: Path = ROOT,
    options: Sequence[str] = (),
) -> Iterator[str]:
    """``streamlit run app/streamlit_app.py`` (or ``script``) on a free loopback port (or
    ``port``), from ``cwd`` (where Streamlit looks for ``.streamlit/secrets.toml``), with
    Streamlit's ``options`` too (``["--theme.base", "dark"]``); yields its URL. ``env`` adds to
    the environment; the users file is ``folder``'s users.toml (none: the single-user app)
    unless it names another. The server is stopped on exit."""
    port = port or free_port()
    log = folder / f"streamlit-{port}.log"
    env = {
        **os.environ,
        "COOPMAP_STORE": store_url,
        "COOPMAP_USERS": str(folder / "users.toml"),
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
        ),
        **(env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
        "--server.fileWatcherType",
        "none",
        *options,
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class AppRuns:
    """How many runs of the Streamlit app in a page have finished, counted from the messages its
    server sends (a ForwardMsg ``script_finished``; a run stopped for a rerun does not count).
    The frontend's run state (stApp's ``data-test-script-state``) cannot count them: a short
    run may never show in it."""

    def __init__(self) -> None:
        self.finished = 0

    def follow(self, page: Page) -> None:
        page.on("websocket", lambda socket: socket.on("framereceived", self._received))

    def _received(self, payload: str | bytes) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, str):
            return
        message = ForwardMsg.FromString(payload)
        if (
            message.WhichOneof("type") == "script_finished"
            and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            self.finished += 1


_APP_RUNS: weakref.WeakKeyDictionary[Page, AppRuns] = weakref.WeakKeyDictionary()

NOT_RUNNING = """() => document.querySelector('[data-testid="stApp"]')
  ?.getAttribute('data-test-script-state') === 'notRunning'"""
"""Whether the app's frontend shows no run under way."""


@contextmanager
def open_app(
    browser: Browser, url: str, /, *, width: int, height: int, timeout: float = 60.0
) -> Iterator[tuple[Page, PageLog]]:
    """:func:`open_page` on the app served at ``url``, with its runs counted; yields (page,
    log) once its first run has finished."""
    runs = AppRuns()
    with open_page(browser, url, width=width, height=height, before_load=runs.follow) as opened:
        _APP_RUNS[opened[0]] = runs
        wait_app_runs(opened[0], 1, timeout=timeout)
        app_settled(opened[0], timeout=timeout)
        yield opened


def app_runs(page: Page, /) -> int:
    """How many runs the app in a page opened with :func:`open_app` has finished."""
    return _APP_RUNS[page].finished


def wait_app_runs(page: Page, runs: int, /, *, timeout: float = 60.0) -> None:
    """Wait until the app has finished ``runs`` runs in all and is not running."""
    if not poll(lambda: app_runs(page) >= runs, page=page, timeout=timeout):
        raise AssertionError(f"the app did not finish run {runs} in {timeout:.0f} s")
    app_idle(page, timeout=timeout)


def app_settled(page: Page, /, *, quiet: float = 1.5, timeout: float = 60.0) -> None:
    """Wait until the app has started no run for ``quiet`` seconds: the runs a page's own
    widgets ask for once shown (the map reports where it looks) are over, so that a click
    next is not lost in one of them."""
    deadline = time.monotonic() + timeout
    last, since = app_runs(page), time.monotonic()
    while time.monotonic() < deadline:
        app_idle(page, timeout=timeout)
        page.wait_for_timeout(250)
        runs = app_runs(page)
        if runs != last:
            last, since = runs, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
    raise AssertionError(f"the app did not settle in {timeout:.0f} s")


def app_idle(page: Page, /, *, timeout: float = 60.0) -> None:
    """Wait until the app is not running (for when something its run writes has shown)."""
    page.wait_for_function(NOT_RUNNING, timeout=timeout * 1000)


@contextmanager
def app_rerun(page: Page, /, *, timeout: float = 60.0) -> Iterator[None]:
    """Around what makes the app run again (a click, Enter in a field): once the app is idle,
    run the block, then wait until the app has finished one more run and is idle again."""
    app_idle(page, timeout=timeout)
    runs = app_runs(page)
    yield
    wait_app_runs(page, runs + 1, timeout=timeout)


def go_to_page(page: Page, name: str, /) -> Locator:
    """Open one of the app's pages from the sidebar; its main block, once the page has run."""
    with app_rerun(page):
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
    app_settled(page)
    return page.get_by_test_id("stMainBlockContainer")
