"""The library: the user's articles, one view (Unread, Starred, Archive, All, a tag) at a time."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_safe

from articles.access import get_tag_for_user
from articles.cards import cards_of, for_cards
from articles.listing import DEFAULT_SORT, SORTS, BadCursor, Listing
from articles.models import Article
from articles.user_input import param
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
        **card_context(listing, request.get_full_path()),
        "page": page,
        "page_missing": bool(after or before) and not page.articles,
        "next_page_url": _page_url(listing, "after", page.next_cursor),
        "prev_page_url": _page_url(listing, "before", page.prev_cursor),
        "sorts": [(name, label) for name, (label, *_) in SORTS.items()],
        # The header box searches inside Starred, Archive or a tag; from Unread and All it
        # searches everything, as people expect of the box on their home page.
        "search_scope": search_scope_for(listing.view, tag=listing.tag),
        "poll": PendingPoll.of(page.articles, listing),
    }
    if not page.articles and not context["page_missing"]:
        context["welcome"] = listing.view in ("unread", "all") and not _has_articles(request.user)
        context["bookmarklet"] = bookmarklet(request)
    # "More articles" asks htmx for the next rows only; everyone else gets the page.
    template = "articles/list.html#more" if request.htmx else "articles/list.html"
    return render(request, template, context)


def card_context(listing: Listing | None, next_url: str, *, oob: bool = False) -> dict:
    """What the cards' template needs from the list they are shown in: the list page, a card an
    action updated (views/actions.py), the cards a poll brings back (fetched_cards)."""
    return {
        "listing": listing,
        "list_query": escape(f"?{listing.query}") if listing else "",  # escaped once, used often
        "next_url": next_url,
        "view_name": listing.view if listing else "",
        "current_tag": listing.slug if listing else "",
        "tagger_open": False,  # the cards' tag editors start closed (see actions._updated)
        "oob": oob,  # set, not missing: a missing variable costs an exception per card
    }


def _has_articles(user) -> bool:
    return Article.objects.for_user(user).exists()


def _page_url(listing: Listing, direction: str, cursor: str | None) -> str:
    if not cursor:
        return ""
    sort = f"sort={listing.sort}&" if listing.sort != DEFAULT_SORT else ""
    return f"?{sort}{direction}={cursor}"


# Polling for a batch of cards waiting for their fetch: soon at first, then less often (an
# import's fetches can take hours), never more than a minute apart while the page is open.
POLL_FIRST_MS, POLL_LONGEST_MS, POLL_MAX_CARDS = 2000, 60_000, 100


@dataclass(frozen=True)
class PendingPoll:
    """One request now and then for every card of a page (or of its "More articles" part) that
    says "Fetching the article…", instead of one per card: a page after an import has thirty."""

    id: str  # the poller's element: the first pending card names it
    url: str  # empty once no card waits: the poller stops
    delay_ms: int

    @classmethod
    def of(cls, cards, listing: Listing, round_: int = 0, id: str = "") -> "PendingPoll | None":
        waiting = [card.id for card in cards if card.status == Article.Status.PENDING]
        if not waiting:
            return cls(id, "", 0) if id else None
        id = id or f"pending-{waiting[0]}"
        params = [*(("ids", pk) for pk in waiting), ("round", round_ + 1), ("poll", id)]
        url = f"{reverse('fetched_cards')}?{urlencode(params)}&{listing.query}"
        return cls(id, url, int(min(POLL_FIRST_MS * 1.5**round_, POLL_LONGEST_MS)))


@require_safe
def fetched_cards(request):
    """The cards of a poll (PendingPoll) whose fetch has ended, each swapped into the page in
    place (htmx out-of-band), and the poller again for those still waiting."""
    ids = [int(pk) for pk in request.GET.getlist("ids")[:POLL_MAX_CARDS] if pk.isdigit()]
    listing = Listing.from_params(request.GET) or Listing(view="all", sort=DEFAULT_SORT)
    # Only what is still in the list: an article archived from Unread while it was being
    # fetched keeps its "Archived · Undo" in place of coming back.
    articles = for_cards(listing.articles(request.user).filter(pk__in=ids))
    cards = cards_of(articles.order_by("pk"))
    round_ = int(request.GET["round"]) if request.GET.get("round", "").isdigit() else 1
    poll_id = param(request.GET, "poll")[:40] or "pending"
    context = {
        # next_url: the page the cards are on
        **card_context(listing, request.htmx.current_url_abs_path or "", oob=True),
        "cards": [card for card in cards if card.status != Article.Status.PENDING],
        "poll": PendingPoll.of(cards, listing, min(round_, 20), id=poll_id),
    }
    return render(request, "articles/list.html#fetched", context)
