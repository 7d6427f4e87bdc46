"""Fixtures for the real-browser tests: a Streamlit server per module and Debian's Chromium."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from deploy.process import streamlit
from tests.browser.helpers import CHROMIUM_ARGS, LOCAL_HOSTS, STARTUP_TIMEOUT, SUBPATH_PROBE, chromium_path, in_ci

HERE = Path(__file__).resolve().parent
# Every request to another host fails in the browser itself: all traffic goes to a proxy nobody
# listens on, and Chromium never sends its own machine's addresses (localhost, 127.0.0.1, [::1])
# through a proxy. Routing each request through Playwright instead (context.route) turned the
# browser's HTTP cache off (a page opened again: 1.8 s, 1.0 s now) and made it unlike a viewer's:
# the failover test passed through it where a real reload got nginx's bare 502.
OFFLINE = ["--proxy-server=http://127.0.0.1:9"]
INSTALL_HINT = "run tests/install-browser.sh (Debian: apt-get install chromium) or set CHROMIUM_PATH"


def pytest_collection_modifyitems(items):
    # Every test under tests/browser carries the `browser` marker, so `-m "not browser"` skips them.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    """Skip locally; in CI fail, so the suite can never pass without a browser."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip): {INSTALL_HINT}", pytrace=False)
    pytest.skip(f"{reason}: {INSTALL_HINT}")


@pytest.fixture(scope="module")
def serve_app() -> Iterator[Callable[..., str]]:
    """Factory: serve_app(KZ_DATASETS_DIR=...) starts another server for this module and returns its URL.
    All servers it started are stopped when the module finishes."""
    with contextlib.ExitStack() as stack:

        def start(**env: str) -> str:
            server = streamlit(env={k: str(v) for k, v in env.items()}, timeout=STARTUP_TIMEOUT)
            return stack.enter_context(server).url

        yield start


@pytest.fixture(scope="module")
def app_server(serve_app) -> str:
    """Base URL of a server running dashboard.py on the curated data."""
    return serve_app()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    executable = chromium_path()
    if executable is None:
        _unavailable("no Chromium binary found")
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=executable, args=[*CHROMIUM_ARGS, *OFFLINE])
        yield browser
        browser.close()
    finally:
        pw.stop()


@pytest.fixture
def page(browser):
    """A fresh context and page. Errors land in page.console_errors; any request to a host other
    than this machine is recorded in page.external_requests and fails (OFFLINE: the app must work offline)."""
    yield from _watched_page(browser, viewport={"width": 1280, "height": 900}, accept_downloads=True)


@pytest.fixture
def phone(browser):
    """The same on a 390 px touch screen: taps, not clicks."""
    yield from _watched_page(browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)


def _watched_page(browser, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.console_errors = []
    page.ignored_console_errors = []
    page.external_requests = []

    def on_console(msg):
        if msg.type != "error":
            return
        source = msg.location.get("url", "")
        if "status of 404" in msg.text and SUBPATH_PROBE.search(urlsplit(source).path):
            page.ignored_console_errors.append(f"{msg.text} ({source})")
        else:
            page.console_errors.append(f"console: {msg.text} ({source})")

    def on_request(request):
        url = request.url
        if urlsplit(url).hostname not in LOCAL_HOSTS and not url.startswith(("data:", "blob:")):
            page.external_requests.append(url)

    page.on("console", on_console)
    page.on("pageerror", lambda err: page.console_errors.append(f"pageerror: {err}"))
    context.on("request", on_request)  # seen, not routed: the browser fails them (OFFLINE)
    yield page
    context.close()
