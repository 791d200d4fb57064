"""A new user's first hour, on a desktop (1280 px) and on a phone (390 px): finding every way to
save, a first screen that explains them, broken images, reading on a phone, undo, accounts."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_library_browser import LONG_BODY, settled, wait_until
from tests.webserver import page as page_route

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


def test_a_new_account_is_shown_the_ways_to_save_and_to_import(signed_in, owner, device):
    page = signed_in(owner, **device).new_page()
    page.goto("/")
    welcome = page.locator(".welcome")
    expect(welcome).to_be_visible()
    expect(page.get_by_text("You’re all caught up")).to_have_count(0)
    expect(welcome.get_by_role("heading", level=3)).to_have_text(
        ["Paste a link", "Paste the page", "Use the bookmarklet", "Import from another app"]
    )
    expect(welcome.get_by_role("link", name="Import your articles")).to_have_attribute(
        "href", "/import/"
    )
    bookmarklet = welcome.get_by_role("link", name="Save to newsreader")
    assert bookmarklet.get_attribute("href").startswith("javascript:")
    assert "/save/" in bookmarklet.get_attribute("href")  # tests/e2e/test_clients_browser.py

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


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40"/></svg>'


def test_pictures_that_fail_leave_no_box(signed_in, owner, device, make_article, web):
    web.routes["/good.svg"] = page_route(SVG, content_type="image/svg+xml")
    missing = web.url("/gone.png")  # the server answers 404
    broken = make_article(title="Broken picture", lead_image_url=missing)
    fine = make_article(title="Fine picture", lead_image_url=web.url("/good.svg"))
    page = signed_in(owner, **device).new_page()
    page.goto("/")
    expect(page.locator(f"#article-{broken.pk} img")).to_be_hidden()
    expect(page.locator(f"#article-{fine.pk} img")).to_be_visible()
    # Without its picture the card's text runs to the edge: no empty column is kept.
    title = page.locator(f"#article-{broken.pk} .card__main")
    card = page.locator(f"#article-{broken.pk}")
    free = card.bounding_box()["x"] + card.bounding_box()["width"] - _right(title)
    assert free < 30

    body = (
        f'<p>Before.</p><figure><img src="{missing}"><figcaption>A lost photo</figcaption></figure>'
        f'<p>Text and <img src="{missing}" alt=""> inline.</p><p>After.</p>'
    )
    article = make_article(title="Reader", lead_image_url=missing + "?lead", content_html=body)
    page.goto(article.get_absolute_url())
    expect(page.locator(".reader-lead")).to_be_hidden()
    expect(page.locator(".article-body figure")).to_be_hidden()
    expect(page.get_by_text("Text and")).to_be_visible()  # the paragraph stays, less its picture
    expect(page.locator(".article-body p img")).to_be_hidden()
    assert page.context.csp_errors == []


def _right(locator) -> float:
    box = locator.bounding_box()
    return box["x"] + box["width"]


def _top_bar_visible(page) -> bool:
    box = page.locator(".site-header").bounding_box()
    return box["y"] + box["height"] > 1


def _bottom_bar_visible(page) -> bool:
    box = page.locator(".reader-bar").bounding_box()
    return box["y"] < page.viewport_size["height"] - 1


def test_reading_on_a_phone_gives_the_text_the_screen(signed_in, owner, device, make_article):
    article = make_article(title="A long read", content_html=LONG_BODY)
    page = signed_in(owner, **device).new_page()
    page.goto(article.get_absolute_url())
    header = page.locator(".site-header")
    title = page.locator("#reader-title")
    tag_field = page.locator("#reader-tags [data-tag-input]")
    expect(tag_field).to_be_hidden()  # the tag field opens on demand
    if not is_phone(device):
        # A desktop has room: the tools sit under the title, the header scrolls away with the page.
        expect(page.locator("#reader-star")).to_contain_text("Star")
        expect(page.locator(".site-header").get_by_label("Save a link")).to_be_visible()
        _check_tags_open_on_demand(page, article)
        return

    # One row of header (brand, search, account) above the article, not three.
    assert header.bounding_box()["height"] < 70
    assert title.bounding_box()["y"] < 200
    expect(page.locator(".site-header").get_by_label("Save a link")).to_be_hidden()
    # The tools are a bar along the bottom, each with its name.
    bar = page.locator(".reader-bar")
    assert bar.bounding_box()["y"] + bar.bounding_box()["height"] == pytest.approx(844, abs=1)
    for name in ("Star", "Archive", "Mark read", "Tags", "Display", "Delete"):
        expect(bar.get_by_text(name, exact=True)).to_be_visible()
    for control in bar.locator(".action").all():
        box = control.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24

    # Scrolling down makes way; scrolling up brings both back; so does a tap in the text.
    page.mouse.wheel(0, 1200)
    wait_until(page, "document.documentElement.classList.contains('is-immersed')")
    assert not _top_bar_visible(page) and not _bottom_bar_visible(page)
    page.mouse.wheel(0, -300)
    wait_until(page, "!document.documentElement.classList.contains('is-immersed')")
    assert _top_bar_visible(page) and _bottom_bar_visible(page)
    page.mouse.wheel(0, 600)
    wait_until(page, "document.documentElement.classList.contains('is-immersed')")
    page.locator(".article-body h2").nth(3).tap()
    wait_until(page, "!document.documentElement.classList.contains('is-immersed')")
    assert _top_bar_visible(page) and _bottom_bar_visible(page)
    _check_tags_open_on_demand(page, article)


def _check_tags_open_on_demand(page, article):
    page.locator("#reader-tags summary").click()
    field = page.locator("#reader-tags [data-tag-input]")
    expect(field).to_be_visible()
    field.fill("phones")
    field.press("Enter")
    expect(page.locator("#reader-tag-links").get_by_role("link", name="phones")).to_be_visible()
    expect(page.locator("#reader-tags [data-tag-input]")).to_be_visible()  # open for the next
    settled(page)
    assert [t.name for t in article.tags.all()] == ["phones"]
    assert page.context.csp_errors == []


def test_deleting_a_tag_can_be_undone(signed_in, owner, device, make_article, make_tag):
    tag = make_tag("keepers")
    articles = [make_article(title=f"Kept {n}") for n in range(2)]
    for article in articles:
        article.tags.add(tag)
    page = signed_in(owner, **device).new_page()
    page.goto("/tags/")
    page.locator(".tag-row summary").click()
    page.get_by_role("button", name="Delete tag").click()
    message = page.locator(".message")
    expect(message).to_contain_text("Deleted the tag “keepers”; its 2 articles are still saved.")
    expect(page.locator(".tag-row")).to_have_count(0)
    message.get_by_role("button", name="Undo").click()
    expect(page.locator(".message")).to_contain_text("Restored the tag “keepers” on 2 articles.")
    page.get_by_role("link", name="keepers", exact=True).first.click()
    expect(page.locator("[data-card]")).to_have_count(2)


def test_undo_after_deleting_while_reading_returns_to_the_article(
    signed_in, owner, device, make_article
):
    make_article(title="Neighbour")
    article = make_article(title="Deleted while reading")
    page = signed_in(owner, **device).new_page()
    page.goto("/")
    page.get_by_role("link", name="Deleted while reading").click()
    expect(page.locator("#reader-title")).to_have_text("Deleted while reading")
    page.locator(".reader-bar").get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.locator(".message").get_by_role("button", name="Undo").click()
    expect(page.locator("#reader-title")).to_have_text("Deleted while reading")
    expect(page).to_have_url(re.compile(rf"/articles/{article.pk}/\?from=unread$"))
    expect(page.locator(".reader-nav__back")).to_contain_text("Unread")


def test_a_user_changes_a_password_and_resets_a_lost_one(signed_in, owner, device, settings):
    settings.PASSWORD_RESET_BY_EMAIL = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    owner.email = "owner@example.org"
    owner.save()
    page = signed_in(owner, **device).new_page()
    page.goto("/")
    page.get_by_label("Account menu").click()
    page.get_by_role("link", name="Account and password").click()
    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Old password").fill("owner-password-123")
    page.get_by_label("New password", exact=True).fill("changed-secret-4321")
    page.get_by_label("New password confirmation").fill("changed-secret-4321")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".message")).to_contain_text("Your password is changed")

    page.get_by_label("Account menu").click()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("owner@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/password-reset/\S+/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("reset-secret-8765")
    page.get_by_label("New password confirmation").fill("reset-secret-8765")
    page.get_by_role("button", name="Set the password").click()
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password").fill("reset-secret-8765")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your library is empty")).to_be_visible()
    assert page.context.csp_errors == []


def test_each_card_is_one_tab_stop_and_boxes_are_easy_to_hit(
    signed_in, owner, device, make_tag, make_article
):
    tag = make_tag("tagged")
    for n in range(3):
        make_article(title=f"Card {n}").tags.add(tag)
    page = signed_in(owner, **device).new_page()
    page.goto("/")
    first = page.locator("[data-open]").first
    first.focus()
    page.keyboard.press("Tab")
    expect(page.locator("[data-open]").nth(1)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("[data-open]").nth(2)).to_be_focused()
    page.keyboard.press("#")  # the shortcuts still reach the card's actions
    expect(page.locator("[data-card]").nth(2)).to_contain_text("Deleted:")
    for label in page.locator(".card__select label").all():
        box = label.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
    page.locator(".card__select label").first.click(position={"x": 3, "y": 3})  # beside the box
    expect(page.locator("[data-select]").first).to_be_checked()


def test_search_results_count_cut_clean_snippets_and_act_like_cards(
    signed_in, owner, device, make_article
):
    filler = "Nothing to see in this sentence at all. " * 30
    found = make_article(
        title="Harbour report",
        url="https://www.example.com/harbour",
        site_name="",
        content_text=f"{filler}The harbours were dredged last spring by the port. {filler}",
        language="en",
    )
    make_article(title="Harbour notes", content_text="A harbour at dawn.", language="en")
    page = signed_in(owner, **device).new_page()
    page.goto("/search/?q=harbours+published:2024")
    expect(page.locator(".message--warning")).to_contain_text(
        "Unknown filter published:, did you mean saved:?"
    )
    expect(page.locator(".search-results__count")).to_have_text("2 articles")
    result = page.locator(".result").filter(has_text="Harbour report")
    expect(result.locator(".result__meta")).to_contain_text("example.com")
    expect(result.locator(".result__meta")).not_to_contain_text("www.")
    snippet = result.locator(".result__snippet")
    expect(snippet.locator("mark")).to_have_text(["harbours"])
    text = snippet.inner_text()
    assert text.startswith("… ") and text.endswith("…")
    whole_words = set(found.content_text.split())
    assert set(text.strip("… ").split()) <= whole_words  # no word cut in two

    result.get_by_role("button", name="Star").click()
    expect(result.locator("[data-shortcut='star']")).to_have_attribute("aria-pressed", "true")
    result.locator(".result__tagger summary").click()
    field = result.locator("[data-tag-input]")
    field.fill("ports")
    field.press("Enter")
    expect(result.locator(".tagger").get_by_role("link", name="ports")).to_be_visible()
    settled(page)
    result.get_by_role("button", name="Archive").click()
    expect(result.get_by_role("button", name="Unarchive")).to_be_visible()
    found.refresh_from_db()
    assert found.is_starred and found.is_archived
    assert [t.name for t in found.tags.all()] == ["ports"]
    assert page.context.csp_errors == []
