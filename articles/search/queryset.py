"""A query text turned into a filtered, ranked QuerySet of the user's articles."""

import json
from dataclasses import dataclass

from django.db.models import QuerySet

from articles.models import Article
from articles.search.filters import apply_filters, is_narrow
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
    filtered: QuerySet  # the articles the filters leave, before the text is matched
    tag_size: int | None = None  # articles in the smallest wanted tag, if any
    planned: int | None = None  # the planner's estimate of the matches, when already asked

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
    filtered, tag_size = apply_filters(base, parsed, user)
    filtered = filtered.filter(owner=user)
    # Within a small tag, reading the tagged articles' vectors beats building a bitmap of
    # every article with a common word: keep the planner off the big index then.
    match = matching_unindexed if is_narrow(tag_size) else matching
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

    matches, planned = articles, None
    if sort == "relevance" and text_query is not None:
        if tag_size is not None and not is_narrow(tag_size) and not matches.query.is_empty():
            planned = planned_rows(matches)  # how to look within the tag (ranking.py)
        articles = ranked(user, filtered, matches, parsed, text_query, match, tag_size, planned)
    elif sort == "oldest":
        articles = articles.order_by("created_at", "id")
    else:
        articles = articles.order_by("-created_at", "-id")
    return Search(parsed, text_query, sort, articles, matches, filtered, tag_size, planned)


def planned_rows(articles: QuerySet) -> int:
    """How many rows the planner expects the query to return (one EXPLAIN, no execution)."""
    (plan,) = json.loads(articles.explain(format="json"))
    return int(plan["Plan"]["Plan Rows"])
