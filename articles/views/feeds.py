"""Atom feeds of the library's views, tags and saved searches, behind the feed token in the URL.

Each holds the 50 articles saved last, with their whole text. Feed readers poll: the answer
carries an ETag and a Last-Modified, so an unchanged feed costs them a 304, and it is private
(the URL is the only key: no shared cache may keep a copy).
"""

import hashlib

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from articles.feeds import sources
from articles.feeds.access import token_in_url
from articles.feeds.atom import Feed, Link, render
from articles.feeds.entries import Site, feed_entry, with_tags

FEED_SIZE = 50
ATOM_TYPE = "application/atom+xml; charset=utf-8"


@token_in_url
def view_feed(request, user, view_name: str):
    return _atom(request, user, sources.view_source(user, view_name))


@token_in_url
def tag_feed(request, user, slug: str):
    return _atom(request, user, sources.tag_source(user, slug))


@token_in_url
def search_feed(request, user, saved_pk: int):
    return _atom(request, user, sources.search_source(user, saved_pk))


def _atom(request, user, source: sources.Source) -> HttpResponse:
    site = Site.of(request)
    articles = list(with_tags(source.articles)[:FEED_SIZE])
    updated = max((a.updated_at for a in articles), default=None)
    feed = Feed(
        id=f"tag:{request.get_host()},2026:feeds/{user.pk}/{source.kind}/{source.key}",
        title=f"{source.title} · newsreader",
        subtitle=f"The {FEED_SIZE} articles {user.get_username()} saved last.",
        updated=updated or timezone.now(),
        links=[
            Link(request.build_absolute_uri(), rel="self", type="application/atom+xml"),
            Link(site.absolute(source.site_path), type="text/html"),
        ],
        entries=[feed_entry(article, site) for article in articles],
    )
    return private_xml(request, render(feed), ATOM_TYPE, updated)


def private_xml(request, body: bytes, content_type: str, updated=None) -> HttpResponse:
    """A document for one user's client: revalidated each time, never kept by a shared cache,
    a 304 when the client's copy is still the one (by ETag, or by date when that is all it
    sends)."""
    response = HttpResponse(body, content_type=content_type)
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    response["ETag"] = etag
    last_modified = int(updated.timestamp()) if updated else None
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, private=True, no_cache=True)
    response["X-Robots-Tag"] = "noindex"
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
