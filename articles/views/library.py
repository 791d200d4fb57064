"""The library: the user's articles, one view (Unread, Starred, Archive, All, a tag) at a time."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.html import escape
from django.views.decorators.http import require_safe

from articles.access import get_tag_for_user
from articles.listing import DEFAULT_SORT, SORTS, BadCursor, Listing
from articles.models import Article
from articles.views.saving import bookmarklet
from articles.views.search import search_scope_for


@require_safe
def article_list(request, view_name: str):
    return _render_list(request, Listing(view=view_name, sort=_sort(request)))


@require_safe
def tag_articles(request, slug: str):
    tag = get_tag_for_user(request.user, slug)
    return _render_list(request, Listing(view="tag", sort=_sort(request), tag=tag))


def _sort(request) -> str:
    sort = request.GET.get("sort", DEFAULT_SORT)
    return sort if sort in SORTS else DEFAULT_SORT


def _render_list(request, listing: Listing):
    after, before = request.GET.get("after", ""), request.GET.get("before", "")
    try:
        page = listing.page(request.user, after=after, before=before)
    except BadCursor:
        messages.warning(request, "That page link was not valid, so here is the first page.")
        page = listing.page(request.user)
    context = {
        "listing": listing,
        "list_query": escape(f"?{listing.query}"),  # HTML, escaped once for 90 uses
        "tagger_open": False,  # the cards' tag editors start closed (see actions._updated)
        "page": page,
        "page_missing": bool(after or before) and not page.articles,
        "next_page_url": _page_url(listing, "after", page.next_cursor),
        "prev_page_url": _page_url(listing, "before", page.prev_cursor),
        "next_url": request.get_full_path(),
        "sorts": [(name, label) for name, (label, *_) in SORTS.items()],
        "view_name": listing.view,
        "current_tag": listing.slug,
        # The header box searches inside Starred, Archive or a tag; from Unread and All it
        # searches everything, as people expect of the box on their home page.
        "search_scope": search_scope_for(listing.view, tag=listing.tag),
    }
    if not page.articles and not context["page_missing"]:
        context["welcome"] = listing.view in ("unread", "all") and not _has_articles(request.user)
        context["bookmarklet"] = bookmarklet(request)
    # "More articles" asks htmx for the next rows only; everyone else gets the page.
    template = "articles/list.html#more" if request.htmx else "articles/list.html"
    return render(request, template, context)


def _has_articles(user) -> bool:
    return Article.objects.for_user(user).exists()


def _page_url(listing: Listing, direction: str, cursor: str | None) -> str:
    if not cursor:
        return ""
    sort = f"sort={listing.sort}&" if listing.sort != DEFAULT_SORT else ""
    return f"?{sort}{direction}={cursor}"
