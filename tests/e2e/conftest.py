"""Browser flows in Debian's Chromium through Playwright, one browser per module."""

import os
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.test import Client, override_settings
from playwright.sync_api import sync_playwright

from tests.workers import worker_thread

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="module")
def browser(browser_type_launch_args):
    """One Chromium per module. Playwright's sync API keeps an event loop in this thread while it
    runs, so the ORM calls between browser steps need DJANGO_ALLOW_ASYNC_UNSAFE, for this module
    only: stopping Playwright afterwards gives the rest of the suite a normal thread back (and
    the deploy check, run later, refuses that variable)."""
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(**browser_type_launch_args)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _middleware_settings():
    override = override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0)
    override.enable()
    return override


class RequestsInFlight:
    """Counts the requests the live server is running. Closing a browser context does not stop
    a request the server has begun: left running, it raced the database flush that ends each
    test (the flush failed and the next test found the last one's users)."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def started(self, **kwargs):
        if self._served():
            with self.changed:
                self.count += 1

    def finished(self, **kwargs):
        if self._served():
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    @staticmethod
    def _served() -> bool:
        # The test client sends these signals too, from the test's own thread.
        return threading.current_thread() is not threading.main_thread()

    def wait_until_idle(self, seconds: float = 15.0) -> None:
        deadline = time.monotonic() + seconds
        # Twice, a moment apart: a request the browser sent just before it closed may reach
        # the server only now.
        for _ in range(2):
            with self.changed:
                while self.count > 0:
                    left = deadline - time.monotonic()
                    assert left > 0, f"the live server still runs {self.count} request(s)"
                    self.changed.wait(left)
            time.sleep(0.05)


@pytest.fixture(scope="session")
def requests_in_flight():
    counter = RequestsInFlight()
    request_started.connect(counter.started, weak=False)
    request_finished.connect(counter.finished, weak=False)
    yield counter
    request_started.disconnect(counter.started)
    request_finished.disconnect(counter.finished)


@pytest.fixture(scope="session")
def live_server(_middleware_settings, live_server):
    # The security middleware reads these once, when the live server starts: plain HTTP, no
    # HSTS for it. Then the rest of the suite gets the production values back.
    _middleware_settings.disable()
    return live_server


@pytest.fixture
def site(live_server, settings):
    """The live server under the name it uses (localhost), over plain HTTP."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    return live_server


@pytest.fixture
def signed_in(browser, site, requests_in_flight):
    """A new browser context (a new device) already signed in as the given user."""
    contexts = []

    def open_context(user, **options):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=site.url, **options)
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                    "url": site.url,
                }
            ]
        )
        context.set_default_timeout(10_000)
        # Every page of the context records what the Content-Security-Policy blocked.
        context.csp_errors = []
        context.on(
            "console",
            lambda m: "Content Security Policy" in m.text and context.csp_errors.append(m.text),
        )
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    requests_in_flight.wait_until_idle()


@pytest.fixture
def worker(site):
    """The background worker, running beside the live server."""
    with worker_thread() as running:
        yield running
