"""Searching in a real browser (Debian's Chromium through Playwright): results as you type in
the header box, Enter for the results page, the page's own box updating in place, all under the
site's Content-Security-Policy."""

import os

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls between browser steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    }  # fmt: skip


@pytest.fixture(scope="session")
def _plain_http():
    override = override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0)
    override.enable()
    return override


@pytest.fixture(scope="session")
def live_server(_plain_http, live_server):
    # The security middleware reads these once, when the live server starts: plain HTTP, no
    # HSTS for it; the rest of the suite gets the production values back.
    _plain_http.disable()
    return live_server


@pytest.fixture
def search_page(browser, live_server, owner, settings):
    """A browser page signed in as the owner, recording Content-Security-Policy violations."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    client = Client()
    client.force_login(owner)
    context = browser.new_context(base_url=live_server.url)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console", lambda m: "Content Security Policy" in m.text and page.csp_errors.append(m.text)
    )
    yield page
    context.close()


def test_results_appear_while_typing_and_enter_opens_the_page(search_page, make_article):
    make_article(title="Volcanoes of Iceland", content_text="Lava fields.", language="en")
    make_article(title="Gardening", content_text="Soil and seeds.", language="en")
    page = search_page
    page.goto("/")
    page.fill("#header-search", "volc")
    live = page.locator("#search-live")
    live.locator("mark", has_text="Volcanoes").wait_for()
    assert "Gardening" not in live.inner_text()

    page.press("#header-search", "Enter")
    page.wait_for_url("**/search/?q=volc*")
    assert page.locator(".result__title").all_inner_texts() == ["Volcanoes of Iceland"]

    # The page's own box updates the results in place and keeps the URL shareable.
    page.fill("#search-q", "gardening")
    page.locator(".result__title mark", has_text="Gardening").wait_for()
    page.wait_for_url("**/search/?q=gardening*")
    page.locator(".search-help summary").click()
    assert page.locator(".search-help__panel").is_visible()
    assert page.csp_errors == []
