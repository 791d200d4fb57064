"""The reading page."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe
from django_htmx.http import HttpResponseClientRedirect

from articles.access import get_article_with_tags
from articles.ingest.saving import article_merged_into
from articles.jobs.progress import active_fetch, fetch_progress
from articles.listing import Listing
from articles.models import Tag


@require_safe
def article(request, pk: int):
    # The fetch before the article: a fetch that ends between the two reads then shows as its
    # result, never as an article pending with nothing fetching it.
    fetch = active_fetch(request.user, pk)
    try:
        article = get_article_with_tags(request.user, pk)
    except Http404:
        # A link saved a moment ago whose page turned out to be one already saved.
        if merged := article_merged_into(request.user, pk):
            return _go_to(request, merged)
        raise
    # Previous/next follow the list the reader came from (?from=starred&sort=oldest).
    listing = Listing.from_params(request.GET)
    if listing and listing.view == "tag":  # its name heads the way back
        tag = Tag.objects.filter(owner=request.user, slug=listing.tag_slug).first()
        listing = Listing(view="tag", sort=listing.sort, tag=tag) if tag else None
    previous, next_ = listing.neighbours(request.user, article) if listing else (None, None)
    context = {
        "article": article,
        "listing": listing,
        "previous": previous,
        "next": next_,
        "view_name": listing.view if listing else "",
        "current_tag": listing.slug if listing else "",
        "fetching": fetch_progress(article, fetch) if fetch else None,
    }
    return render(request, "articles/reader.html", context)


def _go_to(request, article):
    if request.htmx:  # the page polling for the fetch: leave it for the article
        return HttpResponseClientRedirect(article.get_absolute_url())
    return redirect(article)
