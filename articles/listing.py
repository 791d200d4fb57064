"""Which articles a library list shows, in which order, one keyset page at a time.

A list is a view (Unread, Starred, Archive, All, or one tag) and a sort. Pages are found by
keyset: the cursor is the sort value and id of the last article shown, and the next page is
"the next rows after that pair" in the index the view already has, so page 2,000 costs what
page 1 costs. The reader uses the same ordering to find the previous and next article.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, cached_property
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import CharField, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.urls import reverse
from django.utils import timezone

from articles.cards import CARD_FIELDS, Card, path_for, tag_chips, tag_pairs
from articles.models import ARCHIVED, STARRED, UNREAD, Article, Tag
from articles.statements import Prepared, Slot
from articles.user_input import param

PAGE_SIZE = 30

# view name: (heading, filter). "tag" lists the articles carrying one tag, whatever their state.
VIEWS = {
    "home": ("Unread", UNREAD),
    "starred": ("Starred", STARRED),
    "archive": ("Archive", ARCHIVED),
    "all": ("All articles", Q()),
    "tag": ("Tag", Q()),
}

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
    view: str = "home"
    sort: str = DEFAULT_SORT
    tag: Tag | None = None
    tag_slug: str = ""  # known without a query when the listing comes from a form or a link

    @classmethod
    def from_params(cls, params) -> "Listing | None":
        """The listing named by `from`, `tag` and `sort` (reader links, action forms), if any."""
        view = params.get("from", "")
        if view not in VIEWS or (view == "tag" and not params.get("tag")):
            return None
        sort = params.get("sort", DEFAULT_SORT)
        return cls(
            view=view,
            sort=sort if sort in SORTS else DEFAULT_SORT,
            tag_slug=param(params, "tag")[:120] if view == "tag" else "",
        )

    @property
    def heading(self) -> str:
        return self.tag.name if self.tag else VIEWS[self.view][0]

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
        return {
            "home": not article.is_archived and not article.is_read,
            "starred": article.is_starred,
            "archive": article.is_archived,
            "all": True,
        }[self.view]

    def articles(self, user):
        queryset = Article.objects.for_user(user).filter(VIEWS[self.view][1])
        if self.view == "tag":
            queryset = (
                queryset.filter(tags=self.tag)
                if self.tag
                else queryset.filter(tags__slug=self.tag_slug, tags__owner=user)
            )
        return queryset

    def _ordered(self, user, backwards: bool = False):
        _, column, descending = SORTS[self.sort]
        if backwards:
            descending = not descending
        order = [F(column).desc(), F("id").desc()] if descending else [column, "id"]
        return self.articles(user).order_by(*order)

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
        statement = _page_statement(self._tag_by, self.view, self.sort, backwards, pk is not None)
        rows = statement.rows(**self._slots(user, value, pk))
        article_path, tag_path, now = path_for("article"), path_for("tag"), timezone.localtime()
        return [
            Card(*row[:-1], tags=tag_chips(row[-1], tag_path), path=article_path(row[0]), now=now)
            for row in rows
        ]

    @property
    def _tag_by(self) -> str:
        return "" if self.view != "tag" else ("id" if self.tag else "slug")

    def _slots(self, user, value, pk) -> dict:
        tag = self.tag.pk if self.tag else None
        return {"user": user.pk, "tag": tag, "slug": self.tag_slug, "value": value, "pk": pk}

    def neighbours(self, user, article: Article) -> tuple[Article | None, Article | None]:
        """The articles just before and just after this one in the list, in one query."""
        value = getattr(article, SORTS[self.sort][1])
        rows = _neighbours_statement(self._tag_by, self.view, self.sort).rows(
            **self._slots(user, value, article.pk)
        )
        prev = next_ = None
        for row in [Article(**dict(zip(NEIGHBOUR_FIELDS, row, strict=True))) for row in rows]:
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


def _shape(tag_by: str, view: str, sort: str) -> Listing:
    """A listing whose tag is a Slot: what the prepared statements are built from."""
    return Listing(
        view=view,
        sort=sort,
        tag=Slot("tag", IntegerField()) if tag_by == "id" else None,
        tag_slug=Slot("slug", CharField()) if tag_by == "slug" else "",
    )


def _cursor_slots(sort: str) -> tuple[Slot, Slot]:
    return Slot("value", Article._meta.get_field(SORTS[sort][1])), Slot("pk", IntegerField())


@cache
def _page_statement(tag_by: str, view: str, sort: str, backwards: bool, beyond: bool):
    """One shape of list page: the cards' columns and their tags, from the cursor on."""
    shape, user = _shape(tag_by, view, sort), Slot("user", IntegerField())

    def build():
        rows = shape._ordered(user, backwards)
        if beyond:
            rows = shape._beyond(rows, *_cursor_slots(sort), backwards=backwards)
        rows = rows.annotate(tag_pairs=tag_pairs()).values_list(*CARD_FIELDS, "tag_pairs")
        return rows[: PAGE_SIZE + 1]

    return Prepared(build)


NEIGHBOUR_FIELDS = ("id", "title", "url", "created_at", "word_count")


@cache
def _neighbours_statement(tag_by: str, view: str, sort: str):
    shape, user = _shape(tag_by, view, sort), Slot("user", IntegerField())

    def side(backwards):
        rows = shape._beyond(shape._ordered(user, backwards), *_cursor_slots(sort), backwards)
        return rows.values("id")[:1]

    # Two scalar subqueries: each runs once (an index probe), and the id lookups use the
    # primary key. (`pk__in` with an OR here made PostgreSQL scan the whole table.)
    def build():
        found = Article.objects.filter(Q(pk=Subquery(side(True))) | Q(pk=Subquery(side(False))))
        return found.order_by().values_list(*NEIGHBOUR_FIELDS)

    return Prepared(build)


# Navigation counts stop at this many: past it, "10k+" says enough, and counting stays cheap
# however large the archive grows (an index-only scan of at most this many entries per view).
COUNT_CAP = 10_000


COUNTED_VIEWS = ("home", "starred", "archive", "all")


class CappedCount(Func):
    """How many rows a LIMITed subquery gives: a count that stops at the limit."""

    template = "(SELECT count(*) FROM %(expressions)s AS c)"
    output_field = IntegerField()


def _capped_count(view: str) -> CappedCount:
    # Each view's condition matches one partial index, so each count is an index-only scan.
    rows = Article.objects.filter(VIEWS[view][1], owner=OuterRef("pk")).order_by().values("id")
    return CappedCount(Subquery(rows[: COUNT_CAP + 1]))


# One row: the user's, with a capped count per view.
_VIEW_COUNTS = Prepared(
    lambda: (
        get_user_model()
        .objects.filter(pk=Slot("user", IntegerField()))
        .annotate(**{view: _capped_count(view) for view in COUNTED_VIEWS})
        .values_list(*COUNTED_VIEWS)
    )
)


def view_counts(user) -> dict[str, int]:
    """How many articles each library view holds (up to COUNT_CAP + 1), in one query."""
    (counts,) = _VIEW_COUNTS.rows(user=user.pk)
    return dict(zip(COUNTED_VIEWS, counts, strict=True))
