"""Browser flows in Debian's Chromium through Playwright; the browser is shared by the session."""

import os

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings

# Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are
# plain synchronous calls between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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


@pytest.fixture(scope="session")
def _plain_http_settings():
    # The security middleware reads its settings once, when the live server starts, so they
    # are set for the whole session, before it: plain HTTP on localhost, no HSTS, no redirect.
    with override_settings(
        ALLOWED_HOSTS=["localhost", "127.0.0.1"],
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    ):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http_settings, live_server):
    return live_server


@pytest.fixture
def site(live_server, settings):
    """The live server, reachable under the name it uses (localhost) over plain HTTP."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    return live_server


@pytest.fixture
def signed_in(browser, site):
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
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
