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
from articles.search.language import ParsedQuery
from articles.search.tsquery import (
    Matches,
    RowSQL,
    TextQuery,
    matching,
    own_query_sql,
    search_column,
    tsquery,
)

# What relevance ranks (see ranked), and how.
RECENT_CANDIDATES = 60
RECENT_PHRASE_CANDIDATES = 40
PHRASE_WINDOW = 1000  # the newest articles looked through for a phrase
TITLE_CANDIDATES = 40
TITLE_WINDOW = 2500  # the newest articles looked through for title matches first
RANK_TEXT_WEIGHT = 1.0
RANK_RECENCY_WEIGHT = 0.1
RANK_RECENCY_DAYS = 365.0


def ranked(owner, filtered, matches, parsed: ParsedQuery, text_query: TextQuery, match=matching):
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
        # phrase matches among the most recent articles only, newest first, in a walk that
        # stops after PHRASE_WINDOW articles.
        window = (
            filtered.annotate(v=vector)
            .order_by("-created_at", "-id")
            .values("id", "created_at", "v")[:PHRASE_WINDOW]
        )
        window_sql, window_params = window.query.sql_with_params()
        recent_sql = (
            f"SELECT w.id FROM ({window_sql}) w WHERE w.v @@ %s::tsquery "
            "ORDER BY w.created_at DESC, w.id DESC LIMIT %s"
        )
        recent_params = [*window_params, text_query.match, RECENT_PHRASE_CANDIDATES]
    else:
        recent = matches.order_by("-created_at", "-id").values("id")[:RECENT_CANDIDATES]
        recent_sql, recent_params = recent.query.sql_with_params()
    # Title (and tag, author, site) matches through the small head and its own index, newest
    # first: cheap however common the word. The head is part of the full vector, so a head
    # match is a match, unless only the full vector can decide (exclusions, phrases).
    titled = filtered.filter(Matches(head, tsquery(text_query.match)))
    if parsed.excluded or has_phrase:
        # Each head match's vector is read, so the planner's way: walked newest first, it reads
        # as few as it takes, where gathering the head matches first (_newest_titles_sql)
        # would read them all (people -music: 450 vectors, 20 ms).
        titled = titled.filter(match(vector, text_query.match)).order_by("-created_at", "-id")
        titled_sql, titled_params = titled.values("id")[:TITLE_CANDIDATES].query.sql_with_params()
    else:
        titled_sql, titled_params = _newest_titles_sql(owner, titled)
    candidates = RawSQL(f"({recent_sql}) UNION ({titled_sql})", [*recent_params, *titled_params])
    return (
        Article.objects.filter(pk__in=candidates)
        .annotate(rank=score(text_query))
        .order_by("-rank", "-created_at", "-id")
    )


def _newest_titles_sql(owner, titled) -> tuple[str, list]:
    """The newest TITLE_CANDIDATES of `titled`: from the owner's newest TITLE_WINDOW articles
    when they hold that many (the newest overall, then), else from the head index over all of
    them, gathered whole and sorted (OFFSET 0 keeps the planner from walking newest first).
    Written around one compiled query: each compilation costs a fraction of a millisecond."""
    titled_sql, titled_params = titled.order_by().values("id", "created_at").query.sql_with_params()
    newest = "ORDER BY created_at DESC, id DESC"
    sql = (
        f"WITH in_window AS MATERIALIZED (SELECT id FROM ({titled_sql}) titled "
        f"WHERE created_at >= (SELECT created_at FROM articles_article WHERE owner_id = %s "
        f"{newest} OFFSET %s LIMIT 1) {newest} LIMIT %s) "
        f"SELECT id FROM in_window UNION ALL (SELECT id FROM ({titled_sql} OFFSET 0) every "
        f"WHERE (SELECT count(*) FROM in_window) < %s {newest} LIMIT %s)"
    )
    params = [*titled_params, owner.pk, TITLE_WINDOW - 1, TITLE_CANDIDATES, *titled_params]
    return sql, [*params, TITLE_CANDIDATES, TITLE_CANDIDATES]


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
