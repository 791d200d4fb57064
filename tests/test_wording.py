"""Words a user reads: counts in the right number, and one date style on every page."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.cards import day_label
from articles.plurals import articles_count, tags_count
from tests.pages import article_html
from tests.webserver import page


@pytest.mark.parametrize(
    ("count", "words"),
    [(0, "0 articles"), (1, "1 article"), (2, "2 articles"), (1240, "1,240 articles")],
)
def test_article_counts_agree_in_number(count, words):
    assert articles_count(count) == words


def test_tag_counts_agree_in_number():
    assert (tags_count(1), tags_count(3)) == ("1 tag", "3 tags")


def test_admin_actions_count_one_article_in_the_singular(admin_client, make_article):
    article = make_article()
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "starred", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "Starred: 1 article." in response.content.decode()


def test_admin_headings_are_proper_plurals(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Reading preferences<" in html and "Saved searches<" in html
    assert "preferencess" not in html and "searchs" not in html


def test_every_date_is_written_the_same_way(owner_client, make_article):
    moment = datetime(2024, 11, 28, 9, 30, tzinfo=UTC)
    assert date_format(moment, "DATE_FORMAT") == "28 Nov 2024"  # the admin and Django's |date
    assert day_label(moment, timezone.localtime()) == "28 Nov 2024"  # cards and search results
    article = make_article(published_at=moment)
    html = owner_client.get(article.get_absolute_url()).content.decode()
    assert ">28 Nov 2024</time>" in html  # the reader


def test_saving_a_link_twice_says_when_in_the_same_style(owner_client, make_article, web):
    web.routes["/story"] = page(article_html("Twice"))
    owner_client.post(reverse("add"), {"url": web.url("/story")})
    response = owner_client.post(reverse("add"), {"url": web.url("/story")}, follow=True)
    today = day_label(timezone.localtime(), timezone.localtime())
    assert f"You already saved this article on {today}; here it is." in response.content.decode()
