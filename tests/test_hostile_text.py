"""Titles, tags and URLs written by strangers stay inert everywhere they are shown
(SECURITY.md, “Text shown in pages”): the reader, the tags page, htmx partials and the admin."""

import pytest
from django.urls import reverse

TITLE = '"><script>alert(1)</script>'
TAG = '" autofocus onfocus=alert(1) x="'


@pytest.fixture
def hostile(make_article, make_tag):
    article = make_article(
        title=TITLE, byline=TITLE, site_name=TITLE, url="javascript:alert(1)", excerpt=TITLE
    )
    article.tags.add(make_tag(TAG))
    return article


def assert_inert(html: str):
    assert "<script>alert(1)" not in html
    assert 'onfocus=alert(1) x=""' not in html
    assert 'href="javascript:' not in html.lower()


def test_the_reader_and_its_partials(owner_client, hostile):
    assert_inert(owner_client.get(reverse("article", args=[hostile.pk])).content.decode())
    tag_editor = reverse("article_tag_editor", args=[hostile.pk])
    assert_inert(owner_client.get(tag_editor, headers={"HX-Request": "true"}).content.decode())


def test_the_tags_page(owner_client, hostile):
    assert_inert(owner_client.get(reverse("tags")).content.decode())


def test_the_admin(admin_client, hostile):
    for url in (
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[hostile.pk]),
        reverse("admin:articles_tag_changelist"),
    ):
        assert_inert(admin_client.get(url).content.decode())
