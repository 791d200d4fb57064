"""The OPDS catalogue as KOReader's OPDS browser uses it: HTTP Basic auth with the username and
the feed token, follow the links from the root, download an article's EPUB."""

import base64
import io
import re
import zipfile
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles import throttle
from articles.feeds.models import FeedToken
from articles.models import Article, SavedSearch

NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
EPUB_REL = "http://opds-spec.org/acquisition"


@pytest.fixture
def secret(owner):
    return FeedToken.issue(owner)[1]


def basic(username, password):
    return {
        "Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
    }


class EReader:
    """What KOReader does: the same credentials on every request, links followed as given."""

    def __init__(self, client, username, password):
        self.client, self.headers = client, basic(username, password)

    def get(self, url):
        response = self.client.get(url, headers=self.headers)
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
        return response

    def catalogue(self, url):
        response = self.get(url)
        assert response["Content-Type"].startswith("application/atom+xml;profile=opds-catalog")
        assert "private" in response["Cache-Control"]
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        return parsed


def link(entry_or_feed, rel, type_=None):
    found = [
        x.href for x in entry_or_feed.links if x.rel == rel and (type_ is None or x.type == type_)
    ]
    assert len(found) == 1, (rel, entry_or_feed.links)
    return found[0]


def by_title(parsed, title):
    return next(entry for entry in parsed.entries if entry.title == title)


def test_an_e_reader_browses_the_catalogue_and_downloads_an_epub(
    client, owner, secret, make_article, make_tag
):
    story = make_article(
        title="A long read for the train",
        byline="Tess Teller",
        content_html="<p>Once upon a time, on a train.</p>",
        excerpt="A train.",
    )
    story.tags.add(make_tag("travel"))
    Article.objects.filter(pk=make_article(title="Done with it").pk).archive()
    reader = EReader(client, "owner", secret)

    root = reader.catalogue(reverse("opds_root"))
    assert root.feed.title == "newsreader"
    assert [e.title for e in root.entries] == [
        "Unread",
        "Starred",
        "Archive",
        "Tags",
        "Saved searches",
    ]
    assert link(root.feed, "start", NAVIGATION) == "http://testserver/opds/"
    unread = reader.catalogue(link(by_title(root, "Unread"), "subsection", ACQUISITION))
    assert link(unread.feed, "up", NAVIGATION) == "http://testserver/opds/"
    assert [e.title for e in unread.entries] == ["A long read for the train"]
    entry = unread.entries[0]
    assert entry.author == "Tess Teller" and entry.summary == "A train."
    assert entry.id == f"http://testserver/articles/{story.pk}/"

    book = reader.get(link(entry, EPUB_REL, "application/epub+zip"))
    assert book["Content-Type"] == "application/epub+zip"
    assert 'filename="a-long-read-for-the-train.epub"' in book["Content-Disposition"]
    data = b"".join(book.streaming_content)
    assert data[30:38] == b"mimetype"  # the first member, so readers can sniff the type
    with zipfile.ZipFile(io.BytesIO(data)) as epub:
        assert epub.testzip() is None
        first = epub.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert epub.read("mimetype") == b"application/epub+zip"
        chapter = epub.read("OEBPS/article-1.xhtml").decode()
        assert "Once upon a time, on a train." in chapter

    tags = reader.catalogue(link(by_title(root, "Tags"), "subsection", NAVIGATION))
    travel = reader.catalogue(link(by_title(tags, "travel"), "subsection", ACQUISITION))
    assert [e.title for e in travel.entries] == ["A long read for the train"]
    archive = reader.catalogue(link(by_title(root, "Archive"), "subsection", ACQUISITION))
    assert [e.title for e in archive.entries] == ["Done with it"]


def test_saved_searches_are_catalogues_too(client, owner, secret, make_article):
    Article.objects.filter(pk=make_article(title="Starred story").pk).star()
    make_article(title="Plain story")
    SavedSearch.objects.create(owner=owner, name="Favourites", query="is:starred")
    reader = EReader(client, "owner", secret)
    searches = reader.catalogue(reverse("opds_searches"))
    assert [e.title for e in searches.entries] == ["Favourites"]
    found = reader.catalogue(link(searches.entries[0], "subsection", ACQUISITION))
    assert [e.title for e in found.entries] == ["Starred story"]


def test_the_e_reader_searches_with_the_search_pages_language(client, owner, secret, make_article):
    Article.objects.filter(pk=make_article(title="Starred story").pk).star()
    make_article(title="Plain story")
    reader = EReader(client, "owner", secret)
    root = reader.catalogue(reverse("opds_root"))
    description = reader.get(link(root.feed, "search", "application/opensearchdescription+xml"))
    assert description["Content-Type"] == "application/opensearchdescription+xml"
    template = re.search(r'template="([^"]+)"', description.content.decode())[1]
    assert template.endswith("?q={searchTerms}")
    found = reader.catalogue(template.replace("{searchTerms}", "is%3Astarred"))
    assert [e.title for e in found.entries] == ["Starred story"]
    assert found.feed.title == "Search “is:starred”"
    assert reader.catalogue(reverse("opds_find")).entries == []  # nothing typed yet


def test_long_lists_come_in_pages_of_50(client, owner, secret):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            owner=owner,
            title=f"Story {n}",
            url=f"https://example.com/{n}",
            normalized_url=f"https://example.com/{n}",
            status="ready",
            created_at=now - timedelta(minutes=n),
        )
        for n in range(120)
    )
    reader = EReader(client, "owner", secret)
    titles, url, pages = [], reverse("opds_unread"), 0
    while url:
        page = reader.catalogue(url)
        titles += [e.title for e in page.entries]
        url = next((x.href for x in page.feed.links if x.rel == "next"), None)
        pages += 1
    assert pages == 3
    assert titles == [f"Story {n}" for n in range(120)]
    assert len(reader.catalogue(reverse("opds_unread") + "?page=abc").entries) == 50


def test_without_the_right_credentials_it_asks_for_them(client, owner, secret, stranger):
    strangers = FeedToken.issue(stranger)[1]
    for headers in (
        {},
        basic("owner", "wrong"),
        basic("owner", strangers),  # a token, but another user's
        basic("stranger", secret),
        basic("owner", ""),
        {"Authorization": "Basic !!!not base64"},
        {"Authorization": "Bearer " + secret},
    ):
        response = client.get(reverse("opds_root"), headers=headers)
        assert response.status_code == 401, headers
        assert response["WWW-Authenticate"].startswith('Basic realm="newsreader"')
        assert "feed token" in response.content.decode()
    assert client.get(reverse("opds_root"), headers=basic("owner", secret)).status_code == 200


def test_someone_elses_article_tag_or_search_is_not_found(
    client, owner, secret, stranger, make_article, make_tag
):
    theirs = make_article(user=stranger)
    tag = make_tag("private", user=stranger)
    saved = SavedSearch.objects.create(owner=stranger, name="Theirs", query="x")
    headers = basic("owner", secret)
    for url in (
        reverse("opds_epub", args=[theirs.pk]),
        reverse("opds_tag", args=[tag.slug]),
        reverse("opds_search", args=[saved.pk]),
    ):
        assert client.get(url, headers=headers).status_code == 404, url


def test_wrong_passwords_are_counted_per_address_and_then_refused(client, owner, secret):
    limit = throttle.AUTH_FAILURES_PER_IP
    for _ in range(limit.count):
        assert client.get(reverse("opds_root"), headers=basic("owner", "guess")).status_code == 401
    refused = client.get(reverse("opds_root"), headers=basic("owner", secret))
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= limit.seconds + 1
    other = client.get(reverse("opds_root"), headers=basic("owner", secret), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_asking_without_credentials_is_not_a_failure(client, owner, secret):
    for _ in range(throttle.AUTH_FAILURES_PER_IP.count + 1):
        assert client.get(reverse("opds_root")).status_code == 401
    assert client.get(reverse("opds_root"), headers=basic("owner", secret)).status_code == 200
