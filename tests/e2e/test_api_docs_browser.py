"""The API's docs page in a real browser: it renders every endpoint from our own static files,
nothing is blocked by the Content-Security-Policy, nothing is fetched from another site, and
"Try it out" works with the browser's session."""

import pytest

pytestmark = pytest.mark.browser


def test_the_docs_render_and_try_it_out_under_the_csp(signed_in, site, owner, make_article):
    make_article(title="Seen through the docs")
    context = signed_in(owner)
    elsewhere = []
    context.on(
        "request",
        lambda r: not r.url.startswith((site.url, "data:")) and elsewhere.append(r.url),
    )
    page = context.new_page()
    page.goto("/api/v1/docs")
    operations = page.locator(".opblock")
    operations.first.wait_for()
    assert operations.count() == 21

    page.locator("#operations-articles-list_articles .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    body = page.locator("#operations-articles-list_articles .live-responses-table pre").first
    body.wait_for()
    assert "Seen through the docs" in body.inner_text()
    assert context.csp_errors == [] and elsewhere == []
