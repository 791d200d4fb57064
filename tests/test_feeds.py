"""Atom feeds behind the feed token: parsed as feed readers parse them (feedparser), and the
token's life on the account page (made, shown once, replaced, turned off)."""

import re
from datetime import timedelta

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.feeds.models import FeedToken
from articles.ingest.clean import clean
from articles.models import Article, SavedSearch


@pytest.fixture
def secret(owner):
    return FeedToken.issue(owner)[1]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


def feed_url(secret, name, *args):
    return reverse(name, args=[secret, *args])


def test_the_unread_feed_is_valid_atom_with_whole_articles(client, secret, make_article, make_tag):
    older = make_article(
        title="Older & wiser",
        byline="Ada Writer",
        excerpt="In short.",
        content_html="<h2>Part one</h2><p>The <em>whole</em> text.</p>",
    )
    older.tags.add(make_tag("history"))
    newer = make_article(title="Newer", site_name="The Site")
    make_article(title="Archived one").__class__.objects.filter(title="Archived one").archive()
    make_article(title="Read one").__class__.objects.filter(title="Read one").mark_read()

    response, parsed = fetch(client, feed_url(secret, "feed_unread"))
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Unread · newsreader"
    assert [e.title for e in parsed.entries] == ["Newer", "Older & wiser"]
    first, second = parsed.entries
    # ids: the article's page on the site, absolute and unique; links: the original, and ours
    assert second.id == f"http://testserver/articles/{older.pk}/"
    assert len({e.id for e in parsed.entries}) == 2
    assert second.link == older.url
    related = [link.href for link in second.links if link.rel == "related"]
    assert related == [second.id]
    assert second.author == "Ada Writer" and first.author == "The Site"
    assert second.updated_parsed and second.published_parsed
    assert second.summary == "In short."
    assert second.content[0].type == "text/html"
    assert "<h2>Part one</h2><p>The <em>whole</em> text.</p>" in second.content[0].value
    assert [t.term for t in second.tags] == ["history"]
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [
        "http://testserver" + feed_url(secret, "feed_unread")
    ]
    assert newer.pk  # (the newest comes first)


def test_links_and_pictures_in_the_content_are_absolute(client, secret, make_article):
    html = clean(
        '<p><a href="/elsewhere">a link</a> <img src="pic.png" alt="p"></p>',
        base_url="https://example.com/post/",
    )
    make_article(content_html=html, lead_image_url="https://example.com/lead.jpg")
    _, parsed = fetch(client, feed_url(secret, "feed_unread"))
    content = parsed.entries[0].content[0].value
    addresses = re.findall(r'(?:href|src)="([^"]+)"', content)
    assert set(addresses) == {
        "https://example.com/elsewhere",
        "https://example.com/post/pic.png",
        "https://example.com/lead.jpg",  # the lead picture, on top as the reader shows it
    }


def test_a_feed_holds_the_50_saved_last_newest_first(client, secret, owner):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            owner=owner,
            title=f"Story {n}",
            url=f"https://example.com/{n}",
            normalized_url=f"https://example.com/{n}",
            status="ready",
            content_html=f"<p>Story {n}</p>",
            created_at=now - timedelta(minutes=n),
        )
        for n in range(60)
    )
    _, parsed = fetch(client, feed_url(secret, "feed_unread"))
    assert [e.title for e in parsed.entries] == [f"Story {n}" for n in range(50)]


def test_starred_archive_tag_and_saved_search_feeds(client, secret, owner, make_article, make_tag):
    starred = make_article(title="Starred one")
    archived = make_article(title="Archived one")
    tagged = make_article(title="Tagged one")
    Article.objects.filter(pk=starred.pk).star()
    Article.objects.filter(pk=archived.pk).archive()
    tag = make_tag("cooking")
    tagged.tags.add(tag)
    saved = SavedSearch.objects.create(owner=owner, name="Kept", query="is:starred")

    def titles(url):
        return [e.title for e in fetch(client, url)[1].entries]

    assert titles(feed_url(secret, "feed_starred")) == ["Starred one"]
    assert titles(feed_url(secret, "feed_archived")) == ["Archived one"]
    assert titles(feed_url(secret, "feed_tag", tag.slug)) == ["Tagged one"]
    assert titles(feed_url(secret, "feed_search", saved.pk)) == ["Starred one"]
    _, parsed = fetch(client, feed_url(secret, "feed_tag", tag.slug))
    assert parsed.feed.title == "Tag “cooking” · newsreader"


def test_an_empty_feed_and_an_unfetched_article_are_still_valid(client, secret, make_article):
    _, parsed = fetch(client, feed_url(secret, "feed_starred"))
    assert parsed.entries == [] and parsed.feed.updated_parsed
    make_article(title="", content_html="", status="failed", failure_reason="Gone (404).")
    Article.objects.update(title="Bell\x07 in\x0b title")  # controls XML cannot carry
    _, parsed = fetch(client, feed_url(secret, "feed_unread"))
    assert parsed.entries[0].title == "Bell in title"
    assert "could not fetch this article: Gone (404)." in parsed.entries[0].content[0].value


def test_a_wrong_revoked_or_strangers_token_finds_nothing(
    client, secret, owner, stranger, make_article, make_tag
):
    tag = make_tag("mine")
    make_article().tags.add(tag)
    strangers = FeedToken.issue(stranger)[1]
    assert client.get(feed_url(strangers, "feed_tag", tag.slug)).status_code == 404
    assert client.get(feed_url(secret + "x", "feed_unread")).status_code == 404
    assert client.get(feed_url("nrp_" + secret[4:], "feed_unread")).status_code == 404
    assert client.get(feed_url(secret, "feed_tag", "nope")).status_code == 404
    owner.is_active = False
    owner.save()
    assert client.get(feed_url(secret, "feed_unread")).status_code == 404
    owner.is_active = True
    owner.save()
    FeedToken.objects.filter(user=owner).delete()
    assert client.get(feed_url(secret, "feed_unread")).status_code == 404


def test_feeds_are_private_revalidated_and_answer_304_when_unchanged(client, secret, make_article):
    make_article()
    url = feed_url(secret, "feed_unread")
    response = client.get(url)
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-cache" in cache_control
    assert "public" not in cache_control
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert (
        client.get(url, headers={"If-Modified-Since": response["Last-Modified"]}).status_code == 304
    )
    make_article(title="A new one")
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 200
    assert client.post(url).status_code == 405


def test_using_the_token_is_recorded(client, secret, owner):
    fetch(client, feed_url(secret, "feed_unread"))
    assert FeedToken.objects.get(user=owner).last_used is not None


# -- the account page -----------------------------------------------------------------------


def test_the_account_page_makes_feed_links_and_shows_them_once(owner_client, owner, make_tag):
    make_tag("science")
    SavedSearch.objects.create(owner=owner, name="Long reads", query="is:unread")
    page = owner_client.get(reverse("account")).content.decode()
    assert "Feeds and e-readers" in page and "Make feed links" in page

    response = owner_client.post(reverse("feed_token_create"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    urls = re.findall(r">(http://testserver/feeds/[^<]+)</code>", html)
    assert len(urls) == 5  # unread, starred, archive, the tag, the saved search
    assert all(owner_client.get(url).status_code == 200 for url in urls)
    assert 'rel="alternate" type="application/atom+xml"' in html  # found by browser add-ons
    assert ">http://testserver/opds/</code>" in html and ">owner</code>" in html
    secret = re.search(r'id="opds-password">([^<]+)</code>', html)[1]
    assert secret.startswith("nrf_") and secret in urls[0]

    page = owner_client.get(reverse("account")).content.decode()
    assert "Make new feed links" in page and secret not in page

    renewed = owner_client.post(reverse("feed_token_create")).content.decode()
    assert secret not in renewed
    assert owner_client.get(urls[0]).status_code == 404  # the old links stop working
    new_url = re.findall(r">(http://testserver/feeds/[^<]+)</code>", renewed)[0]
    assert owner_client.get(new_url).status_code == 200
    assert FeedToken.objects.filter(user=owner).count() == 1

    response = owner_client.post(reverse("feed_token_revoke"), follow=True)
    assert "Feeds are off" in response.content.decode()
    assert owner_client.get(new_url).status_code == 404
    assert not FeedToken.objects.filter(user=owner).exists()


def test_making_feed_links_needs_a_post(owner_client):
    assert owner_client.get(reverse("feed_token_create")).status_code == 405
    assert owner_client.get(reverse("feed_token_revoke")).status_code == 405


def test_an_administrator_can_revoke_a_leaked_feed_token(admin_client, owner, secret):
    token = FeedToken.objects.get(user=owner)
    changelist = admin_client.get(reverse("admin:articles_feedtoken_changelist"))
    assert changelist.status_code == 200 and "owner" in changelist.content.decode()
    assert (
        secret not in changelist.content.decode()
        and token.digest not in changelist.content.decode()
    )
    assert admin_client.get(reverse("admin:articles_feedtoken_add")).status_code == 403
    admin_client.post(reverse("admin:articles_feedtoken_delete", args=[token.pk]), {"post": "yes"})
    assert not FeedToken.objects.exists()
    assert Client().get(feed_url(secret, "feed_unread")).status_code == 404
