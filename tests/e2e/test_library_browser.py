"""Living in the library with a real browser: reading, tagging, shortcuts, settings, progress,
and the same main actions with JavaScript turned off."""

import re
import threading
import time

import pytest
from playwright.sync_api import expect

from articles.jobs.queue import queue_fetch
from articles.models import Article, ReadingPreferences
from tests.pages import article_html
from tests.webserver import page as page_route

pytestmark = pytest.mark.browser

LONG_BODY = "".join(
    f"<h2>Part {n}</h2>" + "<p>" + "A sentence worth reading slowly. " * 40 + "</p>"
    for n in range(12)
)


def settled(page):
    """htmx has finished swapping and settling (the next key goes to the new content).

    A locator, not wait_for_function: the page's CSP forbids the eval that a string predicate
    needs whenever Playwright has to poll it, which failed the test now and then (wait_until
    below polls the same way for values no locator can see)."""
    busy = page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    expect(busy).to_have_count(0)


def wait_until(page, expression: str, timeout: float = 5.0) -> None:
    """Poll a page expression with evaluate() (CDP, which the CSP allows) until it is true."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(50)


def fresh(article) -> Article:
    return Article.objects.get(pk=article.pk)


def test_save_read_tag_star_and_archive_an_article(signed_in, owner, web, worker):
    web.routes["/long-read"] = page_route(
        article_html("A long read", paragraphs=30, byline="Ada Writer", site="The Slow Times")
    )
    page = signed_in(owner).new_page()
    page.goto("/")
    page.locator("#header-add-url").fill(web.url("/long-read"))
    page.locator("#header-add-url").press("Enter")
    expect(page.locator("#reader-title")).to_have_text("A long read")
    header = page.locator(".reader-header")
    expect(header).to_contain_text("Ada Writer")
    expect(header).to_contain_text("The Slow Times")
    expect(header.locator("time")).to_have_attribute("datetime", "2026-03-14T09:30:00+00:00")
    article = Article.objects.get(owner=owner)

    page.goto("/")
    page.get_by_role("link", name="A long read").click()
    expect(page.locator("#reader-title")).to_have_text("A long read")

    tags = page.locator("#reader-tags")
    tags.locator("summary").click()  # the tag field opens on demand
    tags.locator("[data-tag-input]").fill("essays, slow")
    tags.locator("[data-tag-input]").press("Enter")
    expect(tags.get_by_role("link", name="essays")).to_be_visible()
    expect(tags.get_by_role("link", name="slow")).to_be_visible()

    page.locator("#reader-star").click()
    expect(page.locator("#reader-star")).to_have_attribute("aria-pressed", "true")
    page.locator("#reader-archive").click()
    expect(page.locator("#reader-archive")).to_contain_text("Unarchive")

    article = fresh(article)
    assert article.is_starred and article.is_archived
    assert sorted(article.tags.values_list("name", flat=True)) == ["essays", "slow"]
    expect(page.locator("#nav-views")).to_have_count(0)  # the reader has no side navigation
    assert page.context.csp_errors == []


def test_keyboard_shortcuts(signed_in, owner, make_article):
    for n in range(3):
        make_article(title=f"Story {n}")
    page = signed_in(owner).new_page()
    page.goto("/")
    cards = page.locator("[data-card]")

    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(cards.nth(1)).to_have_class(re.compile("is-current"))
    page.keyboard.press("s")
    expect(cards.nth(1).locator("[data-shortcut='star']")).to_have_attribute("aria-pressed", "true")
    settled(page)
    page.keyboard.press("e")
    expect(cards.nth(1)).to_contain_text("Archived:")
    expect(page.locator("#nav-views")).to_contain_text("Unread 2")
    assert Article.objects.get(title="Story 1").is_archived
    # Focus lands on Undo once htmx settles; only then does the next key start from there.
    expect(cards.nth(1).get_by_role("button", name="Undo")).to_be_focused()
    settled(page)

    page.keyboard.press("k")
    page.keyboard.press("t")
    expect(cards.nth(0).locator("[data-tag-input]")).to_be_focused()
    page.keyboard.type("jk")  # typing in a field is typing, not shortcuts
    expect(cards.nth(0).locator("[data-tag-input]")).to_have_value("jk")
    page.keyboard.press("Escape")

    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts")).to_be_hidden()

    page.keyboard.press("/")
    expect(page.locator("#header-search")).to_be_focused()
    page.keyboard.press("Escape")

    page.keyboard.press("o")
    expect(page).to_have_url(re.compile(r"/articles/\d+/\?from=unread"))
    page.keyboard.press("u")
    expect(page).to_have_url(re.compile(r"/$"))
    page.keyboard.press("g")
    page.keyboard.press("s")
    expect(page).to_have_url(re.compile(r"/starred/$"))


def test_a_tag_field_offers_the_users_tags_once_used(
    signed_in, owner, stranger, make_tag, make_article
):
    make_article(title="Story")
    for name in ("essays", "slow", "science"):
        make_tag(name)
    make_tag("theirs", user=stranger)
    page = signed_in(owner).new_page()
    page.goto("/")
    names = page.locator("#tag-names option")
    expect(names).to_have_count(0)  # not sent with the page
    card = page.locator("[data-card]").first
    card.locator("summary[data-shortcut='tag']").click()
    field = card.locator("[data-tag-input]")
    field.focus()
    expect(names).to_have_count(3)
    assert [names.nth(n).get_attribute("value") for n in range(3)] == ["essays", "science", "slow"]
    field.fill("essays, s")  # after a comma: the other names, each after what was typed
    more = page.locator("#tag-names-more option")
    expect(more).to_have_count(2)
    assert more.first.get_attribute("value") == "essays, science"
    assert page.context.csp_errors == []


def test_reading_settings_follow_the_user_to_another_device(signed_in, owner):
    page = signed_in(owner).new_page()
    page.goto("/settings/reading/")
    with page.expect_response(lambda r: r.url.endswith("/settings/reading/") and r.status == 204):
        page.get_by_label("Dark").check()
    with page.expect_response(lambda r: r.url.endswith("/settings/reading/") and r.status == 204):
        page.get_by_label("Text size").select_option("22")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")  # applied at once

    other = signed_in(owner, color_scheme="light").new_page()
    other.goto("/")
    html = other.locator("html")
    expect(html).to_have_attribute("data-theme", "dark")
    expect(html).to_have_attribute("data-size", "22")
    background = other.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(19, 20, 22)"
    prefs = ReadingPreferences.objects.get(user=owner)
    assert (prefs.theme, prefs.font_size) == ("dark", 22)


def test_reading_progress_is_restored_after_reload(signed_in, owner, make_article):
    article = make_article(title="Progress", content_html=LONG_BODY)
    page = signed_in(owner, viewport={"width": 1000, "height": 700}).new_page()
    page.goto(article.get_absolute_url())
    with page.expect_response(lambda r: "/progress/" in r.url and r.status == 204):
        page.mouse.move(500, 400)
        page.mouse.wheel(0, 2500)
    wait_until(page, "window.scrollY > 2000")
    saved = fresh(article).reading_progress
    assert 0.2 < saved < 0.9

    page.reload()
    wait_until(page, "window.scrollY > 1500")
    restored = page.evaluate("window.scrollY")
    assert abs(restored - 2500) < 150


def test_the_main_actions_work_without_javascript(signed_in, owner, make_article):
    first = make_article(title="First")
    second = make_article(title="Second")
    third = make_article(title="Third")
    page = signed_in(owner, java_script_enabled=False).new_page()
    page.goto("/")
    card = page.locator(f"#article-{first.pk}")

    card.get_by_role("button", name="Star").click()
    expect(page.locator(f"#article-{first.pk} [data-shortcut='star']")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.locator(f"#article-{first.pk} summary").click()
    page.get_by_role("link", name="Edit the tags").click()
    field = page.locator(f"#tags-{first.pk}")
    field.fill("offline")
    field.press("Enter")
    expect(page.locator(".tagger").get_by_role("link", name="offline")).to_be_visible()
    page.get_by_role("link", name="Done").click()

    page.locator(f"#article-{second.pk}").get_by_role("button", name="Archive").click()
    expect(page.locator(".message")).to_contain_text("Archived: “Second”.")
    expect(page.locator(f"#article-{second.pk}")).to_have_count(0)

    page.locator(f"#article-{third.pk}").get_by_role("button", name="Delete").click()
    expect(page.locator(".message")).to_contain_text("Deleted: “Third”.")
    page.locator(".message").get_by_role("button", name="Undo").click()
    expect(page.locator(f"#article-{third.pk}")).to_be_visible()

    page.locator(f"#select-{first.pk}").check()
    page.locator(f"#select-{third.pk}").check()
    page.locator("#bulk-form").get_by_role("button", name="Mark read").click()
    expect(page.locator(".message")).to_contain_text("Marked 2 articles as read.")

    assert fresh(first).is_starred and fresh(first).is_read
    assert [t.name for t in fresh(first).tags.all()] == ["offline"]
    assert fresh(second).is_archived
    assert fresh(third).is_read


def test_cards_waiting_for_a_fetch_fill_in_by_themselves(signed_in, owner, web, worker):
    release = threading.Event()

    def later(route):
        def answer(handler):
            release.wait(10)
            route(handler)

        return answer

    web.routes["/slow"] = later(page_route(article_html("Arrived while you looked", paragraphs=20)))
    web.routes["/missing"] = later(page_route("<h1>Not found</h1>", status=404))
    for path in ("/slow", "/missing"):
        url = web.url(path)
        article = Article.objects.create(owner=owner, url=url, normalized_url=url)
        queue_fetch(article)
    page = signed_in(owner).new_page()
    page.goto("/")
    expect(page.get_by_text("Fetching the article…")).to_have_count(2)
    page.evaluate("window.stillTheSamePage = true")
    release.set()
    expect(page.get_by_role("link", name="Arrived while you looked")).to_be_visible()
    expect(page.locator(".card__status--failed")).to_contain_text("Not saved.")
    expect(page.get_by_text("Fetching the article…")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage === true")  # swapped in, not reloaded
    expect(page.locator("[id^=pending-][hx-get]")).to_have_count(0)  # and the polling stopped
    assert page.context.csp_errors == []
