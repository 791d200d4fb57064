"""A query text turned into a filtered, ranked QuerySet of the user's articles."""

from dataclasses import dataclass

from django.db.models import QuerySet

from articles.models import Article
from articles.search.filters import apply_filters
from articles.search.language import SORTS, ParsedQuery, parse_query
from articles.search.ranking import ranked
from articles.search.tsquery import (
    TextQuery,
    build_text_query,
    matching,
    matching_unindexed,
    search_column,
)


@dataclass
class Search:
    parsed: ParsedQuery
    text_query: TextQuery | None
    sort: str
    articles: QuerySet  # ordered
    matches: QuerySet  # the same articles, unordered (relevance ranks only some of them)

    @property
    def ranked(self) -> bool:
        return self.sort == "relevance"


def search_articles(user, text, base=None, sort: str = "") -> Search:
    """The user's articles matching `text` (a string or ParsedQuery), filtered and ordered.

    `base` narrows the search (a library view: starred, a tag); it is always re-filtered to the
    user's own articles. `sort` (newest, oldest, relevance) is overridden by sort: in the text.
    """
    parsed = text if isinstance(text, ParsedQuery) else parse_query(text)
    base = Article.objects.all() if base is None else base
    filtered, narrow = apply_filters(base, parsed, user)
    filtered = filtered.filter(owner=user)
    # Within a small tag, reading the tagged articles' vectors beats building a bitmap of
    # every article with a common word: keep the planner off the big index then.
    match = matching_unindexed if narrow else matching
    text_query = build_text_query(parsed, user)
    sort = parsed.sort or (sort if sort in SORTS else "")
    if text_query is None or not text_query.match:
        sort = "oldest" if sort == "oldest" else "newest"
    elif not sort:
        sort = "relevance"

    articles = filtered
    if text_query is not None:
        vector = search_column("search_vector")
        if parsed.has_text and not text_query.match:
            parsed.notes.append("There is nothing to search for in those words; try others.")
            articles = articles.none()
        elif text_query.match:
            articles = articles.filter(match(vector, text_query.match))
        else:
            articles = articles.exclude(match(vector, text_query.exclude))

    matches = articles
    if sort == "relevance" and text_query is not None:
        articles = ranked(user, filtered, articles, parsed, text_query, match)
    elif sort == "oldest":
        articles = articles.order_by("created_at", "id")
    else:
        articles = articles.order_by("-created_at", "-id")
    return Search(parsed, text_query, sort, articles, matches)
