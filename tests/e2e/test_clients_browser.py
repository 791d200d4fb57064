"""Saving from anywhere, in Chromium: the bookmarklet on a page of a local web server saves it
in one click through its small window; the web app's manifest and service worker; reading an
article again offline."""

import json

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.test_library_browser import wait_until
from tests.pages import article_html
from tests.webserver import page as page_route

pytestmark = pytest.mark.browser

# The page's own script adds this after loading: only the page as the browser shows it has it.
RENDERED = "This paragraph was written by the page's script after it loaded."
SCRIPTED_PAGE = article_html(
    "Subscribers Only",
    extra=f"<script>const p = document.createElement('p'); p.textContent = {json.dumps(RENDERED)};"
    "document.querySelector('article').append(p);</script>",
)


def bookmarklet_of(context) -> str:
    page = context.new_page()
    page.goto("/add/")
    code = page.get_by_role("link", name="Save to newsreader").get_attribute("href")
    page.close()
    return code


def click_bookmark(page, code: str):
    """What clicking a bookmark does: run its javascript: URL in the page, from a click."""
    page.evaluate(
        """code => { const a = document.createElement("a"); a.id = "bookmark"; a.href = code;
                     a.textContent = "bookmark"; document.body.prepend(a); }""",
        code,
    )
    with page.expect_popup() as popup:
        page.locator("#bookmark").click()
    return popup.value


def test_the_bookmarklet_saves_the_page_as_shown_in_one_click(signed_in, owner, web):
    web.routes["/story"] = page_route(SCRIPTED_PAGE)
    context = signed_in(owner)
    code = bookmarklet_of(context)
    page = context.new_page()
    page.goto(web.url("/story"))
    expect(page.get_by_text(RENDERED)).to_be_visible()

    window = click_bookmark(page, code)
    expect(window.get_by_role("heading", name="Saved")).to_be_visible()
    expect(window.get_by_text("as your browser showed it")).to_be_visible()
    expect(window.get_by_text("Subscribers Only")).to_be_visible()
    window.wait_for_event("close", timeout=5_000)  # it closes by itself

    article = Article.objects.get(owner=owner)
    assert article.url == web.url("/story")
    assert article.status == "ready"  # no fetch: the page came from the browser
    assert RENDERED in article.content_text
    assert web.requests.count("/story") == 1  # the browser's visit; the server fetched nothing
    assert context.csp_errors == []


def test_a_page_cannot_hand_the_window_another_sites_html(signed_in, owner, web, site):
    """Even with the user's key, a page only says which link to save: the window takes HTML
    only from a window of that link's own origin, and asks no other."""
    web.routes["/evil"] = page_route("<h1>Nothing to see</h1>")
    context = signed_in(owner)
    key = bookmarklet_of(context).split("&k='+", 1)[1].split("+", 1)[0].strip('"')
    page = context.new_page()
    page.goto(web.url("/evil"))
    with page.expect_popup() as popup:
        page.evaluate(
            """([origin, key]) => {
                 window.asked = [];
                 addEventListener("message", (e) => window.asked.push(e.data));
                 const target = "https://bank.example/statement";
                 const w = window.open(origin + "/save/?popup=1&k=" + key
                                       + "&url=" + encodeURIComponent(target));
                 const planted = {newsreader: "page", url: target, html: "<p>Planted</p>"};
                 setInterval(() => w.postMessage(planted, "*"), 50);
               }""",
            [site.url, key],
        )
    window = popup.value
    expect(window.get_by_text("newsreader is fetching the page.")).to_be_visible()
    article = Article.objects.get(owner=owner)
    assert article.url == "https://bank.example/statement"
    assert article.status == "pending" and article.content_html == ""  # by its link only
    assert page.evaluate("window.asked") == []  # the window asked only bank.example's origin


def test_the_manifest_is_valid_and_its_icons_load(signed_in, owner):
    page = signed_in(owner).new_page()
    page.goto("/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.evaluate("url => fetch(url).then((r) => r.json())", href)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        size = page.evaluate(
            """src => fetch(src).then((r) => r.blob()).then(createImageBitmap)
                 .then((image) => image.width + "x" + image.height)""",
            icon["src"],
        )
        assert size == icon["sizes"]
    share = page.evaluate(
        "url => fetch(url).then((r) => r.text())",
        manifest["share_target"]["action"] + "?text=" + "Look%20https://example.com/a",
    )
    assert 'value="https://example.com/a"' in share


def pages_kept(count: int) -> str:
    """Whether the service worker keeps this many pages (templates/webapp/sw.js)."""
    return f"caches.open('pages').then((c) => c.keys()).then((k) => k.length === {count})"


def test_the_service_worker_keeps_articles_read_last_for_offline(signed_in, owner, make_article):
    kept = make_article(title="Read on the train", content_html="<p>Words for the tunnel.</p>")
    make_article(title="Never opened")
    context = signed_in(owner)
    page = context.new_page()
    page.goto("/")
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope.endswith("/") and scope.count("/") == 3  # the whole site
    page.reload()
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
    page.goto(kept.get_absolute_url() + "?from=unread")
    expect(page.locator("#reader-title")).to_have_text("Read on the train")
    wait_until(page, pages_kept(1))

    context.set_offline(True)
    page.goto(kept.get_absolute_url())
    expect(page.locator("#reader-title")).to_have_text("Read on the train")
    expect(page.get_by_text("Words for the tunnel.")).to_be_visible()
    page.goto("/starred/")
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
    expect(page.get_by_role("link", name="Read on the train")).to_be_visible()
    expect(page.get_by_role("link", name="Never opened")).to_have_count(0)

    context.set_offline(False)
    page.goto("/")
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    wait_until(page, pages_kept(0))
    assert context.csp_errors == []
