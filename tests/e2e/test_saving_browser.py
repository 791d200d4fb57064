"""Saving a slow page in a real browser: the article's page opens at once, says Fetching…, and
fills in by itself when the worker has the page."""

import threading

import pytest
from playwright.sync_api import expect

from tests.pages import article_html
from tests.webserver import page as page_route

pytestmark = pytest.mark.browser


def test_a_slow_page_opens_at_once_says_fetching_and_appears_without_a_reload(
    signed_in, owner, web, worker
):
    release = threading.Event()

    def slow(handler):
        release.wait(10)
        page_route(article_html("Worth the wait", paragraphs=20))(handler)

    web.routes["/slow"] = slow
    context = signed_in(owner)
    page = context.new_page()
    page.goto("/")
    page.locator("#header-add-url").fill(web.url("/slow"))
    page.locator("#header-add-url").press("Enter")
    status = page.locator("[data-fetching]")
    expect(status).to_contain_text("Fetching…")
    expect(page.locator("#reader-title")).to_have_text(web.url("/slow"))
    expect(page.locator(".reader-site")).to_contain_text("127.0.0.1")
    page.evaluate("window.stillTheSamePage = true")
    release.set()
    expect(page.locator("#reader-title")).to_have_text("Worth the wait")
    expect(status).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage === true")  # swapped in, not reloaded
    assert context.csp_errors == []


def test_without_javascript_a_reload_shows_the_saved_article(signed_in, owner, web, worker):
    release = threading.Event()

    def slow(handler):
        release.wait(10)
        page_route(article_html("Plain and simple", paragraphs=20))(handler)

    web.routes["/slow"] = slow
    page = signed_in(owner, java_script_enabled=False).new_page()
    page.goto("/add/")
    page.locator("#id_url").fill(web.url("/slow"))
    page.get_by_role("button", name="Save article").click()
    expect(page.get_by_role("status").filter(has_text="Fetching")).to_be_visible()
    release.set()
    for _ in range(50):
        page.reload()
        if page.locator("#reader-title").inner_text() == "Plain and simple":
            break
        page.wait_for_timeout(200)
    expect(page.locator("#reader-title")).to_have_text("Plain and simple")
