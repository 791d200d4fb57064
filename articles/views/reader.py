"""The reading page."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from articles.access import get_article_with_tags
from articles.listing import Listing
from articles.models import Tag


@require_safe
def article(request, pk: int):
    article = get_article_with_tags(request.user, pk)
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
    }
    return render(request, "articles/reader.html", context)
