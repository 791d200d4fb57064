"""A new user's first hour, on a desktop (1280 px) and on a phone (390 px): finding every way to
save, a first screen that explains them, broken images, reading on a phone, undo, accounts."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280", "390"])
def device(request):
    """Options for a browser context: a desktop window, then a phone. Motion is reduced, so what
    slides away is gone at once and the test reads where things end up."""
    return {**request.param, "reduced_motion": "reduce"}


def is_phone(device) -> bool:
    return device["viewport"]["width"] < 500


def test_the_save_page_is_linked_from_the_header(signed_in, owner, device, make_article):
    make_article(title="Already here")
    page = signed_in(owner, **device).new_page()
    page.goto("/")
    more = page.locator(".site-header").get_by_role("link", name="More ways to save")
    expect(more).to_be_visible()
    more.click()
    expect(page.get_by_role("heading", name="Save an article")).to_be_visible()
    expect(page.get_by_text("Paste the page's HTML instead")).to_be_visible()
    expect(page.get_by_role("link", name="Save to newsreader")).to_be_visible()


def test_a_new_account_is_shown_the_three_ways_to_save(signed_in, owner, device):
    page = signed_in(owner, **device).new_page()
    page.goto("/")
    welcome = page.locator(".welcome")
    expect(welcome).to_be_visible()
    expect(page.get_by_text("You’re all caught up")).to_have_count(0)
    expect(welcome.get_by_role("heading", level=3)).to_have_text(
        ["Paste a link", "Paste the page", "Use the bookmarklet"]
    )
    bookmarklet = welcome.get_by_role("link", name="Save to newsreader")
    assert bookmarklet.get_attribute("href").startswith("javascript:location.href=")
    assert "/add/?url=" in bookmarklet.get_attribute("href")

    welcome.get_by_role("link", name="paste it on the Save page").click()
    textarea = page.get_by_label("The page's HTML")
    expect(textarea).to_be_visible()  # the paste section is open
    assert page.context.csp_errors == []


def test_an_emptied_unread_list_says_all_caught_up(signed_in, owner, device, make_article):
    make_article(title="Archived", archived_at=timezone.now())
    page = signed_in(owner, **device).new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="You’re all caught up")).to_be_visible()
    expect(page.locator(".welcome")).to_have_count(0)
    expect(page.locator(".empty").get_by_role("link", name="more ways to save")).to_be_visible()
