"""Which articles a library list shows, in which order, one keyset page at a time.

A list is a view (Unread, Starred, Archive, All, or one tag) and a sort. Pages are found by
keyset: the cursor is the sort value and id of the last article shown, and the next page is
"the next rows after that pair" in the index the view already has, so page 2,000 costs what
page 1 costs. The reader uses the same ordering to find the previous and next article.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import F, Q, Subquery
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.urls import reverse

from articles.cards import Card, cards_of, for_cards
from articles.models import Article, Tag
from articles.states import CONDITIONS, DEFAULT_VIEW, VIEWS, view_named
from articles.user_input import param

PAGE_SIZE = 30

# sort name: (label, column, descending). The id breaks ties in the same direction, so each sort
# walks one index: (owner, created_at, id) partial per view, or (owner, word_count, id).
SORTS = {
    "newest": ("Newest first", "created_at", True),
    "oldest": ("Oldest first", "created_at", False),
    "longest": ("Longest first", "word_count", True),
    "shortest": ("Shortest first", "word_count", False),
}
DEFAULT_SORT = "newest"

_CURSOR = re.compile(r"^(\d{1,20})-(\d{1,19})$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class BadCursor(ValueError):
    pass


@dataclass
class Page:
    articles: list[Card]
    next_cursor: str | None = None  # show "after" this to continue
    prev_cursor: str | None = None  # show "before" this to go back


@dataclass(frozen=True)
class Listing:
    view: str = DEFAULT_VIEW  # a name of articles.states.VIEWS, or "tag"
    sort: str = DEFAULT_SORT
    tag: Tag | None = None
    tag_slug: str = ""  # known without a query when the listing comes from a form or a link

    @classmethod
    def from_params(cls, params) -> "Listing | None":
        """The listing named by `from`, `tag` and `sort` (reader links, action forms), if any."""
        found = view_named(params.get("from", ""))
        view = found.name if found else params.get("from", "")
        if view not in VIEWS and not (view == "tag" and params.get("tag")):
            return None
        sort = params.get("sort", DEFAULT_SORT)
        return cls(
            view=view,
            sort=sort if sort in SORTS else DEFAULT_SORT,
            tag_slug=param(params, "tag")[:120] if view == "tag" else "",
        )

    @property
    def heading(self) -> str:
        return self.tag.name if self.tag else VIEWS[self.view].heading

    @property
    def slug(self) -> str:
        return self.tag.slug if self.tag else self.tag_slug

    def url(self) -> str:
        path = reverse("tag", args=[self.slug]) if self.view == "tag" else reverse(self.view)
        return path + (f"?sort={self.sort}" if self.sort != DEFAULT_SORT else "")

    @cached_property  # forty cards ask for it on every page
    def query(self) -> str:
        """The query string that tells the reader and action forms which list they came from."""
        params = {"from": self.view}
        if self.view == "tag":
            params["tag"] = self.slug
        if self.sort != DEFAULT_SORT:
            params["sort"] = self.sort
        return urlencode(params)

    def contains(self, article: Article) -> bool:
        """Whether the article (already changed, tags prefetched) still belongs in this list."""
        if self.view == "tag":
            return any(t.slug == self.slug for t in article.tag_list)
        condition = VIEWS[self.view].condition
        return not condition or CONDITIONS[condition].holds(article)

    def articles(self, user):
        queryset = Article.objects.for_user(user)
        if self.view != "tag":
            return queryset.in_state(VIEWS[self.view].condition)
        return (
            queryset.filter(tags=self.tag)
            if self.tag
            else queryset.filter(tags__slug=self.tag_slug, tags__owner=user)
        )

    def _ordered(self, user, backwards: bool = False):
        return self.in_order(self.articles(user), backwards)

    def in_order(self, rows, backwards: bool = False):
        """Any of the user's articles (a search's matches, say) in this list's sort."""
        _, column, descending = SORTS[self.sort]
        if backwards:
            descending = not descending
        order = [F(column).desc(), F("id").desc()] if descending else [column, "id"]
        return rows.order_by(*order)

    def after(self, rows, cursor: str):
        """`rows` in this list's sort from just after the cursor (BadCursor if it is not one):
        the keyset pages of the API, over a view, a tag or a search's matches."""
        return self._beyond(self.in_order(rows), *self._decode(cursor))

    def _beyond(self, queryset, value, pk, backwards: bool = False):
        _, column, descending = SORTS[self.sort]
        # One row comparison, so PostgreSQL starts the index scan right at the cursor.
        lookup = TupleLessThan if descending != backwards else TupleGreaterThan
        return queryset.filter(lookup(Tuple(F(column), F("id")), (value, pk)))

    def page(self, user, after: str = "", before: str = "") -> Page:
        """One page of the list: the first, the one after a cursor, or the one before."""
        value = pk = None
        if after or before:
            value, pk = self._decode(after or before)
        found = self._cards(user, value, pk, backwards=bool(before))
        more, found = len(found) > PAGE_SIZE, found[:PAGE_SIZE]
        if before:
            if not more:  # we are back at the start: show a whole first page
                return self.page(user)
            found.reverse()
            return Page(found, self.cursor(found[-1]), self.cursor(found[0]))
        return Page(
            found,
            next_cursor=self.cursor(found[-1]) if more else None,
            prev_cursor=self.cursor(found[0]) if after and found else None,
        )

    def _cards(self, user, value, pk, backwards: bool) -> list[Card]:
        """Up to PAGE_SIZE + 1 cards from the cursor on, their tags in the same statement."""
        rows = self._ordered(user, backwards)
        if pk is not None:
            rows = self._beyond(rows, value, pk, backwards)
        return cards_of(for_cards(rows)[: PAGE_SIZE + 1])

    def neighbours(self, user, article: Article) -> tuple[Article | None, Article | None]:
        """The articles just before and just after this one in the list, in one query."""
        value, listed = getattr(article, SORTS[self.sort][1]), self.articles(user)

        def side(backwards):
            rows = self._beyond(self.in_order(listed, backwards), value, article.pk, backwards)
            return rows.values("id")[:1]

        # Two scalar subqueries: each runs once (an index probe), and the id lookups use the
        # primary key. (`pk__in` with an OR here made PostgreSQL scan the whole table.)
        found = Article.objects.filter(Q(pk=Subquery(side(True))) | Q(pk=Subquery(side(False))))
        prev = next_ = None
        for row in found.order_by().only(*NEIGHBOUR_FIELDS):
            if self._key(row) < self._key(article):
                prev = row
            else:
                next_ = row
        return (prev, next_) if SORTS[self.sort][2] is False else (next_, prev)

    def _key(self, article):
        return getattr(article, SORTS[self.sort][1]), article.pk

    def cursor(self, article: Article) -> str:
        value = getattr(article, SORTS[self.sort][1])
        if isinstance(value, datetime):
            value = (value - _EPOCH) // timedelta(microseconds=1)
        return f"{value}-{article.pk}"

    def _decode(self, cursor: str):
        match = _CURSOR.match(cursor)
        if not match:
            raise BadCursor(cursor)
        value, pk = int(match[1]), int(match[2])
        if SORTS[self.sort][1] == "created_at":
            try:
                value = _EPOCH + timedelta(microseconds=value)
            except OverflowError:
                raise BadCursor(cursor) from None
        return value, pk


NEIGHBOUR_FIELDS = ("id", "title", "url", "created_at", "word_count")
