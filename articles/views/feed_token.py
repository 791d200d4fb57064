"""The feed token on the account page: make one (shown once, with every feed URL made from
it), make a new one (the old URLs stop working), or turn feeds off."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from articles.feeds.models import FeedToken
from articles.feeds.sources import FEED_VIEWS
from articles.models import SavedSearch, Tag
from articles.states import VIEWS
from articles.views.feeds import FEED_SIZE


@require_POST
def create(request):
    """A new feed token in place of any old one; the page shows its URLs, this once."""
    FeedToken.objects.filter(user=request.user).delete()
    _, secret = FeedToken.issue(request.user, name="Feeds and e-readers")
    context = {
        "groups": feed_links(request, secret),
        "secret": secret,
        "opds_url": request.build_absolute_uri(reverse("opds_root")),
        "feed_size": FEED_SIZE,
        "view_name": "account",
    }
    response = render(request, "account/feed_links.html", context)
    add_never_cache_headers(response)  # the secret must not stay in any cache
    return response


@require_POST
def revoke(request):
    deleted, _ = FeedToken.objects.filter(user=request.user).delete()
    if deleted:
        messages.success(
            request, "Feeds are off: the feed links and the e-reader password no longer work."
        )
    return redirect(reverse("account") + "#feeds")


def feed_links(request, secret: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(label, absolute URL)]) for every feed of the user."""

    def url(name, *args):
        return request.build_absolute_uri(reverse(name, args=[secret, *args]))

    user = request.user
    views = [(VIEWS[name].label, url(f"feed_{name}")) for name in FEED_VIEWS]
    tags = [(tag.name, url("feed_tag", tag.slug)) for tag in Tag.objects.filter(owner=user)]
    searches = [
        (saved.name, url("feed_search", saved.pk))
        for saved in SavedSearch.objects.filter(owner=user)
    ]
    groups = [("Library", views), ("Tags", tags), ("Saved searches", searches)]
    return [(name, links) for name, links in groups if links]
