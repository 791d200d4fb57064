"""Relevance: which matches are ranked, and how.

Ranking every match of a common word means detoasting tens of thousands of large vectors.
Instead, relevance ranks a bounded set of candidates, the most recent matches plus recent title
matches (found through the small head vectors and their own index), so an old article whose
title matches still reaches the first page.

The newest title matches are looked for among the newest TITLE_WINDOW articles first, and
through the head index over every article only when fewer than TITLE_CANDIDATES are there
(unless only the full vectors can decide, with exclusions and phrases). Left to itself, the
planner walks the articles newest first from an estimate of about one title in 130 matching
(it puts a row read in index order far below one read through a bitmap), and whether a word's
estimate is past that changes with ANALYZE's sample: "people" walked 6,000 rows, 12 ms, where
the head index finds its 700 title matches in 1-2 ms. The window bounds both ways: a walk of
at most TITLE_WINDOW rows (a word in 1.6% of titles or more fills it: about where walking
stops being cheaper than the bitmap), else a bitmap of at most TITLE_CANDIDATES per
TITLE_WINDOW. It costs about a millisecond more where the planner had chosen well.
"""

from django.db.models import FloatField
from django.db.models.expressions import RawSQL

from articles.models import Article
from articles.search.filters import NARROW_TAG, is_narrow
from articles.search.language import ParsedQuery
from articles.search.tsquery import (
    RowSQL,
    TextQuery,
    matching,
    own_query_sql,
    search_column,
)

# What relevance ranks (see ranked), and how.
RECENT_CANDIDATES = 60
RECENT_PHRASE_CANDIDATES = 40
PHRASE_WINDOW = 1000  # the newest articles looked through for a phrase
TITLE_CANDIDATES = 40
TITLE_WINDOW = 2500  # the newest articles looked through for title matches first
TAG_WINDOW = 300  # the newest articles of a large tag looked through for matches first
RANK_TEXT_WEIGHT = 1.0
RANK_RECENCY_WEIGHT = 0.1
RANK_RECENCY_DAYS = 365.0


def ranked(
    owner,
    filtered,
    matches,
    parsed: ParsedQuery,
    text_query: TextQuery,
    match=matching,
    tag_size: int | None = None,
    planned: int | None = None,
):
    """Rank a bounded set of candidates: the most recent matches and the newest title matches.

    Ranking every match of a common word detoasts tens of thousands of large vectors; the
    candidates are found through the indexes, and only they are ranked.
    """
    if matches.query.is_empty():
        return matches
    head, vector = search_column("search_head"), search_column("search_vector")
    has_phrase = parsed.has_phrase
    if has_phrase:
        # A phrase is checked on each article's whole vector, and the planner cannot know how
        # often two words stand side by side (it assumes they are independent): look for
        # phrase matches among the most recent articles only.
        recent_sql, recent_params = _newest_matching_sql(
            filtered, text_query.match, PHRASE_WINDOW, RECENT_PHRASE_CANDIDATES
        )
    elif is_narrow(tag_size):
        # The tag's articles are few: all of them, newest first, until enough match (the
        # planner would read every one's vector before sorting the matches).
        recent_sql, recent_params = _newest_matching_sql(
            filtered, text_query.match, NARROW_TAG, RECENT_CANDIDATES
        )
    else:
        recent = matches.order_by("-created_at", "-id").values("id")[:RECENT_CANDIDATES]
        recent_sql, recent_params = recent.query.sql_with_params()
        # Within a large tag, its newest articles first where the planner expects enough
        # matches among them (`planned`: its estimate of all the matches).
        if tag_size and planned and planned * TAG_WINDOW / tag_size >= RECENT_CANDIDATES:
            recent_sql, recent_params = _newest_in_tag_first(
                filtered, text_query.match, recent_sql, recent_params
            )
    # Title (and tag, author, site) matches through the small head and its own index, newest
    # first: cheap however common the word. The head is part of the full vector, so a head
    # match is a match, unless only the full vector can decide (exclusions, phrases).
    titled = filtered.filter(match(head, text_query.match))
    if parsed.excluded or has_phrase:
        titled = titled.filter(match(vector, text_query.match))
    if parsed.excluded or has_phrase or is_narrow(tag_size):
        # Each head match's vector is read, so the planner's way: walked newest first, it reads
        # as few as it takes, where gathering the head matches first (_newest_titles_sql)
        # would read them all (people -music: 450 vectors, 20 ms). Within a small tag, its
        # heads are read (`match` is unindexed then): one scan of at most NARROW_TAG rows,
        # where the head index expands the words once for the window and again for all.
        titled = titled.order_by("-created_at", "-id")
        titled_sql, titled_params = titled.values("id")[:TITLE_CANDIDATES].query.sql_with_params()
    else:
        titled_sql, titled_params = _newest_titles_sql(owner, titled)
    candidates = RawSQL(f"({recent_sql}) UNION ({titled_sql})", [*recent_params, *titled_params])
    return (
        Article.objects.filter(pk__in=candidates)
        .annotate(rank=score(text_query))
        .order_by("-rank", "-created_at", "-id")
    )


def _newest_matching_sql(filtered, query: str, window: int, limit: int) -> tuple[str, list]:
    """The newest `limit` matches among the newest `window` of `filtered`, in a walk newest
    first that reads each article's vector only as it comes and stops at `limit` matches (the
    window in a subquery with a LIMIT, so that the match is not pushed down into it)."""
    vector = search_column("search_vector")
    newest = filtered.annotate(v=vector).order_by("-created_at", "-id")[:window]
    window_sql, window_params = newest.values("id", "created_at", "v").query.sql_with_params()
    sql = (
        f"SELECT w.id FROM ({window_sql}) w WHERE w.v @@ %s::tsquery "
        "ORDER BY w.created_at DESC, w.id DESC LIMIT %s"
    )
    return sql, [*window_params, query, limit]


def _newest_in_tag_first(filtered, query: str, recent_sql: str, recent_params) -> tuple[str, list]:
    """The newest matches within a large tag: looked for among its newest TAG_WINDOW articles
    first, through the word's index only when fewer than RECENT_CANDIDATES match there.

    Through the index, the tag's bitmap is ANDed with one of every article with the word, and
    a word still being typed ('world':*) is gathered whole from every lexeme it begins: 22 ms
    for tag:paber-cada world on bench_search (2,088 articles, 765 matches), where walking the
    newest articles until sixty of the tag's match took 16 ms (the heads of 7,900 articles,
    the vectors of 172). Only where the planner expects that many matches in the window: a
    word rare in the tag would walk it in vain before the index (tag:paber-cada herakete:
    28 to 37 ms a page).
    """
    in_tag = _newest_matching_sql(filtered, query, TAG_WINDOW, RECENT_CANDIDATES)
    return _window_first(in_tag, (recent_sql, recent_params), RECENT_CANDIDATES)


def _newest_titles_sql(owner, titled) -> tuple[str, list]:
    """The newest TITLE_CANDIDATES of `titled`: from the owner's newest TITLE_WINDOW articles
    when they hold that many (the newest overall, then), else from the head index over all of
    them, gathered whole and sorted (OFFSET 0 keeps the planner from walking newest first).
    Written around one compiled query: each compilation costs a fraction of a millisecond."""
    titled_sql, titled_params = titled.order_by().values("id", "created_at").query.sql_with_params()
    newest = "ORDER BY created_at DESC, id DESC"
    in_window = (
        f"SELECT id FROM ({titled_sql}) titled WHERE created_at >= (SELECT created_at "
        f"FROM articles_article WHERE owner_id = %s {newest} OFFSET %s LIMIT 1) {newest} LIMIT %s"
    )
    everywhere = f"SELECT id FROM ({titled_sql} OFFSET 0) every {newest} LIMIT %s"
    return _window_first(
        (in_window, [*titled_params, owner.pk, TITLE_WINDOW - 1, TITLE_CANDIDATES]),
        (everywhere, [*titled_params, TITLE_CANDIDATES]),
        TITLE_CANDIDATES,
    )


def _window_first(window, elsewhere, enough: int) -> tuple[str, list]:
    """The ids `window` finds (sql, params), and those of `elsewhere` only when the window gave
    fewer than `enough`: a one-time filter, so that otherwise the second query never runs."""
    (window_sql, window_params), (elsewhere_sql, elsewhere_params) = window, elsewhere
    sql = (
        f"WITH in_window AS MATERIALIZED ({window_sql}) SELECT id FROM in_window UNION ALL "
        f"(SELECT id FROM ({elsewhere_sql}) elsewhere "
        "WHERE (SELECT count(*) FROM in_window) < %s)"
    )
    return sql, [*window_params, *elsewhere_params, enough]


def score(text_query: TextQuery) -> RowSQL:
    """Title and tags first (ts_rank on the small head: up to 1.0 for a title match), then how
    densely the text matches (cover density, normalised by length), then a little recency,
    which also breaks ties."""
    own, params = own_query_sql(text_query)
    rank = (
        "ts_rank({t}.search_head, q.q) + ts_rank_cd({t}.search_vector, q.q, 1) * %s"
        " + %s / (1.0 + EXTRACT(EPOCH FROM (now() - {t}.created_at)) / 86400 / %s)"
    )
    # The article's own query once, for both ranks.
    sql = f"(SELECT {rank} FROM (SELECT {own} AS q) q)"
    weights = [RANK_TEXT_WEIGHT, RANK_RECENCY_WEIGHT, RANK_RECENCY_DAYS]
    return RowSQL(sql, [*weights, *params], FloatField())
