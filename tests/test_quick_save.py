"""The quick-save window (bookmarklet) and the share target: a GET shows, only a POST with the
CSRF token saves; the window saves by itself only for the user's own bookmarklet."""

import json
import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.views.saving import bookmarklet_key
from tests.pages import article_html
from tests.webserver import page

SAVE = reverse("quick_save")


def test_opening_the_window_saves_nothing(owner_client, owner, web):
    web.routes["/story"] = page(article_html("Worth keeping"))
    url = web.url("/story")
    key = bookmarklet_key(owner)
    response = owner_client.get(f"{SAVE}?popup=1&k={key}&url={quote(url)}&title=Worth+keeping")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{url}"' in html and "Worth keeping" in html
    assert "data-auto" in html and f'data-page-origin="{url.rsplit("/", 1)[0]}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    # The page that opened the window must stay its opener, to be asked for its HTML.
    assert response["Cross-Origin-Opener-Policy"] == "unsafe-none"
    assert web.requests == [] and not Article.objects.exists()


@pytest.mark.parametrize("key", ["", "0" * 32, "not-a-key"])
def test_without_the_users_key_the_window_waits_for_a_click(owner_client, key):
    html = owner_client.get(f"{SAVE}?popup=1&k={key}&url=https://example.com/a").content.decode()
    assert "data-auto" not in html and "Save</button>" in html


def test_another_users_key_does_not_save_by_itself(owner_client, stranger):
    key = bookmarklet_key(stranger)
    html = owner_client.get(f"{SAVE}?popup=1&k={key}&url=https://example.com/a").content.decode()
    assert "data-auto" not in html


def test_changing_the_password_changes_the_key(owner):
    before = bookmarklet_key(owner)
    owner.set_password("another-password-456")
    assert bookmarklet_key(owner) != before


def test_saving_needs_the_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(SAVE, {"url": "https://example.com/a", "popup": "1"})
    assert response.status_code == 403 and not Article.objects.exists()


def test_the_window_saves_the_page_it_was_sent_and_says_saved(owner_client, owner):
    rendered = article_html("Behind the paywall", extra="<p>Only subscribers see this.</p>")
    response = owner_client.post(
        SAVE, {"url": "https://news.example/paywalled", "html": rendered, "popup": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and ">Saved</h1>" in html and "as your browser showed it" in html
    assert "Behind the paywall" in html and "data-close-after" in html
    article = Article.objects.get(owner=owner)
    assert article.status == "ready" and "Only subscribers see this." in article.content_html
    assert article.url == "https://news.example/paywalled"

    again = owner_client.post(SAVE, {"url": "https://news.example/paywalled", "popup": "1"})
    assert ">Already saved</h1>" in again.content.decode()
    assert "You saved this article on" in again.content.decode()
    assert Article.objects.count() == 1


def test_a_link_alone_is_saved_and_fetched(owner_client, owner, web):
    web.routes["/story"] = page(article_html("Fetched later"))
    data = {"url": web.url("/story"), "popup": "1", "tags": "later", "title": "As the tab said"}
    response = owner_client.post(SAVE, data)
    html = response.content.decode()
    assert "newsreader is fetching the page" in html and "As the tab said" in html
    article = Article.objects.get(owner=owner)
    assert article.status == "pending" and [t.name for t in article.tags.all()] == ["later"]


def test_a_bad_link_says_what_is_wrong_and_keeps_it(owner_client):
    response = owner_client.post(SAVE, {"url": "javascript:alert(1)", "popup": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and 'value="javascript:alert(1)"' in html
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"url": "https://example.com/shared"}, "https://example.com/shared"),
        ({"text": "Read this: https://example.com/in-text."}, "https://example.com/in-text"),
        ({"title": "Hi", "text": "(https://example.com/x)"}, "https://example.com/x"),
        ({"text": "no link here"}, ""),
    ],
)
def test_the_share_menu_fills_the_form_with_the_shared_link(owner_client, params, expected):
    response = owner_client.get(SAVE, params)
    html = response.content.decode()
    field = re.search(r'<input type="text" name="url"[^>]*>', html)[0]
    assert (f'value="{expected}"' in field) if expected else ("value=" not in field)
    assert "data-auto" not in html and "Back to your library" in html
    assert "autofocus" not in field  # no keyboard over the Save button on a phone
    assert ("has no link in it" in html) == (not expected)
    assert not Article.objects.exists()


def test_saving_a_shared_link_opens_the_article(owner_client, owner, web):
    web.routes["/story"] = page(article_html())
    response = owner_client.post(SAVE, {"url": web.url("/story")})
    article = Article.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()


def test_the_bookmarklet_carries_the_site_and_the_users_key(owner_client, owner):
    html = owner_client.get(reverse("add")).content.decode()
    code = re.search(r'href="(javascript:[^"]+)"', html)[1].replace("&quot;", '"')
    assert json.dumps("http://testserver") in code
    assert json.dumps("http://testserver" + SAVE) in code
    assert json.dumps(bookmarklet_key(owner)) in code
    assert "%" not in code  # javascript: URLs are percent-decoded before they run


def test_the_header_and_the_empty_library_lead_to_the_ways_to_save(owner_client):
    html = owner_client.get(reverse("unread")).content.decode()
    assert html.count(f'href="{reverse("add")}') >= 2  # the header's "More", the welcome
    assert "javascript:(function(){" in html  # the bookmarklet, in the welcome
