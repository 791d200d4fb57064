"""Searching in a real browser: results as you type in the header box, Enter for the results
page, the page's own box updating in place, all under the site's Content-Security-Policy."""

import pytest

pytestmark = pytest.mark.browser


def test_results_appear_while_typing_and_enter_opens_the_page(signed_in, owner, make_article):
    make_article(title="Volcanoes of Iceland", content_text="Lava fields.", language="en")
    make_article(title="Gardening", content_text="Soil and seeds.", language="en")
    page = signed_in(owner).new_page()
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
    assert page.context.csp_errors == []
