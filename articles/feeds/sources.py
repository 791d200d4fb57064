"""Which articles a feed holds: a library view, a tag or a saved search, newest saved first.

The same lists as the site's, found the site's way (articles.listing, articles.search), so a
feed never disagrees with the page it mirrors. Someone else's tag or search is not found.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from articles.access import get_saved_search_for_user, get_tag_for_user
from articles.listing import Listing
from articles.search import MAX_QUERY_LENGTH, search_articles
from articles.states import VIEWS

# The library views a reader follows elsewhere ("All" is every article ever saved: no feed).
FEED_VIEWS = ("unread", "starred", "archived")


@dataclass(frozen=True)
class Source:
    kind: str  # "view", "tag", "search" (saved) or "query" (typed)
    key: str  # the view's name, the tag's slug, the saved search's id, the query
    title: str
    articles: QuerySet  # the user's articles, newest saved first
    site_path: str  # the same list on the site


def view_source(user, name: str) -> Source:
    if name not in FEED_VIEWS:
        raise Http404("No such feed.")
    view = VIEWS[name]
    articles = Listing(view=name).articles(user)
    return Source("view", name, view.heading, _newest(articles), reverse(name))


def tag_source(user, slug: str) -> Source:
    tag = get_tag_for_user(user, slug)
    articles = Listing(view="tag", tag=tag).articles(user)
    return Source("tag", tag.slug, f"Tag “{tag.name}”", _newest(articles), tag.get_absolute_url())


def search_source(user, pk: int) -> Source:
    saved = get_saved_search_for_user(user, pk)
    articles = search_articles(user, saved.query).matches
    path = reverse("saved_search", args=[saved.pk])
    return Source("search", str(saved.pk), f"Search “{saved.name}”", _newest(articles), path)


def query_source(user, text: str) -> Source:
    """A search typed on the e-reader, in the search page's language."""
    articles = search_articles(user, text[:MAX_QUERY_LENGTH]).matches
    path = reverse("search") + "?" + urlencode({"q": text})
    return Source("query", text, f"Search “{text}”", _newest(articles), path)


def _newest(articles: QuerySet) -> QuerySet:
    return articles.order_by("-created_at", "-id")
