"""`next` goes nowhere outside the site, wherever it is read (SECURITY.md, “Redirects”): one
helper, articles.views.feedback.next_path, reads it for redirects, Cancel links and the hidden
fields that carry it on."""

import pytest
from django.urls import reverse

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    " //evil.example",
    "/ok\x00",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_an_action_never_redirects_off_site(owner_client, make_article, target):
    article = make_article()
    response = owner_client.post(reverse("article_star", args=[article.pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_a_path_on_the_site_is_where_an_action_returns(owner_client, make_article):
    article = make_article()
    response = owner_client.post(reverse("article_star", args=[article.pk]), {"next": "/starred/"})
    assert response["Location"] == "/starred/"


@pytest.mark.parametrize("target", HOSTILE)
def test_the_tag_editors_cancel_link_stays_on_the_site(owner_client, make_article, target):
    article = make_article()
    too_long = "x" * 101
    for url, data in (
        (reverse("article_tags", args=[article.pk]), {"tags": too_long, "next": target}),
        (reverse("bulk_tag"), {"tags": too_long, "ids": [article.pk], "next": target}),
    ):
        response = owner_client.post(url, data)
        html = response.content.decode()
        assert response.status_code == 400
        assert 'href="/">Cancel</a>' in html
        assert "evil.example" not in html and "javascript:" not in html.lower()


@pytest.mark.parametrize("target", HOSTILE)
def test_an_htmx_card_does_not_carry_a_foreign_next(owner_client, make_article, target):
    article = make_article(title="Card")
    response = owner_client.post(
        reverse("article_star", args=[article.pk]),
        {"next": target, "from": "home"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "evil.example" not in html and "javascript:" not in html.lower()


@pytest.mark.parametrize("target", HOSTILE)
def test_logging_in_never_redirects_off_site(client, owner, target):
    response = client.post(
        reverse("login"), {"username": "owner", "password": "owner-password-123", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] in (reverse("unread"), "/ok%00")
