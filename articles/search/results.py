"""A page of search results: highlighted titles and snippets, cut for the shown rows only, and
how many articles match."""

import re
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.safestring import SafeString

from articles.cards import Card, cards_of, escape, for_cards
from articles.models import Article
from articles.search.filters import is_narrow
from articles.search.language import HIGHLIGHT_START, HIGHLIGHT_STOP
from articles.search.queryset import Search, planned_rows
from articles.search.tsquery import (
    SEARCH_LANGUAGES,
    RowSQL,
    TextQuery,
    own_query_sql,
    search_column,
)

PAGE_SIZE = 20
MAX_PAGES = 50

_HIGHLIGHT = f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}"
TITLE_OPTIONS = f"HighlightAll=true, {_HIGHLIGHT}"
SNIPPET_OPTIONS = f"MaxWords=30, MinWords=15, ShortWord=3, {_HIGHLIGHT}"
SNIPPET_WINDOW = 500  # characters of text handed to ts_headline, around the first match
SNIPPET_LEAD = 100  # of which this many before it
PLAIN_SNIPPET = 280  # characters of text shown when there is nothing to highlight
_LEXEME = re.compile(r"'((?:[^']|'')+)'")


@dataclass(frozen=True, slots=True)
class Result:
    """One result: the article's library card, its title and a snippet with the matches marked."""

    card: Card
    title_html: SafeString
    snippet_html: SafeString


def results_page(search: Search, offset: int, limit: int) -> tuple[list[Result], bool]:
    """Rows offset..offset+limit of the search, with highlighted titles and snippets, and
    whether more rows follow.

    The page's ids come from the search's own (ranked) query, one more than the page to learn
    whether another page follows; ts_headline then runs for the page's rows only (the snippet
    window and ts_headline are most of the statement), on the title and on a window of the
    text around the first match.
    """
    ids = list(search.articles.values_list("id", flat=True)[offset : offset + limit + 1])
    if not ids and offset == 0 and search.ranked:
        # Relevance ranks recent candidates only; a rare phrase may match only older articles.
        newest = search.matches.order_by("-created_at", "-id")
        return results_page(replace(search, sort="newest", articles=newest), 0, limit)
    more, ids = len(ids) > limit, ids[:limit]
    if not ids:
        return [], more
    marked = Article.objects.filter(pk__in=ids).annotate(**_marked(search.text_query))
    found = {row.id: row for row in for_cards(marked, "title_marked", "snippet_marked")}
    page = [found[pk] for pk in ids if pk in found]  # in rank order; some deleted meanwhile
    results = [
        Result(
            card,
            highlight_html(a.title_marked or card.label),
            highlight_html(_with_ellipses(a.snippet_marked)),
        )
        for a, card in zip(page, cards_of(page), strict=True)
    ]
    return results, more


_SENTENCE_END = re.compile(r"[.!?…”\"')\]]$")


def _with_ellipses(snippet: str | None) -> str:
    """A snippet cut out of the text says so: … where it starts mid-sentence or stops there."""
    snippet = (snippet or "").strip()
    if not snippet:
        return ""
    plain = snippet.lstrip(HIGHLIGHT_START)
    if plain[:1].islower():
        snippet = f"… {snippet}"
    if not _SENTENCE_END.search(snippet.rstrip(HIGHLIGHT_STOP)):
        snippet = f"{snippet} …"
    return snippet


COUNT_EXACT_UP_TO = 100  # counted exactly when the planner expects few (bench/search.py)
TAG_COUNT_WINDOW = 1000  # a large tag's articles read one by one for its count, at most
ESTIMATE_TRUSTED_FROM = 1000  # planned rows past which the estimate is shown as it is


def count_matches(search: Search, last_first_page: int | None = None) -> tuple[int, bool]:
    """How many articles match, and whether that is exact. Counting thousands of matches costs
    more than the whole page, so a large number is the planner's estimate (the page says
    "about"); a small one is counted, up to COUNT_EXACT_UP_TO rows.

    `last_first_page`: how many results a first page with no page after it shows. Such a page
    lists every match, so that is the count, with nothing to ask the database: relevance ranks
    the newest matches (RECENT_CANDIDATES, more than a page), all of them when they are fewer;
    but with a phrase it looks through the newest articles only (ranking.PHRASE_WINDOW).
    """
    if last_first_page is not None and not (search.ranked and search.parsed.has_phrase):
        return last_first_page, True
    estimate = search.planned if search.planned is not None else planned_rows(search.matches)
    if estimate > ESTIMATE_TRUSTED_FROM:
        return estimate, False
    if _counted_in_tag_past_exact(search, estimate):
        return max(estimate, COUNT_EXACT_UP_TO + 1), False
    # Unordered (the model's default order would sort every match to count a hundred).
    exact = search.matches.order_by()[: COUNT_EXACT_UP_TO + 1].count()
    if exact <= COUNT_EXACT_UP_TO:
        return exact, True
    return max(estimate, exact), False


def _counted_in_tag_past_exact(search: Search, estimate: int) -> bool:
    """Whether more than COUNT_EXACT_UP_TO of a large tag's articles match, found by reading
    their vectors one by one, when the planner expects that many among TAG_COUNT_WINDOW of them.

    Counted through the index, the tag's bitmap is ANDed with one of every article with the
    word, gathered whole from every lexeme a word still being typed begins ('world':*, 18 ms
    for tag:paber-cada world on bench_search); one by one, the hundred-and-first match comes
    after some 240 vectors (6 ms). A word the planner expects to be rarer in the tag is
    counted through the index, as before.
    """
    size, query = search.tag_size, search.text_query
    if size is None or is_narrow(size) or query is None or not query.match:
        return False  # a small tag's matches are counted one by one anyway (queryset.py)
    if estimate * TAG_COUNT_WINDOW / size <= COUNT_EXACT_UP_TO:
        return False
    vector = search_column("search_vector")
    window = search.filtered.order_by().annotate(v=vector).values("v")[:TAG_COUNT_WINDOW]
    window_sql, window_params = window.query.sql_with_params()
    sql = (
        f"SELECT count(*) FROM (SELECT FROM ({window_sql}) w WHERE w.v @@ %s::tsquery "
        "LIMIT %s) found"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*window_params, query.match, COUNT_EXACT_UP_TO + 1])
        (found,) = cursor.fetchone()
    return found > COUNT_EXACT_UP_TO


def _marked(text_query: TextQuery | None) -> dict:
    """The title and a snippet, with the query's matches between HIGHLIGHT_START and _STOP."""
    if text_query is None or not text_query.branches:
        # No words to find: the opening, cut on whole words as every snippet is.
        opening = RowSQL(
            "newsreader_snippet_window({t}.content_text, '{{}}'::text[], 0, %s)",
            [PLAIN_SNIPPET],
            TextField(),
        )
        plain = Coalesce(NullIf("excerpt", Value("")), opening, output_field=TextField())
        return {"title_marked": F("title"), "snippet_marked": plain}
    config = _config_sql(text_query)
    query, params = own_query_sql(text_query)
    lexemes = sorted(
        {lex.replace("''", "'") for _, q in text_query.branches for lex in _LEXEME.findall(q)}
    )
    title = f"ts_headline({config}, {{t}}.title, {query}, %s)"
    window = "newsreader_snippet_window({t}.content_text, %s, %s, %s)"
    snippet = f"ts_headline({config}, {window}, {query}, %s)"
    return {
        "title_marked": RowSQL(title, [*params, TITLE_OPTIONS], TextField()),
        "snippet_marked": RowSQL(
            snippet, [lexemes, SNIPPET_LEAD, SNIPPET_WINDOW, *params, SNIPPET_OPTIONS], TextField()
        ),
    }


def _config_sql(text_query: TextQuery) -> str:
    """Each row's text search configuration, as constants (a cast from text would look the
    configuration up for every row). Names come from the fixed list, never from user input."""
    langs = sorted({lang for group, _ in text_query.branches for lang in group})
    whens = " ".join(
        f"WHEN '{lang}' THEN 'newsreader_{lang}'::regconfig"
        for lang in langs
        if lang in SEARCH_LANGUAGES and lang != "simple"
    )
    if not whens:
        return "'newsreader_simple'::regconfig"
    return f"CASE {{t}}.search_language {whens} ELSE 'newsreader_simple'::regconfig END"


def highlight_html(marked: str):
    """Escaped text, with the ranges ts_headline marked turned into <mark> (always balanced).

    Escaped by cards.escape, as the cards are: Django's escape() checks each piece for a lazy
    string, a third of the cost of the forty highlights a page makes."""
    parts = re.split(f"({HIGHLIGHT_START}|{HIGHLIGHT_STOP})", marked or "")
    html, inside = [], False
    for part in parts:
        if part == HIGHLIGHT_START:
            if not inside:
                html.append("<mark>")
            inside = True
        elif part == HIGHLIGHT_STOP:
            if inside:
                html.append("</mark>")
            inside = False
        else:
            html.append(escape(part))
    if inside:
        html.append("</mark>")
    return SafeString("".join(html))  # every piece of text above went through escape()
