"""Search over the user's archive: a query text turned into a filtered, ranked QuerySet.

    search_articles(user, "climate -politics tag:science is:unread") -> Search
    results_page(search, offset, limit) -> the page's cards, titles and snippets highlighted,
                                           and whether more follow
    count_matches(search) -> how many articles match (exactly, or about, when there are many)

The database keeps two tsvectors per article up to date (migration 0002): search_head (title,
byline, site, tags, language and tag markers; small, inline) and search_vector (the whole
article, toasted). bench/search.py measures it at 100,000 articles.

The package, along its seams:
    language.py   the query language, pure Python (the API and feeds parse with it too)
    tsquery.py    parsed query -> tsqueries, one stemming per language of the user's articles
    filters.py    the operators as filters (is:, tag:, site:, author:, lang:, saved:)
    ranking.py    relevance over a bounded set of candidates
    queryset.py   search_articles(): all of the above as one ordered QuerySet
    results.py    a page of results as library cards, with highlighted titles and snippets,
                  and their count
"""

from articles.search.language import MAX_QUERY_LENGTH, SORTS, ParsedQuery, parse_query
from articles.search.queryset import Search, search_articles
from articles.search.results import MAX_PAGES, PAGE_SIZE, count_matches, results_page

__all__ = [
    "MAX_PAGES",
    "MAX_QUERY_LENGTH",
    "PAGE_SIZE",
    "SORTS",
    "ParsedQuery",
    "Search",
    "count_matches",
    "parse_query",
    "results_page",
    "search_articles",
]
